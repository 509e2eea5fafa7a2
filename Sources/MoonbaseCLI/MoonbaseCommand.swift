import ArgumentParser
import Foundation
import MoonbaseServer

/// The `moonbase` command: the release manager server.
public struct MoonbaseCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "moonbase",
        abstract: "The Moonbase release manager server.",
        subcommands: [Serve.self]
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

/// `moonbase serve`: zero-setup server over a home folder.
public struct Serve: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        abstract: "Serve the Moonbase API.",
        discussion: """
            Creates the home on first start (an SQLite store, a bare config repository with the \
            environments dev, staging and prod, and a working clone) and prints an admin token \
            once.
            """
    )

    @Option(name: .long, help: "The address to listen on, HOST:PORT (port 0 picks a free port).")
    var listen: String = "127.0.0.1:8080"

    @Option(name: .long, help: "The home folder (default: $MOONBASE_HOME, else ./.moonbase).")
    var home: String?

    public init() {}

    public func validate() throws {
        _ = try Self.address(listen)
    }

    /// Splits `HOST:PORT` (the host may be a bracketed IPv6 address).
    static func address(_ text: String) throws -> (host: String, port: Int) {
        guard let colon = text.lastIndex(of: ":"),
              let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port)
        else {
            throw ValidationError("--listen must be HOST:PORT, got '\(text)'")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw ValidationError("--listen must be HOST:PORT, got '\(text)'") }
        return (host, port)
    }

    public func run() async throws {
        let (host, port) = try Self.address(listen)
        let folder = home ?? ProcessInfo.processInfo.environment["MOONBASE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ".moonbase"
        let opened = try await MoonbaseHome.open(URL(fileURLWithPath: folder))
        let server = MoonbaseServer(home: opened, host: host, port: port)
        let adminToken = opened.adminToken
        try await server.run { host, port in
            let shown = host.contains(":") ? "[\(host)]" : host
            var lines = "Moonbase listening on http://\(shown):\(port)\n"
            if let adminToken { lines += "Admin token: \(adminToken)\n" }
            FileHandle.standardOutput.write(Data(lines.utf8))
        }
    }
}
