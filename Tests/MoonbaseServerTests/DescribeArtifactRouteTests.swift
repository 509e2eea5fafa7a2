import Foundation
import MoonbaseServer
import MoonbaseStore
import ReleaseModel
import Testing

@Suite struct DescribeArtifactRouteTests {
    @Test func describeArtifactListsNewestFirst() async throws {
        try await withRunningServer { server in
            let first = try await ServerTests.storeArtifact(in: server.home.store, sha: "aaaaaaaaaaaa")
            let second = try await ServerTests.storeArtifact(in: server.home.store, sha: "bbbbbbbbbbbb")

            let one = try await server.request("GET", "/describe/artifact/product", token: server.adminToken)
            #expect(one.status == 200)
            let parsed = try JSONDecoder().decode(DescribeArtifactResponse.self, from: Data(one.body.utf8))
            #expect(parsed.service == "product")
            #expect(parsed.artifacts.map(\.id) == [second])

            let both = try await server.request("GET", "/describe/artifact/product?count=5", token: server.adminToken)
            #expect(try JSONDecoder().decode(DescribeArtifactResponse.self, from: Data(both.body.utf8)).artifacts.map(\.id) == [second, first])
            let branch = try await server.request("GET", "/describe/artifact/product?count=5&branch=feature", token: server.adminToken)
            #expect(branch.status == 400)
            #expect(branch.body == #"{"status":400,"message":"no artifacts available for service 'product'."}"# + "\n")
        }
    }

    @Test func describeArtifactValidatesCountAndService() async throws {
        try await withRunningServer { server in
            for raw in ["abc", "0", "-3", "1.5"] {
                let response = try await server.request("GET", "/describe/artifact/product?count=\(raw)", token: server.adminToken)
                #expect(response.status == 400)
                #expect(response.body == #"{"status":400,"message":"invalid value '\#(raw)' of count. Must be a positive integer."}"# + "\n")
            }
            let unknown = try await server.request("GET", "/describe/artifact/unknown", token: server.adminToken)
            #expect(unknown.status == 400)
            #expect(unknown.body == #"{"status":400,"message":"no artifacts available for service 'unknown'."}"# + "\n")
            let badName = try await server.request("GET", "/describe/artifact/bad%20name", token: server.adminToken)
            #expect(badName.status == 400)
            #expect(badName.body.contains("invalid service 'bad"))
        }
    }

    @Test func describeLatestArtifactNeedsABranch() async throws {
        try await withRunningServer { server in
            let id = try await ServerTests.storeArtifact(in: server.home.store, sha: "aaaaaaaaaaaa")
            let hamctl = try await server.home.store.createToken(group: .hamctl, name: "hamctl").secret

            let latest = try await server.request("GET", "/describe/latest-artifact/product?branch=master", token: hamctl)
            #expect(latest.status == 200)
            #expect(try JSONDecoder().decode(DescribeArtifactResponse.self, from: Data(latest.body.utf8)).artifacts.map(\.id) == [id])

            let missing = try await server.request("GET", "/describe/latest-artifact/product", token: hamctl)
            #expect(missing.status == 400)
            #expect(missing.body == #"{"status":400,"message":"field branch required but was empty"}"# + "\n")
            let other = try await server.request("GET", "/describe/latest-artifact/product?branch=master-foo", token: hamctl)
            #expect(other.status == 400)
            #expect(other.body == #"{"status":400,"message":"no artifacts available for service 'product' and branch 'master-foo'."}"# + "\n")
        }
    }
}
