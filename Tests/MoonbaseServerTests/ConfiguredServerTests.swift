import Foundation
import GoCompat
import MoonbaseServer
import MoonbaseStore
import ReleaseModel
import Testing

/// The configuration reaches the routes: environments and their order, global branch
/// restrictions, the public URL.
@Suite struct ConfiguredServerTests {
    static func start() async throws -> RunningServer {
        try await RunningServer.start { configuration in
            configuration.environments = ["qa", "live"]
            configuration.branchRestrictions = [BranchRestriction(id: "", branchRegex: "^main$", environment: "live")]
            configuration.publicURL = "https://moonbase.example.com"
        }
    }

    static func storeArtifact(in store: any MoonbaseStore, branch: String, sha: String) async throws -> String {
        let id = ArtifactID.make(branch: branch, sha: sha, planSHA: "plan000000")
        var spec = ArtifactSpec(id: id, service: "product", squad: "nasa")
        spec.application.branch = branch
        spec.application.sha = sha
        let files = ["qa", "live"].map { ArtifactFile(environment: $0, path: "deployment.yaml", content: Data("kind: Deployment\n".utf8)) }
        try await store.storeArtifact(ArtifactUpload(specJSON: spec.goJSON(trailingNewline: true), files: files))
        return id
    }

    @Test func promotionFollowsTheConfiguredOrder() async throws {
        let server = try await Self.start()
        let id = try await Self.storeArtifact(in: server.home.store, branch: "main", sha: "1111111111aaaa")
        let release = #"{"service":"product","environment":"qa","artifactId":"\#(id)","intent":{"type":"ReleaseArtifact"}}"#
        #expect(try await server.request("POST", "/release", token: server.adminToken, body: release).status == 200)
        let promoted = try await server.request("POST", "/promote", token: server.adminToken, body: #"{"service":"product","environment":"live"}"#)
        #expect(promoted.status == 200, "\(promoted.body)")
        #expect(promoted.body.contains(#""tag":"\#(id)""#))
        let first = try await server.request("POST", "/promote", token: server.adminToken, body: #"{"service":"product","environment":"qa"}"#)
        #expect(first.status == 400)
        #expect(first.body.contains("it has no previous environment in the promotion order"))
        await server.stop()
    }

    @Test func globalRestrictionsAreListedAndEnforced() async throws {
        let server = try await Self.start()
        let listed = try await server.request("GET", "/policies?service=product", token: server.adminToken)
        #expect(listed.status == 200)
        #expect(listed.body == #"{"service":"product","branchRestrictions":[{"environment":"live","branchRegex":"^main$"}]}"# + "\n")
        let id = try await Self.storeArtifact(in: server.home.store, branch: "feature", sha: "2222222222bbbb")
        let release = #"{"service":"product","environment":"live","artifactId":"\#(id)","intent":{"type":"ReleaseArtifact"}}"#
        let refused = try await server.request("POST", "/release", token: server.adminToken, body: release)
        #expect(refused.status == 400)
        #expect(refused.body.contains(
            "due to branch restriction policy: the global branch restriction allows only branches matching '^main$' and the artifact was built from 'feature'"
        ))
        let conflicting = try await server.request(
            "PATCH", "/policies/branch-restriction", token: server.adminToken,
            body: #"{"service":"product","environment":"live","branchRegex":"^release$"}"#
        )
        #expect(conflicting.status == 400)
        await server.stop()
    }

    @Test func uploadURLsUseThePublicURL() async throws {
        let server = try await Self.start()
        var spec = ArtifactSpec(id: "main-1234567890-plan000000", service: "product", squad: "nasa")
        spec.application.branch = "main"
        let body = try GoJSONEncoder.httpBody.encode(CreateArtifactRequest(artifact: spec, md5: "1B2M2Y8AsgTpgAmY7PhCfg=="))
        let artifact = try await server.home.store.createToken(group: .artifact, name: "ci").secret
        let created = try await server.request("POST", "/artifacts/create", token: artifact, body: String(decoding: body, as: UTF8.self))
        #expect(created.status == 201)
        #expect(created.body.hasPrefix(#"{"artifactUploadUrl":"https://moonbase.example.com/artifacts/upload/"#))
        await server.stop()
    }
}
