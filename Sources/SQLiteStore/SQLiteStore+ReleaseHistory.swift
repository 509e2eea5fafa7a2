import Foundation
import GRDB
import MoonbaseStore
import GoCompat
import ReleaseModel

extension SQLiteStore {
    public func recordReleaseEvent(_ event: ReleaseEvent, notifying: [OutboxEvent]) async throws {
        let intentJSON = try event.intent.storedJSON()
        let outbox = try Self.outboxRows(notifying)
        try await pool.write { db in
            try Self.insert(event, intentJSON: intentJSON, into: db)
            try Self.insert(outbox, into: db)
            if event.state == .released {
                try Self.setDeployment(service: event.service, environment: event.environment, eventSeq: db.lastInsertedRowID, in: db)
            }
        }
    }

    @discardableResult
    public func finishReleaseEvent(id: String, state: ReleaseEvent.State, commit: String?, message: String, at: Date, notifying: [OutboxEvent])
        async throws -> ReleaseEvent
    {
        let outbox = try Self.outboxRows(notifying)
        return try await pool.write { db in
            try db.execute(
                sql: "UPDATE release_events SET state = ?, commit_sha = ?, message = ?, finished_at = ? WHERE id = ?",
                arguments: [state.rawValue, commit, message, at.storedMicroseconds, id])
            guard db.changesCount > 0 else { throw StoreError.releaseEventNotFound(id: id) }
            guard let row = try Row.fetchOne(
                db, sql: "SELECT * FROM release_events WHERE id = ?", arguments: [id])
            else { throw StoreError.releaseEventNotFound(id: id) }
            let event = try ReleaseEvent(stored: row)
            if state == .released {
                try Self.setDeployment(service: event.service, environment: event.environment, eventSeq: row["seq"], in: db)
            }
            try Self.insert(outbox, into: db)
            return event
        }
    }

    public func releaseEvent(id: String) async throws -> ReleaseEvent? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM release_events WHERE id = ?", arguments: [id])
                .map { try ReleaseEvent(stored: $0) }
        }
    }

    public func releaseHistory(service: String, environment: String, limit: Int, offset: Int) async throws
        -> ReleaseEventPage
    {
        try StoreError.checkPage(limit: limit, offset: offset)
        return try await pool.read { db in
            let total = try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM release_events WHERE service = ? AND environment = ?",
                arguments: [service, environment]) ?? 0
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM release_events WHERE service = ? AND environment = ?
                    ORDER BY requested_at DESC, seq DESC LIMIT ? OFFSET ?
                    """,
                arguments: [service, environment, limit, offset])
            return ReleaseEventPage(events: try rows.map { try ReleaseEvent(stored: $0) }, total: total)
        }
    }

    public func recentReleaseEvents(limit: Int) async throws -> [ReleaseEvent] {
        try StoreError.checkPage(limit: limit, offset: 0)
        return try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM release_events ORDER BY requested_at DESC, seq DESC LIMIT ?",
                arguments: [limit]
            ).map { try ReleaseEvent(stored: $0) }
        }
    }

    public func replaceHistory(_ events: [ReleaseEvent]) async throws {
        let encoded = try events.map { ($0, try $0.intent.storedJSON()) }
        try await pool.write { db in
            try db.execute(
                sql: "DELETE FROM release_events WHERE state = ?", arguments: [ReleaseEvent.State.released.rawValue])
            // Oldest first, so that ties in time keep the history's order.
            for (event, intentJSON) in encoded.sorted(by: { $0.0.requestedAt < $1.0.requestedAt }) {
                try Self.insert(event, intentJSON: intentJSON, into: db)
            }
            try Self.rebuildDeployments(db)
        }
    }

    /// Records that the event `eventSeq` put what runs in the service's environment.
    static func setDeployment(service: String, environment: String, eventSeq: Int64, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO deployments (service, environment, event_seq) VALUES (?, ?, ?)
                ON CONFLICT (service, environment) DO UPDATE SET event_seq = excluded.event_seq
                """,
            arguments: [service, environment, eventSeq])
    }

    /// Sets every service's and environment's deployment to its newest released event.
    static func rebuildDeployments(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM deployments")
        try db.execute(sql: """
            INSERT INTO deployments (service, environment, event_seq)
            SELECT e.service, e.environment, e.seq FROM release_events e
            WHERE e.state = 'released' AND NOT EXISTS (
                SELECT 1 FROM release_events l
                WHERE l.service = e.service AND l.environment = e.environment AND l.state = 'released'
                    AND (l.requested_at > e.requested_at OR (l.requested_at = e.requested_at AND l.seq > e.seq)))
            """)
    }

    static func insert(_ event: ReleaseEvent, intentJSON: String, into db: Database) throws {
        let exists = try Bool.fetchOne(
            db, sql: "SELECT EXISTS (SELECT 1 FROM release_events WHERE id = ?)", arguments: [event.id]) ?? false
        if exists { throw StoreError.releaseEventExists(id: event.id) }
        try db.execute(
            sql: """
                INSERT INTO release_events (
                    id, service, environment, namespace, artifact_id, intent_json, intent_type, released_by_name,
                    released_by_email, reason, state, commit_sha, message, requested_at, finished_at
                ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                event.id, event.service, event.environment, event.namespace, event.artifactID, intentJSON, event.intent.type,
                event.releasedBy.name, event.releasedBy.email, event.reason, event.state.rawValue, event.commit,
                event.message, event.requestedAt.storedMicroseconds, event.finishedAt?.storedMicroseconds,
            ])
    }
}
