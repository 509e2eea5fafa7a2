import Foundation
import GitRunner

/// git as shuttle runs it for plans: each command and its output shown at verbose level as
/// `git> …`, failures reported as shuttle's git error (exit 4); secrets (a plan token) are
/// never shown.
struct ShuttleGit: Sendable {
    let console: Console
    /// Texts replaced by `***` in anything shown.
    let secrets: [String]

    /// Runs `git ARGS` in `directory` and returns its standard output. `settings` (`name=value`
    /// pairs for `-c`) are given before the arguments and never shown.
    @discardableResult
    func run(_ arguments: [String], in directory: String, settings: [String] = []) async throws(ShuttleError) -> String {
        let git = Git(directory: URL(fileURLWithPath: directory), settings: settings, secrets: secrets, outputLimit: 64 << 20)
        console.verbose(git.redacted("git> git \(arguments.joined(separator: " "))"))
        let output: GitOutput
        do {
            output = try await git.attempt(arguments)
        } catch {
            throw ShuttleError(.git, "Failed to run git (is it installed and on PATH?): \(error.stderr)")
        }
        for line in (output.text + output.stderr).split(separator: "\n") { console.verbose(git.redacted("git> \(line)")) }
        guard output.exitCode == 0 else {
            var message = "Failed executing git command `\(arguments.joined(separator: " "))` in `\(directory)`. Got exit code: \(output.exitCode)"
            let detail = output.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            if !detail.isEmpty { message += "\nMessage: \(detail)" }
            throw ShuttleError(.git, git.redacted(message))
        }
        return output.text
    }

    /// Runs git in `directory` on the terminal's own stdin, stdout and stderr; returns its exit
    /// status.
    func runAttached(_ arguments: [String], in directory: String) async throws(ShuttleError) -> Int32 {
        do {
            return try await Git(directory: URL(fileURLWithPath: directory), secrets: secrets).runAttached(arguments)
        } catch {
            throw ShuttleError(.git, "Failed to run git (is it installed and on PATH?): \(error.stderr)")
        }
    }
}
