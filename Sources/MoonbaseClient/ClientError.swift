import Foundation

/// Why a call to moonbase failed, worded for the person at the terminal. The command-line tools
/// add the hint of their own flag or variable (``ClientError/Kind/hint``).
public struct ClientError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// No connection: refused, unknown host, network down. Nothing was sent.
        case unreachable
        /// No (complete) answer within the timeout.
        case timeout
        /// The connection broke after the request went out: it may or may not have been done.
        case interrupted
        /// 401: the token is missing, unknown, revoked or of another group.
        case unauthorized
        /// The server answered an error with its `{status, message}` body.
        case refused
        /// The server answered something that is not the API's JSON (a proxy's HTML page, say).
        case badResponse
        /// The request could not be made (a bad URL, a body that does not encode).
        case invalidRequest
    }

    public var kind: Kind
    /// The HTTP status, when there was an answer.
    public var status: Int?
    /// What went wrong, without the request reference.
    public var message: String
    /// The `X-Request-Id` the request was sent with, to find it in the server's log.
    public var requestID: String?

    public init(_ kind: Kind, status: Int? = nil, message: String, requestID: String? = nil) {
        self.kind = kind
        self.status = status
        self.message = message
        self.requestID = requestID
    }

    /// `<message> (reference: <request id>)` as the reference hamctl prints server refusals.
    public var description: String {
        guard let requestID, kind == .refused || kind == .unauthorized || kind == .badResponse else { return message }
        return "\(message) (reference: \(requestID))"
    }

    /// Whether a call that failed this way may be sent again: nothing reached the server, or
    /// the call is idempotent and the answer never came. (Answers such as 503 are judged in
    /// ``MoonbaseClient/send(_:url:body:headers:authorized:idempotent:)``.)
    func isRetryable(idempotent: Bool) -> Bool {
        switch kind {
        case .unreachable: true
        case .timeout, .interrupted: idempotent
        case .refused, .badResponse, .unauthorized, .invalidRequest: false
        }
    }
}
