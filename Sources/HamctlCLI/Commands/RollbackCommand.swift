import ArgumentParser
import HamctlKit
import Foundation
import MoonbaseClient
import ReleaseModel

struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Go back to an earlier release of an environment.",
        discussion: """
            --to releases one of the environment's earlier artifacts; --steps N goes N \
            releases back. With neither, on a terminal hamctl lists the earlier releases to \
            pick from; without a terminal it goes back one release. A rollback should say why \
            (--reason, asked for on a terminal); the reason is recorded in the release commit. \
            Rolling back twice walks further back.
            Example: hamctl rollback --env prod --reason "payments fail since 14:02"
            """
    )

    @OptionGroup var server: ServerOptions
    @OptionGroup var rollout: RolloutWaitOptions
    @Option(name: [.short, .long], help: "The environment to roll back.")
    var env: String
    @Option(name: [.customLong("to"), .customLong("artifact")], help: "The artifact id to go back to.")
    var to: String?
    @Option(name: .long, help: "How many releases to go back.")
    var steps: Int?
    @Option(name: .long, help: "Why; recorded in the release commit (asked for on a terminal).")
    var reason: String?
    @Option(name: .long, help: "How many earlier releases the picker lists.")
    var length = 10
    @Option(name: [.short, .long], help: ArgumentHelp("Accepted for the reference's scripts; not used.", visibility: .hidden))
    var namespace: String?

    /// The reason recorded for a rollback a script asked for without one, so the reference's
    /// scripts keep working while the history shows that nobody said why.
    static let unexplained = "no reason given (hamctl rollback without --reason)"

    func validate() throws {
        if to != nil && steps != nil { throw ValidationError("--to and --steps cannot both be specified") }
        if let steps, steps < 1 { throw ValidationError("--steps must be a positive number, not \(steps)") }
        if length < 2 || length > 1000 { throw ValidationError("--length must be between 2 and 1000, not \(length)") }
    }

    func run() async throws {
        let service = try server.resolvedService()
        let connection = try server.connection()
        let interactive = Terminal.isInteractive && server.output == .text
        var target = to
        if target == nil && steps == nil && interactive {
            let history = try await connection.run { client throws(ClientError) in
                try await client.describeRelease(service: service, environment: env, count: length)
            }
            target = try RollbackPicker(environment: env, releases: history.releases).pick()
        }
        let reason = try self.reason.flatMap { $0.isEmpty ? nil : $0 } ?? (interactive ? Terminal.ask("Why roll back? ") : Self.unexplained)
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw HamctlError("a rollback must say why: the reason is recorded in the release commit (or give --reason)")
        }
        if server.output == .text { Printer.text("Rollback of service: \(service)\n") }
        let request = RollbackRequest(service: service, environment: env, artifactID: target ?? "", steps: steps ?? 0, reason: reason)
        let outcome = await ReleaseOutcome.of(environment: env, connection: connection) { client throws(ClientError) in
            try await client.rollback(request)
        }
        if server.output == .text { Printer.text(outcome.line + "\n") }
        try ReleaseOutcome.finish([await rollout.follow(outcome, service: service, connection: connection, format: server.output)], format: server.output)
    }
}
