import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import MoonbaseServer
import MoonbaseStore
import ReleaseModel
import TestSupport
import Testing

/// A real server on a free port over a temporary home, and a URLSession to talk to it.
struct RunningServer {
    let directory: TemporaryDirectory
    let home: MoonbaseHome
    let base: URL
    let task: Task<Void, any Error>
    let adminToken: String

    /// Starts a server; `configure` changes its default configuration (the home is set).
    static func start(_ configure: (inout MoonbaseConfiguration) -> Void = { _ in }) async throws -> RunningServer {
        let directory = try TemporaryDirectory("moonbase-server")
        var configuration = MoonbaseConfiguration()
        configuration.home = directory.path + "/home"
        configure(&configuration)
        let home = try await MoonbaseHome.open(configuration)
        let token = try #require(home.adminToken)
        let server = try MoonbaseServer(home: home, host: "127.0.0.1", port: 0)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let task = Task {
            try await server.run(handleSignals: false) { _, port in continuation.yield(port) }
        }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        let base = try #require(URL(string: "http://127.0.0.1:\(port)"))
        return RunningServer(directory: directory, home: home, base: base, task: task, adminToken: token)
    }

    func stop() async {
        task.cancel()
        _ = await task.result
        directory.remove()
    }

    func request(_ method: String, _ path: String, token: String? = nil, body: String? = nil) async throws -> (status: Int, body: String) {
        let url = try #require(URL(string: path, relativeTo: base))
        var request = URLRequest(url: url)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body { request.httpBody = Data(body.utf8) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        return (http.statusCode, String(decoding: data, as: UTF8.self))
    }
}

@Suite struct ServerTests {
    @Test func pingNeedsNoToken() async throws {
        let server = try await RunningServer.start()
        let response = try await server.request("GET", "/ping")
        #expect(response.status == 200)
        #expect(response.body == "pong")
        await server.stop()
    }

    @Test func routesNeedAValidToken() async throws {
        let server = try await RunningServer.start()
        let expected = #"{"status":401,"message":"please provide a valid authentication token"}"# + "\n"
        let missing = try await server.request("GET", "/status?service=product")
        #expect(missing.status == 401)
        #expect(missing.body == expected)
        let wrong = try await server.request("GET", "/status?service=product", token: "not-a-token")
        #expect(wrong.status == 401)
        #expect(wrong.body == expected)
        let release = try await server.request("POST", "/release", token: "nope", body: "{}")
        #expect(release.status == 401)
        await server.stop()
    }

    @Test func artifactTokensCannotUseHamctlRoutes() async throws {
        let server = try await RunningServer.start()
        let artifact = try await server.home.store.createToken(group: .artifact, name: "ci").secret
        let response = try await server.request("GET", "/status?service=product", token: artifact)
        #expect(response.status == 401)
        await server.stop()
    }

    @Test func statusNeedsAService() async throws {
        let server = try await RunningServer.start()
        let response = try await server.request("GET", "/status", token: server.adminToken)
        #expect(response.status == 400)
        #expect(response.body == #"{"status":400,"message":"query param service required but was empty"}"# + "\n")
        let empty = try await server.request("GET", "/status?service=unknown", token: server.adminToken)
        #expect(empty.status == 200)
        #expect(empty.body == #"{"defaultNamespaces":true}"# + "\n")
        await server.stop()
    }

    @Test func releaseValidatesItsBody() async throws {
        let server = try await RunningServer.start()
        let response = try await server.request("POST", "/release", token: server.adminToken, body: "{}")
        #expect(response.status == 400)
        let error = try JSONDecoder().decode(ErrorResponse.self, from: Data(response.body.utf8))
        #expect(error.message.contains("Required field 'service' was empty"))
        #expect(error.message.contains("required intent is not specified"))
        let garbage = try await server.request("POST", "/release", token: server.adminToken, body: "not json")
        #expect(garbage.status == 400)
        let unknown = try await server.request(
            "POST", "/release", token: server.adminToken,
            body: #"{"service":"product","environment":"dev","artifactId":"master-0123456789-0123456789","intent":{"type":"ReleaseArtifact"}}"#
        )
        #expect(unknown.status == 400)
        #expect(unknown.body == #"{"status":400,"message":"artifact 'master-0123456789-0123456789' not found for service 'product'"}"# + "\n")
        await server.stop()
    }

    @Test func releasesAStoredArtifact() async throws {
        let server = try await RunningServer.start()
        let id = try await Self.storeArtifact(in: server.home.store)
        let body = #"{"service":"product","environment":"dev","artifactId":"\#(id)","committerName":"Bob","committerEmail":"bob@example.com","intent":{"type":"ReleaseArtifact","releaseBranch":{},"promote":{},"rollback":{}}}"#
        let hamctl = try await server.home.store.createToken(group: .hamctl, name: "hamctl").secret

        let released = try await server.request("POST", "/release", token: hamctl, body: body)
        #expect(released.status == 200, "\(released.body)")
        let response = try JSONDecoder().decode(ReleaseResponse.self, from: Data(released.body.utf8))
        #expect(response.service == "product")
        #expect(response.releaseID == id)
        #expect(response.tag == id)
        #expect(response.toEnvironment == "dev")
        #expect(response.status == "")

        let bare = server.home.configRepositoryPath.path
        let head = try await git(["--git-dir", bare, "log", "-1", "--format=%H%n%B", "master"], in: server.directory.path)
        #expect(head.hasPrefix(response.commit))
        #expect(head.contains(id))

        let status = try await server.request("GET", "/status?service=product", token: hamctl)
        #expect(status.status == 200)
        let parsed = try JSONDecoder().decode(StatusResponse.self, from: Data(status.body.utf8))
        #expect(parsed.defaultNamespaces)
        #expect(parsed.environments.map(\.name) == ["dev"])
        #expect(parsed.environments.first?.tag == id)

        let again = try await server.request("POST", "/release", token: hamctl, body: body)
        #expect(again.status == 200)
        #expect(again.body == #"{"service":"product","status":"Environment 'dev' is already up-to-date","toEnvironment":"dev"}"# + "\n")
        await server.stop()
    }

