import MoonbaseClient
import ReleaseModel

/// The result of one release, promote or rollback call: what `--output json` prints per
/// environment, and the `[✓]`/`[X]` line of the text output (spec §5.3).
public struct ReleaseOutcome: Encodable, Sendable {
    public var environment: String
    public var response: ReleaseResponse?
    public var error: ClientErrorBody?
    /// With `--wait`: what the cluster ran when the wait ended.
    public var rollout: ClusterState?

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

    public enum CodingKeys: String, CodingKey { case environment, response, error, rollout }
}

extension ReleaseOutcome {
    /// `--wait`: follows a successful release until it runs (printing each new state in text
    /// output) and turns it into a failure when the rollout fails or the wait times out.
    public func following(service: String, with wait: RolloutWait, format: OutputFormat) async -> ReleaseOutcome {
        guard let response, !response.tag.isEmpty else { return self }
        let environment = response.toEnvironment.isEmpty ? self.environment : response.toEnvironment
        do {
            let state = try await wait.wait(service: service, environment: environment, artifactID: response.tag) { state in
                if format == .text { Printer.text("    \(environment): \(state.summary)\n") }
            }
            var outcome = self
            outcome.rollout = state
            return outcome
        } catch {
            var outcome = ReleaseOutcome(environment: self.environment, error: error, clientError: nil)
            outcome.response = nil
            return outcome
        }
    }
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
