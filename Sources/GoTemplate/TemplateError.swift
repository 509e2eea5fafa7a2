/// A parse or execution error, carrying Go's full message:
/// `template: NAME:LINE: MESSAGE` for parse errors and
/// `template: NAME:LINE:COL: executing "NAME" at <NODE>: MESSAGE` for execution errors.
public struct TemplateError: Error, Sendable, CustomStringConvertible, Equatable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
