import Foundation
import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// The `git` executable, run in a folder. Output is shown at verbose level as `git> …`;
/// secrets (a plan token) are never shown.
struct Git: Sendable {
    let console: Console
    /// Strings replaced by `***` in anything shown.
    let secrets: [String]

    func redacted(_ text: String) -> String {
        secrets.filter { !$0.isEmpty }.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") }
    }

    /// Runs `git ARGS` in `directory` and returns its standard output. `configuration`
    /// (`-c key=value` pairs) is passed before the arguments and never shown.
    @discardableResult
    func run(_ arguments: [String], in directory: String, configuration: [String] = []) async throws(ShuttleError) -> String {
        console.verbose(redacted("git> git \(arguments.joined(separator: " "))"))
        let stdout: String, stderr: String, status: TerminationStatus
        do {
            let result = try await Subprocess.run(
                .name("git"), arguments: Arguments(configuration + arguments),
                environment: .inherit.updating(["GIT_TERMINAL_PROMPT": "0"]),
                workingDirectory: FilePath(directory),
                output: .string(limit: 64 << 20), error: .string(limit: 4 << 20))
            (stdout, stderr, status) = (result.standardOutput, result.standardError, result.terminationStatus)
        } catch {
            throw ShuttleError(.git, "Failed to run git (is it installed and on PATH?): \(error)")
        }
        for line in (stdout + stderr).split(separator: "\n") { console.verbose(redacted("git> \(line)")) }
        guard status.isSuccess else {
            var message = "Failed executing git command `\(arguments.joined(separator: " "))` in `\(directory)`. Got exit code: \(status.code)"
            let detail = stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            if !detail.isEmpty { message += "\nMessage: \(detail)" }
            throw ShuttleError(.git, redacted(message))
        }
        return stdout
    }

    /// Runs git with the terminal's own stdin, stdout and stderr; returns its exit status.
    func runAttached(_ arguments: [String], in directory: String) async throws(ShuttleError) -> Int32 {
        do {
            let result = try await Subprocess.run(
                .name("git"), arguments: Arguments(arguments), workingDirectory: FilePath(directory),
                input: .currentStandardInput, output: .currentStandardOutput, error: .currentStandardError)
            return result.terminationStatus.code
        } catch {
            throw ShuttleError(.git, "Failed to run git (is it installed and on PATH?): \(error)")
        }
    }
}

extension TerminationStatus {
    /// The status a shell would report: the exit code, or 128+N for signal N.
    var code: Int32 {
        switch self {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        }
    }
}
