import MoonbaseClient

/// How `artifact push` authenticates: a token of the artifact group (`--token` or
/// `ARTIFACT_AUTH_TOKEN`), or an OAuth client whose id and secret buy an access token first
/// (`--client-id`, `--client-secret`, as the reference CLI does).
public enum PushCredentials: Sendable {
    /// `source` is the flag or variable the token came from, to name in errors.
    case token(String, source: String)
    case client(OAuthClientCredentials)

    /// Picks the credentials from the flags and the environment. Client flags win over
    /// `ARTIFACT_AUTH_TOKEN` (a CI may set both); `--token` together with client flags is refused
    /// as ambiguous.
    public static func resolve(
        token: String?, clientID: String?, clientSecret: String?, idpURL: String?, scope: String, baseURL: String,
        environment: [String: String]
    ) throws(ArtifactError) -> PushCredentials {
        let clientID = clientID.flatMap { $0.isEmpty ? nil : $0 }
        let clientSecret = clientSecret.flatMap { $0.isEmpty ? nil : $0 }
        if clientID != nil || clientSecret != nil {
            if token != nil {
                throw ArtifactError("give either --token or --client-id and --client-secret, not both")
            }
            guard let clientID else { throw ArtifactError("--client-secret needs --client-id") }
            guard let clientSecret else { throw ArtifactError("--client-id needs --client-secret") }
            var idp = idpURL.flatMap { $0.isEmpty ? nil : $0 } ?? baseURL + "/oauth"
            while idp.hasSuffix("/") { idp.removeLast() }
            guard idp.hasPrefix("http://") || idp.hasPrefix("https://") else {
                throw ArtifactError("--idp-url '\(idp)' is not a URL: give it as http(s)://HOST[:PORT][/PATH]")
            }
            return .client(OAuthClientCredentials(tokenURL: idp + "/v1/token", clientID: clientID, clientSecret: clientSecret, scope: scope))
        }
        if let token {
            guard !token.isEmpty else { throw ArtifactError("--token is empty") }
            return .token(token, source: "--token")
        }
        if let token = environment["ARTIFACT_AUTH_TOKEN"], !token.isEmpty {
            return .token(token, source: "ARTIFACT_AUTH_TOKEN")
        }
        throw ArtifactError(
            "no credentials: set ARTIFACT_AUTH_TOKEN (or --token) to a token of the artifact group, "
                + "or give --client-id and --client-secret of an OAuth client")
    }
}
