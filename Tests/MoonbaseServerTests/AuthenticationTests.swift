import _CryptoExtras
import Crypto
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
@testable import MoonbaseServer
import MoonbaseStore
import SQLiteStore
import ReleaseModel
import TestSupport
import Testing

extension RunningServer {
    /// A request with any headers; answers the status, the body and the response headers.
    func send(_ method: String, _ path: String, headers: [String: String] = [:], body: String? = nil) async throws
        -> (status: Int, body: String, headers: [String: String]) {
        let url = try #require(URL(string: path, relativeTo: base))
        var request = URLRequest(url: url)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body { request.httpBody = Data(body.utf8) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { fields[name.lowercased()] = value }
        }
        return (http.statusCode, String(decoding: data, as: UTF8.self), fields)
    }

    /// Asks the OAuth endpoint for a token with HTTP Basic client credentials. Through curl:
    /// Linux's URLSession never completes a request answered `401` with `WWW-Authenticate`
    /// (it waits for credentials that no one supplies).
    func oauthToken(id: String, secret: String, body: String = "grant_type=client_credentials&scope=release_artifact") async throws
        -> (status: Int, body: String, headers: [String: String]) {
        let basic = Data("\(id):\(secret)".utf8).base64EncodedString()
        return try await curl("POST", "/oauth/v1/token", headers: ["Authorization": "Basic \(basic)"], body: body)
    }

    func curl(_ method: String, _ path: String, headers: [String: String] = [:], body: String) async throws
        -> (status: Int, body: String, headers: [String: String]) {
        let url = try #require(URL(string: path, relativeTo: base)).absoluteString
        var arguments = ["-s", "-i", "-X", method, url, "-H", "Content-Type: application/x-www-form-urlencoded", "--data-binary", body]
        for (name, value) in headers { arguments += ["-H", "\(name): \(value)"] }
        let output = try await runProcess("curl", arguments, in: directory.path)
        let parts = output.stdout.components(separatedBy: "\r\n\r\n")
        let head = parts[0].components(separatedBy: "\r\n")
        let status = try #require(head.first?.split(separator: " ").dropFirst().first.flatMap { Int($0) })
        var fields: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return (status, parts.dropFirst().joined(separator: "\r\n\r\n"), fields)
    }
}

let unauthorizedBody = #"{"status":401,"message":"please provide a valid authentication token"}"# + "\n"

/// An Authenticator over a fresh store, without a home (no git), for checks that need no HTTP.
struct AuthenticatorFixture {
    let folder: TemporaryDirectory
    let store: SQLiteStore
    let signingKey = Data(repeating: 42, count: 32)

    init() throws {
        folder = try TemporaryDirectory("moonbase-auth")
        store = try SQLiteStore(path: folder.path + "/store.sqlite")
    }

    func authenticator(_ configure: (inout MoonbaseConfiguration) -> Void = { _ in }) -> Authenticator {
        var configuration = MoonbaseConfiguration()
        configure(&configuration)
        return Authenticator(configuration: configuration, store: store, signingKey: signingKey)
    }
}

@Suite struct AuthenticatorTests {
    static let client = OAuthClient(id: "mbc_test", name: "ci", group: .hamctl, createdAt: Date())

    @Test func staticTokensAreNamedAfterTheirGroupAndReachOnlyIt() async throws {
        let fixture = try AuthenticatorFixture()
        defer { fixture.folder.remove() }
        let authenticator = fixture.authenticator { $0.tokens = .init(hamctl: ["h"], daemon: ["d"]) }
        #expect(try await authenticator.authenticate(authorization: "Bearer d", allowed: [.daemon]) == Identity(group: .daemon, name: "daemon"))
        #expect(try await authenticator.authenticate(authorization: "h", allowed: [.hamctl, .admin]) == Identity(group: .hamctl, name: "hamctl"))
        await #expect(throws: ErrorResponse.self) { try await authenticator.authenticate(authorization: "Bearer d", allowed: [.hamctl, .admin]) }
        await #expect(throws: ErrorResponse.self) { try await authenticator.authenticate(authorization: "Bearer ", allowed: [.hamctl]) }
        await #expect(throws: ErrorResponse.self) { try await authenticator.authenticate(authorization: nil, allowed: [.hamctl]) }
    }

