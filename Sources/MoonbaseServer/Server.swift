import ConfigRepo
import Foundation
import Hummingbird
import MoonbaseStore
import ReleaseEngine
import ReleaseModel

/// The `moonbase serve` HTTP server: the API routes over one ``MoonbaseHome``.
public struct MoonbaseServer: Sendable {
    public let home: MoonbaseHome
    public let host: String
    public let port: Int

    public init(home: MoonbaseHome, host: String = "127.0.0.1", port: Int = 8080) {
        self.home = home
        self.host = host
        self.port = port
    }

    /// Serves until the task is cancelled or the process is signalled; `onReady` gets the
    /// host and the port actually bound (the free port picked for port 0).
    public func run(
        handleSignals: Bool = true, onReady: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }
    ) async throws {
        let host = self.host
        let app = Application(
            router: makeRouter(),
            configuration: .init(address: .hostname(host, port: port), serverName: "moonbase"),
            onServerRunning: { channel in
                await onReady(host, channel.localAddress?.port ?? 0)
            }
        )
        try await app.runService(gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [])
    }

    func makeRouter() -> Router<BasicRequestContext> {
        let api = API(home: home)
        let router = Router()
        router.get("ping") { _, _ in "pong" }
        router.get("status") { request, _ in
            await api.respond(request, allowed: API.hamctlGroups) { try await api.status(request) }
        }
        router.post("release") { request, _ in
            await api.respond(request, allowed: API.hamctlGroups) { try await api.release(request) }
        }
        return router
    }
}

/// The route handlers, independent of the router.
struct API: Sendable {
    static let hamctlGroups: Set<ClientGroup> = [.hamctl, .admin]
    static let maximumBodySize = 4 << 20

    let home: MoonbaseHome
    let flow: ReleaseFlow

    init(home: MoonbaseHome) {
        self.home = home
        self.flow = ReleaseFlow(repository: home.repository, store: home.store, queue: home.queue)
    }

    /// Authenticates, runs `body` and answers with its JSON, or with an ``ErrorResponse``.
    func respond(_ request: Request, allowed: Set<ClientGroup>, _ body: () async throws -> any Encodable) async -> Response {
        do {
            try await authenticate(request, allowed: allowed)
            let value = try await body()
            return try Self.json(value, status: .ok)
        } catch let error as ErrorResponse {
            return Self.error(error)
        } catch {
            Self.log("internal error on \(request.method) \(request.uri.path): \(error)")
            return Self.error(ErrorResponse(status: 500, message: "unknown error"))
        }
    }

    func authenticate(_ request: Request, allowed: Set<ClientGroup>) async throws {
        let unauthorized = ErrorResponse(status: 401, message: "please provide a valid authentication token")
        guard let header = request.headers[.authorization] else { throw unauthorized }
        let prefix = "bearer "
        guard header.count > prefix.count, header.prefix(prefix.count).lowercased() == prefix else { throw unauthorized }
        let secret = header.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
        guard !secret.isEmpty, let token = try await home.store.verifyToken(secret), allowed.contains(token.group) else {
            throw unauthorized
        }
    }

    // MARK: GET /status

    func status(_ request: Request) async throws -> StatusResponse {
        let service = request.uri.queryParameters.get("service") ?? ""
        guard !service.isBlankText else {
            throw ErrorResponse(status: 400, message: "query param service required but was empty")
        }
        let namespace = request.uri.queryParameters.get("namespace") ?? ""
        let released = try home.repository.status(service: service, namespace: namespace.isEmpty ? nil : namespace)
        return StatusResponse(
            defaultNamespaces: namespace.isEmpty,
            environments: released.map { EnvironmentStatus(environment: $0.environment, spec: $0.spec) }
        )
    }

    // MARK: POST /release

    func release(_ request: Request) async throws -> ReleaseResponse {
        let body = try await Self.decode(ReleaseRequest.self, from: request)
        let errors = body.validationErrors()
        guard errors.isEmpty else { throw ErrorResponse.invalidInput(errors) }
        let intent = body.intent ?? .releaseArtifact
        let release = ArtifactRelease(
            service: body.service, environment: body.environment, artifactID: body.artifactID, intent: intent,
            actor: Person(name: body.committerName, email: body.committerEmail), reason: body.reason
        )
        do {
            switch try await flow.release(release) {
            case .upToDate(let environment):
                return .alreadyReleased(service: body.service, environment: environment)
            case .released(_, let commit):
                return ReleaseResponse(
                    service: body.service, releaseID: body.artifactID, toEnvironment: body.environment, tag: body.artifactID, commit: commit
                )
            case .queued:
                return ReleaseResponse(service: body.service, releaseID: body.artifactID, toEnvironment: body.environment, tag: body.artifactID)
            }
        } catch {
            throw Self.response(for: error)
        }
    }

    /// Spec §1.3's error mapping.
    static func response(for error: ReleaseError) -> ErrorResponse {
        switch error {
        case .artifactNotFound, .unknownEnvironment:
            return ErrorResponse(status: 400, message: error.description)
        case .refused(let environment, let artifactID, let intent, _, _):
            return ErrorResponse(
                status: 400,
                message: "cannot release \(intent.errorPhrase(artifactID: artifactID)) to environment '\(environment)' due to branch restriction policy"
            )
        default:
            log("release failed: \(error)")
            return ErrorResponse(status: 500, message: "unknown error")
        }
    }

    // MARK: Encoding

    /// Decodes a JSON body, whatever its Content-Type.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maximumBodySize)
        } catch {
            throw ErrorResponse(status: 413, message: "request body too large")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch {
            throw ErrorResponse(status: 400, message: "invalid request body: not the expected JSON")
        }
    }

    static func json(_ value: any Encodable, status: HTTPResponse.Status) throws -> Response {
        let data = try GoJSONEncoder.httpBody.encode(value)
        return Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data))
        )
    }

    static func error(_ error: ErrorResponse) -> Response {
        let status = HTTPResponse.Status(code: error.status)
        do {
            return try json(error, status: status)
        } catch {
            return Response(status: .internalServerError)
        }
    }

    static func log(_ message: String) {
        FileHandle.standardError.write(Data("moonbase: \(message)\n".utf8))
    }
}

extension String {
    var isBlankText: Bool { allSatisfy(\.isWhitespace) }
}
