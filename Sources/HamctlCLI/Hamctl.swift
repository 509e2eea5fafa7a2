import ArgumentParser
import CommandLineTool
import Foundation
import HamctlKit
import MoonbaseClient

/// The `hamctl` command: status, releases, promotions, rollbacks and policies of a service.
public struct Hamctl: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "hamctl",
        abstract: "Release, promote and roll back services with moonbase.",
        discussion: """
            Every command talks to the server at --http-base-url (or $HAMCTL_URL) with the \
            token of $HAMCTL_AUTH_TOKEN, of 'hamctl login', or of the reference hamctl's \
            ~/.Config/release-manager/token.json. --service defaults to vars.service of the \
            nearest shuttle.yaml. --output json prints the answer for scripts. A refused \
            request prints the server's reason and exits 1.
            """,
        subcommands: [
            StatusCommand.self, ReleaseCommand.self, PromoteCommand.self, RollbackCommand.self, HistoryCommand.self,
            DescribeCommand.self, PolicyCommand.self, LoginCommand.self, LogoutCommand.self, CompletionCommand.self,
            VersionCommand.self,
        ]
    )

    public init() {}
}

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print hamctl's version.")

    @Option(name: .long, help: "Output: text for people, json for scripts.")
    var output: OutputFormat = .text

    func run() throws {
        try Printer.answer(["version": MoonbaseClient.version], as: output) { "hamctl \(MoonbaseClient.version)\n" }
    }
}

struct CompletionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "completion",
        abstract: "Print a shell completion script.",
        discussion: """
            Examples:
              source <(hamctl completion bash)
              hamctl completion zsh > "${fpath[1]}/_hamctl"
              hamctl completion fish > ~/.config/fish/completions/hamctl.fish
            """
    )

    @Argument(help: "bash, zsh or fish.")
    var shell: String

    func run() throws {
        guard let kind = CompletionShell(rawValue: shell) else {
            throw ValidationError("unknown shell '\(shell)': use bash, zsh or fish")
        }
        print(Hamctl.completionScript(for: kind))
    }
}