    @Test func storeTokensKeepTheirGroupNameAndID() async throws {
        let fixture = try AuthenticatorFixture()
        defer { fixture.folder.remove() }
        let authenticator = fixture.authenticator()
        let token = try await fixture.store.createToken(group: .artifact, name: "github")
        #expect(try await authenticator.authenticate(authorization: "Bearer " + token.secret, allowed: [.artifact]) == Identity(group: .artifact, name: "github", tokenID: token.token.id))
        await #expect(throws: ErrorResponse.self) { try await authenticator.authenticate(authorization: "Bearer " + token.secret, allowed: [.hamctl]) }
    }

    @Test func issuedTokensCarryTheirClientsGroupAndName() async throws {
        let fixture = try AuthenticatorFixture()
        defer { fixture.folder.remove() }
        let authenticator = fixture.authenticator()
        let token = try authenticator.issuer.issue(to: Self.client)
        #expect(try await authenticator.authenticate(authorization: "Bearer " + token, allowed: [.hamctl]) == Identity(group: .hamctl, name: "ci"))
        await #expect(throws: ErrorResponse.self) { try await authenticator.authenticate(authorization: token, allowed: [.artifact, .admin]) }
    }

    @Test func expiredForgedAndUnsignedTokensAreRefused() async throws {
        let fixture = try AuthenticatorFixture()
        defer { fixture.folder.remove() }
        let authenticator = fixture.authenticator()
        let issuer = authenticator.issuer
        let current = try issuer.issue(to: Self.client)
        let expired = try issuer.issue(to: Self.client, now: Date(timeIntervalSinceNow: -3602))
        let otherKey = try AccessTokenIssuer(signingKey: Data(repeating: 7, count: 32), issuer: issuer.issuer).issue(to: Self.client)
        let otherIssuer = try AccessTokenIssuer(signingKey: fixture.signingKey, issuer: "someone-else").issue(to: Self.client)
        let parts = current.split(separator: ".").map(String.init)
        let unsigned = Data(#"{"alg":"none","typ":"JWT"}"#.utf8).base64URLEncodedString() + "." + parts[1] + "."
        let claims = try #require(Data(base64URLEncoded: parts[1]))
        let escalated = String(decoding: claims, as: UTF8.self).replacingOccurrences(of: #""group":"hamctl""#, with: #""group":"admin""#)
        let tampered = parts[0] + "." + Data(escalated.utf8).base64URLEncodedString() + "." + parts[2]
        for token in [expired, otherKey, otherIssuer, unsigned, tampered, "a.b.c"] {
            await #expect(throws: ErrorResponse.self, "\(token)") {
                try await authenticator.authenticate(authorization: "Bearer " + token, allowed: [.hamctl, .admin])
            }
        }
    }
}

/// A stand-in identity provider: serves its key set at `/jwks` and counts fetches.
actor KeySetHost {
    var keys: [[String: String]] = []
    private(set) var fetches = 0

    func add(_ key: [String: String]) { keys.append(key) }

    func document() -> Data {
        fetches += 1
        return (try? JSONSerialization.data(withJSONObject: ["keys": keys])) ?? Data()
    }
}

struct IdentityProviderFixture {
    static let issuer = "https://idp.example.com/"
    let host: KeySetHost
    let rsa: _RSA.Signing.PrivateKey
    let ec: P256.Signing.PrivateKey
    let task: Task<Void, any Error>
    let jwksURL: URL

