import Foundation
import GRDB
import MoonbaseStore

/// ``MoonbaseStore`` on a SQLite file: a GRDB `DatabasePool` in WAL mode, so reads run beside
/// the one writer, and migrations applied when the store opens.
///
/// Queries are plain SQL over plain tables (integer, text and blob columns, explicit indexes)
/// that PostgreSQL runs as well; only the schema's DDL is SQLite's own. Every write is one
/// `BEGIN IMMEDIATE` transaction, which is what makes claims from the queue exclusive, also
/// between processes sharing the file.
public final class SQLiteStore: MoonbaseStore {
    let pool: DatabasePool

    /// Opens (creating when missing) the database at `path` and migrates it.
    ///
    /// - Parameter busyTimeout: How long a write waits for another process's write to finish.
    public init(path: String, busyTimeout: TimeInterval = 10) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.label = "MoonbaseStore"
        configuration.prepareDatabase { db in
            // Reads go through memory-mapped pages and a larger page cache instead of a pread
            // per page: the portal's pages read thousands of rows.
            try db.execute(sql: "PRAGMA mmap_size = 268435456")
            try db.execute(sql: "PRAGMA cache_size = -32768")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(pool)
    }

    /// The file the store lives in.
    public var path: String { pool.path }

    /// The file's journal mode (`wal`).
    public func journalMode() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// The names of the migrations applied to the file, in order.
    public func appliedMigrations() throws -> [String] {
        try pool.read { db in try Self.migrator.appliedMigrations(db) }
    }
}

extension Row: StoredRow {
    public func optionalText(_ column: String, table: String, key: String) throws -> String? {
        try optional(String.self, column, table: table, key: key)
    }

    public func optionalInteger(_ column: String, table: String, key: String) throws -> Int64? {
        try optional(Int64.self, column, table: table, key: key)
    }

    // GRDB's subscripts trap when a value cannot be converted; these throw
    // ``StoreError/corruptRecord(table:key:reason:)`` instead, so that a hand-edited row
    // never crashes the server.

    /// The value of a column that may be NULL.
    func optional<Value: DatabaseValueConvertible>(
        _ type: Value.Type, _ column: String, table: String, key: String
    ) throws -> Value? {
        do {
            return try decode(Value?.self, forColumn: column)
        } catch {
            throw StoreError.corruptRecord(table: table, key: key, reason: "column \(column): \(error)")
        }
    }

    /// The value of a column that must not be NULL.
    func required<Value: DatabaseValueConvertible>(
        _ type: Value.Type, _ column: String, table: String, key: String
    ) throws -> Value {
        guard let value = try optional(Value.self, column, table: table, key: key) else {
            throw StoreError.corruptRecord(table: table, key: key, reason: "column \(column) is NULL")
        }
        return value
    }

    func blob(_ column: String, table: String, key: String) throws -> Data {
        try required(Data.self, column, table: table, key: key)
    }
}
