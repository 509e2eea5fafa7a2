import Foundation
import ReleaseModel

/// One release attempt and its outcome: a release, promotion, rollback or auto-release of an
/// artifact to an environment (which of them is the ``intent``).
public struct ReleaseEvent: Sendable, Hashable, Identifiable {
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// Accepted, not yet committed and pushed.
        case requested
        /// Committed and pushed to the config repository (``ReleaseEvent/commit`` says where).
        case released
        /// The artifact already ran there; nothing was committed.
        case unchanged
        /// A policy forbade it (``ReleaseEvent/message`` says which).
        case refused
        /// Something went wrong (``ReleaseEvent/message`` says what).
        case failed
    }

    public var id: String
    public var service: String
    public var environment: String
    public var namespace: String
    public var artifactID: String
    public var intent: Intent
    public var releasedBy: Person
    /// Why, as the releaser said (a rollback's reason); may be empty.
    public var reason: String
    public var state: State
    /// The config-repository commit of a released event.
    public var commit: String?
    /// What a refused or failed event's user needs to know.
    public var message: String
    /// When the release was asked for (for events rebuilt from git: the commit's time).
    public var requestedAt: Date
    /// When it reached its final state.
    public var finishedAt: Date?

    public init(
        id: String = UUID().uuidString.lowercased(), service: String, environment: String, namespace: String,
        artifactID: String, intent: Intent, releasedBy: Person, reason: String = "", state: State = .requested,
        commit: String? = nil, message: String = "", requestedAt: Date = Date(), finishedAt: Date? = nil
    ) {
        self.id = id
        self.service = service
        self.environment = environment
        self.namespace = namespace
        self.artifactID = artifactID
        self.intent = intent
        self.releasedBy = releasedBy
        self.reason = reason
        self.state = state
        self.commit = commit
        self.message = message
        self.requestedAt = requestedAt
        self.finishedAt = finishedAt
    }
}

/// A page of release events, newest first, with how many match in all.
public struct ReleaseEventPage: Sendable, Hashable {
    public var events: [ReleaseEvent]
    public var total: Int

    public init(events: [ReleaseEvent], total: Int) {
        self.events = events
        self.total = total
    }
}
