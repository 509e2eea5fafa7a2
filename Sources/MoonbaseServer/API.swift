import Foundation
import GoCompat
import Hummingbird
import Logging
import MoonbaseStore
import ReleaseEngine
import ReleaseModel

/// The route handlers, independent of the router.
struct API: Sendable {
    static let hamctlGroups: Set<ClientGroup> = [.hamctl, .admin]
    static let maximumBodySize = 4 << 20

    let home: MoonbaseHome
    let flow: ReleaseFlow
    let policyFlow: PolicyFlow
    let statusReader: ReleaseStatusReader
    let authenticator: Authenticator

    init(home: MoonbaseHome) {
        self.home = home
        self.flow = ReleaseFlow(
            repository: home.releaseRepository, store: home.store, queue: home.queue,
            globalBranchRestrictions: home.configuration.branchRestrictions
        )
        self.policyFlow = PolicyFlow(
            repository: home.releaseRepository, queue: home.queue, audit: home.store, globalBranchRestrictions: home.configuration.branchRestrictions
        )
        self.statusReader = ReleaseStatusReader(repository: home.releaseRepository)
        self.authenticator = Authenticator(home: home)
    }

    /// Authenticates, runs `body` with the caller's identity and answers with its JSON
    /// (`status` on success), or with an ``ErrorResponse``.
    func respond(
        _ request: Request, allowed: Set<ClientGroup>, status: HTTPResponse.Status = .ok,
        _ body: (Identity) async throws -> any Encodable
    ) async -> Response {
        do {
            let identity = try await authenticate(request, allowed: allowed)
            let value = try await body(identity)
            return try Self.json(value, status: status)
        } catch let error as ErrorResponse {
            return Self.error(error)
        } catch {
            Self.log("internal error on \(request.method) \(request.uri.path): \(error)")
            return Self.error(ErrorResponse(status: 500, message: "unknown error"))
        }
    }

    static let unauthorized = Authenticator.unauthorized

    /// The identity behind the request's `Authorization` header, when its group is one of `allowed`.
    func authenticate(_ request: Request, allowed: Set<ClientGroup>) async throws -> Identity {
        try await authenticator.authenticate(authorization: request.headers[.authorization], allowed: allowed)
    }

    // MARK: Request parameters

    /// A name from the path or query, refused with a 400 naming what is wrong with it.
    static func validate(_ value: String, as kind: NameKind) throws {
        do {
            try Name.validate(value, as: kind)
        } catch {
            throw ErrorResponse(status: 400, message: error.description)
        }
    }

    /// An integer query parameter within `range` (absent or empty: `value`); otherwise 400
    /// `invalid value '<raw>' of <name>. Must be <expected>.` (the reference's text for count).
    static func integer(_ request: Request, _ name: String, default value: Int, range: ClosedRange<Int>, expected: String) throws -> Int {
        guard let raw = request.uri.queryParameters.get(name), !raw.isEmpty else { return value }
        guard let parsed = Int(raw), parsed >= range.lowerBound else {
            throw ErrorResponse(status: 400, message: "invalid value '\(raw)' of \(name). Must be \(expected).")
        }
        guard parsed <= range.upperBound else {
            throw ErrorResponse(status: 400, message: "invalid value '\(raw)' of \(name). Must be at most \(range.upperBound).")
        }
        return parsed
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

    static let logger = Logger.moonbase()

    static func log(_ message: String) {
        logger.error("\(message)")
    }
}

extension String {
    var isBlankText: Bool { allSatisfy(\.isWhitespace) }
}
