import Foundation
import MoonbaseServer
import MoonbaseStore
import ReleaseModel
import TestSupport
import Testing

@Suite struct PromoteRollbackRouteTests {
    static func release(_ id: String, to environment: String = "dev", on server: RunningServer) async throws {
        let response = try await server.request(
            "POST", "/release", token: server.adminToken,
            body: #"{"service":"product","environment":"\#(environment)","artifactId":"\#(id)","intent":{"type":"ReleaseArtifact"}}"#
        )
        #expect(response.status == 200, "\(response.body)")
    }

    static func decode(_ body: String) throws -> ReleaseResponse {
        try JSONDecoder().decode(ReleaseResponse.self, from: Data(body.utf8))
    }

    @Test func promoteReleasesWhatRunsInThePreviousEnvironment() async throws {
        try await withRunningServer { server in
            let id = try await ServerTests.storeArtifact(in: server.home.store, sha: "aaaaaaaaaaaa")
            try await Self.release(id, on: server)
            let hamctl = try await server.home.store.createToken(group: .hamctl, name: "hamctl").secret

            let promoted = try await server.request("POST", "/promote", token: hamctl, body: #"{"service":"product","environment":"staging"}"#)
            #expect(promoted.status == 200, "\(promoted.body)")
            let response = try Self.decode(promoted.body)
            #expect(response.releaseID == id)
            #expect(response.tag == id)
            #expect(response.toEnvironment == "staging")
            #expect(response.commit.count == 40)

            let again = try await server.request("POST", "/promote", token: hamctl, body: #"{"service":"product","environment":"staging","fromEnvironment":"dev"}"#)
            #expect(again.body == #"{"service":"product","status":"Environment 'staging' is already up-to-date","toEnvironment":"staging"}"# + "\n")

            let first = try await server.request("POST", "/promote", token: hamctl, body: #"{"service":"product","environment":"dev"}"#)
            #expect(first.status == 400)
            #expect(first.body == #"{"status":400,"message":"cannot promote to 'dev': it has no previous environment in the promotion order"}"# + "\n")
            let empty = try await server.request("POST", "/promote", token: hamctl, body: #"{"service":"other","environment":"prod"}"#)
            #expect(empty.status == 400)
            #expect(empty.body == #"{"status":400,"message":"cannot promote: service 'other' has no release in environment 'staging'"}"# + "\n")
            let invalid = try await server.request("POST", "/promote", token: hamctl, body: #"{"service":"product"}"#)
            #expect(invalid.status == 400)
            #expect(invalid.body == #"{"status":400,"message":"input not valid:\n  Required field 'environment' was empty\n"}"# + "\n")
        }
    }

    @Test func repeatedRollbacksWalkFurtherBack() async throws {
        try await withRunningServer { server in
            var ids: [String] = []
            for sha in ["aaaaaaaaaaaa", "bbbbbbbbbbbb", "cccccccccccc"] {
                let id = try await ServerTests.storeArtifact(in: server.home.store, sha: sha)
                try await Self.release(id, on: server)
                ids.append(id)
            }
            let body = #"{"service":"product","environment":"dev","reason":"broken"}"#

            let first = try await server.request("POST", "/rollback", token: server.adminToken, body: body)
            #expect(first.status == 200, "\(first.body)")
            #expect(try Self.decode(first.body).tag == ids[1])
            let second = try await server.request("POST", "/rollback", token: server.adminToken, body: body)
            #expect(try Self.decode(second.body).tag == ids[0])
            let third = try await server.request("POST", "/rollback", token: server.adminToken, body: body)
            #expect(third.status == 400)
            #expect(third.body.contains("can't do rollback, because there isn't a release to rollback to"))

            let bare = server.home.configRepositoryPath.path
            let message = try await git(["--git-dir", bare, "log", "-1", "--format=%B", "master"], in: server.directory.path)
            #expect(message.contains("Release-intent: Rollback"))
            #expect(message.contains("Release-reason: broken") || message.contains("broken"))
        }
    }

    @Test func rollbackToAnArtifactOrStepsBack() async throws {
        try await withRunningServer { server in
            var ids: [String] = []
            for sha in ["aaaaaaaaaaaa", "bbbbbbbbbbbb", "cccccccccccc"] {
                let id = try await ServerTests.storeArtifact(in: server.home.store, sha: sha)
                try await Self.release(id, on: server)
                ids.append(id)
            }
            let steps = try await server.request(
                "POST", "/rollback", token: server.adminToken, body: #"{"service":"product","environment":"dev","steps":2,"reason":"r"}"#
            )
            #expect(try Self.decode(steps.body).tag == ids[0])
            let toArtifact = try await server.request(
                "POST", "/rollback", token: server.adminToken, body: #"{"service":"product","environment":"dev","artifactId":"\#(ids[1])","reason":"r"}"#
            )
            #expect(toArtifact.status == 200, "\(toArtifact.body)")
            #expect(try Self.decode(toArtifact.body).tag == ids[1])
            let unknown = try await server.request(
                "POST", "/rollback", token: server.adminToken, body: #"{"service":"product","environment":"dev","artifactId":"master-nope-1","reason":"r"}"#
            )
            #expect(unknown.status == 400)
            #expect(unknown.body.contains("isn't an earlier release of 'product' in 'dev'"))
            let invalid = try await server.request(
                "POST", "/rollback", token: server.adminToken, body: #"{"service":"product","environment":"dev","steps":-1,"artifactId":"x"}"#
            )
            #expect(invalid.status == 400)
            #expect(invalid.body == #"{"status":400,"message":"input not valid:\n  Required field 'reason' was empty\n  invalid value '-1' of steps. Must be a positive integer.\n"}"# + "\n")
            let nothing = try await server.request("POST", "/rollback", token: server.adminToken, body: #"{"service":"other","environment":"dev","reason":"r"}"#)
            #expect(nothing.status == 400)
            #expect(nothing.body.contains("has no release in environment 'dev'"))
        }
    }
}
