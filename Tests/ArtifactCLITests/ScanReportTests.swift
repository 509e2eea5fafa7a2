import ArtifactCLI
import ArtifactKit
import Foundation
import ReleaseModel
import Testing

/// Small reports in the shapes Trivy, Grype and SARIF writers produce.
struct ScanReportTests {
    static let trivy = """
        {
          "SchemaVersion": 2,
          "CreatedAt": "2026-11-20T10:12:01.123Z",
          "ArtifactName": "registry.example.com/checkout:master-0123456789",
          "ArtifactType": "container_image",
          "Metadata": {"OS": {"Family": "alpine", "Name": "3.20.3"}},
          "Results": [
            {
              "Target": "registry.example.com/checkout:master-0123456789 (alpine 3.20.3)",
              "Class": "os-pkgs",
              "Type": "alpine",
              "Vulnerabilities": [
                {"VulnerabilityID": "CVE-2024-0001", "PkgName": "openssl", "InstalledVersion": "3.3.1-r0", "FixedVersion": "3.3.2-r0", "Severity": "CRITICAL"},
                {"VulnerabilityID": "CVE-2024-0002", "PkgName": "libcrypto3", "InstalledVersion": "3.3.1-r0", "Severity": "HIGH"},
                {"VulnerabilityID": "CVE-2024-0003", "PkgName": "busybox", "InstalledVersion": "1.36.1-r29", "Severity": "MEDIUM"},
                {"VulnerabilityID": "CVE-2024-0004", "PkgName": "busybox", "InstalledVersion": "1.36.1-r29", "Severity": "LOW"}
              ]
            },
            {
              "Target": "app/go.mod",
              "Class": "lang-pkgs",
              "Type": "gomod",
              "Vulnerabilities": [
                {"VulnerabilityID": "GHSA-xxxx-yyyy-zzzz", "PkgName": "golang.org/x/net", "Severity": "HIGH"},
                {"VulnerabilityID": "CVE-2024-0005", "PkgName": "golang.org/x/text", "Severity": "UNKNOWN"}
              ]
            },
            {"Target": "Dockerfile", "Class": "config", "Misconfigurations": [{"ID": "DS002", "Severity": "HIGH"}]},
            {"Target": "app/go.sum", "Class": "lang-pkgs", "Type": "gomod"}
          ],
          "Trivy": {"Version": "0.57.1"}
        }
        """

    static let grype = """
        {
          "matches": [
            {"vulnerability": {"id": "CVE-2024-1000", "dataSource": "https://nvd.nist.gov", "severity": "Critical", "fix": {"versions": ["1.2"], "state": "fixed"}},
             "artifact": {"name": "openssl", "version": "3.3.1-r0", "type": "apk"}},
            {"vulnerability": {"id": "CVE-2024-1001", "severity": "High"}, "artifact": {"name": "zlib", "version": "1.3"}},
            {"vulnerability": {"id": "CVE-2024-1002", "severity": "High"}, "artifact": {"name": "curl", "version": "8.9"}},
            {"vulnerability": {"id": "CVE-2024-1003", "severity": "Medium"}, "artifact": {"name": "curl", "version": "8.9"}},
            {"vulnerability": {"id": "CVE-2024-1004", "severity": "Negligible"}, "artifact": {"name": "tzdata", "version": "2024a"}},
            {"vulnerability": {"id": "CVE-2024-1005", "severity": "Unknown"}, "artifact": {"name": "musl", "version": "1.2.5"}}
          ],
          "source": {"type": "image", "target": {"userInput": "registry.example.com/checkout:master-0123456789", "imageID": "sha256:abc"}},
          "distro": {"name": "alpine", "version": "3.20.3"},
          "descriptor": {"name": "grype", "version": "0.82.2", "configuration": {}}
        }
        """

    static let sarif = """
        {
          "version": "2.1.0",
          "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
          "runs": [
            {
              "tool": {
                "driver": {
                  "name": "Trivy",
                  "informationUri": "https://github.com/aquasecurity/trivy",
                  "version": "0.57.1",
                  "rules": [
                    {"id": "CVE-2024-0001", "properties": {"security-severity": "9.8", "tags": ["vulnerability", "CRITICAL"]}},
                    {"id": "CVE-2024-0002", "properties": {"security-severity": "7.5", "tags": ["vulnerability", "HIGH"]}},
                    {"id": "CVE-2024-0003", "properties": {"security-severity": "5.3"}},
                    {"id": "CVE-2024-0004", "properties": {"security-severity": "2.0"}},
                    {"id": "lint-rule", "defaultConfiguration": {"level": "note"}}
                  ]
                }
              },
              "results": [
                {"ruleId": "CVE-2024-0001", "ruleIndex": 0, "level": "error", "message": {"text": "openssl"}},
                {"ruleId": "CVE-2024-0002", "ruleIndex": 1, "level": "error", "message": {"text": "libcrypto3"}},
                {"ruleId": "CVE-2024-0002", "level": "error", "message": {"text": "libssl3"}},
                {"ruleId": "CVE-2024-0003", "ruleIndex": 2, "level": "warning", "message": {"text": "busybox"}},
                {"ruleId": "CVE-2024-0004", "ruleIndex": 3, "level": "note", "message": {"text": "busybox"}},
                {"ruleId": "lint-rule", "message": {"text": "a finding without a score"}},
                {"ruleId": "unknown-rule", "level": "error", "message": {"text": "a rule the driver does not list"}}
              ]
            },
            {
              "tool": {"driver": {"name": "Other"}},
              "results": [{"ruleId": "x", "level": "none", "message": {"text": "informational"}}]
            }
          ]
        }
        """

