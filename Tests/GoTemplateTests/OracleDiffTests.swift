import Foundation
import Testing
@testable import GoTemplate

/// Differential testing against Go, run by hand: with GOTEMPLATE_DIFF_IN set to a file of JSON
/// lines `{"template", "data"}` (the oracle's input format), writes this engine's results to
/// GOTEMPLATE_DIFF_OUT in the oracle's output format, for tools/template-oracle to compare.
@Suite struct OracleDiffTests {
    static let input = ProcessInfo.processInfo.environment["GOTEMPLATE_DIFF_IN"]
    static let output = ProcessInfo.processInfo.environment["GOTEMPLATE_DIFF_OUT"]

    @Test(.enabled(if: input != nil && output != nil)) func writeResults() throws {
        let lines = try String(contentsOfFile: Self.input!, encoding: .utf8).split(separator: "\n")
        var out = ""
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            let text = object["template"] as? String ?? ""
            let data = object["data"] as? String ?? ""
            let delims = object["delims"] as? [String] ?? ["", ""]
            let result: [String: String]
            do {
                let template = try Template(name: "t", text: text, leftDelimiter: delims[0], rightDelimiter: delims[1],
                                            functions: TestData.functions,
                                            limits: Limits(outputBytes: 1 << 20, rangeIterations: 100_000))
                result = ["out": try template.execute(TestData.parse(data))]
            } catch {
                result = ["err": "\(error)"]
            }
            let encoded = try JSONSerialization.data(withJSONObject: result)
            out += String(decoding: encoded, as: UTF8.self) + "\n"
        }
        try out.write(toFile: Self.output!, atomically: true, encoding: .utf8)
    }
}
