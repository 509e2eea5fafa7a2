import ArgumentParser
import ArtifactKit
import Foundation
import MoonbaseClient

/// The `artifact` command: CI records what it built, tested and scanned in artifact.json and
/// pushes it, with every environment's manifests, to moonbase.
public struct ArtifactCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "artifact",
        abstract: "Record what CI built in artifact.json and push it to moonbase.",
        discussion: """
            A pipeline runs 'artifact init' first, 'artifact add <stage>' after each stage, 'artifact end', \
            then 'artifact push' to upload artifact.json with the manifests of every environment \
            (<root>/<environment>/…). 'artifact failure' and 'artifact successful' close the pipeline \
            with a summary. Every command takes --root (default .), --file (default artifact.json), \
            --message-file, --slack-token and --email-suffix, before or after its name, as the \
            reference CLI's global flags. See 'artifact help <command>'.
            """,
        subcommands: [Init.self, Add.self, End.self, Push.self, Failure.self, Successful.self, Version.self]
    )

    /// The global flags given before the command's name; the command reads them as its own.
    @OptionGroup(visibility: .hidden) var options: FolderOptions

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
            // fullMessage already starts errors with "Error: " (and is the help text for --help).
            let message = fullMessage(for: error)
            if !message.isEmpty {
                let output = status == .success ? FileHandle.standardOutput : FileHandle.standardError
                output.write(Data(message.utf8 + [0x0A]))
            }
            return status.rawValue
        }
    }

    struct Version: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print artifact's version.",
            discussion: "Example:\n  artifact version")
        func run() { print("artifact \(MoonbaseClient.version)") }
    }
}
