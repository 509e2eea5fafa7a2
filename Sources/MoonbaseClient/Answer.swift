import Foundation
import ReleaseModel

/// A server's answer to one request, before it is judged.
struct Answer: Sendable {
    var status: Int
    var reason: String
    var body: Data
    var requestID: String
    /// `scheme://host:port` the answer came from, for messages.
    var server: String
    /// The `Location` of a redirect.
    var location: String?

    /// The decoded body of a success; otherwise the error the answer means.
    func decoded<Response: Decodable>(as type: Response.Type) throws(ClientError) -> Response {
        guard status < 400 else { throw error() }
        if (300..<400).contains(status) {
            throw ClientError(
                .badResponse, status: status,
                message: "\(server) answered \(status) \(reason), redirecting to \(location ?? "nowhere"); give the URL moonbase answers at",
                requestID: requestID)
        }
        do {
            return try JSONDecoder().decode(Response.self, from: body)
        } catch {
            throw ClientError(
                .badResponse, status: status,
                message: "\(server) answered \(status) with a body that is not moonbase's JSON (\(Self.describe(error))): \(snippet)",
                requestID: requestID)
        }
    }

    /// The error of an answer with status ≥ 400: the server's `{status, message}` when it sent
    /// one, else a description of what came back (a proxy's error page, say).
    func error() -> ClientError {
        let response = try? JSONDecoder().decode(ErrorResponse.self, from: body)
        let message = response.map(\.message).flatMap { $0.isEmpty ? nil : $0 }
        if status == 401 {
            return ClientError(.unauthorized, status: status, message: message ?? "the server refused the token (401 \(reason))", requestID: requestID)
        }
        if let message {
            return ClientError(.refused, status: status, message: message, requestID: requestID)
        }
        return ClientError(
            .badResponse, status: status,
            message: "\(server) answered \(status) \(reason) without moonbase's error body; is the URL moonbase's, or is a proxy in between? Body: \(snippet)",
            requestID: requestID)
    }

    /// The start of the body, on one line, for error messages.
    var snippet: String {
        let text = String(decoding: body.prefix(200), as: UTF8.self)
            .split(whereSeparator: \.isNewline).joined(separator: " ")
        if text.isEmpty { return "(empty)" }
        return body.count > 200 ? text + "…" : text
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "missing '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "unexpected value at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        case DecodingError.dataCorrupted: "not JSON"
        default: "\(error)"
        }
    }
}
