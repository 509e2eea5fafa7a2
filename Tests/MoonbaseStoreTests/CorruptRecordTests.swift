import Foundation
import GRDB
import ReleaseModel
import Testing

@testable import MoonbaseStore
@testable import SQLiteStore

/// Rows edited by hand (or by a newer version) are reported as typed errors, never a crash.
@Suite struct CorruptRecordTests {
    let folder: TemporaryFolder
    let store: SQLiteStore

    init() throws {
        folder = try TemporaryFolder()
        store = try SQLiteStore(path: folder.databasePath)
    }

    @Test func unknownQueueStateIsACorruptRecord() async throws {
        try await store.enqueue(
            NewQueuedRelease(
                id: "r1", service: "product", environment: "dev", namespace: "dev", artifactID: "a",
                intent: .releaseArtifact, actor: Person(name: "A", email: "a@example.com")))
        try await store.pool.write { db in
            try db.execute(sql: "UPDATE release_queue SET state = 'teleported' WHERE id = 'r1'")
        }
        await #expect(throws: StoreError.corruptRecord(table: "release_queue", key: "r1", reason: "unknown state 'teleported'")) {
            try await store.queuedRelease(id: "r1")
        }
    }

    @Test func unreadableIntentIsACorruptRecord() async throws {
        try await store.recordReleaseEvent(
            ReleaseEvent(
                id: "e1", service: "product", environment: "dev", namespace: "dev", artifactID: "a",
                intent: .autoRelease, releasedBy: Person(name: "A", email: "a@example.com")))
        try await store.pool.write { db in
            try db.execute(sql: "UPDATE release_events SET intent_json = '{\"type\":\"Teleport\"}' WHERE id = 'e1'")
        }
        await #expect(throws: StoreError.self) { try await store.releaseEvent(id: "e1") }
    }

    @Test func unreadableSpecIsACorruptRecord() async throws {
        let uploaded = try upload(sha: "1111111111")
        try await store.storeArtifact(uploaded)
        try await store.pool.write { db in
            try db.execute(sql: "UPDATE artifacts SET spec_json = x'7b7b'")
        }
        await #expect(throws: StoreError.self) {
            try await store.artifact(service: "product", id: uploaded.spec.id)
        }
        try await store.pool.write { db in
            try db.execute(sql: "UPDATE artifacts SET spec_json = ?, created_at = 'yesterday'", arguments: [uploaded.specJSON])
        }
        await #expect(throws: StoreError.self) {
            try await store.latestArtifact(service: "product", branch: "master")
        }
    }

    @Test func valuesOfTheWrongTypeAreCorruptRecords() async throws {
        try await store.recordReleaseEvent(
            ReleaseEvent(
                id: "e1", service: "product", environment: "dev", namespace: "dev", artifactID: "a",
                intent: .autoRelease, releasedBy: Person(name: "A", email: "a@example.com")))
        try await store.pool.write { db in
            try db.execute(sql: "UPDATE release_events SET finished_at = 'later', commit_sha = x'00ff' WHERE id = 'e1'")
        }
        await #expect(throws: StoreError.self) { try await store.releaseEvent(id: "e1") }
        try await store.pool.write { db in
            try db.execute(sql: "UPDATE release_events SET finished_at = NULL, commit_sha = NULL, requested_at = 'soon'")
        }
        await #expect(throws: StoreError.self) { try await store.recentReleaseEvents(limit: 5) }
    }

    @Test func unknownClientGroupIsACorruptRecord() async throws {
        let created = try await store.createToken(group: .hamctl, name: "t")
        try await store.pool.write { db in
            try db.execute(sql: "UPDATE api_tokens SET client_group = 'root'")
        }
        await #expect(throws: StoreError.self) { try await store.verifyToken(created.secret) }
        await #expect(throws: StoreError.self) { try await store.tokens() }
    }
}
