import ConfigRepo
import Foundation
import MoonbaseStore
import ReleaseEngine
import ReleaseModel
import TestSupport
import Testing

@Suite struct AutoReleaseFlowTests {
    static func archive(id: String, branch: String = "master", manifest: String = "kind: Deployment\n") throws -> Data {
        var spec = ArtifactSpec(id: id, service: "product", squad: "nasa")
        spec.application.branch = branch
        spec.application.authorName = "Alice"
        spec.application.authorEmail = "alice@example.com"
        return try makeZip([
            .file("artifact.json", data: spec.goJSON(trailingNewline: true)),
            .file("dev/deployment.yaml", manifest),
            .file("prod/deployment.yaml", manifest),
        ])
    }

    static func writeAutoReleases(_ fixture: ReleaseFixture, _ rules: [(branch: String, environment: String)]) async throws {
        var policies = Policies(service: "product")
        for rule in rules { _ = try policies.applyAutoRelease(branch: rule.branch, environment: rule.environment) }
        try await fixture.repository.writePolicies(policies, service: "product")
        _ = try await fixture.repository.commit(message: "[product] policy update: apply auto-release")
        try await fixture.repository.push()
    }

    @Test func aNewArtifactIsReleasedWhereItsBranchAutoReleases() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }
        try await Self.writeAutoReleases(fixture, [("master", "dev"), ("master-foo", "prod")])
        let uploads = ArtifactUploadFlow(store: fixture.store, autoRelease: AutoReleaseFlow(release: fixture.flow))
        let id = ArtifactID.make(branch: "master", sha: "aaaaaaaaaaaa", planSHA: "plan000000")

        let result = try await uploads.receive(try Self.archive(id: id), service: "product", artifactID: id)
        #expect(result.stored == .stored)
        #expect(result.autoReleases.map(\.policy.environment) == ["dev"])
        guard case .success(.queued) = result.autoReleases.first?.outcome else {
            Issue.record("expected a queued release, got \(String(describing: result.autoReleases.first?.outcome))")
            return
        }
        await fixture.queue.drain()
        #expect(try await fixture.remoteArtifactID(environment: "dev") == id)
        #expect(try await fixture.remoteArtifactID(environment: "prod") == nil)
        let message = try #require(ReleaseCommitMessage.parse(try await fixture.remoteGit(["log", "-1", "--format=%B", "master"])))
        #expect(message.intent == .autoRelease)
        #expect(message.releasedBy == Person(name: "Alice", email: "alice@example.com"))

        // An identical re-upload changes nothing and releases nothing.
        let again = try await uploads.receive(try Self.archive(id: id), service: "product", artifactID: id)
        #expect(again.stored == .alreadyStored)
        #expect(again.autoReleases.isEmpty)
    }

    @Test func differentContentForAStoredIdIsAConflict() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }
        let uploads = ArtifactUploadFlow(store: fixture.store, autoRelease: AutoReleaseFlow(release: fixture.flow))
        let id = ArtifactID.make(branch: "master", sha: "aaaaaaaaaaaa", planSHA: "plan000000")
        _ = try await uploads.receive(try Self.archive(id: id), service: "product", artifactID: id)
        await #expect {
            try await uploads.receive(try Self.archive(id: id, manifest: "kind: Changed\n"), service: "product", artifactID: id)
        } throws: { error in
            "\(error)".hasPrefix("artifact '\(id)' of service 'product' is already stored with different content")
        }
    }

    @Test func aBranchRestrictionRefusalIsRecorded() async throws {
        let fixture = try await ReleaseFixture.make(globalBranchRestrictions: [.global(environment: "dev", branchRegex: "^main$")])
        defer { fixture.remove() }
        try await Self.writeAutoReleases(fixture, [("master", "dev")])
        let id = ArtifactID.make(branch: "master", sha: "bbbbbbbbbbbb", planSHA: "plan000000")
        let uploads = ArtifactUploadFlow(store: fixture.store, autoRelease: AutoReleaseFlow(release: fixture.flow))

        let result = try await uploads.receive(try Self.archive(id: id), service: "product", artifactID: id)
        guard case .failure(.refused) = result.autoReleases.first?.outcome else {
            Issue.record("expected a refusal, got \(String(describing: result.autoReleases.first?.outcome))")
            return
        }
        let events = try await fixture.store.releaseHistory(service: "product", environment: "dev", limit: 10, offset: 0)
        #expect(events.events.map(\.state) == [.refused])
        #expect(events.events.first?.intent == .autoRelease)
    }
}