    static func start() async throws -> IdentityProviderFixture {
        let host = KeySetHost()
        let router = Router()
        router.get("jwks") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: await host.document())))
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }
        )
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        let fixture = IdentityProviderFixture(
            host: host, rsa: try _RSA.Signing.PrivateKey(keySize: .bits2048), ec: P256.Signing.PrivateKey(), task: task,
            jwksURL: try #require(URL(string: "http://127.0.0.1:\(port)/jwks"))
        )
        let primitives = try fixture.rsa.publicKey.getKeyPrimitives()
        await host.add([
            "kty": "RSA", "kid": "rsa-1", "use": "sig", "alg": "RS256",
            "n": primitives.modulus.base64URLEncodedString(), "e": primitives.publicExponent.base64URLEncodedString(),
        ])
        let point = fixture.ec.publicKey.rawRepresentation
        await host.add([
            "kty": "EC", "kid": "ec-1", "crv": "P-256",
            "x": point.prefix(32).base64URLEncodedString(), "y": point.suffix(32).base64URLEncodedString(),
        ])
        return fixture
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }

    var settings: MoonbaseConfiguration.JWTSettings {
        var settings = MoonbaseConfiguration.JWTSettings()
        settings.jwksURLs = [jwksURL]
        settings.issuer = Self.issuer
        return settings
    }

    /// Claims that pass every check, changed by `change`.
    static func claims(_ change: (inout JWTClaims) -> Void = { _ in }) -> JWTClaims {
        let now = Date().timeIntervalSince1970.rounded(.down)
        var claims = JWTClaims(iss: issuer, sub: "alice@example.com", aud: .init(["release-manager", "other"]), exp: now + 300, iat: now)
        change(&claims)
        return claims
    }

    func rs256(_ claims: JWTClaims, kid: String = "rsa-1", key: _RSA.Signing.PrivateKey? = nil) throws -> String {
        try JSONWebToken.compact(header: .init(alg: "RS256", kid: kid, typ: "JWT"), claims: claims) { input in
            try (key ?? rsa).signature(for: SHA256.hash(data: input), padding: .insecurePKCS1v1_5).rawRepresentation
        }
    }

    func es256(_ claims: JWTClaims, kid: String = "ec-1") throws -> String {
        try JSONWebToken.compact(header: .init(alg: "ES256", kid: kid, typ: "JWT"), claims: claims) { input in
            try ec.signature(for: SHA256.hash(data: input)).rawRepresentation
        }
    }
}

