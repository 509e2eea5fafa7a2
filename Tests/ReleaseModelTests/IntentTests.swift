import Foundation
import GoCompat
import Testing
@testable import ReleaseModel

@Suite("Intents")
struct IntentTests {
    static let all: [Intent] = [
        .releaseArtifact, .releaseBranch(branch: "master"), .promote(fromEnvironment: "dev"),
        .rollback(previousArtifactID: "master-b-c"), .autoRelease,
    ]

    @Test("JSON always carries the three payload objects")
    func json() throws {
        let encoder = GoJSONEncoder()
        #expect(try encoder.encodeToString(Intent.releaseArtifact) == #"{"type":"ReleaseArtifact","releaseBranch":{},"promote":{},"rollback":{}}"#)
        #expect(try encoder.encodeToString(Intent.releaseBranch(branch: "master")) == #"{"type":"ReleaseBranch","releaseBranch":{"branch":"master"},"promote":{},"rollback":{}}"#)
        #expect(try encoder.encodeToString(Intent.promote(fromEnvironment: "dev")) == #"{"type":"Promote","releaseBranch":{},"promote":{"fromEnvironment":"dev"},"rollback":{}}"#)
        #expect(try encoder.encodeToString(Intent.rollback(previousArtifactID: "x")) == #"{"type":"Rollback","releaseBranch":{},"promote":{},"rollback":{"previousArtifactId":"x"}}"#)
        #expect(try encoder.encodeToString(Intent.autoRelease) == #"{"type":"AutoRelease","releaseBranch":{},"promote":{},"rollback":{}}"#)
    }

    @Test("decoding round-trips every intent", arguments: all)
    func roundTrip(intent: Intent) throws {
        let data = try GoJSONEncoder().encode(intent)
        #expect(try JSONDecoder().decode(Intent.self, from: data) == intent)
    }

    @Test("an empty or unknown type is refused")
    func invalid() {
        #expect(throws: InvalidIntentError(type: "")) { try JSONDecoder().decode(Intent.self, from: Data(#"{"releaseBranch":{}}"#.utf8)) }
        #expect(throws: InvalidIntentError(type: "Deploy")) { try JSONDecoder().decode(Intent.self, from: Data(#"{"type":"Deploy"}"#.utf8)) }
    }

    @Test("human text and error phrases")
    func texts() {
        #expect(Self.all.map(\.text) == ["artifact release", "master branch release", "promotion from dev", "rollback of master-b-c", "autorelease"])
        #expect(Self.all.map { $0.errorPhrase(artifactID: "a-1") } == [
            "artifact 'a-1'", "branch 'master' with artifact 'a-1'", "promotion from 'dev' with artifact 'a-1'",
            "rollback to artifact 'a-1' from artifact 'master-b-c'", "autorelease artifact 'a-1'",
        ])
        #expect(Intent.invalidErrorPhrase(artifactID: "a-1") == "invalid intent with artifact 'a-1'")
    }
}
