import Foundation
import ReleaseModel

/// Which scanner's output a report is.
public enum ScanReportFormat: String, Sendable, CaseIterable {
    /// `trivy image --format json`: `Results[].Vulnerabilities[].Severity`.
    case trivy
    /// `grype --output json`: `matches[].vulnerability.severity`.
    case grype
    /// SARIF 2.1.0 from any scanner: `runs[].results[]`, severity from the rule's
    /// `security-severity` score, else from the result's level.
    case sarif
}

/// What `artifact add security-scan --report` takes from a scanner's report: the counts per
/// severity and, when the report says, the scanner, its version and the scanned image.
public struct ScanReport: Sendable, Equatable {
    public var format: ScanReportFormat
    public var scanner: String
    public var scannerVersion: String
    public var image: String
    public var counts: SeverityCounts

    public init(format: ScanReportFormat, scanner: String, scannerVersion: String = "", image: String = "", counts: SeverityCounts) {
        self.format = format
        self.scanner = scanner
        self.scannerVersion = scannerVersion
        self.image = image
        self.counts = counts
    }

    /// Reads the report at `path`, as `format` or, when `nil`, as the format it looks like.
    public static func read(path: String, format: ScanReportFormat?) throws(ArtifactError) -> ScanReport {
        let data = try ArtifactFolder.readFile(path, missing: "--report \(path): no such file")
        return try parse(data, format: format, source: path)
    }

    /// Parses report bytes; `source` names the report in errors.
    public static func parse(_ data: Data, format: ScanReportFormat?, source: String) throws(ArtifactError) -> ScanReport {
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw ArtifactError("--report \(source) is not a scanner report: its top-level JSON value is not an object")
            }
            object = parsed
        } catch let error as ArtifactError {
            throw error
        } catch {
            throw ArtifactError("--report \(source) is not JSON: \(error.localizedDescription)")
        }
        guard let format = format ?? detectFormat(object) else {
            throw ArtifactError(
                "--report \(source): could not tell which scanner wrote it (Trivy JSON has SchemaVersion and Results, "
                    + "Grype JSON has matches, SARIF has runs); name it with --format trivy|grype|sarif")
        }
        do {
            switch format {
            case .trivy: return try TrivyReport.decode(data).scanReport
            case .grype: return try GrypeReport.decode(data).scanReport
            case .sarif: return try SARIFReport.decode(data).scanReport
            }
        } catch let error as DecodingError {
            throw ArtifactError("--report \(source) is not a \(format.displayName) report: \(describe(error))")
        } catch {
            throw ArtifactError("--report \(source) is not a \(format.displayName) report: \(error)")
        }
    }

    static func detectFormat(_ object: [String: Any]) -> ScanReportFormat? {
        if object["runs"] is [Any], object["version"] != nil || object["$schema"] != nil { return .sarif }
        if object["matches"] is [Any] { return .grype }
        if object["SchemaVersion"] != nil || object["Results"] is [Any] { return .trivy }
        return nil
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .typeMismatch(let type, let context): return "\(path(context)) is not a \(type)"
        case .valueNotFound(_, let context), .keyNotFound(_, let context):
            if case .keyNotFound(let key, _) = error { return "missing \(path(context).isEmpty ? "" : path(context) + ".")\(key.stringValue)" }
            return "missing \(path(context))"
        case .dataCorrupted(let context): return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

extension ScanReportFormat {
    var displayName: String {
        switch self {
        case .trivy: "Trivy JSON"
        case .grype: "Grype JSON"
        case .sarif: "SARIF"
        }
    }
}

/// A severity as scanners spell it.
enum Severity {
    case critical, high, medium, low, unknown

    /// Trivy's and Grype's words, in any case. Grype's `Negligible` counts as low.
    init(name: String) {
        switch name.lowercased() {
        case "critical": self = .critical
        case "high": self = .high
        case "medium", "moderate": self = .medium
        case "low", "negligible": self = .low
        default: self = .unknown
        }
    }

    /// A CVSS score as GitHub maps SARIF `security-severity`: 9.0+ critical, 7.0+ high, 4.0+
    /// medium, above 0 low.
    init(score: Double) {
        switch score {
        case 9.0...: self = .critical
        case 7.0..<9.0: self = .high
        case 4.0..<7.0: self = .medium
        case let score where score > 0: self = .low
        default: self = .unknown
        }
    }
}

extension SeverityCounts {
    mutating func count(_ severity: Severity) {
        switch severity {
        case .critical: critical += 1
        case .high: high += 1
        case .medium: medium += 1
        case .low: low += 1
        case .unknown: unknown += 1
        }
    }
}
