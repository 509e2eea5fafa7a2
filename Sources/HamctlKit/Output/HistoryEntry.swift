import Foundation
import GoCompat
import ReleaseModel

/// One release in the timeline.
public struct HistoryEntry: Encodable, Sendable {
    public var environment: String
    public var artifactID: String
    public var releasedAt: GoTime
    public var releasedByName: String
    public var releasedByEmail: String
    public var intent: Intent
    public var reason: String
    public var commit: String

    public init(environment: String, release: DescribeReleaseResponse.Release) {
        self.environment = environment
        artifactID = release.artifact.id
        releasedAt = release.releasedAt
        releasedByName = release.releasedByName
        releasedByEmail = release.releasedByEmail
        intent = release.intent
        reason = release.reason
        commit = release.commit
    }

    public enum CodingKeys: String, CodingKey {
        case environment, artifactID = "artifactId", releasedAt, releasedByName, releasedByEmail, intent, reason, commit
    }

    public static func render(service: String, _ entries: [HistoryEntry], timeZone: TimeZone = .current) -> String {
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
