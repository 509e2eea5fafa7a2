import Foundation
import ReleaseModel

/// The parts of a SARIF 2.1.0 log that count: every result of every run. A result's severity
/// is its rule's `security-severity` (a CVSS score, as Trivy, Grype and CodeQL write it and
/// GitHub reads it), else the result's `level` (or the rule's default level, else `warning`):
/// `error` high, `warning` medium, `note` low, `none` unknown.
struct SARIFReport: Decodable {
    var runs: [Run]

    struct Run: Decodable {
        var tool: Tool
        var results: [Result]?
    }

    struct Tool: Decodable {
        var driver: Driver
    }

    struct Driver: Decodable {
        var name: String
        var version: String?
        var semanticVersion: String?
        var rules: [Rule]?
    }

    struct Rule: Decodable {
        var id: String
        var properties: Properties?
        var defaultConfiguration: Configuration?
    }

    struct Configuration: Decodable {
        var level: String?
    }

    struct Properties: Decodable {
        /// A decimal string in the SARIF files scanners write; some write a number.
        var securitySeverity: Double?

        enum CodingKeys: String, CodingKey { case securitySeverity = "security-severity" }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let text = try? container.decodeIfPresent(String.self, forKey: .securitySeverity) {
                securitySeverity = Double(text.trimmingCharacters(in: .whitespaces))
            } else {
                securitySeverity = try? container.decodeIfPresent(Double.self, forKey: .securitySeverity)
            }
        }
    }

    struct Result: Decodable {
        var ruleId: String?
        var ruleIndex: Int?
        var level: String?
        var properties: Properties?
    }

    static func decode(_ data: Data) throws -> SARIFReport {
        try JSONDecoder().decode(SARIFReport.self, from: data)
    }

    var scanReport: ScanReport {
        var counts = SeverityCounts()
        for run in runs {
            let rules = run.tool.driver.rules ?? []
            let rulesByID = Dictionary(rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            for result in run.results ?? [] {
                let rule = result.ruleIndex.flatMap { rules.indices.contains($0) ? rules[$0] : nil }
                    ?? result.ruleId.flatMap { rulesByID[$0] }
                counts.count(Self.severity(of: result, rule: rule))
            }
        }
        let driver = runs.first?.tool.driver
        return ScanReport(
            format: .sarif, scanner: driver?.name ?? "", scannerVersion: driver?.semanticVersion ?? driver?.version ?? "", counts: counts)
    }

    static func severity(of result: Result, rule: Rule?) -> Severity {
        if let score = result.properties?.securitySeverity ?? rule?.properties?.securitySeverity {
            return Severity(score: score)
        }
        switch (result.level ?? rule?.defaultConfiguration?.level ?? "warning").lowercased() {
        case "error": return .high
        case "warning": return .medium
        case "note": return .low
        default: return .unknown
        }
    }
}