    @Test func aHomeIsCreatedOnceAndReopened() async throws {
        let directory = try TemporaryDirectory("moonbase-home")
        defer { directory.remove() }
        let url = URL(fileURLWithPath: directory.path + "/home")
        let first = try await MoonbaseHome.open(url)
        #expect(first.adminToken != nil)
        #expect(FileManager.default.fileExists(atPath: first.storePath.path))
        let environments = try await first.repository.environments()
        #expect(Set(environments) == ["dev", "staging", "prod"])
        let second = try await MoonbaseHome.open(url)
        #expect(second.adminToken == nil)
    }

    static func storeArtifact(in store: any MoonbaseStore, service: String = "product", sha: String = "0123456789abcdef") async throws -> String {
        let id = ArtifactID.make(branch: "master", sha: sha, planSHA: "plan000000")
        var spec = ArtifactSpec(id: id, service: service, squad: "nasa")
        spec.application.branch = "master"
        spec.application.sha = sha
        spec.application.authorName = "Alice"
        spec.application.authorEmail = "alice@example.com"
        let files = ["dev", "staging", "prod"].map { environment in
            ArtifactFile(environment: environment, path: "deployment.yaml", content: Data("""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: \(service)

            """.utf8))
        }
        try await store.storeArtifact(ArtifactUpload(specJSON: spec.goJSON(trailingNewline: true), files: files))
        return id
    }
}

@Suite struct UnknownRouteTests {
    @Test func unknownRoutesAnswerJSON404() async throws {
        let server = try await RunningServer.start()
        let response = try await server.request("GET", "/no/such/route", token: server.adminToken)
        #expect(response.status == 404)
        #expect(response.body == #"{"status":404,"message":"not found"}"# + "\n")
        await server.stop()
    }
}

@Suite struct SigningKeyTests {
    @Test func aHomeKeepsOneOwnerOnlySigningKey() async throws {
        let directory = try TemporaryDirectory("moonbase-key")
        defer { directory.remove() }
        let url = URL(fileURLWithPath: directory.path + "/home")
        let first = try await MoonbaseHome.open(url)
        let second = try await MoonbaseHome.open(url)
        #expect(first.signingKey.count == 32)
        #expect(first.signingKey == second.signingKey)
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path + "/signing.key")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }
}

@Suite struct ObservabilityTests {
    @Test func requestIDsAreEchoedOrMade() async throws {
        let server = try await RunningServer.start()
        var request = URLRequest(url: server.base.appendingPathComponent("ping"))
        request.setValue("trace-me-42", forHTTPHeaderField: "X-Request-Id")
        let (_, echoed) = try await URLSession.shared.data(for: request)
        #expect((echoed as? HTTPURLResponse)?.value(forHTTPHeaderField: "X-Request-Id") == "trace-me-42")
        let (_, made) = try await URLSession.shared.data(from: server.base.appendingPathComponent("ping"))
        let id = try #require((made as? HTTPURLResponse)?.value(forHTTPHeaderField: "X-Request-Id"))
        #expect(UUID(uuidString: id) != nil)
        await server.stop()
    }

    @Test func metricsNeedNoTokenAndCountRequestsByRoute() async throws {
        let server = try await RunningServer.start()
        _ = try await server.request("GET", "/status?service=a", token: server.adminToken)
        _ = try await server.request("GET", "/status?service=b", token: server.adminToken)
        _ = try await server.request("GET", "/status?service=c")
        let metrics = try await server.request("GET", "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.body.contains(#"moonbase_http_requests_total{method="GET",route="/status",status="200"} 2"#))
        #expect(metrics.body.contains(#"moonbase_http_requests_total{method="GET",route="/status",status="401"} 1"#))
        #expect(metrics.body.contains("# TYPE moonbase_http_request_duration_seconds histogram"))
        await server.stop()
    }

    @Test func metricsCountReleasesAndPushes() async throws {
        let server = try await RunningServer.start()
        let id = try await ServerTests.storeArtifact(in: server.home.store)
        let body = #"{"service":"product","environment":"dev","artifactId":"\#(id)","intent":{"type":"ReleaseArtifact","releaseBranch":{},"promote":{},"rollback":{}}}"#
        #expect(try await server.request("POST", "/release", token: server.adminToken, body: body).status == 200)
        let metrics = try await server.request("GET", "/metrics").body
        #expect(metrics.contains(#"moonbase_releases_total{environment="dev",service="product",intent="ReleaseArtifact",outcome="released"} 1"#))
        #expect(metrics.contains(#"moonbase_pushes_total{outcome="success"} 1"#))
        #expect(metrics.contains(#"moonbase_release_duration_seconds_count{outcome="released"} 1"#))
        #expect(metrics.contains(#"moonbase_push_duration_seconds_count{outcome="success"} 1"#))
        await server.stop()
    }
}
