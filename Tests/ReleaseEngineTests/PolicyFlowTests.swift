import ConfigRepo
import Foundation
import MoonbaseStore
import ReleaseEngine
import ReleaseModel
import Testing

extension ReleaseFixture {
    func policyFlow(global: [BranchRestriction] = []) -> PolicyFlow {
        PolicyFlow(repository: ConfigReleaseRepository(repository), queue: queue, audit: store, globalBranchRestrictions: global)
    }

    func remoteCommitCount() async throws -> Int {
        Int(try await remoteGit(["rev-list", "--count", "master"]).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }
}

/// Whether `error` is a ``ReleaseError/policy(_:)`` whose message contains `text`.
func isPolicyError(_ error: any Error, containing text: String) -> Bool {
    guard case ReleaseError.policy = error else { return false }
    return "\(error)".contains(text)
}

@Suite struct PolicyFlowTests {
    static let actor = Person(name: "Pol Icy", email: "policy@example.com")

    @Test func applyingAutoReleaseCommitsTheReferenceFileOnceAndAuditsIt() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }
        let flow = fixture.policyFlow()

        let id = try await flow.applyAutoRelease(service: "product", branch: "master", environment: "dev", actor: Self.actor)

        #expect(id == "auto-release-master-dev")
        #expect(try await fixture.remoteGit(["show", "master:policies/product.json"]) == """
        {
          "service": "product",
          "autoReleases": [
            {
              "id": "auto-release-master-dev",
              "branch": "master",
              "environment": "dev"
            }
          ]
        }

