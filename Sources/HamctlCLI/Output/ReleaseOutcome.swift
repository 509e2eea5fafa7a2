import MoonbaseClient
import ReleaseModel

/// The result of one release, promote or rollback call: what `--output json` prints per
/// environment, and the `[✓]`/`[X]` line of the text output (spec §5.3).
struct ReleaseOutcome: Encodable, Sendable {
    var environment: String
    var response: ReleaseResponse?
    var error: ClientErrorBody?

    struct ClientErrorBody: Encodable, Sendable {
        var status: Int?
        var message: String
        var reference: String?
    }

    init(environment: String, response: ReleaseResponse) {
        self.environment = environment
        self.response = response
    }

    init(environment: String, error: HamctlError, clientError: ClientError?) {
        self.environment = environment
        self.error = ClientErrorBody(status: clientError?.status, message: clientError?.message ?? error.description, reference: clientError?.requestID)
        self.errorText = error.description
    }

    private var errorText = ""

    var succeeded: Bool { response != nil }

    /// `[✓] <status>` when the server said something (already up-to-date, queued), else
    /// `[✓] Released <tag> to <environment> (commit <sha>)`; `[X] <message> (reference: …)`.
    var line: String {
        guard let response else { return "[X] \(errorText)" }
        if !response.status.isEmpty { return "[✓] \(response.status)" }
        let commit = response.commit.isEmpty ? "" : " (commit \(response.commit.prefix(10)))"
        return "[✓] Released \(response.tag) to \(response.toEnvironment)\(commit)"
    }

    enum CodingKeys: String, CodingKey { case environment, response, error }
}
