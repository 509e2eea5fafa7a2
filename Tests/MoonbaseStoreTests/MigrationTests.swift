import Foundation
import MoonbaseStore
import SQLiteStore
import Testing

@Suite struct MigrationTests {
    static let migrations = ["1 artifacts", "2 release events", "3 release queue", "4 access", "5 catalog", "6 portal sessions", "7 cluster feedback", "8 notifications"]

    @Test func migratesAnEmptyFile() throws {
        let folder = try TemporaryFolder()
        #expect(!FileManager.default.fileExists(atPath: folder.databasePath))
        let store = try SQLiteStore(path: folder.databasePath)
        #expect(try store.appliedMigrations() == Self.migrations)
        #expect(FileManager.default.fileExists(atPath: folder.databasePath))
    }

    @Test func reopeningKeepsDataAndAppliesNothingTwice() async throws {
        let folder = try TemporaryFolder()
        do {
            let store = try SQLiteStore(path: folder.databasePath)
            try await store.storeArtifact(try upload(sha: "1111111111", files: ["dev/a.yaml": "a"]))
        }
        for _ in 0..<3 {
            let reopened = try SQLiteStore(path: folder.databasePath)
            #expect(try reopened.appliedMigrations() == Self.migrations)
            #expect(try await reopened.artifact(service: "product", id: "master-1111111111-plan000000") != nil)
        }
    }

    @Test func usesWriteAheadLogging() throws {
        let folder = try TemporaryFolder()
        let store = try SQLiteStore(path: folder.databasePath)
        #expect(try store.journalMode() == "wal")
    }
}
