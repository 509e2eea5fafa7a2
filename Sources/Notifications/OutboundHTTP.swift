import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// The HTTP client every receiver sends with: one connection pool, a timeout per request,
/// and answers summarised for the delivery log (never the request's headers, which hold tokens).
public struct OutboundHTTP: Sendable {
    let client: HTTPClient
    public var timeout: TimeInterval

    public init(client: HTTPClient = .shared, timeout: TimeInterval = 10) {
        self.client = client
        self.timeout = timeout
    }

    public struct Response: Sendable {
        public var status: Int
        public var headers: HTTPHeaders
        public var body: Data

        /// `HTTP 503: <the start of the body>`.
        public var summary: String {
            let text = String(decoding: body.prefix(300), as: UTF8.self)
                .replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
            return text.isEmpty ? "HTTP \(status)" : "HTTP \(status): \(text)"
        }

        /// The result for receivers that speak plain HTTP: 2xx delivered; 408, 425, 429 and
        /// 5xx retried (after `Retry-After` when given); any other status refused.
        public var result: DeliveryResult {
            switch status {
            case 200..<300: .delivered(answer: summary)
            case 408, 425, 429, 500...: .retry(answer: summary, retryAfter: retryAfter)
            default: .refused(answer: summary)
            }
        }

        /// `Retry-After` in seconds (the delay form; an HTTP date is ignored).
        public var retryAfter: TimeInterval? {
            headers.first(name: "retry-after").flatMap(TimeInterval.init)
        }
    }

    /// Sends a request; a transport failure (refused, reset, timed out) throws.
    public func send(_ method: HTTPMethod, _ url: String, headers: [(String, String)], body: Data? = nil) async throws -> Response {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "User-Agent", value: "Moonbase-Notifications")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(data: body)) }
        let response = try await client.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
        // Only the start of the answer is kept: a large body is no failure of the delivery.
        var body = Data()
        for try await chunk in response.body where body.count < 64 << 10 {
            body.append(contentsOf: chunk.readableBytesView.prefix((64 << 10) - body.count))
        }
        return Response(status: Int(response.status.code), headers: response.headers, body: body)
    }

    /// What a transport failure is told as.
    public static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            return "could not reach the receiver: \(error)"
        }
        return "could not reach the receiver: \(String(describing: error))"
    }
}
