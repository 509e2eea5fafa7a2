import ArgumentParser
import HamctlKit
import MoonbaseClient

/// `--wait` and `--timeout` of release, promote and rollback.
struct RolloutWaitOptions: ParsableArguments {
    @Flag(name: .long, help: "Wait until the cluster runs the release; fail with the cluster's reason when its rollout fails.")
    var wait = false

    @Option(
        name: .long,
        help: ArgumentHelp("With --wait: how long to wait, e.g. 5m, 90s or 300 (seconds).", valueName: "duration"),
        transform: RolloutWaitOptions.parseTimeout)
    var timeout: Duration = .seconds(600)

    static func parseTimeout(_ text: String) throws -> Duration {
        guard let duration = HTTPTimeout.parse(text) else {
            throw ValidationError("invalid --timeout '\(text)': give a duration up to 24h, such as 5m, 90s or 300")
        }
        return duration
    }

    /// The outcome, followed to running when --wait is given.
    func follow(_ outcome: ReleaseOutcome, service: String, connection: Connection, format: OutputFormat) async -> ReleaseOutcome {
        guard wait else { return outcome }
        let followed = await outcome.following(service: service, with: RolloutWait(connection: connection, timeout: timeout), format: format)
        // The wait's failure, under the release's own line.
        if format == .text, outcome.succeeded, !followed.succeeded { Printer.text(followed.line + "\n") }
        return followed
    }
}
