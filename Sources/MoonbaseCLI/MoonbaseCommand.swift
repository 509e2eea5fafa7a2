import ArgumentParser
import Foundation
import MoonbaseServer

/// The `moonbase` command: the release manager server and its administration.
public struct MoonbaseCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "moonbase",
        abstract: "The Moonbase release manager server.",
        subcommands: [Serve.self, DemoCommand.self, TokenCommand.self, ClientCommand.self, NotificationsCommand.self, Reindex.self]
    )

    public init() {}

    /// Parses the process's arguments and runs the command, exiting with its status.
    public static func execute() async -> Never {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            exit()
        } catch {
            exit(withError: error)
        }
    }
}

/// `--home` and `--config`, shared by every command that works on a home.
struct HomeOptions: ParsableArguments {
    @Option(name: .long, help: "The home folder (default: $MOONBASE_HOME, else ./.moonbase; for demo: ./.moonbase-demo).")
    var home: String?

    @Option(name: .long, help: "The configuration file (default: $MOONBASE_CONFIG, else <home>/moonbase.yaml when it exists).")
    var config: String?

    /// The configuration with these flags applied (`listen` from serve's own flag); `serving`
    /// also requires the notification receivers to be complete.
    func configuration(listen: String? = nil, serving: Bool = false) throws -> MoonbaseConfiguration {
        do {
            return try MoonbaseConfiguration.load(
                flags: ConfigurationFlags(listen: listen, home: home, config: config, checksReceivers: serving))
        } catch {
            throw ValidationError(error.description)
        }
    }
}

/// `moonbase serve`: zero-setup server over a home folder.
public struct Serve: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        abstract: "Serve the Moonbase API.",
        discussion: """
            Creates the home on first start (an SQLite store, a bare config repository with the \
            configured environments, default dev, staging and prod, and a working clone) and \
            prints an admin token once. Settings come from flags, then MOONBASE_… environment \
            variables, then the configuration file (see docs/server.md).
            """
    )

    @Option(name: .long, help: "The address to listen on, HOST:PORT (port 0 picks a free port; default 127.0.0.1:8080).")
    var listen: String?

    @OptionGroup var options: HomeOptions

    public init() {}

    public func validate() throws {
        if let listen, ListenAddress(listen) == nil {
            throw ValidationError("--listen must be HOST:PORT, got '\(listen)'")
        }
    }

    public func run() async throws {
        let configuration = try options.configuration(listen: listen, serving: true)
        let opened = try await MoonbaseHome.open(configuration)
        let server = try MoonbaseServer(home: opened, host: configuration.listen.host, port: configuration.listen.port)
        let adminToken = opened.adminToken
        try await server.run { host, port in
            var lines = "Moonbase listening on http://\(ListenAddress(host: host, port: port))\n"
            if let adminToken { lines += "Admin token: \(adminToken)\n" }
            FileHandle.standardOutput.write(Data(lines.utf8))
        }
    }
}
