import Foundation
import MoonbaseStore

/// `/search?q=`: what matched, by kind.
public struct SearchView: PortalView {
    public static let template = "search"
    public var title: String { "Search: \(text)" }

    public var text: String
    public var results: SearchResults

    public init(text: String, results: SearchResults) {
        self.text = text
        self.results = results
    }

    public func context(now: Date) -> [String: Any] {
        [
            "q": text,
            "empty": results.isEmpty,
            "services": results.services.map { ["name": $0, "url": Links.service($0)] },
            "squads": results.squads.map { ["name": $0, "url": Links.squad($0)] },
            "artifacts": results.artifacts.map { artifact in
                [
                    "service": artifact.service, "serviceURL": Links.service(artifact.service), "id": artifact.id,
                    "branch": artifact.branch, "commit": PortalFormat.shortCommit(artifact.commit),
                    "age": PortalFormat.age(artifact.uploadedAt, now: now),
                ] as [String: Any]
            },
            "releaseTable": ReleaseRow.table(results.releases, now: now),
            "hasReleases": !results.releases.isEmpty,
        ]
    }
}