@Suite struct IdentityProviderTests {
    @Test func acceptsRS256AndES256TokensAsVerifiedPeople() async throws {
        let idp = try await IdentityProviderFixture.start()
        let fixture = try AuthenticatorFixture()
        defer { fixture.folder.remove() }
        let authenticator = fixture.authenticator { $0.jwt = idp.settings }

        let rsa = try await authenticator.authenticate(authorization: "Bearer " + idp.rs256(IdentityProviderFixture.claims()), allowed: API.hamctlGroups)
        #expect(rsa == Identity(group: .hamctl, name: "alice@example.com", isVerifiedPerson: true))
        let raw = try await authenticator.authenticate(authorization: idp.es256(IdentityProviderFixture.claims()), allowed: [.artifact])
        #expect(raw == Identity(group: .artifact, name: "alice@example.com", isVerifiedPerson: true))
        await #expect(throws: ErrorResponse.self) {
            try await authenticator.authenticate(authorization: idp.rs256(IdentityProviderFixture.claims()), allowed: [.admin])
        }
        #expect(await idp.host.fetches == 1)
        await idp.stop()
    }

    @Test func refusesTokensWhoseClaimsOrSignaturesDoNotHold() async throws {
        let idp = try await IdentityProviderFixture.start()
        let fixture = try AuthenticatorFixture()
        defer { fixture.folder.remove() }
        let authenticator = fixture.authenticator { $0.jwt = idp.settings }
        let now = Date().timeIntervalSince1970
        let otherKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let refused: [(String, String)] = [
            ("wrong issuer", try idp.rs256(IdentityProviderFixture.claims { $0.iss = "https://evil.example.com/" })),
            ("wrong audience", try idp.rs256(IdentityProviderFixture.claims { $0.aud = .init(["someone-else"]) })),
            ("no audience", try idp.rs256(IdentityProviderFixture.claims { $0.aud = nil })),
            ("expired", try idp.rs256(IdentityProviderFixture.claims { $0.exp = now - 5 })),
            ("no expiry", try idp.rs256(IdentityProviderFixture.claims { $0.exp = nil })),
            ("not yet valid", try idp.rs256(IdentityProviderFixture.claims { $0.nbf = now + 60 })),
            ("issued in the future", try idp.rs256(IdentityProviderFixture.claims { $0.iat = now + 60 })),
            ("no subject", try idp.rs256(IdentityProviderFixture.claims { $0.sub = "" })),
            ("wrong key", try idp.rs256(IdentityProviderFixture.claims(), key: otherKey)),
            ("RS256 header on the EC key", try idp.rs256(IdentityProviderFixture.claims(), kid: "ec-1")),
            ("ES256 header on the RSA key", try idp.es256(IdentityProviderFixture.claims(), kid: "rsa-1")),
        ]
        for (reason, token) in refused {
            await #expect(throws: ErrorResponse.self, "\(reason)") {
                try await authenticator.authenticate(authorization: "Bearer " + token, allowed: [.hamctl])
            }
        }
        // One second of clock skew is allowed, at the edges of exp, nbf and iat.
        let edges = try #require(JSONWebToken(compact: idp.rs256(IdentityProviderFixture.claims {
            $0.exp = 1_000; $0.nbf = 900; $0.iat = 900
        })))
        #expect(edges.claims.isCurrent(at: Date(timeIntervalSince1970: 1_001)))
        #expect(!edges.claims.isCurrent(at: Date(timeIntervalSince1970: 1_001.5)))
        #expect(edges.claims.isCurrent(at: Date(timeIntervalSince1970: 899)))
        #expect(!edges.claims.isCurrent(at: Date(timeIntervalSince1970: 898.5)))
        await idp.stop()
    }

    @Test func anUnknownKeyIDRefetchesTheKeysOnce() async throws {
        let idp = try await IdentityProviderFixture.start()
        let fixture = try AuthenticatorFixture()
        defer { fixture.folder.remove() }
        let authenticator = fixture.authenticator { $0.jwt = idp.settings }
        _ = try await authenticator.authenticate(authorization: idp.rs256(IdentityProviderFixture.claims()), allowed: [.hamctl])
        #expect(await idp.host.fetches == 1)

        // The provider rotates in a new key after Moonbase cached the set.
        let rotated = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let primitives = try rotated.publicKey.getKeyPrimitives()
        await idp.host.add([
            "kty": "RSA", "kid": "rsa-2", "n": primitives.modulus.base64URLEncodedString(), "e": primitives.publicExponent.base64URLEncodedString(),
        ])
        let identity = try await authenticator.authenticate(
            authorization: idp.rs256(IdentityProviderFixture.claims(), kid: "rsa-2", key: rotated), allowed: [.hamctl]
        )
        #expect(identity.name == "alice@example.com")
        #expect(await idp.host.fetches == 2)

        // Made-up key ids do not make Moonbase fetch again right away.
        await #expect(throws: ErrorResponse.self) {
            try await authenticator.authenticate(authorization: idp.rs256(IdentityProviderFixture.claims(), kid: "made-up"), allowed: [.hamctl])
        }
        #expect(await idp.host.fetches == 2)
        await idp.stop()
    }
}

/// What users see over HTTP. Serialized: each test starts a server over a new home.
@Suite(.serialized) struct AuthenticationOverHTTPTests {
    @Test func staticTokensReachOnlyTheirGroupsRoutes() async throws {
        let server = try await RunningServer.start { configuration in
            configuration.tokens = .init(hamctl: ["hamctl-secret"], artifact: ["artifact-secret"])
        }
        let hamctl = try await server.send("GET", "/status?service=product", headers: ["Authorization": "Bearer hamctl-secret"])
        #expect(hamctl.status == 200)
        let raw = try await server.send("GET", "/status?service=product", headers: ["Authorization": "hamctl-secret"])
        #expect(raw.status == 200)
        let artifact = try await server.send("GET", "/status?service=product", headers: ["Authorization": "Bearer artifact-secret"])
        #expect(artifact.status == 401)
        #expect(artifact.body == unauthorizedBody)
        let prefix = try await server.send("GET", "/status?service=product", headers: ["Authorization": "Bearer hamctl-secre"])
        #expect(prefix.status == 401)
        await server.stop()
    }

