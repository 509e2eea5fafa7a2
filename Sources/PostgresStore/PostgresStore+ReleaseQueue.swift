import Foundation
import MoonbaseStore
import PostgresNIO

extension PostgresStore: ReleaseQueueStore {
    @discardableResult
    public func enqueue(_ request: NewQueuedRelease) async throws -> QueuedRelease {
        let intentJSON = try request.intent.storedJSON()
        let enqueuedAt = request.enqueuedAt.storedMicroseconds
        let inserted = try await rows("""
            INSERT INTO release_queue (
                id, service, environment, namespace, artifact_id, intent_json, actor_name, actor_email,
                reason, enqueued_at, state, commit_sha, message, attempts, updated_at
            ) VALUES (
                \(request.id), \(request.service), \(request.environment), \(request.namespace), \(request.artifactID),
                \(intentJSON), \(request.actor.name), \(request.actor.email), \(request.reason), \(enqueuedAt),
                \(QueuedRelease.State.queued.rawValue), NULL, '', 0, \(enqueuedAt)
            ) ON CONFLICT (id) DO NOTHING RETURNING *
            """)
        guard let row = inserted.first else { throw StoreError.queuedReleaseExists(id: request.id) }
        return try QueuedRelease(stored: row)
    }

    @discardableResult
    public func claimReleases(limit: Int) async throws -> [QueuedRelease] {
        try StoreError.checkPage(limit: limit, offset: 0)
        let now = Date().storedMicroseconds
        let queued = QueuedRelease.State.queued.rawValue
        let inProgress = QueuedRelease.State.inProgress.rawValue
        // Rows another claimer has locked are skipped, not waited for: replicas claiming at
        // once each get other requests, and none gets one twice.
        let claimed = try await rows("""
            UPDATE release_queue SET state = \(inProgress), attempts = attempts + 1, updated_at = \(now)
            WHERE seq IN (
                SELECT seq FROM release_queue WHERE state = \(queued) ORDER BY seq LIMIT \(limit) FOR UPDATE SKIP LOCKED
            ) RETURNING *
            """)
        return try claimed
            .sorted { try $0.integer("seq", table: "release_queue", key: "?") < $1.integer("seq", table: "release_queue", key: "?") }
            .map { try QueuedRelease(stored: $0) }
    }

    public func unfinishedReleases() async throws -> [QueuedRelease] {
        let states = [QueuedRelease.State.queued, .inProgress, .committed].map(\.rawValue)
        return try await rows("SELECT * FROM release_queue WHERE state = ANY(\(states)) ORDER BY seq").map { try QueuedRelease(stored: $0) }
    }

    public func queuedRelease(id: String) async throws -> QueuedRelease? {
        try await rows("SELECT * FROM release_queue WHERE id = \(id)").first.map { try QueuedRelease(stored: $0) }
    }

    /// The row is locked from the check to the change.
    @discardableResult
    public func transition(id: String, _ change: QueueTransition) async throws -> QueuedRelease {
        let now = Date().storedMicroseconds
        return try await transaction { [self] connection in
            guard let row = try await rows("SELECT * FROM release_queue WHERE id = \(id) FOR UPDATE", on: connection).first else {
                throw StoreError.queuedReleaseNotFound(id: id)
            }
            let changed = try change.applied(to: try QueuedRelease(stored: row))
            let updated = try await rows("""
                UPDATE release_queue SET state = \(changed.state.rawValue), updated_at = \(now), commit_sha = \(changed.commit),
                    message = \(changed.message)
                WHERE id = \(id) RETURNING *
                """, on: connection)
            guard let stored = updated.first else { throw StoreError.queuedReleaseNotFound(id: id) }
            return try QueuedRelease(stored: stored)
        }
    }
}
