import ArgumentParser
import HamctlKit
import Foundation
import MoonbaseClient
import ReleaseModel

struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "The release timeline of a service across environments.",
        discussion: """
            Every release, promotion and rollback, newest first, with who released it and why. \
            Without --env, every environment the service runs in.
            Example: hamctl history --service payments --count 20
            """
    )

    @OptionGroup var server: ServerOptions
    @Option(name: [.short, .long], help: ArgumentHelp("Environments, comma separated.", valueName: "env[,env…]"))
    var env: String?
    @Option(name: [.short, .long], help: "How many releases.")
    var count = 10

    func validate() throws {
        if count < 1 || count > 1000 { throw ValidationError("--count must be between 1 and 1000, not \(count)") }
    }

    func run() async throws {
        let service = try server.resolvedService()
        let entries = try await ReleaseTimeline.load(
            service: service, environments: env.map(EnvironmentList.parse) ?? [], count: count, connection: try server.connection())
        try Printer.answer(entries, as: server.output) { HistoryEntry.render(service: service, entries) }
    }
}