    @Test func oauthIssuesTokensUsableAsBearersOfTheClientsGroup() async throws {
        let idp = try await IdentityProviderFixture.start()
        let server = try await RunningServer.start { $0.jwt = idp.settings }
        let hamctlClient = try await server.home.store.createOAuthClient(name: "deployer", group: .hamctl)
        let response = try await server.oauthToken(id: hamctlClient.client.id, secret: hamctlClient.secret)
        #expect(response.status == 200, "\(response.body)")
        #expect(response.headers["cache-control"] == "no-store")
        #expect(response.headers["content-type"] == "application/json")
        let token = try JSONDecoder().decode(TokenAnswer.self, from: Data(response.body.utf8))
        #expect(token.token_type == "Bearer")
        #expect(token.expires_in == 3600)
        let status = try await server.request("GET", "/status?service=product", token: token.access_token)
        #expect(status.status == 200)

        let ciClient = try await server.home.store.createOAuthClient(name: "ci", group: .artifact)
        let ciToken = try await server.send(
            "POST", "/oauth/v1/token", headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: "grant_type=client_credentials&client_id=\(ciClient.client.id)&client_secret=\(ciClient.secret)"
        )
        #expect(ciToken.status == 200, "\(ciToken.body)")
        let ciAccess = try JSONDecoder().decode(TokenAnswer.self, from: Data(ciToken.body.utf8)).access_token
        let refused = try await server.request("GET", "/status?service=product", token: ciAccess)
        #expect(refused.status == 401)
        #expect(refused.body == unauthorizedBody)

        let expired = try Authenticator(home: server.home).issuer.issue(to: hamctlClient.client, now: Date(timeIntervalSinceNow: -7200))
        let late = try await server.request("GET", "/status?service=product", token: expired)
        #expect(late.status == 401)
        #expect(late.body == unauthorizedBody)

        let person = try await server.request("GET", "/status?service=product", token: idp.es256(IdentityProviderFixture.claims()))
        #expect(person.status == 200)
        await server.stop()
        await idp.stop()
    }

    @Test func oauthErrorsFollowRFC6749() async throws {
        let server = try await RunningServer.start()
        let client = try await server.home.store.createOAuthClient(name: "ci", group: .artifact)

        let wrongSecret = try await server.oauthToken(id: client.client.id, secret: "mbs_wrong")
        #expect(wrongSecret.status == 401)
        #expect(wrongSecret.headers["www-authenticate"] == #"Basic realm="moonbase""#)
        #expect(wrongSecret.body == #"{"error":"invalid_client","error_description":"unknown client id or wrong client secret"}"# + "\n")

        let noCredentials = try await server.curl("POST", "/oauth/v1/token", body: "grant_type=client_credentials")
        #expect(noCredentials.status == 401)
        #expect(noCredentials.body.contains(#""error":"invalid_client""#))

        let password = try await server.oauthToken(id: client.client.id, secret: client.secret, body: "grant_type=password&username=a")
        #expect(password.status == 400)
        #expect(password.body == #"{"error":"unsupported_grant_type","error_description":"grant_type 'password' is not supported; use client_credentials"}"# + "\n")

        let missing = try await server.oauthToken(id: client.client.id, secret: client.secret, body: "scope=x")
        #expect(missing.status == 400)
        #expect(missing.body.contains(#""error":"invalid_request""#))

        _ = try await server.home.store.revokeOAuthClient(id: client.client.id)
        let revoked = try await server.oauthToken(id: client.client.id, secret: client.secret)
        #expect(revoked.status == 401)
        await server.stop()
    }

    @Test func statusAndReleaseRefuseNamesTheLayoutCannotHold() async throws {
        let server = try await RunningServer.start()
        let service = try await server.request("GET", "/status?service=../etc", token: server.adminToken)
        #expect(service.status == 400)
        #expect(service.body == #"{"status":400,"message":"invalid service '../etc': must not contain '/'"}"# + "\n")
        let namespace = try await server.request("GET", "/status?service=product&namespace=a..b", token: server.adminToken)
        #expect(namespace.status == 400)
        #expect(namespace.body == #"{"status":400,"message":"invalid namespace 'a..b': must not contain '..'"}"# + "\n")

        let release = try await server.request(
            "POST", "/release", token: server.adminToken,
            body: #"{"service":"product","environment":"dev","artifactId":"master-1-2","intent":{"type":"ReleaseBranch","releaseBranch":{"branch":"feature/../x"}}}"#
        )
        #expect(release.status == 400)
        #expect(release.body == #"{"status":400,"message":"input not valid:\n  invalid branch 'feature/../x': must not contain '..'\n"}"# + "\n")
        await server.stop()
    }

    struct TokenAnswer: Decodable {
        var access_token: String
        var token_type: String
        var expires_in: Int
    }
}
