import Foundation
import ReleaseModel

/// The server's storage: artifacts, release history, the release queue and access control.
///
/// Git (the config repository) is the source of truth for what runs where; the store is the
/// index and the audit log for everything else, and its release history can be rebuilt from
/// the config repository (``ReleaseHistoryStore/replaceHistory(_:)``).
///
/// This module holds only the protocols and the records; implementations (the SQLite store in
/// its own module, PostgreSQL later) live beside it, so flows and routes never know which one
/// runs and never import a database library.
public protocol MoonbaseStore: ArtifactStore, ReleaseHistoryStore, ReleaseQueueStore, AccessStore, CatalogStore, ClusterStore, NotificationStore {}

/// Artifacts: the uploaded `artifact.json` and its manifests, files stored once by content.
public protocol ArtifactStore: Sendable {
    /// Stores an artifact. Storing one that exists with identical content does nothing
    /// (``ArtifactStoreOutcome/alreadyStored``); with different content it throws
    /// ``StoreError/artifactConflict(service:id:)``. The `notifying` events are written with a
    /// newly stored artifact, in the same transaction.
    @discardableResult
    func storeArtifact(_ upload: ArtifactUpload, notifying: [OutboxEvent]) async throws -> ArtifactStoreOutcome

    /// The artifact `id` of `service`, or `nil`.
    func artifact(service: String, id: String) async throws -> Artifact?

    /// The artifact of `service` built from exactly `branch` that was uploaded last, or `nil`.
    /// (Exact match: `master` never finds an artifact of `master-foo`.)
    func latestArtifact(service: String, branch: String) async throws -> Artifact?

    /// Artifacts of `service` (only those built from exactly `branch` when given), newest
    /// upload first, `limit` of them from `offset`, with the total count.
    func artifacts(service: String, branch: String?, limit: Int, offset: Int) async throws -> ArtifactList

    /// The files of an artifact for one environment, sorted by path; empty when the artifact
    /// or the environment is unknown.
    func artifactFiles(service: String, id: String, environment: String) async throws -> [ArtifactFile]

    /// The environments an artifact has files for, sorted; empty when the artifact is unknown.
    func artifactEnvironments(service: String, id: String) async throws -> [String]
}

/// Release events: every release, promotion, rollback and auto-release attempt and its outcome.
public protocol ReleaseHistoryStore: Sendable {
    /// Records a new event (usually ``ReleaseEvent/State/requested``) with the `notifying`
    /// events, in one transaction.
    func recordReleaseEvent(_ event: ReleaseEvent, notifying: [OutboxEvent]) async throws

    /// Sets the outcome of an event and returns it updated; the `notifying` events are
    /// written in the same transaction.
    @discardableResult
    func finishReleaseEvent(id: String, state: ReleaseEvent.State, commit: String?, message: String, at: Date, notifying: [OutboxEvent])
        async throws -> ReleaseEvent

    /// The event `id`, or `nil`.
    func releaseEvent(id: String) async throws -> ReleaseEvent?

    /// Events of `service` in `environment`, newest first, `limit` from `offset`, with the total.
    func releaseHistory(service: String, environment: String, limit: Int, offset: Int) async throws
        -> ReleaseEventPage

    /// The newest `limit` events across all services and environments.
    func recentReleaseEvents(limit: Int) async throws -> [ReleaseEvent]

    /// Replaces the released events (those that are commits in the config repository) with
    /// `events`, read from the repository's history (`moonbase reindex`). Attempts that never
    /// became commits (requested, unchanged, refused, failed) are kept: git does not know them.
    func replaceHistory(_ events: [ReleaseEvent]) async throws
}

/// The durable release queue: requests survive a crash between commit and push.
public protocol ReleaseQueueStore: Sendable {
    /// Adds a request in state ``QueuedRelease/State/queued``.
    @discardableResult
    func enqueue(_ request: NewQueuedRelease) async throws -> QueuedRelease

    /// Claims up to `limit` queued requests, oldest first, marking them in progress in one
    /// transaction: a request is claimed by one claimer only, however many claim at once.
    @discardableResult
    func claimReleases(limit: Int) async throws -> [QueuedRelease]

    /// Applies `change` to the request `id` (its rules are ``QueueTransition``'s), or throws
    /// ``StoreError/invalidQueueTransition(id:from:to:)`` or
    /// ``StoreError/queuedReleaseNotFound(id:)``; the check and the change are one transaction.
    @discardableResult
    func transition(id: String, _ change: QueueTransition) async throws -> QueuedRelease

