import Foundation
import MoonbaseStore
import SQLiteStore
import ReleaseModel
import Testing

@Suite struct ArtifactStoreTests {
    let folder: TemporaryFolder
    let store: SQLiteStore

    init() throws {
        folder = try TemporaryFolder()
        store = try SQLiteStore(path: folder.databasePath)
    }

    @Test func storesAnArtifactAndReadsItBack() async throws {
        let uploaded = try upload(
            service: "product", sha: "abcdef1234567890",
            files: ["dev/deployment.yaml": "kind: Deployment\n", "prod/deployment.yaml": "replicas: 3\n",
                    "prod/jobs/migrate.yaml": "kind: Job\n"])
        #expect(try await store.storeArtifact(uploaded) == .stored)

        let artifact = try #require(try await store.artifact(service: "product", id: uploaded.spec.id))
        #expect(artifact.spec == uploaded.spec)
        #expect(artifact.specJSON == uploaded.specJSON)
        #expect(artifact.service == "product")
        #expect(artifact.branch == "master")
        #expect(artifact.squad == "nasa")
        #expect(abs(artifact.createdAt.timeIntervalSinceNow) < 60)

        #expect(try await store.artifactEnvironments(service: "product", id: uploaded.spec.id) == ["dev", "prod"])
        let prod = try await store.artifactFiles(service: "product", id: uploaded.spec.id, environment: "prod")
        #expect(prod.map(\.path) == ["deployment.yaml", "jobs/migrate.yaml"])
        #expect(prod.map { String(decoding: $0.content, as: UTF8.self) } == ["replicas: 3\n", "kind: Job\n"])
        #expect(prod.allSatisfy { $0.environment == "prod" })
    }

    @Test func unknownArtifactsAreNilOrEmpty() async throws {
        #expect(try await store.artifact(service: "product", id: "nope") == nil)
        #expect(try await store.latestArtifact(service: "product", branch: "master") == nil)
        #expect(try await store.artifactEnvironments(service: "product", id: "nope") == [])
        #expect(try await store.artifactFiles(service: "product", id: "nope", environment: "dev") == [])
        let list = try await store.artifacts(service: "product", branch: nil, limit: 10, offset: 0)
        #expect(list.artifacts.isEmpty && list.total == 0)

        let uploaded = try upload(sha: "1111111111", files: ["dev/a.yaml": "a"])
        try await store.storeArtifact(uploaded)
        #expect(try await store.artifactFiles(service: "product", id: uploaded.spec.id, environment: "staging") == [])
        #expect(try await store.artifact(service: "other", id: uploaded.spec.id) == nil)
    }

    @Test func identicalFilesAreStoredOnce() async throws {
        let shared = "apiVersion: v1\nkind: ConfigMap\n"
        try await store.storeArtifact(
            try upload(sha: "1111111111", files: ["dev/config.yaml": shared, "prod/config.yaml": shared]))
        try await store.storeArtifact(
            try upload(sha: "2222222222", files: ["dev/config.yaml": shared, "dev/other.yaml": "x"]))
        #expect(try await store.blobCount() == 2)
        let first = try await store.artifactFiles(
            service: "product", id: "master-1111111111-plan000000", environment: "prod")
        #expect(first.map(\.content) == [Data(shared.utf8)])
    }

    @Test func storingTheSameArtifactAgainIsANoOp() async throws {
        let uploaded = try upload(sha: "1111111111", files: ["dev/a.yaml": "a", "dev/b.yaml": "b"])
        #expect(try await store.storeArtifact(uploaded) == .stored)
        // Same content, files listed in another order.
        let again = try ArtifactUpload(specJSON: uploaded.specJSON, files: uploaded.files.reversed())
        #expect(try await store.storeArtifact(again) == .alreadyStored)
        #expect(try await store.artifacts(service: "product", branch: nil, limit: 10, offset: 0).total == 1)
    }

    @Test func concurrentUploadsOfOneArtifactStoreItOnce() async throws {
        let uploaded = try upload(sha: "1111111111", files: ["dev/a.yaml": "a", "prod/a.yaml": "a"])
        let second = try SQLiteStore(path: folder.databasePath)
        let stores = [store, second]
        let outcomes = try await withThrowingTaskGroup(of: ArtifactStoreOutcome.self) { group in
            for index in 0..<12 {
                let uploadingStore = stores[index % 2]
                group.addTask { try await uploadingStore.storeArtifact(uploaded) }
            }
            var all: [ArtifactStoreOutcome] = []
            for try await outcome in group { all.append(outcome) }
            return all
        }
        #expect(outcomes.filter { $0 == .stored }.count == 1)
        #expect(outcomes.filter { $0 == .alreadyStored }.count == 11)
        #expect(try await store.blobCount() == 1)
    }

