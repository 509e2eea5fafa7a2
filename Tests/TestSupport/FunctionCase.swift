import GoTemplate
import Testing

/// One call of a template function and what it should give: a value or Go's error text.
public struct FunctionCase: Sendable, CustomTestStringConvertible {
    public let name: String
    public let arguments: [Value]
    public let expected: Expected

    public enum Expected: Sendable {
        case value(Value)
        case error(String)
    }

    public init(_ name: String, _ arguments: [Value], _ expected: Value) {
        self.name = name
        self.arguments = arguments
        self.expected = .value(expected)
    }

    public init(_ name: String, _ arguments: [Value], error: String) {
        self.name = name
        self.arguments = arguments
        self.expected = .error(error)
    }

    public var testDescription: String { "\(name) \(arguments.map { $0.printed() }.joined(separator: " "))" }

    /// Calls the function from `map` and checks arity and result.
    public func check(in map: FunctionMap, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let function = map[name] else {
            Issue.record("no function \(name)", sourceLocation: sourceLocation)
            return
        }
        #expect(function.arity.accepts(arguments.count), "arity of \(name)", sourceLocation: sourceLocation)
        switch expected {
        case .value(let value):
            do {
                let result = try function.body(arguments)
                #expect(result == value, "\(testDescription)", sourceLocation: sourceLocation)
            } catch {
                Issue.record("\(testDescription) threw \(error)", sourceLocation: sourceLocation)
            }
        case .error(let message):
            do {
                let result = try function.body(arguments)
                Issue.record("\(testDescription) gave \(result.printed()), expected error \(message)", sourceLocation: sourceLocation)
            } catch let error as FunctionError {
                #expect(error.message == message, "\(testDescription)", sourceLocation: sourceLocation)
            } catch {
                Issue.record("\(testDescription) threw \(error)", sourceLocation: sourceLocation)
            }
        }
    }
}

/// Calls a function of `map` directly, for tests that inspect the result themselves.
public func call(_ name: String, in map: FunctionMap, _ arguments: [Value]) throws -> Value {
    guard let function = map[name] else { throw FunctionError("no function \(name)") }
    return try function.body(arguments)
}
