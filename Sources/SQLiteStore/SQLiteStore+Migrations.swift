import Foundation
import GRDB
import MoonbaseStore
import ReleaseModel

extension SQLiteStore {
    /// The schema, as an ordered list of named migrations. Append new ones; never edit one that
    /// has shipped.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()

        migrator.registerMigration("1 artifacts") { db in
            // File contents, stored once per content (SHA-256, lowercase hex).
            try db.execute(sql: """
                CREATE TABLE blobs (
                    sha256 TEXT NOT NULL PRIMARY KEY,
                    size INTEGER NOT NULL,
                    content BLOB NOT NULL
                )
                """)
            // One row per upload; seq is the upload order.
            try db.execute(sql: """
                CREATE TABLE artifacts (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    service TEXT NOT NULL,
                    artifact_id TEXT NOT NULL,
                    branch TEXT NOT NULL,
                    squad TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    spec_json BLOB NOT NULL,
                    content_sha256 TEXT NOT NULL
                )
                """)
            try db.execute(sql: "CREATE UNIQUE INDEX artifacts_service_id ON artifacts (service, artifact_id)")
            try db.execute(sql: "CREATE INDEX artifacts_service_branch_seq ON artifacts (service, branch, seq)")
            try db.execute(sql: """
                CREATE TABLE artifact_files (
                    artifact_seq INTEGER NOT NULL REFERENCES artifacts (seq) ON DELETE CASCADE,
                    environment TEXT NOT NULL,
                    path TEXT NOT NULL,
                    blob_sha256 TEXT NOT NULL REFERENCES blobs (sha256),
                    PRIMARY KEY (artifact_seq, environment, path)
                )
                """)
            try db.execute(sql: "CREATE INDEX artifact_files_blob ON artifact_files (blob_sha256)")
        }

        migrator.registerMigration("2 release events") { db in
            try db.execute(sql: """
                CREATE TABLE release_events (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL,
                    service TEXT NOT NULL,
                    environment TEXT NOT NULL,
                    namespace TEXT NOT NULL,
                    artifact_id TEXT NOT NULL,
                    intent_json TEXT NOT NULL,
                    released_by_name TEXT NOT NULL,
                    released_by_email TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    state TEXT NOT NULL,
                    commit_sha TEXT,
                    message TEXT NOT NULL,
                    requested_at INTEGER NOT NULL,
                    finished_at INTEGER
                )
                """)
            try db.execute(sql: "CREATE UNIQUE INDEX release_events_id ON release_events (id)")
            try db.execute(sql: """
                CREATE INDEX release_events_service_environment
                ON release_events (service, environment, requested_at, seq)
                """)
            try db.execute(sql: "CREATE INDEX release_events_requested ON release_events (requested_at, seq)")
        }

        migrator.registerMigration("3 release queue") { db in
            try db.execute(sql: """
                CREATE TABLE release_queue (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL,
                    service TEXT NOT NULL,
                    environment TEXT NOT NULL,
                    namespace TEXT NOT NULL,
                    artifact_id TEXT NOT NULL,
                    intent_json TEXT NOT NULL,
                    actor_name TEXT NOT NULL,
                    actor_email TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    enqueued_at INTEGER NOT NULL,
                    state TEXT NOT NULL,
                    commit_sha TEXT,
                    message TEXT NOT NULL,
                    attempts INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                )
                """)
            try db.execute(sql: "CREATE UNIQUE INDEX release_queue_id ON release_queue (id)")
            try db.execute(sql: "CREATE INDEX release_queue_state_seq ON release_queue (state, seq)")
        }

        migrator.registerMigration("4 access") { db in
            try db.execute(sql: """
                CREATE TABLE api_tokens (
                    id TEXT NOT NULL PRIMARY KEY,
                    client_group TEXT NOT NULL,
                    name TEXT NOT NULL,
                    token_hash TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    revoked_at INTEGER
                )
                """)
            try db.execute(sql: "CREATE UNIQUE INDEX api_tokens_hash ON api_tokens (token_hash)")
            try db.execute(sql: """
                CREATE TABLE oauth_clients (
                    id TEXT NOT NULL PRIMARY KEY,
                    name TEXT NOT NULL,
                    client_group TEXT NOT NULL,
                    secret_hash TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    revoked_at INTEGER
                )
                """)
            try db.execute(sql: """
                CREATE TABLE audit_log (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    details_json TEXT NOT NULL
                )
                """)
        }

