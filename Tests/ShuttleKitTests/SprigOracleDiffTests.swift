import Foundation
import Testing
import GoTemplate
@testable import ShuttleKit

/// Differential testing against Go and sprig, run by hand (tools/sprig-oracle): with
/// SPRIG_DIFF_IN set to a file of templates, one per line, writes this engine's results to
/// SPRIG_DIFF_OUT in the oracle's format, over the oracle's data and functions.
@Suite struct SprigOracleDiffTests {
    static let input = ProcessInfo.processInfo.environment["SPRIG_DIFF_IN"]
    static let output = ProcessInfo.processInfo.environment["SPRIG_DIFF_OUT"]

    /// sprig plus shuttle's own `fromYaml` and `is`, as the oracle installs them.
    static let functions = FunctionMap.sprig.merging(FunctionMap(ShuttleFunctions.functions.filter { ["fromYaml", "is"].contains($0.name) }))

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
