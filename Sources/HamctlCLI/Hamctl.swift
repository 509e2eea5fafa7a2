import ArgumentParser
import Foundation
import MoonbaseClient

/// The `hamctl` command: status, releases, promotions, rollbacks and policies of a service.
public struct Hamctl: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "hamctl",
        abstract: "Release, promote and roll back services with moonbase.",
        subcommands: [Version.self]
    )

    public init() {}

    /// Runs `hamctl` with `arguments` and returns the exit status; errors go to stderr.
    public static func execute(arguments: [String]) async -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
            return 0
        } catch {
            let status = exitCode(for: error)
            let message = fullMessage(for: error)
            if !message.isEmpty {
                FileHandle.standardError.write(Data((status == .success ? message : "Error: \(message)").utf8 + [0x0A]))
            }
            return status.rawValue
        }
    }

    struct Version: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print hamctl's version.")
        func run() { print("hamctl \(MoonbaseClient.version)") }
    }
}
