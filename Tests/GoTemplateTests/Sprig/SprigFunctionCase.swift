import GoTemplate
import Testing
import TestSupport

extension FunctionCase {
    /// Checks the case against sprig's functions.
    func check(sourceLocation: SourceLocation = #_sourceLocation) {
        check(in: .sprig, sourceLocation: sourceLocation)
    }
}

/// Calls a sprig function directly.
func call(_ name: String, _ arguments: Value...) throws -> Value {
    try call(name, in: .sprig, arguments)
}
