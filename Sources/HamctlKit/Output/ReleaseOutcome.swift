import MoonbaseClient
import ReleaseModel

/// The result of one release, promote or rollback call: what `--output json` prints per
/// environment, and the `[✓]`/`[X]` line of the text output (spec §5.3).
public struct ReleaseOutcome: Encodable, Sendable {
    public var environment: String
    public var response: ReleaseResponse?
    public var error: ClientErrorBody?

    public struct ClientErrorBody: Encodable, Sendable {
        var status: Int?
        var message: String
        var reference: String?
    }

    public init(environment: String, response: ReleaseResponse) {
        self.environment = environment
        self.response = response
    }

    public init(environment: String, error: HamctlError, clientError: ClientError?) {
        self.environment = environment
        self.error = ClientErrorBody(status: clientError?.status, message: clientError?.message ?? error.description, reference: clientError?.requestID)
        self.errorText = error.description
    }

    private var errorText = ""

    public var succeeded: Bool { response != nil }

    /// `[✓] <status>` when the server said something (already up-to-date, queued), else
    /// `[✓] Released <tag> to <environment> (commit <sha>)`; `[X] <message> (reference: …)`.
    public var line: String {
        guard let response else { return "[X] \(errorText)" }
        if !response.status.isEmpty { return "[✓] \(response.status)" }
        let commit = response.commit.isEmpty ? "" : " (commit \(response.commit.prefix(10)))"
        return "[✓] Released \(response.tag) to \(response.toEnvironment)\(commit)"
    }

    public enum CodingKeys: String, CodingKey { case environment, response, error }
}

extension ReleaseOutcome {
    /// Runs one release call and keeps its success or failure.
    public static func of(
        environment: String, connection: Connection, _ call: (MoonbaseClient) async throws(ClientError) -> ReleaseResponse
    ) async -> ReleaseOutcome {
        do {
            return ReleaseOutcome(environment: environment, response: try await call(connection.client))
        } catch {
            return ReleaseOutcome(environment: environment, error: connection.explain(error), clientError: error)
        }
    }

    /// Prints the JSON output, and fails the command when any release failed (the reference
    /// exits 0 even then; scripts need to know).
    public static func finish(_ outcomes: [ReleaseOutcome], format: OutputFormat) throws {
        if format == .json { try Printer.json(outcomes) }
        let failed = outcomes.filter { !$0.succeeded }.count
        if failed > 0 {
            throw HamctlError(failed == 1 && outcomes.count == 1 ? "the release failed" : "\(failed) of \(outcomes.count) releases failed")
        }
    }
}
