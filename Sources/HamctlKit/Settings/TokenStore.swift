import Foundation
import GoCompat
import MoonbaseClient
import ReleaseModel

/// Where hamctl finds its token, first match wins:
/// 1. `HAMCTL_AUTH_TOKEN`;
/// 2. the file `hamctl login` writes, one token per server URL:
///    `$XDG_CONFIG_HOME/moonbase/hamctl-tokens.json` (default `~/.config/…`), mode 0600;
/// 3. the reference hamctl's OAuth token file, `$HOME/.Config/release-manager/token.json`,
///    unless it has expired, so a user moving over needs nothing new.
public struct TokenStore: Sendable {
    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// A token and where it came from (named in errors about it).
    public struct Credential: Sendable, Equatable {
        public var token: String
        public var source: String

        public init(token: String, source: String) {
            self.token = token
            self.source = source
        }
    }

    public var home: String { environment["HOME"] ?? NSHomeDirectory() }

    public var loginFile: String {
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.config"
        return config + "/moonbase/hamctl-tokens.json"
    }

    public var referenceFile: String { home + "/.Config/release-manager/token.json" }

    public func credential(for server: String) throws(HamctlError) -> Credential? {
        if let token = environment["HAMCTL_AUTH_TOKEN"]?.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty {
            return Credential(token: token, source: "HAMCTL_AUTH_TOKEN")
        }
        if let saved = try readLogins().servers[server] {
            return Credential(token: saved.token, source: loginFile)
        }
        return try referenceCredential()
    }

    // MARK: hamctl login

    public struct Logins: Codable {
        public var servers: [String: Login] = [:]
    }

    public struct Login: Codable {
        public var token: String
        public var name: String
        public var group: String
        public var savedAt: Date

        public init(token: String, name: String, group: String, savedAt: Date) {
            self.token = token
            self.name = name
            self.group = group
            self.savedAt = savedAt
        }
    }

    public func readLogins() throws(HamctlError) -> Logins {
        guard let data = FileManager.default.contents(atPath: loginFile) else { return Logins() }
        do {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return try decoder.decode(Logins.self, from: data)
        } catch {
            throw HamctlError("\(loginFile) is not a hamctl token file (\(error)); remove it and run 'hamctl login' again")
        }
    }

    /// Stores `login` for `server` (`nil` forgets it): the folder is made 0700 and the file
    /// written 0600 from the start through a temporary file and a rename, so it is never
    /// readable by others nor half-written.
    public func save(_ login: Login?, for server: String) throws(HamctlError) {
        var logins = try readLogins()
        logins.servers[server] = login
        let folder = (loginFile as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.dateEncodingStrategy = .iso8601
            let data = try encoder.encode(logins)
            guard chmod(folder, 0o700) == 0 else {
                throw HamctlError("could not make \(folder) private: \(String(cString: strerror(errno)))")
            }
            try AtomicFile.write(data, to: loginFile, mode: 0o600)
        } catch let error as HamctlError {
            throw error
        } catch {
            throw HamctlError("could not save the token in \(loginFile): \(error)")
        }
    }

    // MARK: The reference client's file

    /// golang.org/x/oauth2's `Token` as the reference hamctl stores it.
    public struct ReferenceToken: Decodable {
        var accessToken: String
        var expiry: String?
        enum CodingKeys: String, CodingKey { case accessToken = "access_token", expiry }
    }

    public func referenceCredential(now: Date = Date()) throws(HamctlError) -> Credential? {
        guard let data = FileManager.default.contents(atPath: referenceFile) else { return nil }
        guard let token = try? JSONDecoder().decode(ReferenceToken.self, from: data), !token.accessToken.isEmpty else {
            throw HamctlError("\(referenceFile) is not an OAuth token file; remove it, or set HAMCTL_AUTH_TOKEN, or run 'hamctl login'")
        }
        if expiry(of: token, now: now) != nil { return nil }
        return Credential(token: token.accessToken, source: referenceFile)
    }

    /// When the reference's token file is there but has expired: says so, for the error of a
    /// request that went without a token.
    public func expiredReferenceNote(now: Date = Date()) -> String? {
        guard let data = FileManager.default.contents(atPath: referenceFile),
            let token = try? JSONDecoder().decode(ReferenceToken.self, from: data), let expiry = expiry(of: token, now: now)
        else { return nil }
        return "the token in \(referenceFile) expired at \(expiry.rfc3339Nano)"
    }

    /// The token's expiry when it has passed. Go writes a zero expiry
    /// (0001-01-01T00:00:00Z) for a token that does not expire.
    private func expiry(of token: ReferenceToken, now: Date) -> GoTime? {
        guard let expiry = token.expiry.flatMap(GoTime.init(rfc3339:)), !expiry.isZero, expiry.date <= now else { return nil }
        return expiry
    }
}
