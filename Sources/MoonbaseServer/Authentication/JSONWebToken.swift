import Foundation

/// A JWT in compact form (`header.payload.signature`, RFC 7519), decoded but not yet trusted.
struct JSONWebToken: Sendable {
    struct Header: Codable, Sendable {
        var alg: String
        var kid: String?
        var typ: String?
    }

    var header: Header
    var claims: JWTClaims
    /// `header.payload` as sent: what the signature covers.
    var signingInput: Data
    var signature: Data

    /// Decodes `compact`; nil when it is not three base64url parts holding a JSON header and
    /// JSON claims.
    init?(compact: String) {
        let parts = compact.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3,
              let headerData = Data(base64URLEncoded: parts[0]),
              let payload = Data(base64URLEncoded: parts[1]),
              let signature = Data(base64URLEncoded: parts[2]),
              let header = try? JSONDecoder().decode(Header.self, from: headerData),
              let claims = try? JSONDecoder().decode(JWTClaims.self, from: payload)
        else { return nil }
        self.header = header
        self.claims = claims
        self.signingInput = Data("\(parts[0]).\(parts[1])".utf8)
        self.signature = signature
    }

    /// Encodes and signs a token (`sign` gets the signing input and returns the signature).
    static func compact(header: Header, claims: JWTClaims, sign: (Data) throws -> Data) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let input = try encoder.encode(header).base64URLEncodedString() + "." + encoder.encode(claims).base64URLEncodedString()
        return input + "." + (try sign(Data(input.utf8))).base64URLEncodedString()
    }
}

/// The registered claims Moonbase checks, and the group of the tokens it issues itself.
struct JWTClaims: Codable, Sendable {
    var iss: String?
    var sub: String?
    var aud: Audience?
    var exp: Double?
    var nbf: Double?
    var iat: Double?
    /// The client group of a token issued by ``AccessTokenIssuer``.
    var group: String?
    /// The OAuth client a token was issued to.
    var clientID: String?

    enum CodingKeys: String, CodingKey {
        case iss, sub, aud, exp, nbf, iat, group
        case clientID = "client_id"
    }

    /// `aud` is one string or a list of them.
    struct Audience: Codable, Sendable {
        var values: [String]

        init(_ values: [String]) {
            self.values = values
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let single = try? container.decode(String.self) {
                values = [single]
            } else {
                values = try container.decode([String].self)
            }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            if values.count == 1 { try container.encode(values[0]) } else { try container.encode(values) }
        }
    }

    /// Allowed clock difference between Moonbase and the token's issuer (as the reference).
    static let skew: TimeInterval = 1

    /// Whether the token is current at `now`: `exp` is required and not past, `nbf` and `iat`
    /// (when present) not in the future, each with ``skew``.
    func isCurrent(at now: Date) -> Bool {
        let time = now.timeIntervalSince1970
        guard let exp, time <= exp + Self.skew else { return false }
        if let nbf, time + Self.skew < nbf { return false }
        if let iat, time + Self.skew < iat { return false }
        return true
    }
}
