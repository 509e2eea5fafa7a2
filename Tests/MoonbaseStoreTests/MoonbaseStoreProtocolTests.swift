import Foundation
import MoonbaseStore
import SQLiteStore
import ReleaseModel
import Testing

/// Callers (flows, routes) hold the store as `any MoonbaseStore`: one release goes through it
/// the way the release engine will drive it.
@Suite struct MoonbaseStoreProtocolTests {
    @Test func aReleaseThroughTheProtocol() async throws {
        let folder = try TemporaryFolder()
        let store: any MoonbaseStore = try SQLiteStore(path: folder.databasePath)
        let alice = Person(name: "Alice", email: "alice@example.com")

        let uploaded = try upload(sha: "1111111111", files: ["dev/deployment.yaml": "kind: Deployment\n"])
        try await store.storeArtifact(uploaded)
        let artifact = try #require(try await store.latestArtifact(service: "product", branch: "master"))

        let event = ReleaseEvent(
            service: "product", environment: "dev", namespace: artifact.spec.namespace(in: "dev"),
            artifactID: artifact.id, intent: .releaseBranch(branch: "master"), releasedBy: alice)
        try await store.recordReleaseEvent(event)
        try await store.enqueue(
            NewQueuedRelease(
                id: event.id, service: event.service, environment: event.environment, namespace: event.namespace,
                artifactID: event.artifactID, intent: event.intent, actor: alice))

        let batch = try await store.claimReleases(limit: 10)
        #expect(batch.map(\.id) == [event.id])
        let files = try await store.artifactFiles(service: "product", id: artifact.id, environment: "dev")
        #expect(files.map(\.path) == ["deployment.yaml"])
        try await store.markCommitted(id: event.id, commit: "c0ffee")
        try await store.markPushed(id: event.id)
        try await store.finishReleaseEvent(id: event.id, state: .released, commit: "c0ffee", message: "", at: Date())

        #expect(try await store.queuedRelease(id: event.id)?.state == .pushed)
        let history = try await store.releaseHistory(service: "product", environment: "dev", limit: 1, offset: 0)
        #expect(history.events.first?.commit == "c0ffee")
        #expect(history.events.first?.namespace == "dev")
    }
}
