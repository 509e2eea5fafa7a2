import Foundation
import MoonbaseStore
import Notifications
import ReleaseModel

/// How a server runs: where it listens, where its home, store and config repository are, the
/// environments it releases to and who it lets in. Loaded by ``load(flags:environment:)`` from
/// defaults, a `moonbase.yaml`, `MOONBASE_…` environment variables and command-line flags, each
/// overriding the one before.
public struct MoonbaseConfiguration: Sendable, Hashable {
    public var listen = ListenAddress(host: "127.0.0.1", port: 8080)
    /// The home folder (relative paths against the current directory).
    public var home = ".moonbase"
    /// The SQLite file of the store; nil is `<home>/moonbase.sqlite`.
    public var database: String?
    public var configRepository = ConfigRepositorySettings()
    /// The environments in promotion order; a new local config repository gets a folder each.
    public var environments = ["dev", "staging", "prod"]
    /// Static bearer tokens per client group, compared as they are.
    public var tokens = StaticTokens()
    /// Branch restrictions in force for every service, which no policy change can remove.
    public var branchRestrictions: [BranchRestriction] = []
    /// Verification of JWTs from an external identity provider.
    public var jwt = JWTSettings()
    /// The base of URLs the server hands out (upload URLs, the issuer of its tokens); nil is
    /// `http://<listen>`.
    public var publicURL: String?
    /// Whether the portal's pages can be read without signing in (actions always need it).
    public var portalPublic = false
    /// The secret GitHub signs its webhook deliveries with; nil turns `POST /webhook/github` off.
    public var githubWebhookSecret: String?
    /// Who is told about releases, rollouts and refusals (`notifications:`); nothing by default.
    public var notifications = NotificationSettings()

    public init() {}

    public var homeDirectory: URL { URL(fileURLWithPath: home).standardizedFileURL }

    /// The git remote releases are pushed to: the configured URL, else `<home>/config.git`.
    public var configRepositoryRemote: String {
        configRepository.url ?? homeDirectory.appendingPathComponent("config.git").path
    }

    public var databasePath: String {
        database.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
            ?? homeDirectory.appendingPathComponent("moonbase.sqlite").path
    }

    /// Where the git remote is, and which branch releases are committed to.
    public struct ConfigRepositorySettings: Sendable, Hashable {
        /// Any git remote (a path, `file://`, `ssh://`, scp-style or `https://`); nil is the
        /// home's own bare repository `<home>/config.git`, bootstrapped with the environments.
        public var url: String?
        public var branch = "master"

        public init(url: String? = nil, branch: String = "master") {
            self.url = url
            self.branch = branch
        }
    }

    /// The reference's static token lists (`HAMCTL_AUTH_TOKEN`, …).
    public struct StaticTokens: Sendable, Hashable {
        public var hamctl: [String] = []
        public var artifact: [String] = []
        public var daemon: [String] = []

        public init(hamctl: [String] = [], artifact: [String] = [], daemon: [String] = []) {
            self.hamctl = hamctl
            self.artifact = artifact
            self.daemon = daemon
        }

        /// The tokens of `group` (none for `admin`: admin tokens live in the store).
        public func tokens(of group: ClientGroup) -> [String] {
            switch group {
            case .hamctl: hamctl
            case .artifact: artifact
            case .daemon: daemon
            case .admin: []
            }
        }
    }

    public struct JWTSettings: Sendable, Hashable {
        /// Where the identity provider publishes its keys; none turns external JWTs off.
        public var jwksURLs: [URL] = []
        /// The `iss` tokens must carry.
        public var issuer = ""
        /// An entry `aud` must contain; empty skips the check.
        public var audience = "release-manager"

        public init() {}
    }
}

/// `HOST:PORT` to listen on; port 0 picks a free port.
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT` (the host may be a bracketed IPv6 address); nil when it is not one.
    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"),
              let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port)
        else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
        self.init(host: host, port: port)
    }

    public var description: String { "\(host.contains(":") ? "[\(host)]" : host):\(port)" }
}
