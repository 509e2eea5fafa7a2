import Foundation
import ReleaseModel

/// The list of earlier releases `rollback` offers on a terminal: the reference's rows
/// (`#<index> <artifact> … by <email>`), numbered, the current one marked; the user types the
/// index of the release to go back to (Enter takes the one before the current).
public struct RollbackPicker {
    public var environment: String
    public var releases: [DescribeReleaseResponse.Release]
    public var now: Date

    public init(environment: String, releases: [DescribeReleaseResponse.Release], now: Date = Date()) {
        self.environment = environment
        self.releases = releases
        self.now = now
    }

    public func rows() -> [String] {
        releases.map { release in
            let current = release.releaseIndex == 0 ? " current release" : ""
            return "#\(release.releaseIndex) \(release.artifact.id)\(current) \(Humanized.age(of: release.releasedAt.date, now: now)) by \(release.releasedByEmail)"
        }
    }

    public func pick() throws(HamctlError) -> String {
        guard releases.count >= 2 else {
            throw HamctlError("can't do rollback, because there isn't a release to rollback to")
        }
        Printer.text("Which release to rollback '\(environment)' to?\n" + rows().map { "  \($0)\n" }.joined())
        let defaultIndex = releases[1].releaseIndex
        let answer = try Terminal.ask("Release number [\(defaultIndex)]: ").trimmingCharacters(in: .whitespaces)
        let chosen = answer.isEmpty ? defaultIndex : Int(answer.hasPrefix("#") ? String(answer.dropFirst()) : answer)
        // #0 is what runs now: going "back" to it would change nothing.
        guard let chosen, chosen != 0, let release = releases.first(where: { $0.releaseIndex == chosen }) else {
            throw HamctlError("Rollback cancelled: '\(answer)' is not one of the listed release numbers")
        }
        return release.artifact.id
    }
}
