import Foundation
import MoonbaseStore
import PostgresNIO

extension PostgresStore {
    /// A named step of the schema. Append new ones; never edit one that has shipped.
    struct Migration: Sendable {
        var name: String
        var statements: [String]
    }

    /// The schema: the SQLite store's tables and columns (times as microseconds in BIGINT,
    /// JSON as text, `seq` the insertion order), in PostgreSQL's types.
    static let migrations: [Migration] = [
        Migration(name: "1 access", statements: [
            """
            CREATE TABLE api_tokens (
                id TEXT NOT NULL PRIMARY KEY,
                client_group TEXT NOT NULL,
                name TEXT NOT NULL,
                token_hash TEXT NOT NULL UNIQUE,
                created_at BIGINT NOT NULL,
                revoked_at BIGINT
            )
            """,
            """
            CREATE TABLE oauth_clients (
                id TEXT NOT NULL PRIMARY KEY,
                name TEXT NOT NULL,
                client_group TEXT NOT NULL,
                secret_hash TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                revoked_at BIGINT
            )
            """,
            """
            CREATE TABLE audit_log (
                seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                at BIGINT NOT NULL,
                details_json TEXT NOT NULL
            )
            """,
            "CREATE INDEX audit_log_action ON audit_log (action, seq)",
            """
            CREATE TABLE portal_sessions (
                secret_hash TEXT NOT NULL PRIMARY KEY,
                name TEXT NOT NULL,
                client_group TEXT NOT NULL,
                verified_person BIGINT NOT NULL,
                token_id TEXT,
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                ended_at BIGINT
            )
            """,
            "CREATE INDEX portal_sessions_expiry ON portal_sessions (expires_at)",
        ]),
        Migration(name: "2 release queue", statements: [
            """
            CREATE TABLE release_queue (
                seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                service TEXT NOT NULL,
                environment TEXT NOT NULL,
                namespace TEXT NOT NULL,
                artifact_id TEXT NOT NULL,
                intent_json TEXT NOT NULL,
                actor_name TEXT NOT NULL,
                actor_email TEXT NOT NULL,
                reason TEXT NOT NULL,
                enqueued_at BIGINT NOT NULL,
                state TEXT NOT NULL,
                commit_sha TEXT,
                message TEXT NOT NULL,
                attempts BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX release_queue_state_seq ON release_queue (state, seq)",
        ]),
        Migration(name: "3 outbox", statements: [
            """
            CREATE TABLE outbox_events (
                seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                type TEXT NOT NULL,
                subject TEXT NOT NULL,
                time BIGINT NOT NULL,
                data_json BYTEA NOT NULL,
                fanned_out BOOLEAN NOT NULL DEFAULT FALSE
            )
            """,
            "CREATE INDEX outbox_events_waiting ON outbox_events (seq) WHERE NOT fanned_out",
        ]),
    ]

    /// The advisory lock migrations run under: replicas starting at once migrate one by one,
    /// and each finds what the one before it applied.
    static let migrationLock: Int64 = 0x6d6f6f6e_62617365 // "moonbase"

    /// Applies the migrations the database lacks, in one transaction.
    func migrate() async throws {
        let lock = Self.migrationLock
        let now = Date().storedMicroseconds
        try await transaction { [self] connection in
            _ = try await rows("SELECT pg_advisory_xact_lock(\(lock))", on: connection)
            _ = try await rows(
                "CREATE TABLE IF NOT EXISTS moonbase_migrations (name TEXT NOT NULL PRIMARY KEY, applied_at BIGINT NOT NULL)", on: connection)
            let applied = Set(try await rows("SELECT name FROM moonbase_migrations", on: connection).map {
                try $0.text("name", table: "moonbase_migrations", key: "?")
            })
            for migration in Self.migrations where !applied.contains(migration.name) {
                for statement in migration.statements {
                    _ = try await rows(PostgresQuery(unsafeSQL: statement), on: connection)
                }
                _ = try await rows("INSERT INTO moonbase_migrations (name, applied_at) VALUES (\(migration.name), \(now))", on: connection)
            }
        }
    }

    /// The names of the migrations applied to the database, in order.
    public func appliedMigrations() async throws -> [String] {
        try await rows("SELECT name FROM moonbase_migrations ORDER BY applied_at, name").map {
            try $0.text("name", table: "moonbase_migrations", key: "?")
        }
    }
}
