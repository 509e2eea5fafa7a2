import Foundation
import MoonbaseStore
import PostgresNIO
import PostgresStore
import SQLiteStore
import Synchronization
import Testing

/// What the store suites test against: every store, through the same test code.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    /// The stores this run can test: PostgreSQL when `MOONBASE_TEST_DATABASE` names a server
    /// to create databases on (scripts/test starts one and sets it).
    static var available: [StoreKind] { serverURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    static var serverURL: PostgresDatabaseURL? {
        ProcessInfo.processInfo.environment["MOONBASE_TEST_DATABASE"].flatMap { try? PostgresDatabaseURL($0) }
    }

    var testDescription: String { rawValue }
}

/// The parts of the store both implementations keep so far.
typealias ConformingStore = AccessStore & ReleaseQueueStore

/// One test's database: a SQLite file in a temporary folder, or a new PostgreSQL database.
/// ``open()`` opens it again, as a second process or a restarted server would.
final class TestDatabase: Sendable {
    let kind: StoreKind
    let folder: TemporaryFolder
    let postgresURL: PostgresDatabaseURL?
    private let opened = Mutex<[PostgresStore]>([])

    init(_ kind: StoreKind) async throws {
        self.kind = kind
        folder = try TemporaryFolder()
        switch kind {
        case .sqlite:
            postgresURL = nil
        case .postgres:
            let server = try #require(StoreKind.serverURL, "MOONBASE_TEST_DATABASE is not set")
            let name = "moonbase_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            try await Self.createDatabase(name, on: server)
            postgresURL = server.database(name)
        }
    }

    func open() async throws -> any ConformingStore {
        switch kind {
        case .sqlite:
            return try SQLiteStore(path: folder.databasePath)
        case .postgres:
            let store = try await PostgresStore(url: try #require(postgresURL))
            opened.withLock { $0.append(store) }
            return store
        }
    }

    func close() async {
        for store in opened.withLock({ $0 }) { await store.close() }
    }

    /// Runs `body` with a new store of `kind`, closing what it opened after.
    static func with(_ kind: StoreKind, _ body: (_ store: any ConformingStore, _ database: TestDatabase) async throws -> Void) async throws {
        let database = try await TestDatabase(kind)
        do {
            try await body(try await database.open(), database)
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }

    private static func createDatabase(_ name: String, on server: PostgresDatabaseURL) async throws {
        let client = PostgresClient(configuration: PostgresClient.Configuration(
            host: server.host, port: server.port, username: server.username, password: server.password, database: server.database,
            tls: .disable))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
        }
    }
}
