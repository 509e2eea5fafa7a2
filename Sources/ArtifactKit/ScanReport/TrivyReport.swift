import Foundation
import ReleaseModel

/// The parts of `trivy … --format json` (schema version 2) that count: one entry per
/// vulnerability found in a package of a result (as Trivy's own table counts them).
/// Misconfigurations and secrets are not vulnerabilities and are not counted.
struct TrivyReport: Decodable {
    var artifactName: String?
    var artifactType: String?
    var results: [Result]?
    var trivy: Version?

    struct Result: Decodable {
        var vulnerabilities: [Vulnerability]?
        enum CodingKeys: String, CodingKey { case vulnerabilities = "Vulnerabilities" }
    }

    struct Vulnerability: Decodable {
        var severity: String?
        enum CodingKeys: String, CodingKey { case severity = "Severity" }
    }

    /// Newer Trivy releases write their version in the report.
    struct Version: Decodable {
        var version: String?
        enum CodingKeys: String, CodingKey { case version = "Version" }
    }

    enum CodingKeys: String, CodingKey {
        case artifactName = "ArtifactName", artifactType = "ArtifactType", results = "Results", trivy = "Trivy"
    }

    static func decode(_ data: Data) throws -> TrivyReport {
        try JSONDecoder().decode(TrivyReport.self, from: data)
    }

    var scanReport: ScanReport {
        var counts = SeverityCounts()
        for result in results ?? [] {
            for vulnerability in result.vulnerabilities ?? [] {
                counts.count(Severity(name: vulnerability.severity ?? ""))
            }
        }
        let image = artifactType == "container_image" ? artifactName ?? "" : ""
        return ScanReport(format: .trivy, scanner: "trivy", scannerVersion: trivy?.version ?? "", image: image, counts: counts)
    }
}
