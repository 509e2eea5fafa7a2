import Foundation
import GoCompat
import ReleaseModel

/// A row as a store's database returns it, read by column name. A missing column, a NULL
/// where a value must be, or a value of another type throws ``StoreError/corruptRecord``:
/// a hand-edited row never crashes the server.
///
/// The records below are read from rows once, for every store.
public protocol StoredRow {
    func optionalText(_ column: String, table: String, key: String) throws -> String?
    func optionalInteger(_ column: String, table: String, key: String) throws -> Int64?
}

extension StoredRow {
    public func text(_ column: String, table: String, key: String) throws -> String {
        guard let value = try optionalText(column, table: table, key: key) else { throw Self.null(column, table: table, key: key) }
        return value
    }

    public func integer(_ column: String, table: String, key: String) throws -> Int64 {
        guard let value = try optionalInteger(column, table: table, key: key) else { throw Self.null(column, table: table, key: key) }
        return value
    }

    public func time(_ column: String, table: String, key: String) throws -> Date {
        Date(storedMicroseconds: try integer(column, table: table, key: key))
    }

    public func optionalTime(_ column: String, table: String, key: String) throws -> Date? {
        try optionalInteger(column, table: table, key: key).map(Date.init(storedMicroseconds:))
    }

    private static func null(_ column: String, table: String, key: String) -> StoreError {
        .corruptRecord(table: table, key: key, reason: "column \(column) is NULL")
    }
}

extension ClientGroup {
    /// The `client_group` column of a row.
    public init(stored row: some StoredRow, table: String, key: String) throws {
        let text = try row.text("client_group", table: table, key: key)
        guard let group = ClientGroup(rawValue: text) else {
            throw StoreError.corruptRecord(table: table, key: key, reason: "unknown client group '\(text)'")
        }
        self = group
    }
}

extension APIToken {
    /// A row of `api_tokens`.
    public init(stored row: some StoredRow) throws {
        let table = "api_tokens"
        let id = try row.text("id", table: table, key: "?")
        self.init(
            id: id, group: try ClientGroup(stored: row, table: table, key: id), name: try row.text("name", table: table, key: id),
            createdAt: try row.time("created_at", table: table, key: id), revokedAt: try row.optionalTime("revoked_at", table: table, key: id))
    }
}

extension OAuthClient {
    /// A row of `oauth_clients`.
    public init(stored row: some StoredRow) throws {
        let table = "oauth_clients"
        let id = try row.text("id", table: table, key: "?")
        self.init(
            id: id, name: try row.text("name", table: table, key: id), group: try ClientGroup(stored: row, table: table, key: id),
            createdAt: try row.time("created_at", table: table, key: id), revokedAt: try row.optionalTime("revoked_at", table: table, key: id))
    }
}

extension PortalSessionRecord {
    /// A row of `portal_sessions`.
    public init(stored row: some StoredRow) throws {
        let table = "portal_sessions"
        self.init(
            name: try row.text("name", table: table, key: "?"), group: try ClientGroup(stored: row, table: table, key: "?"),
            isVerifiedPerson: try row.integer("verified_person", table: table, key: "?") != 0,
            tokenID: try row.optionalText("token_id", table: table, key: "?"), expiresAt: try row.time("expires_at", table: table, key: "?"))
    }
}

extension AuditEntry {
    /// A row of `audit_log`.
    public init(stored row: some StoredRow) throws {
        let table = "audit_log"
        let seq = try row.integer("seq", table: table, key: "?")
        let key = String(seq)
        let details: JSONValue
        do {
            details = try JSONValue.parse(Data(try row.text("details_json", table: table, key: key).utf8))
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.corruptRecord(table: table, key: key, reason: "\(error)")
        }
        self.init(
            id: seq, actor: try row.text("actor", table: table, key: key), action: try row.text("action", table: table, key: key),
            at: try row.time("at", table: table, key: key), details: details)
    }
}

extension ReleaseEvent {
    /// A row of `release_events`.
    public init(stored row: some StoredRow) throws {
        let table = "release_events"
        let id = try row.text("id", table: table, key: "?")
        let stateText = try row.text("state", table: table, key: id)
        guard let state = ReleaseEvent.State(rawValue: stateText) else {
            throw StoreError.corruptRecord(table: table, key: id, reason: "unknown state '\(stateText)'")
        }
        self.init(
            id: id,
            service: try row.text("service", table: table, key: id),
            environment: try row.text("environment", table: table, key: id),
            namespace: try row.text("namespace", table: table, key: id),
            artifactID: try row.text("artifact_id", table: table, key: id),
            intent: try Intent(storedJSON: try row.text("intent_json", table: table, key: id), table: table, key: id),
            releasedBy: Person(
                name: try row.text("released_by_name", table: table, key: id), email: try row.text("released_by_email", table: table, key: id)),
            reason: try row.text("reason", table: table, key: id),
            state: state,
            commit: try row.optionalText("commit_sha", table: table, key: id),
            message: try row.text("message", table: table, key: id),
            requestedAt: try row.time("requested_at", table: table, key: id),
            finishedAt: try row.optionalTime("finished_at", table: table, key: id))
    }
}

extension QueuedRelease {
    /// A row of `release_queue`.
    public init(stored row: some StoredRow) throws {
        let table = "release_queue"
        let id = try row.text("id", table: table, key: "?")
        let stateText = try row.text("state", table: table, key: id)
        guard let state = QueuedRelease.State(rawValue: stateText) else {
            throw StoreError.corruptRecord(table: table, key: id, reason: "unknown state '\(stateText)'")
        }
        self.init(
            id: id,
            service: try row.text("service", table: table, key: id),
            environment: try row.text("environment", table: table, key: id),
            namespace: try row.text("namespace", table: table, key: id),
            artifactID: try row.text("artifact_id", table: table, key: id),
            intent: try Intent(storedJSON: try row.text("intent_json", table: table, key: id), table: table, key: id),
            actor: Person(name: try row.text("actor_name", table: table, key: id), email: try row.text("actor_email", table: table, key: id)),
            reason: try row.text("reason", table: table, key: id),
            enqueuedAt: try row.time("enqueued_at", table: table, key: id),
            state: state,
            commit: try row.optionalText("commit_sha", table: table, key: id),
            message: try row.text("message", table: table, key: id),
            attempts: Int(try row.integer("attempts", table: table, key: id)),
            updatedAt: try row.time("updated_at", table: table, key: id))
    }
}
