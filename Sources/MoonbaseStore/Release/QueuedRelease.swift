import Foundation
import ReleaseModel

/// A release request waiting in, or gone through, the durable release queue.
///
/// States: ``State/queued`` → ``State/inProgress`` (claimed by the writer) → ``State/committed``
/// (with the commit) → ``State/pushed``, or ``State/failed`` with a message from any state
/// before pushed. After a crash, ``MoonbaseStore/unfinishedReleases()`` lists those to re-check.
public struct QueuedRelease: Sendable, Hashable, Identifiable {
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        case queued
        case inProgress = "in-progress"
        case committed
        case pushed
        case failed

        /// Pushed or failed: nothing more will happen to it.
        public var isFinished: Bool { self == .pushed || self == .failed }
    }

    /// Handed to the client as the release id to poll (`wait=false`).
    public var id: String
    public var service: String
    public var environment: String
    public var namespace: String
    public var artifactID: String
    public var intent: Intent
    public var actor: Person
    public var reason: String
    public var enqueuedAt: Date
    public var state: State
    /// The config-repository commit, once committed.
    public var commit: String?
    /// Why it failed.
    public var message: String
    /// How many times a writer claimed it.
    public var attempts: Int
    /// When it last changed state.
    public var updatedAt: Date

    public init(
        id: String, service: String, environment: String, namespace: String, artifactID: String, intent: Intent,
        actor: Person, reason: String, enqueuedAt: Date, state: State, commit: String?, message: String,
        attempts: Int, updatedAt: Date
    ) {
        self.id = id
        self.service = service
        self.environment = environment
        self.namespace = namespace
        self.artifactID = artifactID
        self.intent = intent
        self.actor = actor
        self.reason = reason
        self.enqueuedAt = enqueuedAt
        self.state = state
        self.commit = commit
        self.message = message
        self.attempts = attempts
        self.updatedAt = updatedAt
    }
}

/// A release request to enqueue.
public struct NewQueuedRelease: Sendable, Hashable {
    /// The release id; give the id of the request's ``ReleaseEvent`` to tie the two together.
    public var id: String
    public var service: String
    public var environment: String
    public var namespace: String
    public var artifactID: String
    public var intent: Intent
    public var actor: Person
    public var reason: String
    public var enqueuedAt: Date

    public init(
        id: String = UUID().uuidString.lowercased(), service: String, environment: String, namespace: String,
        artifactID: String, intent: Intent, actor: Person, reason: String = "", enqueuedAt: Date = Date()
    ) {
        self.id = id
        self.service = service
        self.environment = environment
        self.namespace = namespace
        self.artifactID = artifactID
        self.intent = intent
        self.actor = actor
        self.reason = reason
        self.enqueuedAt = enqueuedAt
    }
}

/// A change of a queued release's state, and the states it may start from: the queue's rules,
/// the same in every store.
public enum QueueTransition: Sendable, Hashable {
    /// In progress → committed, with the commit.
    case commit(String)
    /// In progress or committed → pushed.
    case push
    /// Queued, in progress or committed → failed, with what went wrong.
    case fail(message: String)
    /// In progress or committed → queued again, the commit and message forgotten.
    case requeue

    public var target: QueuedRelease.State {
        switch self {
        case .commit: .committed
        case .push: .pushed
        case .fail: .failed
        case .requeue: .queued
        }
    }

    /// The request as the change leaves it (without its new update time), or why it may not
    /// make it from the state it is in.
    public func applied(to request: QueuedRelease) throws(StoreError) -> QueuedRelease {
        let allowed: Set<QueuedRelease.State> = switch self {
        case .commit: [.inProgress]
        case .push, .requeue: [.inProgress, .committed]
        case .fail: [.queued, .inProgress, .committed]
        }
        guard allowed.contains(request.state) else {
            throw .invalidQueueTransition(id: request.id, from: request.state, to: target)
        }
        var changed = request
        changed.state = target
        switch self {
        case .commit(let commit): changed.commit = commit
        case .push: break
        case .fail(let message): changed.message = message
        case .requeue:
            changed.commit = nil
            changed.message = ""
        }
        return changed
    }
}
