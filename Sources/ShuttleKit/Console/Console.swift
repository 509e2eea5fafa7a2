import Foundation

/// Where shuttle's own messages go: stderr, by level, coloured on a terminal.
/// Data (`get`, `ls`, script output) goes to stdout and never through here.
public struct Console: Sendable {
    public enum Level: Int, Sendable, Comparable {
        case silent, error, info, verbose
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    public var level: Level
    let colored: Bool

    public init(level: Level = .info) {
        self.level = level
        let environment = ProcessInfo.processInfo.environment
        colored = isatty(STDERR_FILENO) == 1 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }

    public func verbose(_ message: String) {
        if level >= .verbose { write(message + "\n") }
    }

    public func info(_ message: String) {
        if level >= .info { write(message + "\n") }
    }

    /// Info in bold green, for things the user should notice.
    public func emphasis(_ message: String) {
        if level >= .info { write(colored ? "\u{1B}[032;1m\(message)\u{1B}[0m\n" : message + "\n") }
    }

    public func error(_ message: String) {
        if level >= .error { write(colored ? "\u{1B}[31;1m\(message)\u{1B}[0m\n" : message + "\n") }
    }

    private func write(_ text: String) {
        writeAll(STDERR_FILENO, text)
    }
}

/// Writes data to stdout unbuffered, so it interleaves correctly with child processes.
public enum StandardOutput {
    public static func write(_ text: String) {
        writeAll(STDOUT_FILENO, text)
    }
}

private func writeAll(_ fd: Int32, _ text: String) {
    var text = text
    text.withUTF8 { buffer in
        guard var pointer = buffer.baseAddress else { return }
        var remaining = buffer.count
        while remaining > 0 {
            let written = write(fd, pointer, remaining)
            if written < 0, errno == EINTR { continue }
            if written <= 0 { return }
            pointer += written
            remaining -= written
        }
    }
}
