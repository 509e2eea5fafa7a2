import AsyncHTTPClient
import Foundation
import GoCompat
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import ReleaseModel

/// A client of moonbase's HTTP API (docs/server.md), shared by `hamctl` and `artifact`.
///
/// Every request carries the token as `Authorization: Bearer`, a fresh `X-Request-Id` (quoted
/// in errors so the server's log line can be found) and `X-Cli-Version`. A call that gets no
/// connection is tried again whatever its method (nothing was sent); timeouts, broken
/// connections and 502/503/504 are tried again only for idempotent calls.
public struct MoonbaseClient: Sendable {
    /// The version of Moonbase's clients, sent as `X-Cli-Version`.
    public static let version = "0.1.0"

    /// `scheme://host[:port][/prefix]`, without a trailing slash.
    public let baseURL: String
    public var token: String?
    /// The longest a call may take, from connecting to the last byte of the answer.
    public var timeout: Duration
    public var retry: RetryPolicy
    /// `User-Agent`, e.g. `hamctl/0.1.0`.
    public var userAgent: String
    let http: HTTPClient

    public init(
        baseURL: String, token: String?, timeout: Duration = .seconds(120), retry: RetryPolicy = .standard,
        userAgent: String = "moonbase-client/\(MoonbaseClient.version)", http: HTTPClient = MoonbaseClient.processClient
    ) throws(ClientError) {
        self.baseURL = try Self.validatedBaseURL(baseURL)
        self.token = token
        self.timeout = timeout
        self.retry = retry
        self.userAgent = userAgent
        self.http = http
    }

    static func validatedBaseURL(_ raw: String) throws(ClientError) -> String {
        var trimmed = raw.trimmingCharacters(in: .whitespaces)
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
            components.query == nil, components.fragment == nil
        else {
            throw ClientError(.invalidRequest, message: "'\(raw)' is not a server URL: give it as http://HOST[:PORT] or https://HOST[:PORT]")
        }
        guard components.user == nil, components.password == nil else {
            throw ClientError(.invalidRequest, message: "a server URL must not carry a user or password (they would end up in logs): give the token as the token")
        }
        return trimmed
    }

    // MARK: Calls

    /// One API call: `path` (with its query) relative to the base URL, a JSON body, the
    /// decoded answer. `idempotent` defaults to the method's meaning in HTTP.
    public func call<Response: Decodable>(
        _ method: HTTPMethod, _ path: String, body: (some Encodable & Sendable)? = Optional<EmptyResponse>.none,
        as type: Response.Type, idempotent: Bool? = nil
    ) async throws(ClientError) -> Response {
        var payload: Data?
        if let body {
            do {
                payload = try GoJSONEncoder.httpBody.encode(body)
            } catch {
                throw ClientError(.invalidRequest, message: "could not encode the request to \(path): \(error)")
            }
        }
        let answer = try await send(
            method, url: baseURL + path, body: payload, headers: ["Content-Type": payload == nil ? nil : "application/json"],
            authorized: true, idempotent: idempotent ?? method.isIdempotent)
        return try answer.decoded(as: type)
    }

    /// Sends a request with retries as described on the type and returns the answer, whatever
    /// its status.
    func send(
        _ method: HTTPMethod, url: String, body: Data?, headers: [String: String?] = [:], authorized: Bool, idempotent: Bool
    ) async throws(ClientError) -> Answer {
        var attempt = 1
        while true {
            let requestID = UUID().uuidString.lowercased()
            do {
                let answer = try await sendOnce(method, url: url, body: body, headers: headers, authorized: authorized, requestID: requestID)
                // A gateway or the server saying "not now": worth another try if the call may repeat.
                guard idempotent, attempt < retry.attempts, [502, 503, 504].contains(answer.status) else { return answer }
            } catch {
                guard attempt < retry.attempts, error.isRetryable(idempotent: idempotent) else { throw error }
            }
            attempt += 1
            try? await Task.sleep(for: retry.delay(beforeAttempt: attempt))
        }
    }

    private func sendOnce(
        _ method: HTTPMethod, url: String, body: Data?, headers: [String: String?], authorized: Bool, requestID: String
    ) async throws(ClientError) -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "User-Agent", value: userAgent)
        request.headers.add(name: "X-Request-Id", value: requestID)
        request.headers.add(name: "X-Cli-Version", value: Self.version)
        if authorized, let token, !token.isEmpty {
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
        }
        for (name, value) in headers {
            if let value { request.headers.replaceOrAdd(name: name, value: value) }
        }
        if let body { request.body = .bytes(ByteBuffer(data: body)) }
        let (seconds, attoseconds) = timeout.components
        let deadline = TimeAmount.nanoseconds(Int64(clamping: Int128(seconds) * 1_000_000_000 + Int128(attoseconds / 1_000_000_000)))
        do {
            let response = try await http.execute(request, timeout: deadline)
            let bytes = try await response.body.collect(upTo: Self.maximumAnswerSize)
            return Answer(
                status: Int(response.status.code), reason: response.status.reasonPhrase, body: Data(buffer: bytes), requestID: requestID,
                server: ClientError.origin(of: url), location: response.headers.first(name: "Location"))
        } catch {
            throw ClientError(transport: error, server: ClientError.origin(of: url), timeout: timeout, requestID: requestID)
        }
    }

    /// The process's HTTP client. Unlike `HTTPClient.shared` it does not retry a refused
    /// connection until the call's deadline: ``send`` decides about retries, so an unreachable
    /// server is reported in a second rather than after the timeout. Never shut down: it lives
    /// as long as the process, as `HTTPClient.shared` does.
    public static let processClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        // A redirected POST would silently become a GET; a redirect is reported instead.
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// No API answer comes near this; a bigger one is not moonbase.
    static let maximumAnswerSize = 64 << 20
}

extension HTTPMethod {
    var isIdempotent: Bool {
        switch self {
        case .GET, .HEAD, .PUT, .DELETE, .OPTIONS: true
        default: false
        }
    }
}
