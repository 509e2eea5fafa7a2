import Foundation
import Subprocess

/// Runs the `git` executable in one folder through swift-subprocess (never Foundation.Process).
///
/// Every command runs with `LC_ALL=C` (so messages can be recognised), without terminal
/// prompts, and with the user's own git configuration (ssh keys, credential helpers).
public struct Git: Sendable {
    public var directory: URL
    /// Extra `-c name=value` settings given to every command.
    public var settings: [String]
    /// Environment variables given to every command (e.g. `GIT_SSH_COMMAND`).
    public var environment: [String: String]
    /// The largest standard output read from one command. Unlimited by default: swift-subprocess
    /// reserves the whole limit up front for every command, so a large finite limit costs on
    /// every spawn, and git's output here is bounded by what is asked for (`log -n`, one file).
    public var outputLimit: Int

    public init(directory: URL, settings: [String] = [], environment: [String: String] = [:], outputLimit: Int = .max) {
        self.directory = directory
        self.settings = settings
        self.environment = environment
        self.outputLimit = outputLimit
    }

    /// `GIT_SSH_COMMAND` that makes ssh use only `keyFile`.
    public static func sshCommand(privateKey keyFile: String) -> String {
        "ssh -i '\(keyFile.replacingOccurrences(of: "'", with: "'\\''"))' -o IdentitiesOnly=yes"
    }

    /// Texts that mean the remote could not be reached even when git exits 0.
    static let remoteFailureTexts = [
        "fatal: Could not read from remote repository.",
        "Connection closed by remote host",
        "ssh: Could not resolve hostname",
    ]

    /// Runs `git <arguments>` and returns its output; throws ``GitError`` when git fails.
    @discardableResult
    public func run(_ arguments: [String], environment: [String: String] = [:]) async throws(GitError) -> GitOutput {
        let output = try await attempt(arguments, environment: environment)
        let remoteFailed = Self.remoteFailureTexts.contains { output.stderr.contains($0) }
        guard output.exitCode == 0, !remoteFailed else {
            throw error(arguments, output)
        }
        return output
    }

    /// Runs `git <arguments>` and returns its output whatever the exit code (for commands
    /// whose exit code is an answer, such as `diff --quiet`). `input` is written to its
    /// standard input (for `--batch` commands).
    public func attempt(_ arguments: [String], environment: [String: String] = [:], input: Data? = nil) async throws(GitError) -> GitOutput {
        var full: [String] = ["-C", directory.path]
        for setting in settings { full += ["-c", setting] }
        full += arguments
        // Variables that would point git at another repository than `directory` are removed.
        var overrides: [Environment.Key: String?] = [
            "LC_ALL": "C", "LANG": "C", "LANGUAGE": "C", "GIT_TERMINAL_PROMPT": "0", "GIT_EDITOR": "true",
            "GIT_DIR": nil, "GIT_WORK_TREE": nil, "GIT_INDEX_FILE": nil, "GIT_OBJECT_DIRECTORY": nil,
        ]
        for (key, value) in self.environment.merging(environment, uniquingKeysWith: { $1 }) {
            overrides[Environment.Key(stringLiteral: key)] = value
        }
        do {
            let result = if let input {
                try await Subprocess.run(
                    .name("git"), arguments: Arguments(full), environment: .inherit.updating(overrides),
                    input: .data(input), output: .data(limit: outputLimit), error: .data(limit: 1024 * 1024)
                )
            } else {
                try await Subprocess.run(
                    .name("git"), arguments: Arguments(full), environment: .inherit.updating(overrides),
                    output: .data(limit: outputLimit), error: .data(limit: 1024 * 1024)
                )
            }
            let code: Int32
            switch result.terminationStatus {
            case .exited(let exitCode): code = Int32(exitCode)
            default: code = -1
            }
            return GitOutput(stdout: result.standardOutput, stderr: String(decoding: result.standardError, as: UTF8.self), exitCode: code)
        } catch {
            throw GitError(arguments: arguments, directory: directory.path, exitCode: -1, stderr: "\(error)", stdout: "")
        }
    }

    func error(_ arguments: [String], _ output: GitOutput) -> GitError {
        GitError(arguments: arguments, directory: directory.path, exitCode: output.exitCode, stderr: output.stderr, stdout: output.text)
    }

    /// Environment that makes `identity` the author and committer of a commit.
    static func identityEnvironment(_ identity: GitIdentity) -> [String: String] {
        [
            "GIT_AUTHOR_NAME": identity.name, "GIT_AUTHOR_EMAIL": identity.email,
            "GIT_COMMITTER_NAME": identity.name, "GIT_COMMITTER_EMAIL": identity.email,
        ]
    }
}
