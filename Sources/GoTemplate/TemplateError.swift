/// A parse or execution error, carrying Go's full message:
/// `template: NAME:LINE: MESSAGE` for parse errors and
/// `template: NAME:LINE:COL: executing "NAME" at <NODE>: MESSAGE` for execution errors,
/// and the position it names as fields, for editors and error reports.
public struct TemplateError: Error, Sendable, CustomStringConvertible, Equatable {
    public var description: String
    /// The template the position is in (Go's parse name), when the error has one.
    public var name: String?
    /// The 1-based line, when known.
    public var line: Int?
    /// Execution errors only: Go's column, the 0-based byte offset of the failing node in its line.
    public var column: Int?
    /// Set when work ran out of its inline stack budget and must be redone on a large stack.
    var needsLargeStack = false

    public init(_ description: String, name: String? = nil, line: Int? = nil, column: Int? = nil) {
        self.description = description
        self.name = name
        self.line = line
        self.column = column
    }

    static func stackExhausted(_ error: TemplateError) -> TemplateError {
        var error = error
        error.needsLargeStack = true
        return error
    }
}
