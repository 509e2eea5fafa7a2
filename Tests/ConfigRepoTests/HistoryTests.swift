import Foundation
import Testing
import ReleaseModel
@testable import ConfigRepo

@Suite("Release history")
struct HistoryTests {
    @Test("history pages through releases newest first, rollbacks included")
    func paging() async throws {
        let fixture = try await GitFixture.make()
        defer { fixture.remove() }
        let repository = try await fixture.clone("work")
        func release(_ id: String, _ intent: Intent = .releaseArtifact, service: String = "product", environment: String = "prod") async throws {
            var release = SampleRelease(environment: environment, namespace: "banking", id: id)
            release.service = service
            release.intent = intent
            if case .rollback = intent { release.reason = "login broken" }
            try #require(try await release.commit(to: repository) != nil)
        }
        try await release("master-1-1")
        try await release("master-2-2", .releaseBranch(branch: "master"))
        try await release("master-x-x", service: "other")
        try await release("master-3-3", .promote(fromEnvironment: "staging"))
        try await release("master-y-y", environment: "dev")
        try await release("master-2-2", .rollback(previousArtifactID: "master-3-3"))
        try await release("master-4-4", .autoRelease)
        _ = try await repository.writePolicies(Policies(service: "product", autoReleases: [AutoReleasePolicy(id: "auto-release-master-prod", branch: "master", environment: "prod")]), service: "product")
        _ = try await repository.commit(message: PolicyCommitMessage.applyAutoRelease(service: "product", environment: "prod"))
        try await repository.push()

        let first = try await repository.history(environment: "prod", service: "product", count: 2)
        #expect(first.map(\.artifact.id) == ["master-4-4", "master-2-2"])
        #expect(first.map(\.index) == [0, 1])
        #expect(first.map(\.intent) == [.autoRelease, .rollback(previousArtifactID: "master-3-3")])
        #expect(first.map(\.reason) == ["", "login broken"])
        #expect(first.allSatisfy { $0.namespace == "banking" && $0.releasedBy == Person(name: "Rel Easer", email: "releaser@example.com") })
        #expect(first.allSatisfy { $0.releasedAt.secondsSince1970 > 1_600_000_000 && $0.commit.count == 40 })

        let second = try await repository.history(environment: "prod", service: "product", count: 2, offset: 2)
        #expect(second.map(\.artifact.id) == ["master-3-3", "master-2-2"])
        #expect(second.map(\.index) == [2, 3])
        #expect(second.first?.intent == .promote(fromEnvironment: "staging"))

        let rest = try await repository.history(environment: "prod", service: "product", count: 10, offset: 4)
        #expect(rest.map(\.artifact.id) == ["master-1-1"])
        #expect(try await repository.history(environment: "prod", service: "product", count: 3, offset: 9).isEmpty)
        #expect(try await repository.history(environment: "dev", service: "product", count: 5).map(\.artifact.id) == ["master-y-y"])
        #expect(try await repository.history(environment: "prod", service: "nobody", count: 5).isEmpty)

        let entry = try #require(first.first).describeRelease
        #expect(entry.releaseIndex == 0)
        #expect(entry.releasedByEmail == "releaser@example.com")
    }

    @Test("long histories are read in growing windows")
    func longHistory() async throws {
        let fixture = try await GitFixture.make(environments: ["dev"])
        defer { fixture.remove() }
        let repository = try await fixture.clone("work")
        for index in 1...30 {
            var release = SampleRelease(id: "master-\(index)-\(index)")
            release.service = index % 3 == 0 ? "product" : "noise"
            try await release.commit(to: repository)
        }
        let history = try await repository.history(environment: "dev", service: "product", count: 20)
        #expect(history.map(\.artifact.id) == stride(from: 30, through: 3, by: -3).map { "master-\($0)-\($0)" })
    }

    @Test("history refuses bad names")
    func badNames() async throws {
        let fixture = try await GitFixture.make()
        defer { fixture.remove() }
        let repository = try await fixture.clone("work")
        await #expect(throws: ConfigRepositoryError.self) {
            _ = try await repository.history(environment: "../dev", service: "product", count: 1)
        }
    }
}

