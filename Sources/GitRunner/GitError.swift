import Foundation

/// A git command that failed: the command line, its exit status and what git said.
public struct GitError: Error, Sendable, CustomStringConvertible {
    public var arguments: [String]
    public var directory: String
    /// The exit code, or -1 when git was killed by a signal or could not start.
    public var exitCode: Int32
    public var stderr: String
    public var stdout: String

    /// The command line, with credentials in URLs replaced by `***`.
    public var command: String { Self.redact((["git"] + arguments).joined(separator: " ")) }

    public var description: String {
        let said = Self.redact(stderr.trimmingCharacters(in: .whitespacesAndNewlines))
        return "`\(command)` in \(directory) failed (exit \(exitCode))" + (said.isEmpty ? "" : ": \(said)")
    }

    public init(arguments: [String], directory: String, exitCode: Int32, stderr: String, stdout: String) {
        self.arguments = arguments
        self.directory = directory
        self.exitCode = exitCode
        self.stderr = stderr
        self.stdout = stdout
    }

    /// Replaces the user-info part of URLs (`https://user:token@host`) with `***`.
    public static func redact(_ text: String) -> String {
        text.replacingOccurrences(of: #"([A-Za-z][A-Za-z0-9+.-]*://)[^/@\s]+@"#, with: "$1***@", options: .regularExpression)
    }
}

/// What a git command printed.
public struct GitOutput: Sendable {
    public init(stdout: Data, stderr: String, exitCode: Int32) {
        self.stdout = stdout
        self.stderr = stderr
        self.exitCode = exitCode
    }

    public var stdout: Data
    public var stderr: String
    public var exitCode: Int32

    public var text: String { String(decoding: stdout, as: UTF8.self) }
    public var trimmed: String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
}
