import ArgumentParser
import HamctlKit
import Foundation
import MoonbaseClient
import ReleaseModel

struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Check a token with the server and store it for later commands.",
        discussion: """
            The token (from 'moonbase token create --group hamctl', or your platform team) is \
            read from --token, else asked for on a terminal without echo, else read from \
            standard input. It is stored per server URL in \
            $XDG_CONFIG_HOME/moonbase/hamctl-tokens.json (~/.config/… by default), readable \
            only by you. HAMCTL_AUTH_TOKEN, when set, still wins.
            Example: hamctl login --http-base-url https://moonbase.example.com
            """
    )

    @OptionGroup var server: ServerOptions
    @Option(name: .long, help: "The token; omit it to be asked (keeps it out of shell history).")
    var token: String?

    func run() async throws {
        var client = try server.client()
        let secret = try token ?? Self.readToken()
        guard !secret.isEmpty else { throw HamctlError("no token given: nothing saved") }
        client.token = secret
        let connection = Connection(client: client, credential: TokenStore.Credential(token: secret, source: "the token given"))
        let identity = try await connection.run { client throws(ClientError) in try await client.whoami() }
        // hamctl's routes take only these groups: a token of another would fail every command.
        guard ["hamctl", "admin"].contains(identity.group) else {
            throw HamctlError(
                "the token belongs to '\(identity.name)' of the \(identity.group) group; hamctl needs a token of the hamctl or admin group (moonbase token create --group hamctl). Nothing saved")
        }
        let store = TokenStore()
        try store.save(TokenStore.Login(token: secret, name: identity.name, group: identity.group, savedAt: Date()), for: client.baseURL)
        try Printer.answer(identity, as: server.output) { "Logged in to \(client.baseURL) as \(identity.name) (group \(identity.group)); token saved in \(store.loginFile)\n" }
    }

    static func readToken() throws(HamctlError) -> String {
        if isatty(STDIN_FILENO) != 0 {
            guard let entered = getpass("Token: ") else { throw HamctlError("cancelled: no token entered") }
            return String(cString: entered).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let line = readLine() else { throw HamctlError("no token given: pass --token, or the token on standard input") }
        return line.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

struct LogoutResult: Encodable {
    var server: String
    var removed: Bool
}

struct LogoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout", abstract: "Forget the token 'hamctl login' stored for the server.")

    @OptionGroup var server: ServerOptions

    func run() async throws {
        let key = try server.client().baseURL
        let store = TokenStore()
        let stored = try store.readLogins().servers[key] != nil
        if stored { try store.save(nil, for: key) }
        try Printer.answer(LogoutResult(server: key, removed: stored), as: server.output) { stored ? "Removed the token for \(key) from \(store.loginFile)\n" : "No token stored for \(key)\n" }
    }
}