        migrator.registerMigration("5 catalog") { db in
            // What lists show of an artifact without parsing its spec.
            for column in [
                "plan_url TEXT NOT NULL DEFAULT ''", "plan_sha TEXT NOT NULL DEFAULT ''", "commit_sha TEXT NOT NULL DEFAULT ''",
                "ci_started_at INTEGER", "critical_vulnerabilities INTEGER NOT NULL DEFAULT 0",
                // The service's shuttle.yaml when CI uploads it, and the language it names.
                "service_spec TEXT", "language TEXT NOT NULL DEFAULT ''",
            ] {
                try db.execute(sql: "ALTER TABLE artifacts ADD COLUMN \(column)")
            }
            for row in try Row.fetchAll(db, sql: "SELECT seq, spec_json FROM artifacts") {
                let seq: Int64 = row["seq"]
                guard let specJSON: Data = row["spec_json"], let spec = try? ArtifactSpec(jsonData: specJSON) else { continue }
                try db.execute(
                    sql: "UPDATE artifacts SET \(Self.summaryAssignments) WHERE seq = ?",
                    arguments: Self.summaryArguments(spec) + [seq])
            }
            try db.execute(sql: "CREATE INDEX artifacts_commit ON artifacts (commit_sha)")
            // Each service's newest upload.
            // (Its plan beside it, so that plan usage is counted from an index.)
            try db.execute(sql: """
                CREATE TABLE services (
                    service TEXT NOT NULL PRIMARY KEY,
                    squad TEXT NOT NULL,
                    artifact_seq INTEGER NOT NULL REFERENCES artifacts (seq),
                    updated_at INTEGER NOT NULL,
                    plan_url TEXT NOT NULL,
                    plan_sha TEXT NOT NULL
                )
                """)
            try db.execute(sql: """
                INSERT INTO services (service, squad, artifact_seq, updated_at, plan_url, plan_sha)
                SELECT service, squad, seq, created_at, plan_url, plan_sha FROM artifacts a
                WHERE seq = (SELECT MAX(seq) FROM artifacts WHERE service = a.service)
                """)
            try db.execute(sql: "CREATE INDEX services_squad ON services (squad, service)")
            try db.execute(sql: "CREATE INDEX services_plan ON services (plan_url, plan_sha, service)")
            try db.execute(sql: "CREATE INDEX services_updated ON services (updated_at)")
            // What runs where: each service's and environment's newest released event.
            try db.execute(sql: """
                CREATE TABLE deployments (
                    service TEXT NOT NULL,
                    environment TEXT NOT NULL,
                    event_seq INTEGER NOT NULL,
                    PRIMARY KEY (service, environment)
                )
                """)
            try db.execute(sql: "CREATE INDEX deployments_environment ON deployments (environment, service)")
            try Self.rebuildDeployments(db)
            // The intent's type beside its JSON, so that rollbacks are found by an index.
            try db.execute(sql: "ALTER TABLE release_events ADD COLUMN intent_type TEXT NOT NULL DEFAULT ''")
            try db.execute(sql: "UPDATE release_events SET intent_type = COALESCE(json_extract(intent_json, '$.type'), '')")
            try db.execute(sql: "CREATE INDEX release_events_intent ON release_events (intent_type, requested_at)")
            try db.execute(sql: "CREATE INDEX release_events_commit ON release_events (commit_sha)")
            try db.execute(sql: "CREATE INDEX release_events_state ON release_events (state, requested_at)")
            try db.execute(sql: "CREATE INDEX artifacts_plan ON artifacts (plan_url, plan_sha, created_at)")
            try db.execute(sql: "CREATE INDEX artifacts_critical ON artifacts (service) WHERE critical_vulnerabilities > 0")
            try db.execute(sql: "CREATE INDEX audit_log_action ON audit_log (action, seq)")
        }

