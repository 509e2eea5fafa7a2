import ArgumentParser
import Foundation
import MoonbaseDemo
import MoonbaseServer
import MoonbaseStore

/// `moonbase demo`: `moonbase serve` with sample services, releases and history in it.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Serve the Moonbase API with sample services in it (see docs/demo.md).",
        discussion: """
            Starts the server as `moonbase serve` does, prints an admin token every time, then \
            pushes, releases, promotes and rolls back sample services through the API and \
            serves until SIGINT or SIGTERM. Without --home the home is ./\(DemoCommand.defaultHome), \
            never $MOONBASE_HOME, so sample data does not end up in a real server's home.
            """
    )

    /// The home without `--home`: beside, not inside, serve's `./.moonbase`.
    static let defaultHome = ".moonbase-demo"

    @Option(name: .long, help: "The address to listen on, HOST:PORT (port 0 picks a free port; default 127.0.0.1:8080).")
    var listen: String?

    @OptionGroup var options: HomeOptions

    func validate() throws {
        if let listen, ListenAddress(listen) == nil {
            throw ValidationError("--listen must be HOST:PORT, got '\(listen)'")
        }
    }

    func run() async throws {
        var options = self.options
        options.home = options.home ?? Self.defaultHome
        let configuration = try options.configuration(listen: listen, serving: true)
        let opened = try await MoonbaseHome.open(configuration)
        // serve shows the token of a new home only; a home the demo ran on before gets a new one.
        let adminToken: String
        if let created = opened.adminToken {
            adminToken = created
        } else {
            adminToken = try await opened.store.createToken(group: .admin, name: "demo").secret
        }
        let server = try MoonbaseServer(home: opened, host: configuration.listen.host, port: configuration.listen.port)
        let (addresses, listening) = AsyncStream.makeStream(of: ListenAddress.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { listening.finish() }
                try await server.run { host, port in listening.yield(ListenAddress(host: host, port: port)) }
            }
            var iterator = addresses.makeAsyncIterator()
            // No address: the server stopped before listening; waiting reports why.
            if let address = await iterator.next() {
                Self.write("Moonbase listening on http://\(address)\nAdmin token: \(adminToken)\n")
                let demo = Demo(serverURL: "http://\(address)", token: adminToken)
                do {
                    try await demo.run()
                } catch {
                    group.cancelAll()
                    throw error
                }
                Self.write("Demo ready: \(demo.services.count) services\nPortal: http://\(address)/\n")
            }
            try await group.waitForAll()
        }
    }

    private static func write(_ lines: String) {
        FileHandle.standardOutput.write(Data(lines.utf8))
    }
}
