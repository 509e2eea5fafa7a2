import Foundation
import HTTPTypes
import Hummingbird
@testable import MoonbaseClient
import NIOCore
import ReleaseModel
import Testing

/// A small HTTP server on loopback whose routes misbehave on purpose, counting the requests
/// it gets.
actor MisbehavingServer {
    private(set) var requests: [String] = []
    private var task: Task<Void, any Error>?
    private(set) var base = ""

    func record(_ request: Request) {
        requests.append("\(request.method) \(request.uri.path) \(request.headers[values: HTTPField.Name("X-Request-Id")!].first ?? "")")
    }

    static func start(_ routes: @Sendable (Router<BasicRequestContext>, MisbehavingServer) -> Void) async throws -> MisbehavingServer {
        let server = MisbehavingServer()
        let router = Router()
        routes(router, server)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) })
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        await server.started(task: task, base: "http://127.0.0.1:\(port)")
        return server
    }

    private func started(task: Task<Void, any Error>, base: String) {
        self.task = task
        self.base = base
    }

    func stop() { task?.cancel() }

    func client(timeout: Duration = .seconds(5), retry: RetryPolicy = RetryPolicy(attempts: 3, initialDelay: .milliseconds(10))) throws -> MoonbaseClient {
        try MoonbaseClient(baseURL: base, token: "secret", timeout: timeout, retry: retry)
    }
}