        migrator.registerMigration("6 portal sessions") { db in
            try db.execute(sql: """
                CREATE TABLE portal_sessions (
                    secret_hash TEXT NOT NULL PRIMARY KEY,
                    name TEXT NOT NULL,
                    client_group TEXT NOT NULL,
                    verified_person INTEGER NOT NULL,
                    token_id TEXT,
                    created_at INTEGER NOT NULL,
                    expires_at INTEGER NOT NULL,
                    ended_at INTEGER
                )
                """)
            try db.execute(sql: "CREATE INDEX portal_sessions_expiry ON portal_sessions (expires_at)")
        }

        migrator.registerMigration("7 cluster feedback") { db in
            try db.execute(sql: """
                CREATE TABLE workload_states (
                    environment TEXT NOT NULL,
                    service TEXT NOT NULL,
                    namespace TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    name TEXT NOT NULL,
                    artifact_id TEXT NOT NULL,
                    phase TEXT NOT NULL,
                    available INTEGER NOT NULL,
                    desired INTEGER NOT NULL,
                    reason TEXT NOT NULL,
                    message TEXT NOT NULL,
                    pod TEXT NOT NULL,
                    container TEXT NOT NULL,
                    since INTEGER NOT NULL,
                    reported_at INTEGER NOT NULL,
                    PRIMARY KEY (environment, service, namespace, kind, name)
                )
                """)
            try db.execute(sql: """
                CREATE TABLE flux_apply_states (
                    environment TEXT NOT NULL,
                    namespace TEXT NOT NULL,
                    name TEXT NOT NULL,
                    applied_commit TEXT NOT NULL,
                    revision TEXT NOT NULL,
                    ready INTEGER NOT NULL,
                    reason TEXT NOT NULL,
                    message TEXT NOT NULL,
                    reported_at INTEGER NOT NULL,
                    PRIMARY KEY (environment, namespace, name)
                )
                """)
            try db.execute(sql: """
                CREATE TABLE cluster_events (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    environment TEXT NOT NULL,
                    service TEXT NOT NULL,
                    artifact_id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    summary TEXT NOT NULL,
                    details_json TEXT NOT NULL,
                    at INTEGER NOT NULL
                )
                """)
            try db.execute(sql: "CREATE INDEX cluster_events_service ON cluster_events (service, environment, seq)")
            try db.execute(sql: "CREATE INDEX cluster_events_environment ON cluster_events (environment, seq)")
            // When a release first ran, for the delivery measures' lead time.
            try db.execute(sql: "CREATE INDEX cluster_events_running ON cluster_events (service, environment, artifact_id, kind, at)")
            try db.execute(sql: "CREATE INDEX artifacts_id ON artifacts (artifact_id)")
        }

        migrator.registerMigration("8 notifications") { db in
            try db.execute(sql: """
                CREATE TABLE outbox_events (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    type TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    time INTEGER NOT NULL,
                    data_json BLOB NOT NULL,
                    fanned_out INTEGER NOT NULL DEFAULT 0
                )
                """)
            try db.execute(sql: "CREATE INDEX outbox_events_waiting ON outbox_events (seq) WHERE fanned_out = 0")
            try db.execute(sql: """
                CREATE TABLE notification_deliveries (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    event_seq INTEGER NOT NULL REFERENCES outbox_events (seq),
                    receiver TEXT NOT NULL,
                    target TEXT NOT NULL,
                    state TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    failed_attempts INTEGER NOT NULL DEFAULT 0,
                    created_at INTEGER NOT NULL,
                    retry_until INTEGER NOT NULL,
                    next_attempt_at INTEGER NOT NULL,
                    finished_at INTEGER,
                    latency_us INTEGER,
                    answer TEXT NOT NULL DEFAULT '',
                    UNIQUE (event_seq, receiver, target)
                )
                """)
            try db.execute(sql: "CREATE INDEX notification_deliveries_next ON notification_deliveries (receiver, state, seq)")
            try db.execute(sql: "CREATE INDEX notification_deliveries_state ON notification_deliveries (state, seq)")
        }

        return migrator
    }
}
