import Foundation
import Testing
@testable import ReleaseModel

@Suite("Release commit messages")
struct ReleaseCommitMessageTests {
    static let jane = Person(name: "Jane Doe", email: "jane@example.com")
    static let bjorn = Person(name: "Bjørn Hald Sørensen", email: "bso@lunar.app")

    static func message(_ intent: Intent) -> ReleaseCommitMessage {
        ReleaseCommitMessage(service: "product", environment: "prod", artifactID: "master-f4440b4ccb-1ba3085aa7", releasedBy: bjorn, createdBy: jane, intent: intent)
    }

    @Test("the message is the reference's, trailers included")
    func buildsReferenceText() {
        #expect(Self.message(.releaseBranch(branch: "master")).text == """
        [prod/product] release master-f4440b4ccb-1ba3085aa7 by bso@lunar.app

        Service: product
        Environment: prod
        Artifact-ID: master-f4440b4ccb-1ba3085aa7
        Artifact-released-by: Bjørn Hald Sørensen <bso@lunar.app>
        Artifact-created-by: Jane Doe <jane@example.com>
        Release-intent: ReleaseBranch
        Release-of-branch: master
        """)
        #expect(Self.message(.rollback(previousArtifactID: "master-1-2")).text.hasPrefix("[prod/product] rollback master-f4440b4ccb-1ba3085aa7 by bso@lunar.app\n"))
        #expect(Self.message(.rollback(previousArtifactID: "master-1-2")).text.hasSuffix("Release-intent: Rollback\nRollback-of-artifact-id: master-1-2"))
        #expect(Self.message(.autoRelease).text.hasPrefix("[prod/product] auto release master-f4440b4ccb-1ba3085aa7 by bso@lunar.app\n"))
        #expect(Self.message(.promote(fromEnvironment: "dev")).text.hasSuffix("Release-intent: Promote\nPromoted-from-environment: dev"))
    }

    @Test("an empty releaser name gives two spaces, as the reference")
    func emptyName() {
        var message = Self.message(.releaseArtifact)
        message.releasedBy = Person(name: "", email: "hest@lunar.app")
        #expect(message.text.contains("\nArtifact-released-by:  <hest@lunar.app>\n"))
        #expect(ReleaseCommitMessage.parse(message.text)?.releasedBy == Person(name: "", email: "hest@lunar.app"))
    }

    @Test("build and parse round-trip for every intent", arguments: IntentTests.all)
    func roundTrip(intent: Intent) {
        let message = Self.message(intent)
        #expect(ReleaseCommitMessage.parse(message.text) == message)
        #expect(ReleaseCommitMessage.parse(message.text + "\n\n") == message)
    }

    @Test("legacy titles without trailers still parse")
    func legacyTitles() {
        let release = ReleaseCommitMessage.parse("[staging/test-service] release master-1234ds13g3-12s46g356g by hest@lunar.app\nArtifact-created-by: Foo Bar <test@lunar.app>")
        #expect(release == ReleaseCommitMessage(
            service: "test-service", environment: "staging", artifactID: "master-1234ds13g3-12s46g356g",
            releasedBy: Person(name: "", email: "hest@lunar.app"), createdBy: Person(name: "Foo Bar", email: "test@lunar.app"), intent: .releaseArtifact
        ))
        let rollback = ReleaseCommitMessage.parse("[prod/product] rollback master-old-1 to master-new-2 by jane@example.com")
        #expect(rollback?.intent == .rollback(previousArtifactID: "master-old-1"))
        #expect(rollback?.artifactID == "master-new-2")
        let auto = ReleaseCommitMessage.parse("[dev/finance-manager] auto release master-2f20470a40-0f65a98846 by nko@lunar.app")
        #expect(auto?.intent == .autoRelease)
        #expect(auto?.service == "finance-manager")
        #expect(auto?.artifactID == "master-2f20470a40-0f65a98846")
        #expect(auto?.releasedBy.email == "nko@lunar.app")
        let noReleaser = ReleaseCommitMessage.parse("[dev/svc] release master-a-b")
        #expect(noReleaser?.artifactID == "master-a-b")
    }

    @Test("trailers win over the title")
    func trailersWin() {
        let parsed = ReleaseCommitMessage.parse("""
        [dev/old-name] release old-id by old@example.com

        Service: new-name
        Environment: dev
        Artifact-ID: new-id
        Artifact-released-by: New <new@example.com>
        Release-intent: ReleaseArtifact
        """)
        #expect(parsed?.service == "new-name")
        #expect(parsed?.artifactID == "new-id")
        #expect(parsed?.releasedBy == Person(name: "New", email: "new@example.com"))
    }

    @Test("a Release-intent trailer is enough without a release title")
    func trailerOnly() {
        let parsed = ReleaseCommitMessage.parse("Manual fix\n\nService: svc\nEnvironment: prod\nArtifact-ID: a-b-c\nRelease-intent: Promote\nPromoted-from-environment: staging")
        #expect(parsed?.intent == .promote(fromEnvironment: "staging"))
        #expect(parsed?.environment == "prod")
    }

    @Test("artifact, policy and other commits are not releases", arguments: [
        "[test-service] artifact master-1234ds13g3-12s46g356g by Foo Bar\nArtifact-created-by: Foo Bar <test@lunar.app>",
        "[dev/test-service] artifact master-1 by Foo Bar",
        "[product] build something",
        "[product] policy update: apply auto-release in 'dev'",
        "[product] policy update: apply branch-restriction in 'prod'",
        "[product] policy update: delete policies",
        "Bootstrap config repository",
        "",
        "\n\n",
    ])
    func notReleases(message: String) {
        #expect(ReleaseCommitMessage.parse(message) == nil)
    }

    @Test("line breaks in values cannot forge trailers")
    func noTrailerInjection() {
        var message = Self.message(.releaseArtifact)
        message.releasedBy = Person(name: "Eve\nRelease-intent: Rollback", email: "eve@example.com")
        let text = message.text
        #expect(text.split(separator: "\n").filter { $0.hasPrefix("Release-intent:") }.count == 1)
        #expect(ReleaseCommitMessage.parse(text)?.intent == .releaseArtifact)
    }

    @Test("a reason is a Release-reason trailer on one line, read back")
    func reason() {
        var message = Self.message(.rollback(previousArtifactID: "master-1-2"))
        message.reason = "broken login\nafter deploy"
        #expect(message.text.hasSuffix("Rollback-of-artifact-id: master-1-2\nRelease-reason: broken login after deploy"))
        #expect(ReleaseCommitMessage.parse(message.text)?.reason == "broken login after deploy")
        #expect(!Self.message(.releaseArtifact).text.contains("Release-reason"))
    }

    @Test("policy commit messages")
    func policyMessages() {
        #expect(PolicyCommitMessage.applyAutoRelease(service: "product", environment: "dev") == "[product] policy update: apply auto-release in 'dev'")
        #expect(PolicyCommitMessage.applyBranchRestriction(service: "product", environment: "prod") == "[product] policy update: apply branch-restriction in 'prod'")
        #expect(PolicyCommitMessage.delete(service: "product") == "[product] policy update: delete policies")
    }
}
