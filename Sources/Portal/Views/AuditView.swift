import Foundation
import MoonbaseStore
import ReleaseModel

/// `/audit`: the release log and the access and policy log, each filterable.
public struct AuditView: PortalView {
    public static let template = "audit"
    public let title = "Audit log"

    public var releases: ReleaseEventPage
    public var releaseFilter: ReleaseEventFilter
    public var releaseOffset: Int
    public var entries: AuditPage
    public var auditFilter: AuditFilter
    public var auditOffset: Int
    public var limit: Int
    public var environments: [String]

    public init(
        releases: ReleaseEventPage, releaseFilter: ReleaseEventFilter, releaseOffset: Int, entries: AuditPage, auditFilter: AuditFilter,
        auditOffset: Int, limit: Int, environments: [String]
    ) {
        self.releases = releases
        self.releaseFilter = releaseFilter
        self.releaseOffset = releaseOffset
        self.entries = entries
        self.auditFilter = auditFilter
        self.auditOffset = auditOffset
        self.limit = limit
        self.environments = environments
    }

    public func context(now: Date) -> [String: Any] {
        let state = releaseFilter.states.first?.rawValue
        let parameters: [(String, String?)] = [
            ("service", releaseFilter.service), ("environment", releaseFilter.environment), ("state", state),
            ("action", auditFilter.action), ("actor", auditFilter.actor),
        ]
        return [
            "service": releaseFilter.service ?? "",
            "environment": releaseFilter.environment ?? "",
            "state": state ?? "",
            "environmentOptions": environments.map { ["name": $0, "selected": $0 == releaseFilter.environment] as [String: Any] },
            "stateOptions": ReleaseEvent.State.allCases.map { ["name": $0.rawValue, "selected": $0.rawValue == state] as [String: Any] },
            "action": auditFilter.action ?? "",
            "actor": auditFilter.actor ?? "",
            "releaseTable": ReleaseRow.table(releases.events, now: now),
            "releasePager": Pager(
                total: releases.total, limit: limit, offset: releaseOffset,
                base: queryBase("/audit", parameters + [("entries", "\(auditOffset)")]), parameter: "releases"
            ).context,
            "entries": entries.entries.map { entry in
                [
                    "actor": entry.actor, "action": entry.action, "at": PortalFormat.timestamp(entry.at),
                    "age": PortalFormat.age(entry.at, now: now), "details": entry.details.goCompact(),
                ] as [String: Any]
            },
            "entryPager": Pager(
                total: entries.total, limit: limit, offset: auditOffset,
                base: queryBase("/audit", parameters + [("releases", "\(releaseOffset)")]), parameter: "entries"
            ).context,
        ]
    }
}
