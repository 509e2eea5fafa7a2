import ConfigRepo
import Foundation
import MoonbaseStore
import ReleaseEngine
import ReleaseModel
import Testing

@Suite struct ReleaseFlowTests {
    @Test func releaseCommitsPushesAndRecordsTheEvent() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }
        let id = try await fixture.storeArtifact(sha: "aaaaaaaaaaaa")

        let outcome = try await fixture.flow.release(fixture.request(id))

        guard case .released(let releaseID, let commit) = outcome else {
            Issue.record("expected a release, got \(outcome)")
            return
        }
        #expect(try await fixture.remoteArtifactID() == id)
        #expect(try await fixture.remoteGit(["rev-parse", "master"]).trimmingCharacters(in: .whitespacesAndNewlines) == commit)
        let message = try await fixture.remoteGit(["log", "-1", "--format=%B", "master"])
        let parsed = try #require(ReleaseCommitMessage.parse(message))
        #expect(parsed.service == "product" && parsed.environment == "dev" && parsed.artifactID == id)
        #expect(parsed.releasedBy == ReleaseFixture.releaser)
        #expect(parsed.createdBy == Person(name: "Alice", email: "alice@example.com"))
        let event = try #require(try await fixture.store.releaseEvent(id: releaseID))
        #expect(event.state == .released && event.commit == commit)
        #expect(try await fixture.store.queuedRelease(id: releaseID)?.state == .pushed)
    }

    @Test func releasingWhatRunsIsANoOp() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }
        let id = try await fixture.storeArtifact(sha: "aaaaaaaaaaaa")
        try await fixture.flow.release(fixture.request(id))
        let head = try await fixture.remoteGit(["rev-parse", "master"])

        let outcome = try await fixture.flow.release(fixture.request(id))

        #expect(outcome == .upToDate(environment: "dev"))
        #expect(outcome.message == "Environment 'dev' is already up-to-date")
        #expect(try await fixture.remoteGit(["rev-parse", "master"]) == head)
    }

    @Test func unknownArtifactIsRefusedWithTheIntentText() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }

        await #expect {
            try await fixture.flow.release(fixture.request("master-0000000000-plan000000", intent: .releaseBranch(branch: "master")))
        } throws: { error in
            "\(error)" == "branch 'master' with artifact 'master-0000000000-plan000000' not found for service 'product'"
        }
    }

    @Test func anEnvironmentTheArtifactHasNoManifestsForIsUnknown() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }
        let id = try await fixture.storeArtifact(sha: "aaaaaaaaaaaa", environments: ["dev"])

        await #expect {
            try await fixture.flow.release(fixture.request(id, to: "prod"))
        } throws: { error in
            "\(error)" == "unknown environment: prod (artifact '\(id)' has no manifests for it: its upload had no prod/ folder)"
        }
        #expect(try await fixture.store.unfinishedReleases().isEmpty)
    }

    @Test func aBranchRestrictionRefusesAndSaysWhich() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }
        var policies = Policies(service: "product")
        try policies.applyBranchRestriction(branchRegex: "^master$", environment: "prod")
        try await fixture.repository.writePolicies(policies, service: "product")
        _ = try await fixture.repository.commit(message: "[product] policy update: apply branch-restriction in 'prod'")
        try await fixture.repository.push()
        let id = try await fixture.storeArtifact(branch: "feature", sha: "bbbbbbbbbbbb")

        await #expect {
            try await fixture.flow.release(fixture.request(id, to: "prod"))
        } throws: { error in
            guard case ReleaseError.refused(_, _, _, let branch, let restriction) = error else { return false }
            let text = "\(error)"
            return branch == "feature" && restriction.id == "branch-restriction-prod"
                && text.hasPrefix("cannot release artifact '\(id)' to environment 'prod' due to branch restriction policy")
                && text.contains("'branch-restriction-prod'") && text.contains("'^master$'")
        }
        // Other environments are not restricted.
        let outcome = try await fixture.flow.release(fixture.request(id, to: "dev"))
        guard case .released = outcome else {
            Issue.record("expected a release to dev, got \(outcome)")
            return
        }
        let refused = try await fixture.store.releaseHistory(service: "product", environment: "prod", limit: 10, offset: 0)
        #expect(refused.events.map(\.state) == [.refused])
    }

    @Test func aGlobalBranchRestrictionRefuses() async throws {
        let fixture = try await ReleaseFixture.make(globalBranchRestrictions: [.global(environment: "prod", branchRegex: "^master$")])
        defer { fixture.remove() }
        let id = try await fixture.storeArtifact(branch: "feature", sha: "bbbbbbbbbbbb")

        await #expect {
            try await fixture.flow.release(fixture.request(id, to: "prod"))
        } throws: { error in
            "\(error)".contains("the global branch restriction")
        }
    }

    @Test func waitFalseAnswersWithTheReleaseIDAtOnce() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }
        let id = try await fixture.storeArtifact(sha: "aaaaaaaaaaaa")

        let outcome = try await fixture.flow.release(fixture.request(id), wait: false)
        guard case .queued(let releaseID) = outcome else {
            Issue.record("expected a queued release, got \(outcome)")
            return
        }
        await fixture.queue.drain()
        #expect(try await fixture.store.queuedRelease(id: releaseID)?.state == .pushed)
        #expect(try await fixture.remoteArtifactID() == id)
    }
}
