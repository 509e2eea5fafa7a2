import ArgumentParser
import Foundation
import MoonbaseClient

/// The `artifact` command: CI records what it built, tested and scanned in artifact.json and
/// pushes it, with every environment's manifests, to moonbase.
public struct ArtifactCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "artifact",
        abstract: "Record what CI built in artifact.json and push it to moonbase.",
        subcommands: [Version.self]
    )

    public init() {}

    /// Runs `artifact` with `arguments` and returns the exit status; errors go to stderr.
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
            if status != .success || !(error is CleanExit) {
                let message = fullMessage(for: error)
                if !message.isEmpty {
                    FileHandle.standardError.write(Data((status == .success ? message : "Error: \(message)").utf8 + [0x0A]))
                }
            }
            return status.rawValue
        }
    }

    struct Version: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print artifact's version.")
        func run() { print("artifact \(MoonbaseClient.version)") }
    }
}
