import Testing
import GoTemplate
import TestSupport

/// Every sprig function, called with awkward arguments of every kind, returns a value or throws
/// a `FunctionError`; none may trap.
@Suite struct FunctionRobustnessTests {
    @Test(arguments: FunctionMap.sprig.names)
    func awkwardArgumentsNeverTrap(_ name: String) throws {
        FunctionRobustness.check(try #require(FunctionMap.sprig[name]))
    }
}
