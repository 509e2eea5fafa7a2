import GoCompat
import HamctlKit
import ReleaseModel
import Testing

@Suite struct ReleaseTimelineTests {
    static func release(_ id: String, at seconds: Int64, offset: Int32 = 0) -> DescribeReleaseResponse.Release {
        DescribeReleaseResponse.Release(
            releaseIndex: 0, artifact: ArtifactSpec(id: id), releasedAt: GoTime(secondsSince1970: seconds, utcOffsetSeconds: offset),
            releasedByEmail: "e@example.com", releasedByName: "E", intent: .releaseArtifact
        )
    }

    @Test func mergesEnvironmentsNewestFirstAndKeepsTheNewestCount() {
        let merged = ReleaseTimeline.merge([
            ("dev", [Self.release("d3", at: 300), Self.release("d1", at: 100)]),
            ("prod", [Self.release("p2", at: 200), Self.release("p0", at: 50)]),
        ], count: 3)
        #expect(merged.map(\.artifactID) == ["d3", "p2", "d1"])
        #expect(merged.map(\.environment) == ["dev", "prod", "dev"])
    }

    @Test func theSameInstantKeepsTheEnvironmentsOrderWhateverItsOffset() {
        let merged = ReleaseTimeline.merge([
            ("staging", [Self.release("s", at: 100, offset: 3600)]),
            ("prod", [Self.release("p", at: 100)]),
        ], count: 10)
        #expect(merged.map(\.artifactID) == ["s", "p"])
        #expect(ReleaseTimeline.merge([("dev", [Self.release("x", at: 1)])], count: 0).isEmpty)
    }

    @Test func environmentsAreThoseAskedForElseWhereTheServiceRuns() async throws {
        let status = StatusResponse(defaultNamespaces: true, environments: [
            .init(name: "dev", tag: "master-1"), .init(name: "staging", tag: ""), .init(name: "prod", tag: "master-0"),
        ])
        #expect(try await ReleaseTimeline.environments(asked: ["qa"]) { () throws(HamctlError) in
            Issue.record("status read although environments were given")
            return status
        } == ["qa"])
        #expect(try await ReleaseTimeline.environments(asked: []) { () throws(HamctlError) in status } == ["dev", "prod"])
    }
}