@Suite("Status and policies")
struct StatusAndPolicyTests {
    @Test("status reads each environment's default namespace or the given one")
    func status() async throws {
        let fixture = try await GitFixture.make()
        defer { fixture.remove() }
        let repository = try await fixture.clone("work")
        try await SampleRelease(id: "master-1-1").commit(to: repository)
        try await SampleRelease(environment: "prod", namespace: "prod", id: "master-0-0").commit(to: repository)
        try await SampleRelease(environment: "staging", namespace: "banking", id: "master-2-2").commit(to: repository)
        try await repository.writePolicies(Policies(service: "product"), service: "product")
        _ = try await repository.commit(message: PolicyCommitMessage.delete(service: "product"))

        let defaults = try await repository.status(service: "product")
        #expect(defaults.map { "\($0.environment)=\($0.spec.id)" } == ["dev=master-1-1", "prod=master-0-0"])
        let banking = try await repository.status(service: "product", namespace: "banking")
        #expect(banking.map { "\($0.environment)=\($0.spec.id)" } == ["staging=master-2-2"])
        #expect(try await repository.status(service: "unknown").isEmpty)
        let dev = try await repository.releases(environment: "dev")
        #expect(dev.map(\.service) == ["product"])
        #expect(try await repository.environments() == ["dev", "prod", "staging"])
    }

    @Test("status reads committed HEAD with the releasing commit; a write in progress is not seen")
    func statusAtHead() async throws {
        let fixture = try await GitFixture.make()
        defer { fixture.remove() }
        let repository = try await fixture.clone("work")
        let commit = try #require(try await SampleRelease(id: "master-1-1").commit(to: repository))
        let inProgress = SampleRelease(id: "master-2-2")
        try await repository.writeRelease(environment: "dev", namespace: "dev", service: "product", files: inProgress.files, artifactJSON: inProgress.spec.goJSON())

        let status = try await repository.status(service: "product")
        #expect(status.map(\.spec.id) == ["master-1-1"])
        #expect(status.first?.commit == commit)
        #expect(status.first?.releasedBy == Person(name: "Rel Easer", email: "releaser@example.com"))
        #expect(status.first?.status.releaseCommit == commit)
        #expect(status.first?.status.releasedAt.isZero == false)
        #expect(try await repository.releases(environment: "dev").map(\.release.spec.id) == ["master-1-1"])
    }

