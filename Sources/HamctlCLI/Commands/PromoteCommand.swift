import ArgumentParser
import HamctlKit
import Foundation
import MoonbaseClient
import ReleaseModel

struct PromoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promote",
        abstract: "Release what runs in the previous environment to the next.",
        discussion: """
            Without --from-env, the previous environment in the server's promotion order \
            (dev → staging → prod by default). Example: hamctl promote --env prod
            """
    )

    @OptionGroup var server: ServerOptions
    @OptionGroup var rollout: RolloutWaitOptions
    @Option(name: [.short, .long], help: "The environment to promote to.")
    var env: String
    @Option(name: .customLong("from-env"), help: "The environment to promote from.")
    var fromEnv: String?
    @Option(name: [.short, .long], help: ArgumentHelp("Accepted for the reference's scripts; the namespace is the promoted release's.", visibility: .hidden))
    var namespace: String?
    @Option(name: .long, help: "Why; recorded in the release commit.")
    var reason: String?

    func run() async throws {
        let service = try server.resolvedService()
        let connection = try server.connection()
        if server.output == .text { Printer.text("Promote of service: \(service)\n") }
        let request = PromoteRequest(service: service, environment: env, fromEnvironment: fromEnv ?? "", reason: reason ?? "")
        let outcome = await ReleaseOutcome.of(environment: env, connection: connection) { client throws(ClientError) in
            try await client.promote(request)
        }
        if server.output == .text { Printer.text(outcome.line + "\n") }
        try ReleaseOutcome.finish([await rollout.follow(outcome, service: service, connection: connection, format: server.output)], format: server.output)
    }
}
