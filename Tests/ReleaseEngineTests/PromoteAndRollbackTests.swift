import ConfigRepo
import Foundation
import MoonbaseStore
import ReleaseEngine
import ReleaseModel
import Testing

@Suite struct PromoteAndRollbackTests {
    @Test func promoteWalksThroughTheEnvironments() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }
        let id = try await fixture.storeArtifact(sha: "aaaaaaaaaaaa")
        try await fixture.flow.release(fixture.request(id, to: "dev"))
        let promote = PromoteFlow(release: fixture.flow)

        await #expect(throws: ReleaseError.self) {
            try await promote.promote(service: "product", to: "dev", actor: ReleaseFixture.releaser)
        }
        let staging = try await promote.promote(service: "product", to: "staging", actor: ReleaseFixture.releaser)
        let prod = try await promote.promote(service: "product", to: "prod", actor: ReleaseFixture.releaser)

        guard case .released = staging, case .released = prod else {
            Issue.record("expected releases, got \(staging) and \(prod)")
            return
        }
        #expect(try await fixture.remoteArtifactID(environment: "staging") == id)
        #expect(try await fixture.remoteArtifactID(environment: "prod") == id)
        let message = try #require(ReleaseCommitMessage.parse(try await fixture.remoteGit(["log", "-1", "--format=%B", "master"])))
        #expect(message.intent == .promote(fromEnvironment: "staging"))
        #expect(try await promote.promote(service: "product", to: "prod", actor: ReleaseFixture.releaser) == .upToDate(environment: "prod"))
    }

    @Test func promotingFromAnEmptyEnvironmentSaysSo() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }
        await #expect {
            try await PromoteFlow(release: fixture.flow).promote(service: "product", to: "staging", actor: ReleaseFixture.releaser)
        } throws: { error in
            "\(error)" == "cannot promote: service 'product' has no release in environment 'dev'"
        }
    }

    @Test func repeatedRollbacksKeepWalkingBack() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }
        let a = try await fixture.storeArtifact(sha: "aaaaaaaaaaaa")
        let b = try await fixture.storeArtifact(sha: "bbbbbbbbbbbb")
        let c = try await fixture.storeArtifact(sha: "cccccccccccc")
        for id in [a, b, c] { try await fixture.flow.release(fixture.request(id)) }
        let rollback = RollbackFlow(release: fixture.flow)

        try await rollback.rollback(service: "product", environment: "dev", actor: ReleaseFixture.releaser, reason: "c is broken")
        #expect(try await fixture.remoteArtifactID() == b)
        let first = try #require(ReleaseCommitMessage.parse(try await fixture.remoteGit(["log", "-1", "--format=%B", "master"])))
        #expect(first.intent == .rollback(previousArtifactID: c))
        #expect(first.reason == "c is broken")

        try await rollback.rollback(service: "product", environment: "dev", actor: ReleaseFixture.releaser, reason: "b is broken too")
        #expect(try await fixture.remoteArtifactID() == a)

        await #expect(throws: ReleaseError.self) {
            try await rollback.rollback(service: "product", environment: "dev", actor: ReleaseFixture.releaser, reason: "again")
        }

        // A new release after the rollbacks rolls back to what ran before it.
        let d = try await fixture.storeArtifact(sha: "dddddddddddd")
        try await fixture.flow.release(fixture.request(d))
        try await rollback.rollback(service: "product", environment: "dev", actor: ReleaseFixture.releaser, reason: "d is broken")
        #expect(try await fixture.remoteArtifactID() == a)
    }

    @Test func rollbackByStepsAndToAnArtifact() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }
        var ids: [String] = []
        for sha in ["aaaaaaaaaaaa", "bbbbbbbbbbbb", "cccccccccccc", "dddddddddddd"] {
            let id = try await fixture.storeArtifact(sha: sha)
            try await fixture.flow.release(fixture.request(id))
            ids.append(id)
        }
        let rollback = RollbackFlow(release: fixture.flow)

        try await rollback.rollback(service: "product", environment: "dev", to: .steps(2), actor: ReleaseFixture.releaser, reason: "two back")
        #expect(try await fixture.remoteArtifactID() == ids[1])

        try await rollback.rollback(service: "product", environment: "dev", to: .artifact(ids[0]), actor: ReleaseFixture.releaser, reason: "first")
        #expect(try await fixture.remoteArtifactID() == ids[0])

        await #expect {
            try await rollback.rollback(service: "product", environment: "dev", to: .artifact("master-nope-plan"), actor: ReleaseFixture.releaser, reason: "x")
        } throws: { error in
            "\(error)".contains("isn't an earlier release")
        }
    }
}
