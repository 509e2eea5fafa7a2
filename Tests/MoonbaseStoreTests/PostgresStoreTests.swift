import Foundation
import MoonbaseStore
import PostgresStore
import Testing

/// What is particular to the PostgreSQL store: its URL, its migrations shared by replicas, and
/// errors that never show the password.
@Suite struct PostgresStoreTests {
    @Test func aDatabaseURLIsReadAsLibpqWritesIt() throws {
        let url = try PostgresDatabaseURL("postgres://moonbase:p%40ss:word@db.example.com:6432/releases?sslmode=verify-full")
        #expect(url.username == "moonbase" && url.password == "p@ss:word")
        #expect(url.host == "db.example.com" && url.port == 6432 && url.database == "releases")
        #expect(url.tls == .verifyFull)
        #expect(url.description == "postgres://moonbase:***@db.example.com:6432/releases?sslmode=verify-full")
        let defaults = try PostgresDatabaseURL("postgresql://app@localhost/moonbase")
        #expect(defaults.port == 5432 && defaults.tls == .prefer && defaults.password == nil)
        #expect(defaults.description == "postgres://app@localhost:5432/moonbase?sslmode=prefer")
    }

    @Test(arguments: [
        ("mysql://u:hunter2@host/db", "the scheme must be postgres:// or postgresql://, not mysql://"),
        ("postgres://u:hunter2@/db", "the host is missing"),
        ("postgres://:hunter2@host/db", "the user name is missing"),
        ("postgres://u:hunter2@host", "the database name is missing"),
        ("postgres://u:hunter2@host/db?sslmode=always", "sslmode must be one of disable, prefer, require, verify-ca, verify-full, not 'always'"),
        ("postgres://u:hunter2@host/db?timeout=5", "unknown parameter 'timeout'"),
    ])
    func aBadURLIsRefusedSayingWhyWithoutThePassword(_ text: String, _ reason: String) {
        #expect {
            try PostgresDatabaseURL(text)
        } throws: { error in
            let message = "\(error)"
            return message.contains(reason) && !message.contains("hunter2") && message.contains(":***@")
        }
    }

    @Test(.enabled(if: StoreKind.serverURL != nil)) func replicasStartingAtOnceMigrateOnce() async throws {
        let database = try await TestDatabase(.postgres)
        let url = try #require(database.postgresURL)
        let stores = try await withThrowingTaskGroup(of: PostgresStore.self) { group in
            for _ in 0..<4 { group.addTask { try await PostgresStore(url: url) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for store in stores {
            #expect(try await store.appliedMigrations() == ["1 access", "2 release queue", "3 outbox"])
        }
        for store in stores { await store.close() }
    }

    @Test(.enabled(if: StoreKind.serverURL != nil)) func aWrongPasswordIsRefusedWithoutShowingIt() async throws {
        var url = try #require(StoreKind.serverURL)
        url.password = "not-the-password-4711"
        await #expect {
            _ = try await PostgresStore(url: url, connectTimeout: .seconds(2))
        } throws: { error in
            let message = "\(error)"
            return message.contains("postgres://moonbase:***@127.0.0.1") && message.contains(#"password authentication failed for user "moonbase" (SQLSTATE 28P01)"#)
                && !message.contains("not-the-password-4711")
        }
    }

    @Test func anUnreachableServerIsReportedWithinTheTimeout() async throws {
        let url = try PostgresDatabaseURL("postgres://moonbase:hunter2@127.0.0.1:1/moonbase?sslmode=disable")
        await #expect {
            _ = try await PostgresStore(url: url, connectTimeout: .seconds(1))
        } throws: { error in
            "\(error)".hasPrefix("cannot reach PostgreSQL at postgres://moonbase:***@127.0.0.1:1/moonbase?sslmode=disable: the connection failed") && !"\(error)".contains("hunter2")
        }
    }
}
