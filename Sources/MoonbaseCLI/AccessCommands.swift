import ArgumentParser
import Foundation
import MoonbaseServer
import MoonbaseStore

extension ClientGroup: ExpressibleByArgument {}

/// `moonbase token create|list|revoke`: bearer tokens in the home's store.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create, list and revoke API tokens.",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token and print it (only the token, on stdout).")

        @OptionGroup var options: HomeOptions

        @Option(name: .long, help: "The client group the token reaches: hamctl, artifact, daemon or admin.")
        var group: ClientGroup

        @Option(name: .long, help: "What the token is for (default: the group).")
        var name: String?

        func run() async throws {
            let store = try MoonbaseHome.openStore(try options.configuration())
            let created = try await store.createToken(group: group, name: name ?? group.rawValue)
            print(created.secret)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never their secrets).")

        @OptionGroup var options: HomeOptions

        func run() async throws {
            let store = try MoonbaseHome.openStore(try options.configuration())
            for token in try await store.tokens() {
                let state = token.revokedAt.map { "revoked \(ISO8601DateFormatter().string(from: $0))" } ?? "valid"
                print("\(token.id)\t\(token.group.rawValue)\t\(token.name)\t\(ISO8601DateFormatter().string(from: token.createdAt))\t\(state)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by its id (see `moonbase token list`).")

        @OptionGroup var options: HomeOptions

        @Argument(help: "The token's id.")
        var id: String

        func run() async throws {
            let store = try MoonbaseHome.openStore(try options.configuration())
            guard try await store.revokeToken(id: id) else {
                throw ValidationError("no valid token with id '\(id)' (see `moonbase token list`)")
            }
            print("Revoked token \(id)")
        }
    }
}

/// `moonbase client create`: OAuth clients for CI.
struct ClientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client",
        abstract: "Create OAuth clients for CI (client-credentials grant at POST /oauth/v1/token).",
        subcommands: [Create.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a client and print its id and secret.")

        @OptionGroup var options: HomeOptions

        @Option(name: .long, help: "The client's name (the identity its tokens carry).")
        var name: String

        @Option(name: .long, help: "The client group its tokens reach (default: artifact).")
        var group: ClientGroup = .artifact

        func validate() throws {
            if name.allSatisfy(\.isWhitespace) { throw ValidationError("--name must not be empty") }
        }

        func run() async throws {
            let store = try MoonbaseHome.openStore(try options.configuration())
            let created = try await store.createOAuthClient(name: name, group: group)
            print("Client ID: \(created.client.id)")
            print("Client secret: \(created.secret)")
        }
    }
}

/// `moonbase reindex`: the store's artifacts and release history rebuilt from the config
/// repository; progress on stderr, the summary on stdout.
struct Reindex: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rebuild the store's released artifacts and release history from the config repository's history."
    )

    @OptionGroup var options: HomeOptions

    func run() async throws {
        let summary = try await MoonbaseHome.reindex(try options.configuration()) { line in
            FileHandle.standardError.write(Data("reindex: \(line)\n".utf8))
        }
        for problem in summary.unrestorable {
            FileHandle.standardError.write(Data("reindex: cannot restore \(problem)\n".utf8))
        }
        let releases = summary.releases
        let restored = summary.restoredArtifacts
        print("Indexed \(releases) release\(releases == 1 ? "" : "s") and restored \(restored) artifact\(restored == 1 ? "" : "s") from the config repository")
    }
}
