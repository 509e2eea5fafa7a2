import Foundation
import ReleaseModel

/// `hamctl describe …` as the reference prints it (spec §5.6).
public enum DescribeText {
    public static func releases(_ response: DescribeReleaseResponse, timeZone: TimeZone = .current) -> String {
        var text = "Service: \(response.service)\nEnvironment: \(response.environment)\n\n"
        for release in response.releases {
            let artifact = release.artifact
            text += " - Artifact: \(artifact.id)\n"
            if !artifact.namespace.isEmpty { text += "   Namespace: \(artifact.namespace)\n" }
            text += "   Artifact from: \(DateText.format(artifact.ci.end, timeZone: timeZone))\n"
            text += "   Artifact by: \(artifact.application.authorName) (\(artifact.application.authorEmail))\n"
            text += "   Released at: \(DateText.format(release.releasedAt, timeZone: timeZone))\n"
            text += "   Released by: \(release.releasedByName) (\(release.releasedByEmail))\n"
            text += "   Commit: \(artifact.application.url)\n"
            text += "   Message: \(artifact.application.message.firstLine)\n"
            text += "   Intent: \(release.intent.text)\n"
            if !release.reason.isEmpty { text += "   Reason: \(release.reason)\n" }
            text += "\n"
        }
        return text
    }

    public static func artifacts(_ response: DescribeArtifactResponse, timeZone: TimeZone = .current) -> String {
        var text = "Latest artifacts for service: \(response.service)\n\n"
        text += "Date".padded(to: 21) + "Artifact".padded(to: 30) + "Message\n"
        for artifact in response.artifacts {
            text += DateText.format(artifact.ci.end, timeZone: timeZone).padded(to: 21) + artifact.id.padded(to: 30) + artifact.application.message.firstLine + "\n"
        }
        return text
    }
}