    @Test("a broken artifact.json is an error naming the file")
    func brokenArtifact() async throws {
        let fixture = try await GitFixture.make()
        defer { fixture.remove() }
        let repository = try await fixture.clone("work")
        try await repository.writeRelease(environment: "dev", namespace: "dev", service: "product", files: [], artifactJSON: Data(#"{"id":"a","colour":"red"}"#.utf8))
        _ = try await repository.commit(message: "a broken release")
        await #expect {
            try await repository.currentArtifact(environment: "dev", namespace: "dev", service: "product")
        } throws: { error in
            guard case ConfigRepositoryError.artifact(let path, .unknownField("colour")) = error else { return false }
            return path == "dev/releases/dev/product/artifact.json"
        }
    }

    @Test("policies are read, written in the reference format and committed")
    func policies() async throws {
        let fixture = try await GitFixture.make()
        defer { fixture.remove() }
        let repository = try await fixture.clone("work")
        #expect(try await repository.policies(service: "product") == nil)
        var policies = Policies(service: "")
        let id = try policies.applyAutoRelease(branch: "master", environment: "dev")
        #expect(try await repository.writePolicies(policies, service: "product"))
        #expect(try await repository.commit(message: PolicyCommitMessage.applyAutoRelease(service: "product", environment: "dev")) != nil)
        try await repository.push()

        let stored = try #require(try await repository.policies(service: "product"))
        #expect(stored.service == "product")
        #expect(stored.autoReleases.map(\.id) == [id])
        #expect(try await fixture.remoteGit(["show", "master:policies/product.json"]) == String(decoding: stored.fileData(), as: UTF8.self))
        #expect(try await fixture.remoteGit(["log", "-1", "--format=%s", "master"]) == "[product] policy update: apply auto-release in 'dev'\n")
        // Applying the same again changes nothing.
        #expect(try await !repository.writePolicies(stored, service: "product"))
        #expect(try await repository.commit(message: "again") == nil)

        try Data(#"{"service":"product","owner":"me"}"#.utf8).write(to: repository.root.appendingPathComponent("policies/product.json"))
        // Reads are at HEAD: an uncommitted edit is not seen.
        #expect(try await repository.policies(service: "product") == stored)
        try await repository.run(["add", "--", "policies/product.json"])
        _ = try await repository.commit(message: "a broken policies file")
        await #expect(throws: ConfigRepositoryError.self) { try await repository.policies(service: "product") }
        await #expect(throws: ConfigRepositoryError.self) { try await repository.policies(service: "../product") }
    }
}

@Suite("Reindexing")
struct ReindexTests {
    @Test("every release commit is listed with its namespace, and artifacts read at any commit")
    func releaseCommits() async throws {
        let fixture = try await GitFixture.make()
        defer { fixture.remove() }
        let repository = try await fixture.clone("work")
        let first = try #require(try await SampleRelease(id: "master-1-1").commit(to: repository))
        try await SampleRelease(environment: "prod", namespace: "banking", id: "master-2-2").commit(to: repository)
        try await repository.writePolicies(Policies(service: "product"), service: "product")
        _ = try await repository.commit(message: PolicyCommitMessage.delete(service: "product"))
        try await SampleRelease(id: "master-3-3").commit(to: repository)

        let commits = try await repository.releaseCommits()
        #expect(commits.map(\.message.artifactID) == ["master-3-3", "master-2-2", "master-1-1"])
        #expect(commits.map(\.namespace) == ["dev", "banking", "dev"])
        #expect(commits.last?.commit == first)
        #expect(try await repository.releaseCommits(limit: 1).count == 1)

        let data = try #require(try await repository.artifactData(at: first, environment: "dev", namespace: "dev", service: "product"))
        #expect(try ArtifactSpec(jsonData: data).id == "master-1-1")
        #expect(try await repository.artifactData(at: first, environment: "prod", namespace: "banking", service: "product") == nil)
        await #expect(throws: ConfigRepositoryError.self) {
            _ = try await repository.artifactData(at: "HEAD; rm -rf", environment: "dev", namespace: "dev", service: "product")
        }
    }

    @Test("after a conflict, unpushed commits can be dropped and the release redone")
    func redoAfterConflict() async throws {
        let fixture = try await GitFixture.make()
        defer { fixture.remove() }
        let (_, second) = try await fixture.conflictingClones()
        await #expect(throws: ConfigRepositoryError.self) { try await second.push() }

        try await second.dropUnpushedCommits()
        #expect(try await second.unpushedCommits().isEmpty)
        #expect(try await second.currentArtifact(environment: "dev", namespace: "dev", service: "product")?.spec.id == "master-1-1")
        try await SampleRelease(id: "master-2-2").commit(to: second)
        #expect(try await second.push().attempts == 1)
    }

    @Test("opening without refresh leaves unpushed commits for the caller to decide")
    func openWithoutRefresh() async throws {
        let fixture = try await GitFixture.make()
        defer { fixture.remove() }
        let repository = try await fixture.clone("work")
        let pending = try #require(try await SampleRelease(id: "master-1-1").commit(to: repository))
        let other = try await fixture.clone("other")
        var release = SampleRelease(id: "master-9-9")
        release.service = "other"
        try await release.commit(to: other)
        try await other.push()

        let reopened = try await ConfigRepository.open(repository.options, refresh: false)
        #expect(try await reopened.unpushedCommits() == [pending])
        #expect(try await reopened.head() == pending)
        try await reopened.push()
        #expect(try await fixture.remoteGit(["rev-list", "--count", "master"]) == "3\n")
    }

    @Test("a commit can name the releaser as author; the committer stays the configured identity")
    func authorOverride() async throws {
        let fixture = try await GitFixture.make()
        defer { fixture.remove() }
        let repository = try await fixture.clone("work")
        let release = SampleRelease(id: "master-1-1")
        try await repository.writeRelease(environment: "dev", namespace: "dev", service: "product", files: release.files, artifactJSON: release.spec.goJSON())
        _ = try await repository.commit(message: release.message, author: GitIdentity(name: "Rel Easer", email: "releaser@example.com"))
        #expect(try await repository.run(["log", "-1", "--format=%an <%ae>|%cn <%ce>"]).text == "Rel Easer <releaser@example.com>|Test Bot <bot@example.com>\n")
    }
}
