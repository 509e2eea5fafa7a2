import Testing
import TestSupport
@testable import GoTemplate

/// sprig's semver functions; cases from semver_test.go and Masterminds/semver's constraint rules.
@Suite struct SemverTests {
    @Test(arguments: [
        FunctionCase("semverCompare", ["1.2.3", "1.2.3"], true),
        FunctionCase("semverCompare", ["^1.2.0", "1.2.3"], true),
        FunctionCase("semverCompare", ["^1.2.0", "2.2.3"], false),
        FunctionCase("semverCompare", ["badConstraint", "1.2.3"], error: "improper constraint: badConstraint"),
        FunctionCase("semverCompare", ["1.2.0", "badVersion"], error: "Invalid Semantic Version"),
        FunctionCase("semverCompare", [">=1.2.3", "1.2.3"], true),
        FunctionCase("semverCompare", [">1.2.3", "1.2.3"], false),
        FunctionCase("semverCompare", ["<1.2.3", "1.2.2"], true),
        FunctionCase("semverCompare", ["<=1.2", "1.2.9"], true),
        FunctionCase("semverCompare", ["<=1.2", "1.3.0"], false),
        FunctionCase("semverCompare", [">1.2", "1.2.8"], false),
        FunctionCase("semverCompare", [">1.2", "1.3.0"], true),
        FunctionCase("semverCompare", [">1", "1.9.0"], false),
        FunctionCase("semverCompare", [">1", "2.0.0"], true),
        FunctionCase("semverCompare", ["~1.2.3", "1.2.4"], true),
        FunctionCase("semverCompare", ["~1.2.3", "1.3.4"], false),
        FunctionCase("semverCompare", ["~1.2.3", "1.2.2"], false),
        FunctionCase("semverCompare", ["~1", "1.9.0"], true),
        FunctionCase("semverCompare", ["~1", "2.0.0"], false),
        FunctionCase("semverCompare", ["~>1.2", "1.2.9"], true),
        FunctionCase("semverCompare", ["^0.2.3", "0.2.5"], true),
        FunctionCase("semverCompare", ["^0.2.3", "0.3.0"], false),
        FunctionCase("semverCompare", ["^0.0.3", "0.0.3"], true),
        FunctionCase("semverCompare", ["^0.0.3", "0.0.4"], false),
        FunctionCase("semverCompare", ["^0", "0.9.9"], true),
        FunctionCase("semverCompare", ["^0", "1.0.0"], false),
        FunctionCase("semverCompare", ["^1.2.3", "1.9.9"], true),
        FunctionCase("semverCompare", ["1.x", "1.4.0"], true),
        FunctionCase("semverCompare", ["1.x", "2.0.0"], false),
        FunctionCase("semverCompare", ["1.2.*", "1.2.7"], true),
        FunctionCase("semverCompare", ["*", "1.0.0"], true),
        FunctionCase("semverCompare", ["", "3.1.4"], error: "improper constraint: "),
        FunctionCase("semverCompare", [">=1.0, <2.0", "1.5.0"], true),
        FunctionCase("semverCompare", [">=1.0 <2.0", "2.0.0"], false),
        FunctionCase("semverCompare", ["1.0 - 2.0", "1.5.0"], true),
        FunctionCase("semverCompare", ["1.0 - 2.0", "2.0.1"], true),
        FunctionCase("semverCompare", ["1.0 - 2.0", "2.1.0"], false),
        FunctionCase("semverCompare", ["<1.0.0", "1.0.0-beta"], false),
        FunctionCase("semverCompare", [">=1.0.0-alpha", "1.0.0-beta"], true),
        FunctionCase("semverCompare", [">1.0.0-beta.2", "1.0.0-beta.11"], true),
        FunctionCase("semverCompare", [">1.0.0-beta.11", "1.0.0-beta.2"], false),
        FunctionCase("semverCompare", ["!=1.2.3", "1.2.4"], true),
        FunctionCase("semverCompare", ["!=1.2.3", "1.2.3"], false),
        FunctionCase("semverCompare", ["^1.2.3 || ^2.0.0", "2.1.0"], true),
        FunctionCase("semverCompare", ["^1.2.3 || ^3.0.0", "2.1.0"], false),
        FunctionCase("semverCompare", ["=1.2.3", "v1.2.3"], true),
        FunctionCase("semverCompare", ["1.2.3", "1.2.3+build.5"], true),
    ])
    func semverCompare(_ c: FunctionCase) { c.check() }

    @Test func semverExposesTheVersionParts() throws {
        let v = try call("semver", "1.2.3-beta.1+c0ff33")
        guard case .record(let r) = v else {
            Issue.record("not a record: \(v)")
            return
        }
        #expect(r[field: "Major"] == .uint(1))
        #expect(r[field: "Minor"] == .uint(2))
        #expect(r[field: "Patch"] == .uint(3))
        #expect(r[field: "Prerelease"] == "beta.1")
        #expect(r[field: "Metadata"] == "c0ff33")
        #expect(r[field: "Original"] == "1.2.3-beta.1+c0ff33")
    }

    @Test(arguments: [
        FunctionCase("semver", ["bad"], error: "Invalid Semantic Version"),
        FunctionCase("semver", ["1.2.3-01"], error: "Version segment starts with 0"),
        FunctionCase("semver", [1], error: "wrong type for value; expected string; got int"),
    ])
    func semverErrors(_ c: FunctionCase) { c.check() }

    @Test func shortVersionsFillInZeroes() throws {
        guard case .record(let r) = try call("semver", "v1.2") else { return }
        #expect(r[field: "Patch"] == .uint(0))
        #expect(r[field: "Minor"] == .uint(2))
    }

    @Test(arguments: [("1.2.3", "1.2.3", 0), ("1.2.3", "1.3.3", -1), ("1.4.3", "1.2.3", 1),
                      ("1.0.0-alpha", "1.0.0", -1), ("1.0.0-alpha.1", "1.0.0-alpha", 1), ("1.0.0-2", "1.0.0-a", -1)])
    func versionsOrderAsSemverSays(a: String, b: String, order: Int) throws {
        #expect(try SemanticVersion(a).compare(SemanticVersion(b)) == order)
    }
}
