/// A problem hamctl reports as `Error: <message>` with exit status 1.
struct HamctlError: Error, Sendable, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
