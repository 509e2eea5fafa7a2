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
        let connection = try server.connection()
        var environments = env.map(EnvironmentList.parse) ?? []
        if environments.isEmpty {
            let status = try await connection.run { client throws(ClientError) in try await client.status(service: service) }
            environments = status.environments.filter { !$0.tag.isEmpty }.map(\.name)
        }
        var entries: [HistoryEntry] = []
        for environment in environments {
            let releases = try await connection.run { client throws(ClientError) in
                try await client.describeRelease(service: service, environment: environment, count: count)
            }
            entries += releases.releases.map { HistoryEntry(environment: environment, release: $0) }
        }
        entries.sort { $0.releasedAt > $1.releasedAt }
        entries = Array(entries.prefix(count))
        try Printer.answer(entries, as: server.output) { HistoryEntry.render(service: service, entries) }
    }
}
