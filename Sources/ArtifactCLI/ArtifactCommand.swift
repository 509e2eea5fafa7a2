import ArgumentParser
import CommandLineTool
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

    struct Version: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print artifact's version.",
            discussion: "Example:\n  artifact version")
        func run() { print("artifact \(MoonbaseClient.version)") }
    }
}
