import GoTemplate
import ShuttleKit
import Testing
import TestSupport

extension FunctionCase {
    /// Checks the case against the functions shuttle templates see.
    func check(sourceLocation: SourceLocation = #_sourceLocation) {
        check(in: .shuttle, sourceLocation: sourceLocation)
    }
}

/// Calls a function of shuttle's template function map directly.
func call(_ name: String, _ arguments: Value...) throws -> Value {
    try call(name, in: .shuttle, arguments)
}
