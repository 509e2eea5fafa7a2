import Foundation
import Testing
@testable import GoTemplate

/// Differential testing against Go and sprig, run by hand (tools/sprig-oracle): with
/// SPRIG_DIFF_IN set to a file of templates, one per line, writes this engine's results to
/// SPRIG_DIFF_OUT in the oracle's format, over the oracle's data and functions.
@Suite struct SprigOracleDiffTests {
    static let input = ProcessInfo.processInfo.environment["SPRIG_DIFF_IN"]
    static let output = ProcessInfo.processInfo.environment["SPRIG_DIFF_OUT"]

    /// shuttle's `fromYaml` and `is`, as the oracle installs them.
    static let functions = FunctionMap.sprig.merging(FunctionMap([
        Function("fromYaml", arity: .exactly(1)) { a in
            guard case .map(let map) = try YAML.decode(try a[0].asString()) else { return .map([:]) }
            return .map(map.entries)
        },
        Function("is", arity: .exactly(2)) { a in .bool(a[0] == a[1]) },
    ]))

    @Test(.enabled(if: input != nil && output != nil)) func writeResults() throws {
        let data: Value = ["n": 3, "s": "x", "m": ["k": "v"], "nothing": nil]
        var out = ""
        for line in try String(contentsOfFile: Self.input!, encoding: .utf8).split(separator: "\n") {
            var result = ["template": String(line)]
            do {
                result["out"] = try Template(name: "t", text: String(line), functions: Self.functions).execute(data)
            } catch {
                result["err"] = "\(error)"
            }
            out += String(decoding: try JSONSerialization.data(withJSONObject: result), as: UTF8.self) + "\n"
        }
        try out.write(toFile: Self.output!, atomically: true, encoding: .utf8)
    }
}
