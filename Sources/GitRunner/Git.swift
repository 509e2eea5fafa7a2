import Foundation
import Subprocess

/// Runs the `git` executable in one folder through swift-subprocess (never Foundation.Process):
/// the one way Moonbase's modules run git (shuttle's plans, the config repository, hamctl).
///
/// Every command runs with `LC_ALL=C` (so messages can be recognised), without terminal
/// prompts or editors, without inherited variables that would point it at another repository
/// (`GIT_DIR`, `GIT_WORK_TREE`, … as a git hook sets them), and with the user's own git
/// configuration (ssh keys, credential helpers). What it shows of a command (``redacted(_:)``,
/// ``GitError``) never holds `secrets` or credentials in URLs.
public struct Git: Sendable {
    public var directory: URL
    /// `-c name=value` settings given to every command; never shown.
    public var settings: [String]
    /// Environment variables given to every command (e.g. `GIT_SSH_COMMAND`).
    public var environment: [String: String]
    /// Texts replaced by `***` wherever a command or its output is shown (e.g. a token).
    public var secrets: [String]
    /// The largest standard output read from one command. Unlimited by default: swift-subprocess
    /// reserves the whole limit up front for every command, so a large finite limit costs on
    /// every spawn, and git's output is usually bounded by what is asked for (`log -n`, one file).
    public var outputLimit: Int

    public init(
        directory: URL, settings: [String] = [], environment: [String: String] = [:], secrets: [String] = [],
        outputLimit: Int = .max
    ) {
        self.directory = directory
        self.settings = settings
        self.environment = environment
        self.secrets = secrets.filter { !$0.isEmpty }
        self.outputLimit = outputLimit
    }

    /// `GIT_SSH_COMMAND` that makes ssh use only `keyFile`.
    public static func sshCommand(privateKey keyFile: String) -> String {
        "ssh -i '\(keyFile.replacingOccurrences(of: "'", with: "'\\''"))' -o IdentitiesOnly=yes"
    }

    /// Texts that mean the remote could not be reached even when git exits 0.
    public static let remoteFailureTexts = [
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
        do {
            let result = if let input {
                try await Subprocess.run(
                    .name("git"), arguments: commandLine(arguments), environment: processEnvironment(environment),
                    input: .data(input), output: .data(limit: outputLimit), error: .data(limit: 1024 * 1024)
                )
            } else {
                try await Subprocess.run(
                    .name("git"), arguments: commandLine(arguments), environment: processEnvironment(environment),
                    output: .data(limit: outputLimit), error: .data(limit: 1024 * 1024)
                )
            }
            return GitOutput(
                stdout: result.standardOutput, stderr: String(decoding: result.standardError, as: UTF8.self),
                exitCode: result.terminationStatus.exitCode
            )
        } catch {
            throw GitError(arguments: redacted(arguments), directory: directory.path, exitCode: -1, stderr: redacted("\(error)"), stdout: "")
        }
    }

    /// Runs `git <arguments>` on the terminal's own standard input, output and error (for a
    /// user's own git command); returns its exit status as a shell reports it (128+N for
    /// signal N).
    public func runAttached(_ arguments: [String]) async throws(GitError) -> Int32 {
        do {
            let result = try await Subprocess.run(
                .name("git"), arguments: commandLine(arguments), environment: processEnvironment([:]),
                input: .currentStandardInput, output: .currentStandardOutput, error: .currentStandardError
            )
            switch result.terminationStatus {
            case .exited(let code): return code
            case .signaled(let signal): return 128 + signal
            }
        } catch {
            throw GitError(arguments: redacted(arguments), directory: directory.path, exitCode: -1, stderr: redacted("\(error)"), stdout: "")
        }
    }

    /// The error for a command that failed with `output`, secrets removed.
    public func error(_ arguments: [String], _ output: GitOutput) -> GitError {
        GitError(
            arguments: redacted(arguments), directory: directory.path, exitCode: output.exitCode,
            stderr: redacted(output.stderr), stdout: redacted(output.text)
        )
    }

    /// `text` without the secrets and without credentials in URLs (`https://user:token@host`).
    public func redacted(_ text: String) -> String {
        GitError.redact(secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") })
    }

    private func redacted(_ arguments: [String]) -> [String] {
        arguments.map(redacted)
    }

    private func commandLine(_ arguments: [String]) -> Arguments {
        var full: [String] = ["-C", directory.path]
        for setting in settings { full += ["-c", setting] }
        return Arguments(full + arguments)
    }

    private func processEnvironment(_ extra: [String: String]) -> Subprocess.Environment {
        var overrides: [Subprocess.Environment.Key: String?] = [
            "LC_ALL": "C", "LANG": "C", "LANGUAGE": "C", "GIT_TERMINAL_PROMPT": "0", "GIT_EDITOR": "true",
            "GIT_DIR": nil, "GIT_WORK_TREE": nil, "GIT_INDEX_FILE": nil, "GIT_OBJECT_DIRECTORY": nil,
            "GIT_COMMON_DIR": nil, "GIT_NAMESPACE": nil,
        ]
        for (key, value) in environment.merging(extra, uniquingKeysWith: { $1 }) {
            overrides[Subprocess.Environment.Key(stringLiteral: key)] = value
        }
        return .inherit.updating(overrides)
    }
}

extension TerminationStatus {
    /// The exit code, or -1 when git was killed by a signal.
    var exitCode: Int32 {
        switch self {
        case .exited(let code): code
        case .signaled: -1
        }
    }
}