    @Test func storingTheSameIDWithOtherContentFails() async throws {
        let uploaded = try upload(sha: "1111111111", files: ["dev/a.yaml": "a"])
        try await store.storeArtifact(uploaded)

        let otherFile = try ArtifactUpload(
            specJSON: uploaded.specJSON, files: [ArtifactFile(environment: "dev", path: "a.yaml", content: Data("b".utf8))])
        await #expect(throws: StoreError.artifactConflict(service: "product", id: uploaded.spec.id)) {
            try await store.storeArtifact(otherFile)
        }
        let extraFile = try ArtifactUpload(
            specJSON: uploaded.specJSON,
            files: uploaded.files + [ArtifactFile(environment: "prod", path: "a.yaml", content: Data("a".utf8))])
        await #expect(throws: StoreError.artifactConflict(service: "product", id: uploaded.spec.id)) {
            try await store.storeArtifact(extraFile)
        }
        var spec = uploaded.spec
        spec.squad = "other"
        let otherSpec = try ArtifactUpload(specJSON: spec.goJSON(), files: uploaded.files)
        await #expect(throws: StoreError.artifactConflict(service: "product", id: uploaded.spec.id)) {
            try await store.storeArtifact(otherSpec)
        }
        // The stored one is untouched.
        let stored = try await store.artifactFiles(service: "product", id: uploaded.spec.id, environment: "dev")
        #expect(stored.map(\.content) == [Data("a".utf8)])
        #expect(try await store.artifactEnvironments(service: "product", id: uploaded.spec.id) == ["dev"])
    }

    @Test func latestArtifactMatchesTheBranchExactly() async throws {
        try await store.storeArtifact(try upload(branch: "master", sha: "1111111111"))
        try await store.storeArtifact(try upload(branch: "master", sha: "2222222222"))
        // Uploaded later, on a branch whose id shares the prefix `master-`.
        try await store.storeArtifact(try upload(branch: "master-foo", sha: "3333333333"))
        try await store.storeArtifact(try upload(service: "other", branch: "master", sha: "4444444444"))

        let latest = try #require(try await store.latestArtifact(service: "product", branch: "master"))
        #expect(latest.id == "master-2222222222-plan000000")
        let foo = try #require(try await store.latestArtifact(service: "product", branch: "master-foo"))
        #expect(foo.id == "master-foo-3333333333-plan000000")
        #expect(try await store.latestArtifact(service: "product", branch: "mast") == nil)
    }

    @Test func latestIsByUploadOrderNotByName() async throws {
        try await store.storeArtifact(try upload(sha: "ffffffffff"))
        try await store.storeArtifact(try upload(sha: "0000000000"))
        let latest = try #require(try await store.latestArtifact(service: "product", branch: "master"))
        #expect(latest.id == "master-0000000000-plan000000")
    }

    @Test func listsArtifactsNewestFirstWithCount() async throws {
        for index in 0..<5 {
            try await store.storeArtifact(try upload(branch: "master", sha: "m\(index)00000000"))
        }
        for index in 0..<3 {
            try await store.storeArtifact(try upload(branch: "feature/x", sha: "f\(index)00000000"))
        }
        try await store.storeArtifact(try upload(service: "other", sha: "o000000000"))

        let all = try await store.artifacts(service: "product", branch: nil, limit: 4, offset: 0)
        #expect(all.total == 8)
        #expect(all.artifacts.map(\.id) == [
            "feature_x-f200000000-plan000000", "feature_x-f100000000-plan000000", "feature_x-f000000000-plan000000",
            "master-m400000000-plan000000",
        ])
        let master = try await store.artifacts(service: "product", branch: "master", limit: 2, offset: 1)
        #expect(master.total == 5)
        #expect(master.artifacts.map(\.id) == ["master-m300000000-plan000000", "master-m200000000-plan000000"])
        let beyond = try await store.artifacts(service: "product", branch: "feature/x", limit: 10, offset: 10)
        #expect(beyond.artifacts.isEmpty && beyond.total == 3)

        await #expect(throws: StoreError.self) {
            try await store.artifacts(service: "product", branch: nil, limit: -1, offset: 0)
        }
    }

    @Test func refusesFileNamesThatLeaveTheirFolder() throws {
        let spec = specJSON(service: "product", branch: "master", sha: "1111111111")
        for (environment, path) in [
            ("dev", "../escape.yaml"), ("dev", "/etc/passwd"), ("dev", "a//b.yaml"), ("dev", ""), ("..", "a.yaml"),
            ("dev/x", "a.yaml"), ("", "a.yaml"), ("dev", "a/./b.yaml"), ("dev", "a\\b.yaml"),
        ] {
            #expect(throws: StoreError.self) {
                try ArtifactUpload(
                    specJSON: spec, files: [ArtifactFile(environment: environment, path: path, content: Data())])
            }
        }
        #expect(throws: StoreError.self) {
            try ArtifactUpload(
                specJSON: spec,
                files: [
                    ArtifactFile(environment: "dev", path: "a.yaml", content: Data("1".utf8)),
                    ArtifactFile(environment: "dev", path: "a.yaml", content: Data("2".utf8)),
                ])
        }
    }

    @Test func refusesSpecsWithoutServiceOrID() throws {
        #expect(throws: StoreError.self) { try ArtifactUpload(specJSON: Data("{}".utf8), files: []) }
        #expect(throws: StoreError.self) { try ArtifactUpload(specJSON: Data("not json".utf8), files: []) }
        #expect(throws: StoreError.self) {
            try ArtifactUpload(specJSON: Data(#"{"id":"x","service":"s","surprise":1}"#.utf8), files: [])
        }
    }
}
