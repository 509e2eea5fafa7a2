import ArtifactCLI
import ArtifactKit
import Testing

struct PushCredentialsTests {
    static func resolve(
        token: String? = nil, clientID: String? = nil, clientSecret: String? = nil, idpURL: String? = nil, environment: [String: String] = [:]
    ) throws -> PushCredentials {
        try PushCredentials.resolve(
            token: token, clientID: clientID, clientSecret: clientSecret, idpURL: idpURL, scope: "release_artifact",
            baseURL: "http://moonbase.example:8080", environment: environment)
    }

    @Test func aTokenComesFromTheFlagOrTheEnvironment() throws {
        guard case .token("flag", source: "--token") = try Self.resolve(token: "flag", environment: ["ARTIFACT_AUTH_TOKEN": "env"]) else {
            Issue.record("the flag wins")
            return
        }
        guard case .token("env", source: "ARTIFACT_AUTH_TOKEN") = try Self.resolve(environment: ["ARTIFACT_AUTH_TOKEN": "env"]) else {
            Issue.record("the variable")
            return
        }
    }

    @Test func aClientGetsItsTokenFromTheIdentityProvider() throws {
        guard case .client(let oauth) = try Self.resolve(clientID: "mbc_1", clientSecret: "mbs_2", environment: ["ARTIFACT_AUTH_TOKEN": "env"]) else {
            Issue.record("client flags win over the variable")
            return
        }
        #expect(oauth.tokenURL == "http://moonbase.example:8080/oauth/v1/token")
        #expect(oauth.clientID == "mbc_1" && oauth.clientSecret == "mbs_2" && oauth.scope == "release_artifact")
        guard case .client(let other) = try Self.resolve(clientID: "a", clientSecret: "b", idpURL: "https://idp.example/oauth2/") else {
            Issue.record("client")
            return
        }
        #expect(other.tokenURL == "https://idp.example/oauth2/v1/token")
    }

    @Test func missingOrAmbiguousCredentialsAreNamed() {
        #expect(throws: ArtifactError(
            "no credentials: set ARTIFACT_AUTH_TOKEN (or --token) to a token of the artifact group, or give --client-id and --client-secret of an OAuth client")) {
            try Self.resolve()
        }
        #expect(throws: ArtifactError("--client-id needs --client-secret")) { try Self.resolve(clientID: "a") }
        #expect(throws: ArtifactError("--client-secret needs --client-id")) { try Self.resolve(clientSecret: "b") }
        #expect(throws: ArtifactError("give either --token or --client-id and --client-secret, not both")) {
            try Self.resolve(token: "t", clientID: "a", clientSecret: "b")
        }
        #expect(throws: ArtifactError("--idp-url 'idp.example' is not a URL: give it as http(s)://HOST[:PORT][/PATH]")) {
            try Self.resolve(clientID: "a", clientSecret: "b", idpURL: "idp.example")
        }
    }
}
