import Foundation
import GRDB
import MoonbaseStore
import ReleaseModel

extension SQLiteStore {
    /// An outbox event encoded outside the write transaction.
    struct OutboxRow {
        var event: OutboxEvent
        var dataJSON: Data
    }

    static func outboxRows(_ events: [OutboxEvent]) throws -> [OutboxRow] {
        try events.map { OutboxRow(event: $0, dataJSON: try $0.data.storedJSON()) }
    }

    /// Writes outbox events in the caller's transaction; an id written before is skipped
    /// (the same event recorded again after a crash).
    static func insert(_ rows: [OutboxRow], into db: Database) throws {
        for row in rows {
            try db.execute(
                sql: "INSERT INTO outbox_events (id, type, subject, time, data_json) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                arguments: [row.event.id, row.event.type.rawValue, row.event.subject, row.event.time.storedMicroseconds, row.dataJSON])
        }
    }

    public func eventsAwaitingFanOut(limit: Int) async throws -> [OutboxEvent] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM outbox_events WHERE fanned_out = 0 ORDER BY seq LIMIT ?", arguments: [max(0, limit)])
                .map { try Self.outboxEvent(from: $0) }
        }
    }

    public func fanOut(_ events: [(eventID: String, deliveries: [NewDelivery])], at: Date, retryUntil: Date) async throws {
        try await pool.write { db in
            for (eventID, deliveries) in events {
                guard let seq = try Int64.fetchOne(db, sql: "SELECT seq FROM outbox_events WHERE id = ? AND fanned_out = 0", arguments: [eventID])
                else { continue }
                for delivery in deliveries {
                    try db.execute(
                        sql: """
                            INSERT INTO notification_deliveries (event_seq, receiver, target, state, created_at, retry_until, next_attempt_at)
                            VALUES (?, ?, ?, 'pending', ?, ?, ?) ON CONFLICT (event_seq, receiver, target) DO NOTHING
                            """,
                        arguments: [seq, delivery.receiver, delivery.target, at.storedMicroseconds, retryUntil.storedMicroseconds, at.storedMicroseconds])
                }
                try db.execute(sql: "UPDATE outbox_events SET fanned_out = 1 WHERE seq = ?", arguments: [seq])
            }
        }
    }

    public func pendingDeliveries(receiver: String, limit: Int) async throws -> [NotificationDelivery] {
        try StoreError.checkPage(limit: limit, offset: 0)
        return try await pool.read { db in
            try Row.fetchAll(
                db, sql: "\(Self.deliverySelect) WHERE d.receiver = ? AND d.state = 'pending' ORDER BY d.seq LIMIT ?", arguments: [receiver, limit]
            ).map { try Self.delivery(from: $0) }
        }
    }

    public func recordAttempts(_ attempts: [DeliveryAttempt]) async throws {
        guard !attempts.isEmpty else { return }
        try await pool.write { db in
            for attempt in attempts {
                let id = attempt.delivery
                switch attempt.outcome {
                case .delivered(let answer, let latency):
                    try db.execute(
                        sql: """
                            UPDATE notification_deliveries SET state = 'delivered', attempts = attempts + 1, finished_at = ?, latency_us = ?,
                                answer = ? WHERE seq = ?
                            """,
                        arguments: [attempt.at.storedMicroseconds, Int64((latency * 1_000_000).rounded()), answer, id])
                case .retry(let answer, let next):
                    try db.execute(
                        sql: """
                            UPDATE notification_deliveries SET attempts = attempts + 1, failed_attempts = failed_attempts + 1,
                                next_attempt_at = ?, answer = ? WHERE seq = ?
                            """,
                        arguments: [next.storedMicroseconds, answer, id])
                case .dead(let answer):
                    try db.execute(
                        sql: """
                            UPDATE notification_deliveries SET state = 'dead', attempts = attempts + 1, failed_attempts = failed_attempts + 1,
                                finished_at = ?, answer = ? WHERE seq = ?
                            """,
                        arguments: [attempt.at.storedMicroseconds, answer, id])
                }
                guard db.changesCount > 0 else { throw StoreError.invalidArgument("no notification delivery \(id)") }
            }
        }
    }

    public func deliveredAnswer(eventID: String, receiver: String, target: String) async throws -> String? {
        try await pool.read { db in
            try String.fetchOne(
                db,
                sql: """
                    SELECT d.answer FROM notification_deliveries d JOIN outbox_events e ON e.seq = d.event_seq
                    WHERE e.id = ? AND d.receiver = ? AND d.target = ? AND d.state = 'delivered'
                    """,
                arguments: [eventID, receiver, target])
        }
    }

    public func deliveries(_ filter: DeliveryFilter, limit: Int, offset: Int) async throws -> [NotificationDelivery] {
        try StoreError.checkPage(limit: limit, offset: offset)
        return try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    \(Self.deliverySelect) WHERE (?1 IS NULL OR d.state = ?1) AND (?2 IS NULL OR d.receiver = ?2) AND (?3 IS NULL OR e.id = ?3)
                    ORDER BY d.seq DESC LIMIT ?4 OFFSET ?5
                    """,
                arguments: [filter.state?.rawValue, filter.receiver, filter.eventID, limit, offset]
            ).map { try Self.delivery(from: $0) }
        }
    }

    @discardableResult
    public func retryDeliveries(ids: [Int64], receiver: String?, at: Date, retryUntil: Date) async throws -> Int {
        let now = at.storedMicroseconds
        let until = retryUntil.storedMicroseconds
        return try await pool.write { db in
            let set = "state = 'pending', next_attempt_at = ?, retry_until = ?, finished_at = NULL"
            if ids.isEmpty {
                try db.execute(
                    sql: "UPDATE notification_deliveries SET \(set) WHERE state = 'dead' AND (?3 IS NULL OR receiver = ?3)",
                    arguments: [now, until, receiver])
                return db.changesCount
            }
            var changed = 0
            for id in ids {
                try db.execute(sql: "UPDATE notification_deliveries SET \(set) WHERE state = 'dead' AND seq = ?", arguments: [now, until, id])
                changed += db.changesCount
            }
            return changed
        }
    }

    public func deliveryStatistics() async throws -> [ReceiverStatistics] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT receiver,
                        SUM(CASE WHEN state = 'pending' THEN 1 ELSE 0 END) AS pending,
                        SUM(CASE WHEN state = 'delivered' THEN 1 ELSE 0 END) AS delivered,
                        SUM(CASE WHEN state = 'dead' THEN 1 ELSE 0 END) AS dead,
                        SUM(failed_attempts) AS failed_attempts,
                        AVG(latency_us) AS mean_latency, MAX(latency_us) AS maximum_latency,
                        MAX(CASE WHEN state = 'delivered' THEN finished_at END) AS last_delivered_at
                    FROM notification_deliveries GROUP BY receiver ORDER BY receiver
                    """
            ).map { row in
                let receiver = try row.text("receiver", table: "notification_deliveries", key: "")
                func count(_ column: String) throws -> Int {
                    Int(try row.optional(Int64.self, column, table: "notification_deliveries", key: receiver) ?? 0)
                }
                let mean = try row.optional(Double.self, "mean_latency", table: "notification_deliveries", key: receiver)
                let maximum = try row.optional(Int64.self, "maximum_latency", table: "notification_deliveries", key: receiver)
                let last = try row.optional(Int64.self, "last_delivered_at", table: "notification_deliveries", key: receiver)
                return ReceiverStatistics(
                    receiver: receiver, pending: try count("pending"), delivered: try count("delivered"), dead: try count("dead"),
                    failedAttempts: try count("failed_attempts"), meanLatency: mean.map { $0 / 1_000_000 },
                    maximumLatency: maximum.map { Double($0) / 1_000_000 }, lastDeliveredAt: last.map(Date.init(storedMicroseconds:)))
            }
        }
    }

    // MARK: Rows

    private static let deliverySelect = """
        SELECT d.*, e.id AS event_id, e.type AS event_type, e.subject AS event_subject, e.time AS event_time, e.data_json AS event_data
        FROM notification_deliveries d JOIN outbox_events e ON e.seq = d.event_seq
        """

    private static func outboxEvent(from row: Row) throws -> OutboxEvent {
        let id = try row.text("id", table: "outbox_events", key: "")
        return try OutboxEvent(
            storedID: id, type: try row.text("type", table: "outbox_events", key: id), time: try row.integer("time", table: "outbox_events", key: id),
            data: try row.blob("data_json", table: "outbox_events", key: id), table: "outbox_events")
    }

    private static func delivery(from row: Row) throws -> NotificationDelivery {
        let table = "notification_deliveries"
        let seq = try row.integer("seq", table: table, key: "")
        let key = String(seq)
        let event = try OutboxEvent(
            storedID: try row.text("event_id", table: table, key: key), type: try row.text("event_type", table: table, key: key),
            time: try row.integer("event_time", table: table, key: key), data: try row.blob("event_data", table: table, key: key), table: table)
        let stateText = try row.text("state", table: table, key: key)
        guard let state = NotificationDelivery.State(rawValue: stateText) else {
            throw StoreError.corruptRecord(table: table, key: key, reason: "unknown state '\(stateText)'")
        }
        return NotificationDelivery(
            id: seq, event: event, receiver: try row.text("receiver", table: table, key: key), target: try row.text("target", table: table, key: key),
            state: state, attempts: Int(try row.integer("attempts", table: table, key: key)),
            createdAt: Date(storedMicroseconds: try row.integer("created_at", table: table, key: key)),
            retryUntil: Date(storedMicroseconds: try row.integer("retry_until", table: table, key: key)),
            nextAttemptAt: Date(storedMicroseconds: try row.integer("next_attempt_at", table: table, key: key)),
            finishedAt: try row.optional(Int64.self, "finished_at", table: table, key: key).map(Date.init(storedMicroseconds:)),
            latency: try row.optional(Int64.self, "latency_us", table: table, key: key).map { Double($0) / 1_000_000 },
            answer: try row.text("answer", table: table, key: key))
    }
}
