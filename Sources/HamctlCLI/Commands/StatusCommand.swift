import ArgumentParser
import HamctlKit
import Foundation
import MoonbaseClient

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show what runs in each environment.",
        discussion: """
            One line per environment: when the artifact was built, its id, its committer and \
            commit message. Example: hamctl status --service payments
            """
    )

    @OptionGroup var server: ServerOptions
    @Option(name: [.short, .long], help: "The namespace; default: vars.k8s.namespace of shuttle.yaml, else each environment's own.")
    var namespace: String?

    func run() async throws {
        let service = try server.resolvedService()
        let namespace = try namespace ?? ProjectDefaults.find().namespace ?? ""
        let connection = try server.connection()
        let status = try await connection.run { client throws(ClientError) in try await client.status(service: service, namespace: namespace) }
        try Printer.answer(status, as: server.output) { StatusText.render(service: service, status) }
    }
}
