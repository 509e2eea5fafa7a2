import ArgumentParser
import ArtifactKit
import Foundation
import ReleaseModel

extension ArtifactCommand.Add {
    struct SecurityScan: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "security-scan",
            abstract: "Record a vulnerability scan: counts per severity, from a scanner's report or given as flags.",
            discussion: """
                With --report, reads a Trivy JSON, Grype JSON or SARIF report (the format is detected; --format \
                forces one) and counts its vulnerabilities per severity: critical, high, medium, low, unknown. \
                Grype's "negligible" counts as low. SARIF results take their rule's security-severity score \
                (9.0+ critical, 7.0+ high, 4.0+ medium, above 0 low), else their level (error high, warning \
                medium, note low). The scanner, its version and the image come from the report when it says; \
                --scanner, --scanner-version and --image override them.

                Without --report, give the counts with --critical, --high, --medium, --low and --unknown \
                (those left out are 0).

                Examples:
                  trivy image --format json --output trivy.json "$IMAGE"
                  artifact add security-scan --root artifact --report trivy.json

                  artifact add security-scan --root artifact --scanner clair \\
                    --critical 0 --high 2 --medium 7
                """)
        @OptionGroup var options: FolderOptions

        @Option(help: ArgumentHelp("A Trivy JSON, Grype JSON or SARIF report to count.", valueName: "file"))
        var report: String?
        @Option(help: "The report's format, when detection is not wanted: trivy, grype or sarif.")
        var format: ScanReportFormat?
        @Option(help: "The scanner's name (default: from the report).") var scanner: String?
        @Option(help: "The scanner's version (default: from the report).") var scannerVersion: String?
        @Option(help: "The scanned image (default: from the report).") var image: String?
        @Option(help: "Where the scan's results can be seen.") var url = ""

        @Option(help: "Critical vulnerabilities.") var critical: Int?
        @Option(help: "High vulnerabilities.") var high: Int?
        @Option(help: "Medium vulnerabilities.") var medium: Int?
        @Option(help: "Low vulnerabilities.") var low: Int?
        @Option(help: "Vulnerabilities of unknown severity.") var unknown: Int?

        var givenCounts: [(flag: String, value: Int?)] {
            [("--critical", critical), ("--high", high), ("--medium", medium), ("--low", low), ("--unknown", unknown)]
        }

        func validate() throws {
            for (flag, value) in givenCounts { try checkCount(value, flag: flag) }
            let counted = givenCounts.filter { $0.value != nil }.map(\.flag)
            if report != nil, !counted.isEmpty {
                throw ValidationError("give either --report or counts (\(counted.joined(separator: ", "))), not both")
            }
            if report == nil {
                if format != nil { throw ValidationError("--format needs --report") }
                if counted.isEmpty {
                    throw ValidationError("give --report FILE, or the counts with --critical, --high, --medium, --low and --unknown")
                }
            }
        }

        func run() throws {
            var data = SecurityScanData(url: url)
            if let report {
                let scan = try ScanReport.read(path: report, format: format)
                data.scanner = scan.scanner
                data.scannerVersion = scan.scannerVersion
                data.image = scan.image
                data.vulnerabilities = scan.counts
            } else {
                data.vulnerabilities = SeverityCounts(
                    critical: critical ?? 0, high: high ?? 0, medium: medium ?? 0, low: low ?? 0, unknown: unknown ?? 0)
            }
            if let scanner { data.scanner = scanner }
            if let scannerVersion { data.scannerVersion = scannerVersion }
            if let image { data.image = image }
            try record(.securityScan(data), in: options)
        }
    }
}
