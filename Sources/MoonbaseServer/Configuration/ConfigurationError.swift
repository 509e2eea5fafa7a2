/// A configuration that cannot be used, saying where the bad value came from (`file:line`, an
/// environment variable or a flag) and what would be accepted.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
