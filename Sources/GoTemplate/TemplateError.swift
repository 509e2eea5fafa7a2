/// A parse or execution error, carrying Go's full message:
/// `template: NAME:LINE: MESSAGE` for parse errors and
/// `template: NAME:LINE:COL: executing "NAME" at <NODE>: MESSAGE` for execution errors.
public struct TemplateError: Error, Sendable, CustomStringConvertible, Equatable {
    public var description: String
    /// Set when work ran out of its inline stack budget and must be redone on a large stack.
    var needsLargeStack = false

    public init(_ description: String) {
        self.description = description
    }

    static func stackExhausted(_ description: String) -> TemplateError {
        var error = TemplateError(description)
        error.needsLargeStack = true
        return error
    }
}
