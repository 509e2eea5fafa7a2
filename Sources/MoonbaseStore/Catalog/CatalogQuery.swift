import Foundation

/// Which services the catalog lists, and in what order.
public struct CatalogQuery: Sendable, Hashable {
    public enum Order: String, Sendable, Hashable, CaseIterable {
        /// By service name.
        case service
        /// By squad, then service.
        case squad
        /// By the newest artifact's upload time.
        case updated
    }

    /// Only this squad's services.
    public var squad: String?
    /// Only services that run in this environment.
    public var environment: String?
    /// Only services whose name or squad contains this text (case-insensitive).
    public var text: String?
    public var order: Order
    public var descending: Bool
    public var limit: Int
    public var offset: Int

    public init(
        squad: String? = nil, environment: String? = nil, text: String? = nil, order: Order = .service,
        descending: Bool = false, limit: Int = 100, offset: Int = 0
    ) {
        self.squad = squad
        self.environment = environment
        self.text = text
        self.order = order
        self.descending = descending
        self.limit = limit
        self.offset = offset
    }
}

/// A page of the catalog, with how many services match in all.
public struct CatalogPage: Sendable, Hashable {
    public var entries: [CatalogEntry]
    public var total: Int

    public init(entries: [CatalogEntry], total: Int) {
        self.entries = entries
        self.total = total
    }
}

/// Which release events to list. Every condition given must hold.
public struct ReleaseEventFilter: Sendable, Hashable {
    public var service: String?
    public var squad: String?
    public var environment: String?
    /// Only events in these states (all states when empty).
    public var states: Set<ReleaseEvent.State>
    /// Only events with these intent types (`Rollback`, `Promote`, …; all when empty).
    public var intentTypes: Set<String>
    /// Only events requested at or after this time.
    public var since: Date?
    /// Only events requested before this time.
    public var until: Date?

    public init(
        service: String? = nil, squad: String? = nil, environment: String? = nil, states: Set<ReleaseEvent.State> = [],
        intentTypes: Set<String> = [], since: Date? = nil, until: Date? = nil
    ) {
        self.service = service
        self.squad = squad
        self.environment = environment
        self.states = states
        self.intentTypes = intentTypes
        self.since = since
        self.until = until
    }
}

/// Which audit entries to list.
public struct AuditFilter: Sendable, Hashable {
    /// Only actions that start with this (`policy.` finds `policy.apply` and `policy.delete`).
    public var action: String?
    /// Only entries whose actor contains this (case-insensitive).
    public var actor: String?

    public init(action: String? = nil, actor: String? = nil) {
        self.action = action
        self.actor = actor
    }
}

/// A page of the audit log, with how many entries match in all.
public struct AuditPage: Sendable, Hashable {
    public var entries: [AuditEntry]
    public var total: Int

    public init(entries: [AuditEntry], total: Int) {
        self.entries = entries
        self.total = total
    }
}
