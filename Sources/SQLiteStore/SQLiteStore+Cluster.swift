import Foundation
import GoCompat
import GRDB
import MoonbaseStore

extension SQLiteStore {
    public func recordWorkload(_ state: WorkloadState, event: NewClusterEvent, notifying: [OutboxEvent]) async throws {
        let outbox = try Self.outboxRows(notifying)
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO workload_states (environment, service, namespace, kind, name, artifact_id, phase, available, desired,
                        reason, message, pod, container, since, reported_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (environment, service, namespace, kind, name) DO UPDATE SET artifact_id = excluded.artifact_id, phase = excluded.phase, available = excluded.available,
                        desired = excluded.desired, reason = excluded.reason, message = excluded.message, pod = excluded.pod,
                        container = excluded.container, since = excluded.since, reported_at = excluded.reported_at
                    """,
                arguments: [
                    state.environment, state.service, state.namespace, state.kind, state.name, state.artifactID, state.phase.rawValue,
                    state.available, state.desired, state.reason, state.message, state.pod, state.container, state.since.storedMicroseconds,
                    state.reportedAt.storedMicroseconds,
                ])
            try Self.insert(event, into: db)
            try Self.insert(outbox, into: db)
        }
    }

    public func workloadStates(environment: String?, service: String?) async throws -> [WorkloadState] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM workload_states WHERE (?1 IS NULL OR environment = ?1) AND (?2 IS NULL OR service = ?2)
                    ORDER BY environment, service, namespace, kind, name
                    """,
                arguments: [environment, service]
            ).map(Self.workloadState(from:))
        }
    }

    public func recordFluxApply(_ state: FluxApplyState, event: NewClusterEvent) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO flux_apply_states (environment, namespace, name, applied_commit, revision, ready, reason, message, reported_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (environment, namespace, name) DO UPDATE SET applied_commit = excluded.applied_commit,
                        revision = excluded.revision, ready = excluded.ready, reason = excluded.reason, message = excluded.message,
                        reported_at = excluded.reported_at
                    """,
                arguments: [
                    state.environment, state.namespace, state.name, state.appliedCommit, state.revision, state.ready, state.reason,
                    state.message, state.reportedAt.storedMicroseconds,
                ])
            try Self.insert(event, into: db)
        }
    }

    public func fluxApplyStates(environment: String?) async throws -> [FluxApplyState] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM flux_apply_states WHERE (?1 IS NULL OR environment = ?1) ORDER BY environment, namespace, name",
                arguments: [environment]
            ).map(Self.fluxApplyState(from:))
        }
    }

    public func recordClusterEvent(_ event: NewClusterEvent, notifying: [OutboxEvent]) async throws {
        let outbox = try Self.outboxRows(notifying)
        try await pool.write { db in
            try Self.insert(event, into: db)
            try Self.insert(outbox, into: db)
        }
    }

    public func clusterEvents(service: String?, environment: String?, limit: Int) async throws -> [ClusterEvent] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM cluster_events WHERE (?1 IS NULL OR service = ?1) AND (?2 IS NULL OR environment = ?2)
                    ORDER BY seq DESC LIMIT ?3
                    """,
                arguments: [service, environment, max(0, limit)]
            ).map(Self.clusterEvent(from:))
        }
    }

    public func clusterEvents(after seq: Int64, limit: Int) async throws -> [ClusterEvent] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM cluster_events WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [seq, max(0, limit)]
            ).map(Self.clusterEvent(from:))
        }
    }

    public func services(withArtifact id: String) async throws -> [String] {
        try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT service FROM artifacts WHERE artifact_id = ? ORDER BY service", arguments: [id])
        }
    }

    static func insert(_ event: NewClusterEvent, into db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO cluster_events (environment, service, artifact_id, kind, summary, details_json, at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                event.environment, event.service, event.artifactID, event.kind, event.summary, event.details.goCompact(),
                event.at.storedMicroseconds,
            ])
    }

    static func workloadState(from row: Row) throws -> WorkloadState {
        let table = "workload_states"
        let key = "\(row["environment"] ?? "")/\(row["service"] ?? "")"
        let phaseText = try row.text("phase", table: table, key: key)
        guard let phase = WorkloadState.Phase(rawValue: phaseText) else {
            throw StoreError.corruptRecord(table: table, key: key, reason: "unknown phase '\(phaseText)'")
        }
        return WorkloadState(
            environment: try row.text("environment", table: table, key: key), service: try row.text("service", table: table, key: key),
            namespace: try row.text("namespace", table: table, key: key), kind: try row.text("kind", table: table, key: key),
            name: try row.text("name", table: table, key: key), artifactID: try row.text("artifact_id", table: table, key: key),
            phase: phase, available: Int(try row.integer("available", table: table, key: key)),
            desired: Int(try row.integer("desired", table: table, key: key)), reason: try row.text("reason", table: table, key: key),
            message: try row.text("message", table: table, key: key), pod: try row.text("pod", table: table, key: key),
            container: try row.text("container", table: table, key: key),
            since: Date(storedMicroseconds: try row.integer("since", table: table, key: key)),
            reportedAt: Date(storedMicroseconds: try row.integer("reported_at", table: table, key: key)))
    }

    static func fluxApplyState(from row: Row) throws -> FluxApplyState {
        let table = "flux_apply_states"
        let key = "\(row["environment"] ?? "")/\(row["namespace"] ?? "")/\(row["name"] ?? "")"
        return FluxApplyState(
            environment: try row.text("environment", table: table, key: key), namespace: try row.text("namespace", table: table, key: key),
            name: try row.text("name", table: table, key: key), appliedCommit: try row.text("applied_commit", table: table, key: key),
            revision: try row.text("revision", table: table, key: key), ready: try row.integer("ready", table: table, key: key) != 0,
            reason: try row.text("reason", table: table, key: key), message: try row.text("message", table: table, key: key),
            reportedAt: Date(storedMicroseconds: try row.integer("reported_at", table: table, key: key)))
    }

    static func clusterEvent(from row: Row) throws -> ClusterEvent {
        let table = "cluster_events"
        let seq = try row.integer("seq", table: table, key: "?")
        let key = String(seq)
        let details: JSONValue
        do {
            details = try JSONValue.parse(Data(try row.text("details_json", table: table, key: key).utf8))
        } catch {
            throw StoreError.corruptRecord(table: table, key: key, reason: "\(error)")
        }
        return ClusterEvent(
            seq: seq,
            event: NewClusterEvent(
                environment: try row.text("environment", table: table, key: key), service: try row.text("service", table: table, key: key),
                artifactID: try row.text("artifact_id", table: table, key: key), kind: try row.text("kind", table: table, key: key),
                summary: try row.text("summary", table: table, key: key), details: details,
                at: Date(storedMicroseconds: try row.integer("at", table: table, key: key))))
    }
}
