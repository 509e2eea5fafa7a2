import ArgumentParser
import HamctlKit
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

    static func parseDuration(_ text: String) throws -> Duration {
        guard let duration = HTTPTimeout.parse(text) else {
            throw ValidationError("invalid --http-timeout '\(text)': give a duration up to 24h, such as 30s, 2m or 90")
        }
        return duration
    }

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// `--service`, else the nearest shuttle.yaml's `vars.service` (looked for only then, so a
    /// broken shuttle.yaml elsewhere does not matter when --service is given).
    func resolvedService() throws(HamctlError) -> String {
        if let service = service?.trimmingCharacters(in: .whitespaces), !service.isEmpty { return service }
        if let service = try ProjectDefaults.find().service { return service }
        throw HamctlError("no service: give --service, or run hamctl inside a repository whose shuttle.yaml sets vars.service")
    }

    var resolvedBaseURL: String? {
        let candidates = [httpBaseURL, environment["HAMCTL_URL"]]
        return candidates.compactMap { $0?.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty }
    }

    /// A client of the server without a token; its `baseURL` is the key logins are saved under.
    func client() throws(HamctlError) -> MoonbaseClient {
        guard let url = resolvedBaseURL else {
            throw HamctlError("no server: give --http-base-url, or set HAMCTL_URL (e.g. export HAMCTL_URL=https://moonbase.example.com)")
        }
        do {
            return try MoonbaseClient(baseURL: url, token: nil, timeout: httpTimeout, userAgent: "hamctl/\(MoonbaseClient.version)")
        } catch {
            throw HamctlError("invalid --http-base-url or HAMCTL_URL: \(error.message)")
        }
    }

    /// A connection to moonbase with the token of ``TokenStore``.
    func connection() throws(HamctlError) -> Connection {
        var client = try client()
        let store = TokenStore(environment: environment)
        let credential = try store.credential(for: client.baseURL)
        client.token = credential?.token
        return Connection(client: client, credential: credential, missingCredentialNote: credential == nil ? store.expiredReferenceNote() : nil)
    }
}

extension OutputFormat: ExpressibleByArgument {}