@Suite struct MoonbaseClientTests {
    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    @Test func retriesAnIdempotentCallAfterA503WithAFreshRequestID() async throws {
        let server = try await MisbehavingServer.start { router, server in
            router.get("status") { request, _ in
                await server.record(request)
                if await server.requests.count == 1 { return Self.json(#"{"status":503,"message":"restarting"}"#, status: .serviceUnavailable) }
                return Self.json(#"{"defaultNamespaces":false,"environments":[{"name":"dev","tag":"master-1-2"}]}"#)
            }
        }
        let status = try await server.client().status(service: "payments")
        #expect(status.environments.map(\.tag) == ["master-1-2"])
        let requests = await server.requests
        #expect(requests.count == 2)
        #expect(Set(requests.map { $0.split(separator: " ").last }).count == 2)
        await server.stop()
    }

    @Test func doesNotRetryARelease() async throws {
        let server = try await MisbehavingServer.start { router, server in
            router.post("release") { request, _ in
                await server.record(request)
                return Self.json(#"{"status":503,"message":"could not release right now. Please try again in a moment."}"#, status: .serviceUnavailable)
            }
        }
        let request = ReleaseRequest(service: "payments", environment: "dev", artifactID: "master-1-2", intent: .releaseArtifact)
        let error = try await #require(throws: ClientError.self) { try await server.client().release(request) }
        #expect(error.kind == .refused)
        #expect(error.status == 503)
        #expect(error.description.hasPrefix("could not release right now. Please try again in a moment. (reference: "))
        #expect(await server.requests.count == 1)
        await server.stop()
    }

    @Test func reportsAProxyErrorPageAfterItsRetries() async throws {
        let server = try await MisbehavingServer.start { router, server in
            router.get("status") { request, _ in
                await server.record(request)
                return Response(
                    status: .badGateway, headers: [.contentType: "text/html"],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: "<html>\n<h1>502 Bad Gateway</h1>\n</html>")))
            }
        }
        let error = try await #require(throws: ClientError.self) { try await server.client().status(service: "payments") }
        #expect(error.kind == .badResponse)
        #expect(error.message.contains("answered 502 Bad Gateway without moonbase's error body"), "\(error.message)")
        #expect(error.message.hasSuffix("Body: <html> <h1>502 Bad Gateway</h1> </html>"), "\(error.message)")
        #expect(await server.requests.count == 3)
        await server.stop()
    }

    @Test func givesUpWhenTheServerDoesNotAnswerInTime() async throws {
        let server = try await MisbehavingServer.start { router, server in
            router.get("status") { request, _ in
                await server.record(request)
                try await Task.sleep(for: .seconds(30))
                return Self.json("{}")
            }
        }
        let client = try await server.client(timeout: .milliseconds(300), retry: .none)
        let started = ContinuousClock.now
        let error = try await #require(throws: ClientError.self) { try await client.status(service: "payments") }
        #expect(error.kind == .timeout)
        #expect(error.message.hasSuffix("within 0.3 s; the server may be overloaded, or raise the timeout"), "\(error.message)")
        // Long before the server would have answered, however loaded the machine is.
        #expect(ContinuousClock.now - started < .seconds(15))
        await server.stop()
    }

    @Test func neverRetriesARefusedToken() async throws {
        let server = try await MisbehavingServer.start { router, server in
            router.get("status") { request, _ in
                await server.record(request)
                #expect(request.headers[.authorization] == "Bearer secret")
                return Self.json(#"{"status":401,"message":"please provide a valid authentication token"}"#, status: .unauthorized)
            }
        }
        let error = try await #require(throws: ClientError.self) { try await server.client().status(service: "payments") }
        #expect(error.kind == .unauthorized)
        #expect(error.message == "please provide a valid authentication token")
        #expect(await server.requests.count == 1)
        await server.stop()
    }

    @Test func reportsAClosedPortAsUnreachable() async throws {
        let client = try MoonbaseClient(baseURL: "http://127.0.0.1:9", token: nil, retry: RetryPolicy(attempts: 2, initialDelay: .milliseconds(10)))
        let error = try await #require(throws: ClientError.self) { try await client.status(service: "payments") }
        #expect(error.kind == .unreachable)
        #expect(error.description == "could not connect to http://127.0.0.1:9: connection refused (is moonbase running there?)")
    }

    @Test func refusesABaseURLThatIsNotAServer() {
        for url in ["ftp://example.com", "example.com", "http://", "http://host/?q=1"] {
            #expect(throws: ClientError.self, "\(url)") { try MoonbaseClient(baseURL: url, token: nil) }
        }
        #expect((try? MoonbaseClient(baseURL: "https://moonbase.example.com/api/", token: nil))?.baseURL == "https://moonbase.example.com/api")
    }

    @Test func uploadsWithoutTheTokenAndInsistsOn200() async throws {
        let server = try await MisbehavingServer.start { router, server in
            router.put("upload/ok") { request, _ in
                await server.record(request)
                #expect(request.headers[.authorization] == nil)
                #expect(request.headers[HTTPField.Name("Content-MD5")!] == "bWQ1")
                return Self.json("{}")
            }
            router.put("upload/created") { _, _ in Self.json("{}", status: .created) }
        }
        let client = try await server.client()
        try await client.upload(zip: Data("zip".utf8), md5: "bWQ1", to: await server.base + "/upload/ok")
        let error = try await #require(throws: ClientError.self) {
            try await client.upload(zip: Data("zip".utf8), md5: "bWQ1", to: await server.base + "/upload/created")
        }
        #expect(error.message == "the upload answered 201, not 200")
        await server.stop()
    }

    @Test func getsAClientCredentialsToken() async throws {
        let server = try await MisbehavingServer.start { router, _ in
            router.post("oauth/v1/token") { request, _ in
                let body = String(buffer: try await request.body.collect(upTo: 1 << 16))
                #expect(body == "grant_type=client_credentials&scope=release_artifact")
                let expected = "Basic " + Data("ci%3Abot:s3cret".utf8).base64EncodedString()
                guard request.headers[.authorization] == expected else {
                    return Response(
                        status: .unauthorized, headers: [.contentType: "application/json", .wwwAuthenticate: "Basic"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"error":"invalid_client","error_description":"wrong client secret"}"#)))
                }
                return Self.json(#"{"access_token":"issued","token_type":"Bearer","expires_in":3600}"#)
            }
        }
        let client = try await server.client()
        let url = await server.base + "/oauth/v1/token"
        let token = try await OAuthClientCredentials(tokenURL: url, clientID: "ci:bot", clientSecret: "s3cret", scope: "release_artifact").token(using: client)
        #expect(token == "issued")
        let error = try await #require(throws: ClientError.self) {
            try await OAuthClientCredentials(tokenURL: url, clientID: "ci:bot", clientSecret: "wrong", scope: "release_artifact").token(using: client)
        }
        #expect(error.kind == .unauthorized)
        #expect(error.message == "\(url) refused client 'ci:bot' (invalid_client: wrong client secret)")
        await server.stop()
    }

    @Test func reportsARedirectInsteadOfFollowingIt() async throws {
        let server = try await MisbehavingServer.start { router, server in
            router.post("release") { request, _ in
                await server.record(request)
                return Response(status: .movedPermanently, headers: [.location: "https://moonbase.example.com/release"])
            }
        }
        let request = ReleaseRequest(service: "payments", environment: "dev", artifactID: "master-1-2", intent: .releaseArtifact)
        let error = try await #require(throws: ClientError.self) { try await server.client().release(request) }
        #expect(error.kind == .badResponse)
        #expect(error.message.hasSuffix("answered 301 Moved Permanently, redirecting to https://moonbase.example.com/release; give the URL moonbase answers at"), "\(error.message)")
        #expect(await server.requests.count == 1)
        await server.stop()
    }

    @Test func neverQuotesATokenEndpointsAnswer() async throws {
        let server = try await MisbehavingServer.start { router, _ in
            router.post("token") { _, _ in Self.json(#"{"accessToken":"do-not-print-me"}"#) }
        }
        let client = try await server.client()
        let error = try await #require(throws: ClientError.self) {
            try await OAuthClientCredentials(tokenURL: await server.base + "/token", clientID: "ci", clientSecret: "s", scope: "").token(using: client)
        }
        #expect(error.message.hasSuffix("/token answered without an access_token in JSON"), "\(error.message)")
        #expect(!error.description.contains("do-not-print-me"))
        await server.stop()
    }

    @Test func refusesCredentialsInTheServerURL() {
        let error = #expect(throws: ClientError.self) { try MoonbaseClient(baseURL: "https://ci:hunter2@moonbase.example.com", token: nil) }
        #expect(error?.message.contains("hunter2") == false)
    }
}
