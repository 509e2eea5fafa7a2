import Foundation
import ReleaseModel
import Testing
@testable import ConfigRepo

@Suite("The snapshot of HEAD that reads answer from")
struct SnapshotTests {
    @Test("it follows HEAD through releases, policy changes, pushes from elsewhere and dropped commits")
    func followsHead() async throws {
        let fixture = try await GitFixture.make()
        defer { fixture.remove() }
        let work = try await fixture.clone("work")
        let other = try await fixture.clone("other")
        #expect(try await work.status(service: "product").isEmpty)
        #expect(try await work.policies(service: "product") == nil)

        let first = try #require(try await SampleRelease(id: "master-1-1").commit(to: work))
        try await work.push()
        let released = try #require(try await work.status(service: "product").first)
        #expect(released.spec.id == "master-1-1")
        #expect(released.commit == first)
        #expect(released.releasedBy == Person(name: "Rel Easer", email: "releaser@example.com"))

        let policies = Policies(service: "product", branchRestrictions: [BranchRestriction(id: "r", branchRegex: "^master$", environment: "prod")])
        try await work.writePolicies(policies, service: "product")
        // Staged but not committed: reads still answer HEAD.
        #expect(try await work.policies(service: "product") == nil)
        _ = try await work.commit(message: "[product] policy update")
        #expect(try await work.policies(service: "product")?.branchRestrictions == policies.branchRestrictions)

        // Another clone pushes a release and a new environment; refresh brings them in.
        try await other.refresh()
        let second = try #require(try await SampleRelease(id: "master-2-2").commit(to: other))
        try await SampleRelease(environment: "qa", namespace: "qa", id: "master-2-2").commit(to: other)
        try await other.push()
        try await work.push()  // rebases the policy commit onto the other clone's commits
        #expect(try await work.environments() == ["dev", "prod", "qa", "staging"])
        let status = try await work.status(service: "product")
        #expect(status.map(\.environment) == ["dev", "qa"])
        #expect(status.first?.spec.id == "master-2-2")
        #expect(status.first?.commit == second)
        #expect(try await work.policies(service: "product")?.branchRestrictions == policies.branchRestrictions)

        // A local commit that is dropped disappears from the reads.
        try await SampleRelease(id: "master-3-3").commit(to: work)
        #expect(try await work.currentArtifact(environment: "dev", namespace: "dev", service: "product")?.spec.id == "master-3-3")
        try await work.dropUnpushedCommits()
        #expect(try await work.currentArtifact(environment: "dev", namespace: "dev", service: "product")?.spec.id == "master-2-2")
        let head = try await work.head()
        #expect(try await work.snapshots.snapshot(of: work).head == head)
    }

    @Test("an incremental update holds what reading the commit whole holds")
    func incrementalEqualsWhole() async throws {
        let fixture = try await GitFixture.make()
        defer { fixture.remove() }
        let work = try await fixture.clone("work")
        let start = try await ConfigSnapshot.loaded(at: try await work.head(), from: work)
        try await SampleRelease(id: "master-1-1").commit(to: work)
        try await SampleRelease(namespace: "banking", id: "master-1-1").commit(to: work)
        try await work.writePolicies(Policies(service: "product"), service: "product")
        _ = try await work.commit(message: "[product] policy update")
        try await SampleRelease(id: "master-2-2").commit(to: work)
        let head = try await work.head()
        let updated = try await start.updated(to: head, from: work)
        let whole = try await ConfigSnapshot.loaded(at: head, from: work)
        #expect(updated.blobs == whole.blobs)
        #expect(updated.policies == whole.policies)
        #expect(updated.topLevelFolders == whole.topLevelFolders)
        #expect(updated.releases.mapValues { [$0.data.base64EncodedString(), $0.commit?.hash ?? ""] } == whole.releases.mapValues { [$0.data.base64EncodedString(), $0.commit?.hash ?? ""] })
        #expect(updated.releases.count == 2)
    }

    @Test("HEAD and the remote branch are read from loose and packed refs alike")
    func refsFromFiles() async throws {
        let fixture = try await GitFixture.make()
        defer { fixture.remove() }
        let work = try await fixture.clone("work")
        let commit = try #require(try await SampleRelease(id: "master-1-1").commit(to: work))
        #expect(work.refs.head() == commit)
        try await work.run(["pack-refs", "--all", "--prune"])
        #expect(!FileManager.default.fileExists(atPath: work.root.appendingPathComponent(".git/refs/heads/master").path))
        #expect(work.refs.head() == commit)
        #expect(work.refs.commit(of: "refs/remotes/origin/master") == (try await work.run(["rev-parse", "origin/master"]).trimmed))
        #expect(work.refs.commit(of: "refs/heads/../../config") == nil)
        #expect(try await work.currentArtifact(environment: "dev", namespace: "dev", service: "product")?.commit == commit)
    }
}
