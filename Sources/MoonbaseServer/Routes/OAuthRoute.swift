import Foundation
import Hummingbird
import MoonbaseStore
import ReleaseModel

/// `POST /oauth/v1/token`: the OAuth2 client-credentials grant (RFC 6749 §4.4) for CI clients
/// created with `moonbase client create`. The reference `artifact push --idp-url <server>/oauth`
/// posts here. Errors follow RFC 6749 §5.2 (`{"error","error_description"}`), not the API's
/// `{"status","message"}`, because OAuth client libraries parse them.
extension API {
    static let maximumFormSize = 64 << 10

    /// `POST /oauth/v1/token`: answers a token, or throws an ``OAuthError`` (RFC 6749's error
    /// shape, rendered by ``APIErrorMiddleware``).
    func oauthToken(_ request: Request) async throws -> Response {
        let form = try await Self.tokenRequest(from: request)
        guard let grantType = form.grant_type, !grantType.isEmpty else {
            throw OAuthError.invalidRequest("grant_type is required; use grant_type=client_credentials")
        }
        guard grantType == "client_credentials" else {
            throw OAuthError(
                status: .badRequest, code: "unsupported_grant_type",
                description: "grant_type '\(grantType)' is not supported; use client_credentials"
            )
        }
        let (id, secret) = try Self.clientCredentials(request, form: form)
        guard let client = try await home.store.verifyOAuthClient(id: id, secret: secret) else {
            throw OAuthError.invalidClient("unknown client id or wrong client secret")
        }
        let token = try authenticator.issuer.issue(to: client)
        try await home.store.recordAudit(NewAuditEntry(
            actor: client.name, action: "oauth.token", details: .object([.init("clientId", .string(client.id)), .init("group", .string(client.group.rawValue))])
        ))
        var response = try GoJSONResponse(
            AccessTokenResponse(accessToken: token, tokenType: "Bearer", expiresIn: Int(AccessTokenIssuer.lifetime))
        ).response
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// The form body's fields (RFC 6749 §4.4.2; `client_id`/`client_secret` per §2.3.1).
    struct TokenRequest: Decodable {
        var grant_type: String?
        var scope: String?
        var client_id: String?
        var client_secret: String?
    }

    struct AccessTokenResponse: Encodable {
        var accessToken: String
        var tokenType: String
        var expiresIn: Int

        enum CodingKeys: String, CodingKey {
            case accessToken = "access_token"
            case tokenType = "token_type"
            case expiresIn = "expires_in"
        }
    }

    static func tokenRequest(from request: Request) async throws -> TokenRequest {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maximumFormSize)
        } catch {
            throw OAuthError.invalidRequest("the request body is larger than \(maximumFormSize) bytes")
        }
        let text = String(decoding: buffer.readableBytesView, as: UTF8.self)
        do {
            return try URLEncodedFormDecoder().decode(TokenRequest.self, from: text)
        } catch {
            throw OAuthError.invalidRequest("the body must be a form (application/x-www-form-urlencoded) with grant_type=client_credentials")
        }
    }

    /// The client id and secret from HTTP Basic authentication, else from the form.
    static func clientCredentials(_ request: Request, form: TokenRequest) throws -> (id: String, secret: String) {
        if let header = request.headers[.authorization] {
            guard header.prefix(6).lowercased() == "basic ",
                  let decoded = Data(base64Encoded: header.dropFirst(6).trimmingCharacters(in: .whitespaces)),
                  let pair = String(data: decoded, encoding: .utf8), let colon = pair.firstIndex(of: ":")
            else {
                throw OAuthError.invalidClient("the Authorization header must be Basic base64(client_id:client_secret)")
            }
            // RFC 6749 §2.3.1: both parts are form-encoded before base64.
            func formDecoded(_ part: Substring) -> String {
                let spaced = part.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (formDecoded(pair[..<colon]), formDecoded(pair[pair.index(after: colon)...]))
        }
        guard let id = form.client_id, !id.isEmpty, let secret = form.client_secret, !secret.isEmpty else {
            throw OAuthError.invalidClient(
                "client authentication required: HTTP Basic with the client id and secret, or client_id and client_secret in the form"
            )
        }
        return (id, secret)
    }
}

/// An RFC 6749 §5.2 error answer: the OAuth token endpoint's own error shape, which OAuth
/// clients parse, instead of the API's ``ErrorResponse``.
struct OAuthError: Error {
    var status: HTTPResponse.Status
    var code: String
    var description: String

    static func invalidRequest(_ description: String) -> OAuthError {
        OAuthError(status: .badRequest, code: "invalid_request", description: description)
    }

    static func invalidClient(_ description: String) -> OAuthError {
        OAuthError(status: .unauthorized, code: "invalid_client", description: description)
    }

    var response: Response {
        struct Body: Encodable {
            var error: String
            var error_description: String
        }
        var response = (try? GoJSONResponse(Body(error: code, error_description: description), status: status).response)
            ?? Response(status: status)
        response.headers[.cacheControl] = "no-store"
        if status == .unauthorized { response.headers[.wwwAuthenticate] = #"Basic realm="moonbase""# }
        return response
    }
}
