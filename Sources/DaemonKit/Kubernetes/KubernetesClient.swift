import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOSSL

/// The few calls of the Kubernetes REST API the daemon makes: LIST, WATCH (a stream of JSON
/// lines), a JSON merge PATCH and a container's log, over the TLS and credentials of a
/// ``KubernetesConnection``.
public final class KubernetesClient: Sendable {
    public let connection: KubernetesConnection
    /// The longest a LIST, PATCH or log request may take.
    public let requestTimeout: Duration
    private let http: HTTPClient
    private let token: BearerToken

    public init(connection: KubernetesConnection, requestTimeout: Duration = .seconds(30)) throws(KubernetesConnectionError) {
        self.connection = connection
        self.requestTimeout = requestTimeout
        var configuration = HTTPClient.Configuration()
        configuration.timeout.connect = .seconds(10)
        configuration.redirectConfiguration = .disallow
        if connection.server.scheme == "https" {
            configuration.tlsConfiguration = try Self.tls(for: connection)
        }
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        token = BearerToken(value: connection.bearerToken, file: connection.bearerTokenFile)
    }

    /// Closes the client's connections; in-flight watches end.
    public func shutdown() async {
        try? await http.shutdown()
    }

    static func tls(for connection: KubernetesConnection) throws(KubernetesConnectionError) -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        do {
            if connection.insecureSkipTLSVerify {
                tls.certificateVerification = .none
            } else if let authority = connection.certificateAuthority {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes([UInt8](authority)))
            }
        } catch {
            throw KubernetesConnectionError("the certificate authority of \(connection.server.absoluteString) is not a PEM certificate")
        }
        if let certificate = connection.clientCertificate, let key = connection.clientKey {
            do {
                tls.certificateChain = try NIOSSLCertificate.fromPEMBytes([UInt8](certificate)).map { .certificate($0) }
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: [UInt8](key), format: .pem))
            } catch {
                // Never quote the key.
                throw KubernetesConnectionError("the client certificate or key for \(connection.server.absoluteString) is not PEM")
            }
        }
        return tls
    }

    // MARK: Calls

    /// `GET path` answered with JSON, decoded.
    public func get<Answer: Decodable>(_ path: String, query: [String: String] = [:], as type: Answer.Type) async throws(KubernetesAPIError) -> Answer {
        let response = try await execute(.GET, path, query: query, timeout: requestTimeout)
        let body = try await Self.collect(response, path: path)
        try Self.check(response, body: body, path: path)
        do {
            return try JSONDecoder().decode(type, from: body)
        } catch {
            throw KubernetesAPIError(status: Int(response.status.code), reason: "", message: "\(path) answered JSON the daemon cannot read: \(error)")
        }
    }

    /// `GET path` as text, e.g. a container's log.
    public func text(_ path: String, query: [String: String] = [:]) async throws(KubernetesAPIError) -> String {
        let response = try await execute(.GET, path, query: query, timeout: requestTimeout)
        let body = try await Self.collect(response, path: path)
        try Self.check(response, body: body, path: path)
        return String(decoding: body, as: UTF8.self)
    }

    /// A JSON merge patch (RFC 7386) of one object: only the fields in `patch` change and no
    /// resourceVersion is sent, so it never conflicts with other writers.
    public func mergePatch(_ path: String, _ patch: Data) async throws(KubernetesAPIError) {
        let response = try await execute(.PATCH, path, body: patch, contentType: "application/merge-patch+json", timeout: requestTimeout)
        let body = try await Self.collect(response, path: path)
        try Self.check(response, body: body, path: path)
    }

    /// A WATCH stream: `path?watch=true&…` answered as one JSON event per line, for as long as
    /// the server keeps it open (`timeoutSeconds`), yielded line by line.
    public func watch(_ path: String, query: [String: String], timeout: Duration) async throws(KubernetesAPIError) -> AsyncThrowingStream<Data, any Error> {
        var query = query
        query["watch"] = "true"
        let response = try await execute(.GET, path, query: query, timeout: timeout)
        guard response.status == .ok else {
            let body = try await Self.collect(response, path: path)
            try Self.check(response, body: body, path: path)
            throw KubernetesAPIError(status: Int(response.status.code), reason: "", message: "\(path) answered \(response.status.code) to a watch")
        }
        return AsyncThrowingStream { continuation in
            let reader = Task {
                var pending = ByteBuffer()
                do {
                    for try await chunk in response.body {
                        pending.writeImmutableBuffer(chunk)
                        while let newline = pending.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
                            let length = newline - pending.readerIndex
                            let line = pending.readData(length: length) ?? Data()
                            pending.moveReaderIndex(forwardBy: 1)
                            if !line.isEmpty { continuation.yield(line) }
                        }
                        pending.discardReadBytes()
                    }
                    if pending.readableBytes > 0, let rest = pending.readData(length: pending.readableBytes) {
                        continuation.yield(rest)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in reader.cancel() }
        }
    }

    // MARK: Transport

    private func execute(
        _ method: HTTPMethod, _ path: String, query: [String: String] = [:], body: Data? = nil, contentType: String? = nil, timeout: Duration
    ) async throws(KubernetesAPIError) -> HTTPClientResponse {
        var url = connection.server.absoluteString
        while url.hasSuffix("/") { url.removeLast() }
        url += path
        if !query.isEmpty {
            var components = URLComponents()
            components.queryItems = query.sorted(by: { $0.key < $1.key }).map { URLQueryItem(name: $0.key, value: $0.value) }
            url += "?" + (components.percentEncodedQuery ?? "")
        }
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "moonbase-daemon")
        if let bearer = token.current() {
            request.headers.add(name: "Authorization", value: "Bearer \(bearer)")
        }
        if let body {
            request.body = .bytes(ByteBuffer(data: body))
            request.headers.add(name: "Content-Type", value: contentType ?? "application/json")
        }
        let (seconds, attoseconds) = timeout.components
        do {
            return try await http.execute(request, timeout: .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000))
        } catch {
            throw KubernetesAPIError(status: nil, reason: "", message: "\(connection.server.absoluteString) cannot be reached: \(error)")
        }
    }

    private static func collect(_ response: HTTPClientResponse, path: String) async throws(KubernetesAPIError) -> Data {
        do {
            return Data(buffer: try await response.body.collect(upTo: 256 << 20))
        } catch {
            throw KubernetesAPIError(status: Int(response.status.code), reason: "", message: "\(path): the answer broke off: \(error)")
        }
    }

    /// A non-2xx answer as the error its `Status` body describes.
    private static func check(_ response: HTTPClientResponse, body: Data, path: String) throws(KubernetesAPIError) {
        let code = Int(response.status.code)
        guard !(200..<300).contains(code) else { return }
        if let status = try? JSONDecoder().decode(KubernetesStatus.self, from: body) {
            throw KubernetesAPIError(status: code, reason: status.reason ?? "", message: status.message ?? "\(path) answered \(code)")
        }
        throw KubernetesAPIError(status: code, reason: "", message: "\(path) answered \(code) \(response.status.reasonPhrase)")
    }
}

/// The bearer token, re-read from its file at most once a minute so a rotated service-account
/// token is picked up (as client-go does).
private final class BearerToken: @unchecked Sendable {
    private let lock = NSLock()
    private var value: String?
    private let file: URL?
    private var readAt = Date()

    init(value: String?, file: URL?) {
        self.value = value
        self.file = file
    }

    func current() -> String? {
        lock.withLock {
            if let file, Date().timeIntervalSince(readAt) > 60 {
                readAt = Date()
                if let text = try? String(contentsOf: file, encoding: .utf8) {
                    let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
                    if !token.isEmpty { value = token }
                }
            }
            return value
        }
    }
}

/// What the API server said when it refused a call (its `Status` object), or why it could not
/// be asked.
public struct KubernetesAPIError: Error, Sendable, CustomStringConvertible {
    /// The HTTP status; nil when no answer came.
    public var status: Int?
    /// The Status object's `reason`, e.g. `Expired`, `NotFound`, `Forbidden`.
    public var reason: String
    public var message: String

    public var description: String { message }

    /// `410 Gone`: the resourceVersion is older than the server keeps; list again.
    public var isExpired: Bool { status == 410 || reason == "Expired" || reason == "Gone" }
}
