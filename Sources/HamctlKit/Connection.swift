import MoonbaseClient

/// How a command prints its answer.
public enum OutputFormat: String, CaseIterable, Sendable {
    case text, json
}

/// A client and the credential it uses, to explain failures in terms of the user's settings.
public struct Connection: Sendable {
    public var client: MoonbaseClient
    public var credential: TokenStore.Credential?
    /// Why there is no credential, when there is a reason worth telling (an expired token file).
    public var missingCredentialNote: String?

    public init(client: MoonbaseClient, credential: TokenStore.Credential?, missingCredentialNote: String? = nil) {
        self.client = client
        self.credential = credential
        self.missingCredentialNote = missingCredentialNote
    }

    /// The client's error with what to do about it.
    public func explain(_ error: ClientError) -> HamctlError {
        switch error.kind {
        case .unauthorized:
            let why = credential.map { "the server refused the token from \($0.source)" } ?? "no token was sent" + (missingCredentialNote.map { " (\($0))" } ?? "")
            return HamctlError("\(error): \(why). Set HAMCTL_AUTH_TOKEN, or run 'hamctl login'.")
        case .unreachable:
            return HamctlError("\(error). Check --http-base-url or HAMCTL_URL (now \(client.baseURL)).")
        case .timeout:
            return HamctlError("\(error) (--http-timeout)")
        default:
            return HamctlError(error.description)
        }
    }

    /// Runs a call, turning its failure into an explained ``HamctlError``.
    public func run<T>(_ call: (MoonbaseClient) async throws(ClientError) -> T) async throws(HamctlError) -> T {
        do {
            return try await call(client)
        } catch {
            throw explain(error)
        }
    }
}
