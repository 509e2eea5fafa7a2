import ArgumentParser
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
        let service = try server.resolvedService(defaults: try ProjectDefaults.find())
        let connection = try server.connection()
        var environments = env.map(ReleaseCommand.environments) ?? []
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
        switch server.output {
        case .json: try Printer.json(entries)
        case .text: Printer.text(HistoryEntry.render(service: service, entries))
        }
    }
}

/// One release in the timeline.
struct HistoryEntry: Encodable, Sendable {
    var environment: String
    var artifactID: String
    var releasedAt: GoTime
    var releasedByName: String
    var releasedByEmail: String
    var intent: Intent
    var reason: String
    var commit: String

    init(environment: String, release: DescribeReleaseResponse.Release) {
        self.environment = environment
        artifactID = release.artifact.id
        releasedAt = release.releasedAt
        releasedByName = release.releasedByName
        releasedByEmail = release.releasedByEmail
        intent = release.intent
        reason = release.reason
        commit = release.commit
    }

    enum CodingKeys: String, CodingKey {
        case environment, artifactID = "artifactId", releasedAt, releasedByName, releasedByEmail, intent, reason, commit
    }

    static func render(service: String, _ entries: [HistoryEntry], timeZone: TimeZone = .current) -> String {
        var text = "Release history of service \(service)\n\n"
        guard !entries.isEmpty else { return text + "No releases.\n" }
        let rows = entries.map { entry in
            [
                DateText.format(entry.releasedAt, timeZone: timeZone), entry.environment, entry.artifactID, entry.intent.text,
                "by \(entry.releasedByName.isEmpty ? entry.releasedByEmail : entry.releasedByName)",
                entry.reason.isEmpty ? "" : "reason: \(entry.reason)",
            ]
        }
        let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            let line = zip(row.prefix(5), widths).map { $0.padded(to: $1) }.joined(separator: "  ") + (row[5].isEmpty ? "" : "  " + row[5])
            text += line.replacing(/\ +$/, with: "") + "\n"
        }
        return text
    }
}