        """)
        #expect(try await fixture.remoteGit(["log", "-1", "--format=%s", "master"]) == "[product] policy update: apply auto-release in 'dev'\n")
        let commits = try await fixture.remoteCommitCount()
        #expect(try await flow.applyAutoRelease(service: "product", branch: "master", environment: "dev", actor: Self.actor) == id)
        #expect(try await fixture.remoteCommitCount() == commits)

        let audit = try await fixture.store.auditLog(limit: 10, offset: 0)
        #expect(audit.count == 1)
        #expect(audit.first?.actor == "policy@example.com")
        #expect(audit.first?.action == "policy.apply")
        #expect(audit.first?.details["id"] == .string(id))
    }

    @Test func oneAutoReleasePerEnvironmentIsReplacedInPlace() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }
        let flow = fixture.policyFlow()
        try await flow.applyAutoRelease(service: "product", branch: "master", environment: "dev", actor: Self.actor)
        try await flow.applyAutoRelease(service: "product", branch: "master", environment: "staging", actor: Self.actor)
        try await flow.applyAutoRelease(service: "product", branch: "develop", environment: "dev", actor: Self.actor)

        let policies = try #require(try await flow.policies(service: "product"))
        #expect(policies.autoReleases.map(\.id) == ["auto-release-develop-dev", "auto-release-master-staging"])
    }

    @Test func branchRestrictionsMustCompileAndBeAnchoredUnlessForced() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }
        let flow = fixture.policyFlow()
        let commits = try await fixture.remoteCommitCount()

        await #expect {
            try await flow.applyBranchRestriction(service: "product", environment: "prod", branchRegex: "master(", actor: Self.actor)
        } throws: { isPolicyError($0, containing: "branch regex not valid: ") }
        await #expect {
            try await flow.applyBranchRestriction(service: "product", environment: "prod", branchRegex: "master", actor: Self.actor)
        } throws: { isPolicyError($0, containing: "'master' also matches 'refactor-master-worker'") }
        #expect(try await fixture.remoteCommitCount() == commits)

        let forced = try await flow.applyBranchRestriction(service: "product", environment: "prod", branchRegex: "master", force: true, actor: Self.actor)
        #expect(forced == "branch-restriction-prod")
        let anchored = try await flow.applyBranchRestriction(service: "product", environment: "prod", branchRegex: "^master$", actor: Self.actor)
        #expect(anchored == forced)
        #expect(try await fixture.remoteGit(["log", "-1", "--format=%s", "master"]) == "[product] policy update: apply branch-restriction in 'prod'\n")
        let policies = try #require(try await flow.policies(service: "product"))
        #expect(policies.branchRestrictions == [BranchRestriction(id: "branch-restriction-prod", branchRegex: "^master$", environment: "prod")])
    }

    @Test func conflictingPoliciesAreRefusedAndSayWithWhat() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }
        let flow = fixture.policyFlow()
        try await flow.applyAutoRelease(service: "product", branch: "develop", environment: "dev", actor: Self.actor)
        try await flow.applyBranchRestriction(service: "product", environment: "prod", branchRegex: "^master$", actor: Self.actor)

        await #expect {
            try await flow.applyBranchRestriction(service: "product", environment: "dev", branchRegex: "^master$", actor: Self.actor)
        } throws: { isPolicyError($0, containing: "policy conflicts with another policy: conflict with auto-release-develop-dev") }
        await #expect {
            try await flow.applyAutoRelease(service: "product", branch: "feature", environment: "prod", actor: Self.actor)
        } throws: { isPolicyError($0, containing: "policy conflicts with another policy: branch 'feature' is not allowed in 'prod' by branch-restriction-prod") }
    }

    @Test func globalRestrictionsAreListedFirstAndConflictWithDifferentOnes() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }
        let flow = fixture.policyFlow(global: [.global(environment: "prod", branchRegex: "^master$")])

        let listed = try #require(try await flow.policies(service: "product"))
        #expect(ListPoliciesResponse(policies: listed, global: flow.globalBranchRestrictions).branchRestrictions.map(\.branchRegex) == ["^master$"])
        await #expect {
            try await flow.applyBranchRestriction(service: "product", environment: "prod", branchRegex: "^main$", actor: Self.actor)
        } throws: { isPolicyError($0, containing: "policy conflicts with another policy: conflicts with global policy") }
        await #expect {
            try await flow.applyAutoRelease(service: "product", branch: "feature", environment: "prod", actor: Self.actor)
        } throws: { isPolicyError($0, containing: "by global branch restriction ('^master$')") }
        #expect(try await flow.applyAutoRelease(service: "product", branch: "master", environment: "prod", actor: Self.actor) == "auto-release-master-prod")
        #expect(try await fixture.policyFlow().policies(service: "other") == nil)
        #expect(try await flow.delete(service: "product", ids: [""], actor: Self.actor) == 0)
    }

    @Test func deleteCountsWhatItRemovedAndIgnoresUnknownIDs() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }
        let flow = fixture.policyFlow()
        try await flow.applyAutoRelease(service: "product", branch: "master", environment: "dev", actor: Self.actor)
        try await flow.applyBranchRestriction(service: "product", environment: "prod", branchRegex: "^master$", actor: Self.actor)
        let commits = try await fixture.remoteCommitCount()

        #expect(try await flow.delete(service: "product", ids: ["no-such-policy"], actor: Self.actor) == 0)
        #expect(try await fixture.remoteCommitCount() == commits)
        #expect(try await flow.delete(service: "product", ids: ["auto-release-master-dev", "branch-restriction-prod", "nope"], actor: Self.actor) == 2)
        #expect(try await fixture.remoteGit(["log", "-1", "--format=%s", "master"]) == "[product] policy update: delete policies\n")
        #expect(try await fixture.remoteGit(["show", "master:policies/product.json"]) == "{\n  \"service\": \"product\"\n}\n")
        #expect(try await flow.policies(service: "product") == nil)
        #expect(try await fixture.store.auditLog(limit: 10, offset: 0).first?.action == "policy.delete")
    }

    @Test func policyChangesDuringReleasesLoseNothingAndKeepHistoryLinear() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }
        let flow = fixture.policyFlow()
        let services = (1...12).map { "service-\($0)" }
        var ids: [String: String] = [:]
        for (index, service) in services.enumerated() {
            ids[service] = try await fixture.storeArtifact(service: service, sha: String(format: "%012d", index))
        }
        let before = try await fixture.remoteCommitCount()

        try await withThrowingTaskGroup(of: Void.self) { group in
            for service in services {
                let request = fixture.request(ids[service]!, service: service)
                group.addTask { try await fixture.flow.release(request) }
            }
            for environment in ["dev", "staging", "prod"] {
                group.addTask {
                    try await flow.applyBranchRestriction(service: "product", environment: environment, branchRegex: "^master$", actor: Self.actor)
                }
                group.addTask {
                    try await flow.applyAutoRelease(service: "product", branch: "master", environment: environment, actor: Self.actor)
                }
            }
            try await group.waitForAll()
        }

        let policies = try #require(try await flow.policies(service: "product"))
        #expect(Set(policies.autoReleases.map(\.id)) == ["auto-release-master-dev", "auto-release-master-staging", "auto-release-master-prod"])
        #expect(Set(policies.branchRestrictions.map(\.id)) == ["branch-restriction-dev", "branch-restriction-staging", "branch-restriction-prod"])
        for service in services {
            #expect(try await fixture.remoteArtifactID(service: service) == ids[service])
        }
        #expect(try await fixture.remoteCommitCount() - before == services.count + 6)
        #expect(try await fixture.remoteGit(["rev-list", "--merges", "master"]).isEmpty)
        #expect(try await fixture.repository.unpushedCommits().isEmpty)
    }
}

@Suite struct PolicyRecomputeTests {
    /// The other writer of ``MovingRemoteRepository`` pushes a `^master$` restriction of
    /// `elsewhere` in prod just before the first push: the change is rejected and redone on it.
    func movingFixture() async throws -> (ReleaseFixture, PolicyFlow) {
        let fixture = try await ReleaseFixture.make()
        let other = try await ConfigRepository.open(ConfigRepositoryOptions(
            remoteURL: fixture.remote.path, workingDirectory: fixture.base.appendingPathComponent("other")
        ))
        let repository = MovingRemoteRepository(base: fixture.repository, other: other)
        let queue = ReleaseQueue(repository: repository, store: fixture.store)
        return (fixture, PolicyFlow(repository: repository, queue: queue, audit: fixture.store))
    }

    @Test func aChangeRejectedByAMovedRemoteIsRecomputedOnTheNewHead() async throws {
        let (fixture, flow) = try await movingFixture()
        defer { fixture.remove() }

        try await flow.applyAutoRelease(service: "elsewhere", branch: "master", environment: "dev", actor: PolicyFlowTests.actor)

        let policies = try #require(try await flow.policies(service: "elsewhere"))
        #expect(policies.branchRestrictions.map(\.id) == ["branch-restriction-prod"])
        #expect(policies.autoReleases.map(\.id) == ["auto-release-master-dev"])
        #expect(try await fixture.remoteGit(["log", "-2", "--format=%s", "master"]) == """
        [elsewhere] policy update: apply auto-release in 'dev'
        [elsewhere] policy update: apply branch-restriction in 'prod'

        """)
    }

    @Test func aRecomputedChangeThatNowConflictsIsRefused() async throws {
        let (fixture, flow) = try await movingFixture()
        defer { fixture.remove() }

        await #expect {
            try await flow.applyAutoRelease(service: "elsewhere", branch: "feature", environment: "prod", actor: PolicyFlowTests.actor)
        } throws: { isPolicyError($0, containing: "policy conflicts with another policy") }
        #expect(try await fixture.remoteGit(["log", "-1", "--format=%s", "master"]) == "[elsewhere] policy update: apply branch-restriction in 'prod'\n")
        #expect(try await fixture.repository.unpushedCommits().isEmpty)
    }
}
