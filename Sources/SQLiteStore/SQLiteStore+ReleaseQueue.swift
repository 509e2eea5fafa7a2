import Foundation
import GRDB
import MoonbaseStore
import ReleaseModel

extension SQLiteStore {
    @discardableResult
    public func enqueue(_ request: NewQueuedRelease) async throws -> QueuedRelease {
        let intentJSON = try request.intent.storedJSON()
        return try await pool.write { db in
            let exists = try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM release_queue WHERE id = ?)", arguments: [request.id]) ?? false
            if exists { throw StoreError.queuedReleaseExists(id: request.id) }
            let enqueuedAt = request.enqueuedAt.storedMicroseconds
            try db.execute(
                sql: """
                    INSERT INTO release_queue (
                        id, service, environment, namespace, artifact_id, intent_json, actor_name, actor_email,
                        reason, enqueued_at, state, commit_sha, message, attempts, updated_at
                    ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, '', 0, ?)
                    """,
                arguments: [
                    request.id, request.service, request.environment, request.namespace, request.artifactID,
                    intentJSON, request.actor.name, request.actor.email, request.reason, enqueuedAt,
                    QueuedRelease.State.queued.rawValue, enqueuedAt,
                ])
            return try Self.queuedRelease(id: request.id, in: db)
        }
    }

    @discardableResult
    public func claimReleases(limit: Int) async throws -> [QueuedRelease] {
        try StoreError.checkPage(limit: limit, offset: 0)
        let now = Date().storedMicroseconds
        return try await pool.write { db in
            // One IMMEDIATE transaction: no other writer, in this process or another, runs
            // between the select and the update. (PostgreSQL: SELECT … FOR UPDATE SKIP LOCKED.)
            let ids = try String.fetchAll(
                db, sql: "SELECT id FROM release_queue WHERE state = ? ORDER BY seq LIMIT ?",
                arguments: [QueuedRelease.State.queued.rawValue, limit])
            var claimed: [QueuedRelease] = []
            for id in ids {
                try db.execute(
                    sql: """
                        UPDATE release_queue SET state = ?, attempts = attempts + 1, updated_at = ?
                        WHERE id = ? AND state = ?
                        """,
                    arguments: [QueuedRelease.State.inProgress.rawValue, now, id, QueuedRelease.State.queued.rawValue])
                if db.changesCount > 0 {
                    claimed.append(try Self.queuedRelease(id: id, in: db))
                }
            }
            return claimed
        }
    }

    public func unfinishedReleases() async throws -> [QueuedRelease] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM release_queue WHERE state IN (?, ?, ?) ORDER BY seq",
                arguments: [
                    QueuedRelease.State.queued.rawValue, QueuedRelease.State.inProgress.rawValue,
                    QueuedRelease.State.committed.rawValue,
                ]
            ).map { try QueuedRelease(stored: $0) }
        }
    }

    public func queuedRelease(id: String) async throws -> QueuedRelease? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM release_queue WHERE id = ?", arguments: [id])
                .map { try QueuedRelease(stored: $0) }
        }
    }

    @discardableResult
    public func transition(id: String, _ change: QueueTransition) async throws -> QueuedRelease {
        let now = Date().storedMicroseconds
        return try await pool.write { db in
            let changed = try change.applied(to: try Self.queuedRelease(id: id, in: db))
            try db.execute(
                sql: "UPDATE release_queue SET state = ?, updated_at = ?, commit_sha = ?, message = ? WHERE id = ?",
                arguments: [changed.state.rawValue, now, changed.commit, changed.message, id])
            return try Self.queuedRelease(id: id, in: db)
        }
    }

    static func queuedRelease(id: String, in db: Database) throws -> QueuedRelease {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM release_queue WHERE id = ?", arguments: [id]) else {
            throw StoreError.queuedReleaseNotFound(id: id)
        }
        return try QueuedRelease(stored: row)
    }
}
