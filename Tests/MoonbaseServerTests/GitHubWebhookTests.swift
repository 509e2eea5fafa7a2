import Crypto
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ReleaseModel
import TestSupport
import Testing

@Suite struct GitHubWebhookTests {
    static let secret = "hook-secret"

    static func deliver(_ server: RunningServer, event: String, payload: String, signature: String?) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: server.base.appendingPathComponent("webhook/github"))
        request.httpMethod = "POST"
        request.httpBody = Data(payload.utf8)
        request.setValue(event, forHTTPHeaderField: "X-GitHub-Event")
        if let signature { request.setValue(signature, forHTTPHeaderField: "X-Hub-Signature-256") }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    static func sign(_ payload: String, secret: String = secret) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + code.map { String(format: "%02x", $0) }.joined()
    }

    @Test func aPushMadeOutsideMoonbaseShowsInStatusAfterTheWebhook() async throws {
        let server = try await RunningServer.start { $0.githubWebhookSecret = Self.secret }
        // Someone releases by hand: a commit pushed straight to the config repository.
        let outside = server.directory.path + "/outside"
        _ = try await git(["clone", "--quiet", server.home.configRepositoryPath.path, outside], in: server.directory.path)
        let folder = outside + "/dev/releases/dev/product"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var spec = ArtifactSpec(id: "master-abcdef1234-plan000000", service: "product", squad: "nasa")
        spec.application.branch = "master"
        try spec.goJSON(trailingNewline: true).write(to: URL(fileURLWithPath: folder + "/artifact.json"))
        _ = try await git(["add", "-A"], in: outside)
        _ = try await git(["-c", "user.name=Ops", "-c", "user.email=ops@example.com", "commit", "--quiet", "-m", "hand release"], in: outside)
        _ = try await git(["push", "--quiet", "origin", "HEAD:master"], in: outside)

        let before = try await server.request("GET", "/status?service=product", token: server.adminToken)
        #expect(!before.body.contains("master-abcdef1234"))
        let payload = #"{"ref":"refs/heads/master","after":"0000"}"#
        let delivered = try await Self.deliver(server, event: "push", payload: payload, signature: Self.sign(payload))
        #expect(delivered.status == 200)
        #expect(delivered.body == "{}\n")
        let after = try await server.request("GET", "/status?service=product", token: server.adminToken)
        #expect(after.body.contains(#""tag":"master-abcdef1234-plan000000""#), "\(after.body)")
        await server.stop()
    }

    @Test func signaturesAndEventsAreChecked() async throws {
        let server = try await RunningServer.start { $0.githubWebhookSecret = Self.secret }
        let payload = #"{"ref":"refs/heads/master"}"#
        let invalid = #"{"status":400,"message":"invalid body"}"# + "\n"
        #expect(try await Self.deliver(server, event: "push", payload: payload, signature: nil).body == invalid)
        #expect(try await Self.deliver(server, event: "push", payload: payload, signature: Self.sign(payload, secret: "other")).body == invalid)
        #expect(try await Self.deliver(server, event: "push", payload: payload + " ", signature: Self.sign(payload)).status == 400)
        #expect(try await Self.deliver(server, event: "issues", payload: payload, signature: Self.sign(payload)).status == 400)
        #expect(try await Self.deliver(server, event: "ping", payload: "{}", signature: Self.sign("{}")).status == 200)
        await server.stop()
    }

    @Test func withoutASecretTheWebhookIsOff() async throws {
        let server = try await RunningServer.start()
        let payload = #"{"ref":"refs/heads/master"}"#
        let response = try await Self.deliver(server, event: "push", payload: payload, signature: Self.sign(payload))
        #expect(response.status == 404)
        #expect(response.body.contains("github.webhookSecret"))
        await server.stop()
    }
}
