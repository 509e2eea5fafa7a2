/// A problem `artifact` reports as `Error: <description>` with exit status 1: what was wrong
/// (the file, field, flag or value) and, where there is one, what to do about it.
public struct ArtifactError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