    static func parse(_ text: String, as format: ScanReportFormat? = nil) throws -> ScanReport {
        try ScanReport.parse(Data(text.utf8), format: format, source: "report.json")
    }

    @Test func countsTrivyVulnerabilitiesBySeverity() throws {
        let report = try Self.parse(Self.trivy)
        #expect(report == ScanReport(
            format: .trivy, scanner: "trivy", scannerVersion: "0.57.1", image: "registry.example.com/checkout:master-0123456789",
            counts: SeverityCounts(critical: 1, high: 2, medium: 1, low: 1, unknown: 1)))
    }

    @Test func countsGrypeMatchesBySeverity() throws {
        let report = try Self.parse(Self.grype)
        #expect(report == ScanReport(
            format: .grype, scanner: "grype", scannerVersion: "0.82.2", image: "registry.example.com/checkout:master-0123456789",
            counts: SeverityCounts(critical: 1, high: 2, medium: 1, low: 1, unknown: 1)))
    }

    @Test func countsSARIFResultsByScoreElseLevel() throws {
        let report = try Self.parse(Self.sarif)
        // 9.8 critical; 7.5 high twice (by index and by id); 5.3 medium; 2.0 low; the lint rule's
        // default level note → low; an unlisted rule's error → high; level none → unknown.
        #expect(report == ScanReport(
            format: .sarif, scanner: "Trivy", scannerVersion: "0.57.1",
            counts: SeverityCounts(critical: 1, high: 3, medium: 1, low: 2, unknown: 1)))
    }

    @Test func aReportWithoutFindingsCountsZero() throws {
        let report = try Self.parse(#"{"SchemaVersion": 2, "ArtifactName": ".", "ArtifactType": "filesystem"}"#)
        #expect(report.format == .trivy)
        #expect(report.counts == SeverityCounts())
        #expect(report.image == "")
        #expect(try Self.parse(#"{"matches": []}"#).counts == SeverityCounts())
    }

    @Test func refusesWhatIsNotAReportOrNotOfTheForcedFormat() throws {
        #expect(throws: ArtifactError(
            "--report report.json: could not tell which scanner wrote it (Trivy JSON has SchemaVersion and Results, "
                + "Grype JSON has matches, SARIF has runs); name it with --format trivy|grype|sarif")) {
            try Self.parse(#"{"id": "x", "service": "s"}"#)
        }
        let notJSON = #expect(throws: ArtifactError.self) { try Self.parse("<html>") }
        #expect(notJSON?.description.hasPrefix("--report report.json is not JSON:") == true, "\(String(describing: notJSON))")
        let list = #expect(throws: ArtifactError.self) { try Self.parse("[1, 2]") }
        #expect(list?.description == "--report report.json is not a scanner report: its top-level JSON value is not an object")
        let forced = #expect(throws: ArtifactError.self) { try Self.parse(Self.trivy, as: .grype) }
        #expect(forced?.description == "--report report.json is not a Grype JSON report: missing matches", "\(String(describing: forced))")
        let wrongType = #expect(throws: ArtifactError.self) { try Self.parse(#"{"SchemaVersion": 2, "Results": {"a": 1}}"#) }
        #expect(wrongType?.description.hasPrefix("--report report.json is not a Trivy JSON report: Results is not") == true, "\(String(describing: wrongType))")
    }

    @Test func readsAReportFile() throws {
        let folder = FileManager.default.temporaryDirectory.path + "/scan-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.grype.write(toFile: folder + "/grype.json", atomically: true, encoding: .utf8)
        #expect(try ScanReport.read(path: folder + "/grype.json", format: nil).format == .grype)
        #expect(throws: ArtifactError("--report \(folder)/nothing.json: no such file")) {
            try ScanReport.read(path: folder + "/nothing.json", format: nil)
        }
    }
}