    /// Requests not yet pushed or failed (queued, in progress, committed), oldest first: what a
    /// restarted server must re-check.
    func unfinishedReleases() async throws -> [QueuedRelease]

    /// The request `id` in whatever state, or `nil` (for `wait=false` polling).
    func queuedRelease(id: String) async throws -> QueuedRelease?
}

/// API tokens, OAuth clients, portal sessions and the audit log.
public protocol AccessStore: Sendable {
    /// Creates a token for `group` with a new random secret, returned only here.
    func createToken(group: ClientGroup, name: String) async throws -> CreatedToken

    /// The valid (not revoked) token whose secret is `secret`, or `nil`.
    func verifyToken(_ secret: String) async throws -> APIToken?

    /// Revokes the token `id`; `false` when there is no such token or it was revoked already.
    @discardableResult
    func revokeToken(id: String) async throws -> Bool

    /// All tokens, revoked ones included, oldest first, without secrets.
    func tokens() async throws -> [APIToken]

    /// Creates an OAuth client with a new random id and secret, the secret returned only here.
    func createOAuthClient(name: String, group: ClientGroup) async throws -> CreatedOAuthClient

    /// The valid client `id` when `secret` is its secret, or `nil`.
    func verifyOAuthClient(id: String, secret: String) async throws -> OAuthClient?

    /// Revokes the client `id`; `false` when there is no such client or it was revoked already.
    @discardableResult
    func revokeOAuthClient(id: String) async throws -> Bool

    /// All OAuth clients, revoked ones included, oldest first, without secrets.
    func oauthClients() async throws -> [OAuthClient]

    /// Starts a portal session for `session`; returns its secret (`mbp_…`), shown only here.
    func startPortalSession(_ session: PortalSessionRecord) async throws -> String

    /// The session whose secret is `secret`, when it has not ended or expired at `now` and the
    /// store token it was started with (if any) is not revoked; otherwise `nil`.
    func portalSession(secret: String, now: Date) async throws -> PortalSessionRecord?

    /// Ends the session whose secret is `secret` (signing out); nothing when there is none.
    func endPortalSession(secret: String) async throws

    /// Appends an entry to the audit log, with the `notifying` events in the same transaction.
    @discardableResult
    func recordAudit(_ entry: NewAuditEntry, notifying: [OutboxEvent]) async throws -> AuditEntry

    /// Audit entries, newest first, `limit` from `offset`.
    func auditLog(limit: Int, offset: Int) async throws -> [AuditEntry]
}

// The writes for callers with nothing to notify.
extension ArtifactStore {
    @discardableResult
    public func storeArtifact(_ upload: ArtifactUpload) async throws -> ArtifactStoreOutcome {
        try await storeArtifact(upload, notifying: [])
    }
}

extension ReleaseHistoryStore {
    public func recordReleaseEvent(_ event: ReleaseEvent) async throws {
        try await recordReleaseEvent(event, notifying: [])
    }

    @discardableResult
    public func finishReleaseEvent(id: String, state: ReleaseEvent.State, commit: String?, message: String, at: Date)
        async throws -> ReleaseEvent
    {
        try await finishReleaseEvent(id: id, state: state, commit: commit, message: message, at: at, notifying: [])
    }
}

extension ReleaseQueueStore {
    /// In progress → committed, with the commit.
    @discardableResult
    public func markCommitted(id: String, commit: String) async throws -> QueuedRelease {
        try await transition(id: id, .commit(commit))
    }

    /// In progress or committed → pushed. (From in progress when there was nothing to commit.)
    @discardableResult
    public func markPushed(id: String) async throws -> QueuedRelease {
        try await transition(id: id, .push)
    }

    /// Queued, in progress or committed → failed, with what went wrong.
    @discardableResult
    public func markFailed(id: String, message: String) async throws -> QueuedRelease {
        try await transition(id: id, .fail(message: message))
    }

    /// In progress or committed → queued again (the commit forgotten), for a request whose
    /// work was lost, e.g. in a crash before the push.
    @discardableResult
    public func requeue(id: String) async throws -> QueuedRelease {
        try await transition(id: id, .requeue)
    }
}

extension AccessStore {
    @discardableResult
    public func recordAudit(_ entry: NewAuditEntry) async throws -> AuditEntry {
        try await recordAudit(entry, notifying: [])
    }
}
