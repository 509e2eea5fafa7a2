/// Why `moonbase demo` could not set up its sample data, worded for the person running it.
public struct DemoError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
