import ArgumentParser
import Foundation
import MoonbaseClient

/// The options every command that talks to moonbase shares.
struct ServerOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The service; default: vars.service of the nearest shuttle.yaml.", valueName: "name"))
    var service: String?

    @Option(name: .customLong("http-base-url"), help: ArgumentHelp("moonbase's URL; default: $HAMCTL_URL.", valueName: "url"))
    var httpBaseURL: String?

    @Option(
        name: .customLong("http-timeout"),
        help: ArgumentHelp("How long a call may take, e.g. 30s, 2m or 90 (seconds).", valueName: "duration"),
        transform: ServerOptions.parseDuration)
    var httpTimeout: Duration = .seconds(120)

    @Option(name: .long, help: "Output: text for people, json for scripts.")
    var output: OutputFormat = .text

    /// `30s`, `2m`, `1m30s`, `500ms` (Go's durations, as the reference's flag takes) or seconds.
    static func parseDuration(_ text: String) throws -> Duration {
        if let seconds = Int(text), seconds > 0 { return .seconds(seconds) }
        var rest = Substring(text)
        var total = Duration.zero
        let units: [(String, Duration)] = [("ms", .milliseconds(1)), ("s", .seconds(1)), ("m", .seconds(60)), ("h", .seconds(3600))]
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isNumber }
            guard let value = Int(digits) else { break }
            rest = rest.dropFirst(digits.count)
            guard let (unit, size) = units.first(where: { rest.hasPrefix($0.0) }) else { break }
            rest = rest.dropFirst(unit.count)
            total += size * value
        }
        guard rest.isEmpty, total > .zero else {
            throw ValidationError("invalid --http-timeout '\(text)': give a duration such as 30s, 2m or 90")
        }
        return total
    }

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// `--service`, else the nearest shuttle.yaml's `vars.service`.
    func resolvedService(defaults: ProjectDefaults) throws(HamctlError) -> String {
        if let service = service?.trimmingCharacters(in: .whitespaces), !service.isEmpty { return service }
        if let service = defaults.service { return service }
        throw HamctlError("no service: give --service, or run hamctl inside a repository whose shuttle.yaml sets vars.service")
    }

    var resolvedBaseURL: String? {
        let candidates = [httpBaseURL, environment["HAMCTL_URL"]]
        return candidates.compactMap { $0?.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty }
    }

    /// A connection to moonbase with the token of ``TokenStore``.
    func connection() throws(HamctlError) -> Connection {
        guard let url = resolvedBaseURL else {
            throw HamctlError("no server: give --http-base-url, or set HAMCTL_URL (e.g. export HAMCTL_URL=https://moonbase.example.com)")
        }
        let credential = try TokenStore(environment: environment).credential(for: Self.serverKey(url))
        do {
            let client = try MoonbaseClient(
                baseURL: url, token: credential?.token, timeout: httpTimeout, userAgent: "hamctl/\(MoonbaseClient.version)")
            return Connection(client: client, credential: credential)
        } catch {
            throw HamctlError("invalid --http-base-url or HAMCTL_URL: \(error.message)")
        }
    }

    /// The key a login is saved under: the URL without a trailing slash.
    static func serverKey(_ url: String) -> String {
        var key = url.trimmingCharacters(in: .whitespaces)
        while key.hasSuffix("/") { key.removeLast() }
        return key
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, json
}

/// A client and the credential it uses, to explain failures in terms of the user's settings.
struct Connection: Sendable {
    var client: MoonbaseClient
    var credential: TokenStore.Credential?

    /// The client's error with what to do about it.
    func explain(_ error: ClientError) -> HamctlError {
        switch error.kind {
        case .unauthorized:
            let why = credential.map { "the server refused the token from \($0.source)" } ?? "no token was sent"
            return HamctlError("\(error): \(why). Set HAMCTL_AUTH_TOKEN, or run 'hamctl login'.")
        case .unreachable:
            return HamctlError("\(error). Check --http-base-url or HAMCTL_URL (now \(client.baseURL)).")
        case .timeout:
            return HamctlError("\(error) (--http-timeout)")
        default:
            return HamctlError(error.description)
        }
    }

    /// Runs a call, turning its failure into an explained ``HamctlError``.
    func run<T>(_ call: (MoonbaseClient) async throws(ClientError) -> T) async throws(HamctlError) -> T {
        do {
            return try await call(client)
        } catch {
            throw explain(error)
        }
    }
}
