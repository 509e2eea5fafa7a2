/// A problem hamctl reports as `Error: <message>` with exit status 1.
public struct HamctlError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
