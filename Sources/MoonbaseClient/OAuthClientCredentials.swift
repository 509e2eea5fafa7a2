import Foundation
import NIOHTTP1
import ReleaseModel

/// The OAuth 2 client-credentials grant (RFC 6749 §4.4) as CI uses it to get a token for
/// `artifact push`: the client id and secret as HTTP Basic, the form body, the token back.
public struct OAuthClientCredentials: Sendable {
    public var tokenURL: String
    public var clientID: String
    public var clientSecret: String
    public var scope: String

    public init(tokenURL: String, clientID: String, clientSecret: String, scope: String) {
        self.tokenURL = tokenURL
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.scope = scope
    }

    struct TokenResponse: Decodable {
        var accessToken: String
        enum CodingKeys: String, CodingKey { case accessToken = "access_token" }
    }

    struct OAuthError: Decodable {
        var error: String
        var description: String?
        enum CodingKeys: String, CodingKey { case error, description = "error_description" }
    }

    /// Asks `tokenURL` for an access token, through `client`'s timeout and retries.
    public func token(using client: MoonbaseClient) async throws(ClientError) -> String {
        let credentials = Data("\(Self.formEncode(clientID)):\(Self.formEncode(clientSecret))".utf8).base64EncodedString()
        var form = "grant_type=client_credentials"
        if !scope.isEmpty { form += "&scope=\(Self.formEncode(scope))" }
        let answer = try await client.send(
            .POST, url: tokenURL, body: Data(form.utf8),
            headers: ["Authorization": "Basic \(credentials)", "Content-Type": "application/x-www-form-urlencoded"],
            authorized: false, idempotent: true)
        if answer.status >= 400, let refusal = try? JSONDecoder().decode(OAuthError.self, from: answer.body) {
            let detail = refusal.description.map { ": \($0)" } ?? ""
            throw ClientError(
                answer.status == 401 ? .unauthorized : .refused, status: answer.status,
                message: "\(tokenURL) refused client '\(clientID)' (\(refusal.error)\(detail))", requestID: answer.requestID)
        }
        guard answer.status < 300 else { throw answer.error() }
        // Never quote this body: it may hold a token in a shape we do not read.
        guard let response = try? JSONDecoder().decode(TokenResponse.self, from: answer.body) else {
            throw ClientError(.badResponse, status: answer.status, message: "\(tokenURL) answered without an access_token in JSON", requestID: answer.requestID)
        }
        guard !response.accessToken.isEmpty else {
            throw ClientError(.badResponse, status: answer.status, message: "\(tokenURL) answered without an access_token", requestID: answer.requestID)
        }
        return response.accessToken
    }

    /// RFC 6749 §2.3.1: id and secret are form-encoded before they go into Basic.
    static func formEncode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .urlUnreserved) ?? value
    }
}
