import Foundation
import MoonbaseServer
import MoonbaseStore
import ReleaseModel
import TestSupport
import Testing

@Suite struct PolicyRouteTests {
    @Test func everyNewRouteRefusesAMissingOrWrongToken() async throws {
        let server = try await RunningServer.start()
        let expected = #"{"status":401,"message":"please provide a valid authentication token"}"# + "\n"
        let artifact = try await server.home.store.createToken(group: .artifact, name: "ci").secret
        let routes: [(String, String, String?)] = [
            ("GET", "/policies?service=product", nil),
            ("PATCH", "/policies/auto-release", #"{"service":"product","branch":"master","environment":"dev"}"#),
            ("PATCH", "/policies/branch-restriction", #"{"service":"product","environment":"prod","branchRegex":"^master$"}"#),
            ("DELETE", "/policies", #"{"service":"product","policyIds":["x"]}"#),
            ("GET", "/describe/release/product/dev?count=1", nil),
            ("GET", "/status/environments/dev", nil),
            ("GET", "/releases/some-id", nil),
            ("POST", "/release?wait=false", "{}"),
        ]
        for (method, path, body) in routes {
            for token in [nil, "wrong", artifact] {
                let response = try await server.request(method, path, token: token, body: body)
                #expect(response.status == 401, "\(method) \(path) with \(token ?? "no token")")
                #expect(response.body == expected)
            }
        }
        await server.stop()
    }

    @Test func listingAServiceWithoutPoliciesIsA404WithTheStatusInTheBody() async throws {
        let server = try await RunningServer.start()
        let response = try await server.request("GET", "/policies?service=product", token: server.adminToken)
        #expect(response.status == 404)
        #expect(response.body == #"{"status":404,"message":"no policies exist"}"# + "\n")
        let missing = try await server.request("GET", "/policies", token: server.adminToken)
        #expect(missing.status == 400)
        #expect(missing.body == #"{"status":400,"message":"query param service required but was empty"}"# + "\n")
        await server.stop()
    }

    @Test func applyListAndDeleteAsHamctlDoes() async throws {
        let server = try await RunningServer.start()
        let hamctl = try await server.home.store.createToken(group: .hamctl, name: "hamctl").secret

        let autoRelease = try await server.request(
            "PATCH", "/policies/auto-release", token: hamctl, body: #"{"service":"product","branch":"master","environment":"dev"}"# + "\n"
        )
        #expect(autoRelease.status == 201)
        #expect(autoRelease.body == #"{"id":"auto-release-master-dev","service":"product","branch":"master","environment":"dev"}"# + "\n")
        let restriction = try await server.request(
            "PATCH", "/policies/branch-restriction", token: hamctl, body: #"{"service":"product","environment":"prod","branchRegex":"^master$"}"#
        )
        #expect(restriction.status == 201)
        #expect(restriction.body == #"{"id":"branch-restriction-prod","service":"product","environment":"prod","branchRegex":"^master$"}"# + "\n")

        let list = try await server.request("GET", "/policies?service=product", token: hamctl)
        #expect(list.status == 200)
        #expect(list.body == #"{"service":"product","autoReleases":[{"id":"auto-release-master-dev","branch":"master","environment":"dev"}],"branchRestrictions":[{"id":"branch-restriction-prod","environment":"prod","branchRegex":"^master$"}]}"# + "\n")
        let bare = server.home.configRepositoryPath.path
        let subject = try await git(["--git-dir", bare, "log", "-1", "--format=%s", "master"], in: server.directory.path)
        #expect(subject == "[product] policy update: apply branch-restriction in 'prod'")
        let audit = try await server.home.store.auditLog(limit: 10, offset: 0)
        #expect(audit.map(\.actor) == ["hamctl", "hamctl"])

        let deleted = try await server.request(
            "DELETE", "/policies", token: hamctl, body: #"{"service":"product","policyIds":["auto-release-master-dev"," branch-restriction-prod ","unknown"]}"#
        )
        #expect(deleted.status == 200)
        #expect(deleted.body == #"{"service":"product","count":2}"# + "\n")
        let none = try await server.request("DELETE", "/policies", token: hamctl, body: #"{"service":"product","policyIds":["unknown"]}"#)
        #expect(none.body == #"{"service":"product"}"# + "\n")
        await server.stop()
    }

    @Test func refusedPoliciesSayWhy() async throws {
        let server = try await RunningServer.start()
        let token = server.adminToken
        func patch(_ path: String, _ body: String) async throws -> (status: Int, message: String) {
            let response = try await server.request("PATCH", path, token: token, body: body)
            return (response.status, try JSONDecoder().decode(ErrorResponse.self, from: Data(response.body.utf8)).message)
        }

        let unanchored = try await patch("/policies/branch-restriction", #"{"service":"product","environment":"prod","branchRegex":"master"}"#)
        #expect(unanchored.status == 400)
        #expect(unanchored.message.contains("'master' also matches 'refactor-master-worker'"))
        #expect(unanchored.message.contains("force"))
        let invalid = try await patch("/policies/branch-restriction", #"{"service":"product","environment":"prod","branchRegex":"^(master$"}"#)
        #expect(invalid.status == 400)
        #expect(invalid.message.hasPrefix("branch regex not valid: "))
        let forced = try await server.request(
            "PATCH", "/policies/branch-restriction", token: token, body: #"{"service":"product","environment":"prod","branchRegex":"master","force":true}"#
        )
        #expect(forced.status == 201)
        let conflict = try await patch("/policies/auto-release", #"{"service":"product","branch":"feature","environment":"prod"}"#)
        #expect(conflict.status == 400)
        #expect(conflict.message.hasPrefix("policy conflicts with another policy: "))
        #expect(conflict.message.contains("branch-restriction-prod"))

        let empty = try await patch("/policies/branch-restriction", "{}")
        #expect(empty.status == 400)
        #expect(empty.message == "input not valid:\n  Required field 'service' was empty\n  Required field 'environment' was empty\n  Required field 'branch regex' was empty\n")
        let delete = try await server.request("DELETE", "/policies", token: token, body: #"{"policyIds":[" "]}"#)
        #expect(delete.status == 400)
        #expect(delete.body == #"{"status":400,"message":"input not valid:\n  Required field 'service' was empty\n  Required field 'committerEmail' was empty\n  no policy ids suplied\n"}"# + "\n")
        await server.stop()
    }
}

@Suite struct HistoryAndStatusRouteTests {
    /// Releases three artifacts of `product` to dev, oldest first; returns their ids.
    func releaseThree(on server: RunningServer) async throws -> [String] {
        var ids: [String] = []
        for sha in ["1111111111aa", "2222222222bb", "3333333333cc"] {
            let id = try await ServerTests.storeArtifact(in: server.home.store, sha: sha)
            let body = #"{"service":"product","environment":"dev","artifactId":"\#(id)","intent":{"type":"ReleaseArtifact","releaseBranch":{},"promote":{},"rollback":{}}}"#
            let response = try await server.request("POST", "/release", token: server.adminToken, body: body)
            #expect(response.status == 200, "\(response.body)")
            ids.append(id)
        }
        return ids
    }

    @Test func describeReleasePagesNewestFirst() async throws {
        let server = try await RunningServer.start()
        let ids = try await releaseThree(on: server)

        let first = try await server.request("GET", "/describe/release/product/dev?count=2", token: server.adminToken)
        #expect(first.status == 200)
        #expect(!first.body.contains("\"releaseIndex\":0"))
        let page = try JSONDecoder().decode(DescribeReleaseResponse.self, from: Data(first.body.utf8))
        #expect(page.releases.map(\.artifact.id) == [ids[2], ids[1]])
        #expect(page.releases.map(\.releaseIndex) == [0, 1])
        let next = try await server.request("GET", "/describe/release/product/dev?count=5&offset=1", token: server.adminToken)
        let rest = try JSONDecoder().decode(DescribeReleaseResponse.self, from: Data(next.body.utf8))
        #expect(rest.releases.map(\.artifact.id) == [ids[1], ids[0]])
        #expect(rest.releases.map(\.releaseIndex) == [1, 2])
        let single = try await server.request("GET", "/describe/release/product/dev", token: server.adminToken)
        #expect(try JSONDecoder().decode(DescribeReleaseResponse.self, from: Data(single.body.utf8)).releases.count == 1)

        for raw in ["0", "-1", "abc"] {
            let bad = try await server.request("GET", "/describe/release/product/dev?count=\(raw)", token: server.adminToken)
            #expect(bad.status == 400)
            #expect(bad.body == #"{"status":400,"message":"invalid value '\#(raw)' of count. Must be a positive integer."}"# + "\n")
        }
        let badOffset = try await server.request("GET", "/describe/release/product/dev?offset=x", token: server.adminToken)
        #expect(badOffset.status == 400)
        let none = try await server.request("GET", "/describe/release/other/dev", token: server.adminToken)
        #expect(none.status == 200)
        #expect(try JSONDecoder().decode(DescribeReleaseResponse.self, from: Data(none.body.utf8)).releases.isEmpty)
        await server.stop()
    }

    @Test func aReleaseWhoseArtifactCannotBeReadIsTheReferencesNamespaceHint() async throws {
        let server = try await RunningServer.start()
        _ = try await releaseThree(on: server)
        // Someone commits a broken artifact.json to the config repository by hand, with a
        // release message; the server's clone takes it in with the next release.
        let work = server.directory.path + "/by-hand"
        _ = try await git(["clone", "-q", server.home.configRepositoryPath.path, work], in: server.directory.path)
        let message = try await git(["log", "-1", "--format=%B"], in: work)
        try Data("not json".utf8).write(to: URL(fileURLWithPath: work + "/dev/releases/dev/product/artifact.json"))
        _ = try await git(["-c", "user.name=Hand", "-c", "user.email=hand@example.com", "commit", "-q", "-am", message], in: work)
        _ = try await git(["push", "-q", "origin", "HEAD"], in: work)
        let other = try await ServerTests.storeArtifact(in: server.home.store, service: "billing", sha: "5555555555ee")
        let release = try await server.request("POST", "/release", token: server.adminToken,
                                               body: #"{"service":"billing","environment":"dev","artifactId":"\#(other)","intent":{"type":"ReleaseArtifact"}}"#)
        #expect(release.status == 200, "\(release.body)")

        let described = try await server.request("GET", "/describe/release/product/dev", token: server.adminToken)
        #expect(described.status == 400)
        #expect(described.body.contains("no release of service 'product' available in environment 'dev'. Are you missing a namespace?"))
        await server.stop()
    }

    @Test func statusNamesTheReleaseCommitAndAnEnvironmentListsItsServices() async throws {
        let server = try await RunningServer.start()
        let ids = try await releaseThree(on: server)
        let other = try await ServerTests.storeArtifact(in: server.home.store, service: "billing", sha: "4444444444dd")
        let body = #"{"service":"billing","environment":"dev","artifactId":"\#(other)","committerName":"Bob","committerEmail":"bob@example.com","intent":{"type":"ReleaseArtifact"}}"#
        let released = try JSONDecoder().decode(
            ReleaseResponse.self, from: Data(try await server.request("POST", "/release", token: server.adminToken, body: body).body.utf8)
        )

        let status = try await server.request("GET", "/status?service=billing", token: server.adminToken)
        let parsed = try JSONDecoder().decode(StatusResponse.self, from: Data(status.body.utf8))
        let dev = try #require(parsed.environments.first)
        #expect(dev.tag == other)
        #expect(dev.releaseCommit == released.commit)
        #expect(dev.releasedByEmail == "bob@example.com")
        #expect(dev.releasedByName == "Bob")
        #expect(!dev.releasedAt.isZero)

        let environment = try await server.request("GET", "/status/environments/dev", token: server.adminToken)
        #expect(environment.status == 200)
        let listing = try JSONDecoder().decode(EnvironmentServicesResponse.self, from: Data(environment.body.utf8))
        #expect(listing.environment == "dev")
        #expect(listing.services.map(\.service) == ["billing", "product"])
        #expect(listing.services.map(\.namespace) == ["dev", "dev"])
        #expect(listing.services.map(\.status.tag) == [other, ids[2]])
        #expect(listing.services.first?.status.releaseCommit == released.commit)

        let empty = try await server.request("GET", "/status/environments/prod", token: server.adminToken)
        #expect(empty.body == #"{"environment":"prod"}"# + "\n")
        let unknown = try await server.request("GET", "/status/environments/qa", token: server.adminToken)
        #expect(unknown.status == 404)
        #expect(unknown.body == #"{"status":404,"message":"unknown environment: qa"}"# + "\n")
        await server.stop()
    }

    @Test func aReleaseThatDoesNotWaitIsPolledUntilReleased() async throws {
        let server = try await RunningServer.start()
        let id = try await ServerTests.storeArtifact(in: server.home.store)
        let body = #"{"service":"product","environment":"dev","artifactId":"\#(id)","intent":{"type":"ReleaseArtifact"}}"#

        let accepted = try await server.request("POST", "/release?wait=false", token: server.adminToken, body: body)
        #expect(accepted.status == 202)
        let response = try JSONDecoder().decode(ReleaseResponse.self, from: Data(accepted.body.utf8))
        #expect(response.tag == id)
        #expect(response.releaseID != id && !response.releaseID.isEmpty)

        var state = ReleaseStateResponse(id: "", service: "", environment: "", artifactID: "", state: "")
        for _ in 0..<200 {
            let poll = try await server.request("GET", "/releases/\(response.releaseID)", token: server.adminToken)
            #expect(poll.status == 200)
            state = try JSONDecoder().decode(ReleaseStateResponse.self, from: Data(poll.body.utf8))
            if state.state == "released" { break }
            #expect(["queued", "in-progress", "committed"].contains(state.state))
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(state.state == "released")
        #expect(state.artifactID == id)
        let bare = server.home.configRepositoryPath.path
        let head = try await git(["--git-dir", bare, "rev-parse", "master"], in: server.directory.path)
        #expect(head == state.commit)

        let unknown = try await server.request("GET", "/releases/no-such-release", token: server.adminToken)
        #expect(unknown.status == 404)
        #expect(unknown.body == #"{"status":404,"message":"no release with id 'no-such-release'"}"# + "\n")
        let badWait = try await server.request("POST", "/release?wait=maybe", token: server.adminToken, body: body)
        #expect(badWait.status == 400)
        #expect(badWait.body == #"{"status":400,"message":"invalid value 'maybe' of wait. Must be true or false."}"# + "\n")
        await server.stop()
    }
}
