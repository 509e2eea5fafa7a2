import Foundation
import MoonbaseStore
import ReleaseModel

/// `/squads/{squad}`: the squad's services, what runs where, and their recent releases.
public struct SquadView: PortalView {
    public static let template = "squad"
    public var title: String { "Squad \(squad)" }

    public var squad: String
    public var catalog: CatalogView
    public var recent: [ReleaseEvent]

    public init(squad: String, catalog: CatalogView, recent: [ReleaseEvent]) {
        self.squad = squad
        self.catalog = catalog
        self.recent = recent
    }

    public func context(now: Date) -> [String: Any] {
        var context = catalog.context(now: now)
        context["squad"] = squad
        context["recent"] = ReleaseRow.table(recent, now: now)
        return context
    }
}
