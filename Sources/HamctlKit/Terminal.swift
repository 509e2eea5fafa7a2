import Foundation

/// The terminal, when hamctl has one.
public enum Terminal {
    public static var isInteractive: Bool { isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0 }

    /// Prints `prompt` and reads a line; end of input cancels.
    public static func ask(_ prompt: String) throws(HamctlError) -> String {
        Printer.text(prompt)
        guard let line = readLine() else { throw HamctlError("cancelled: no answer") }
        return line
    }
}
