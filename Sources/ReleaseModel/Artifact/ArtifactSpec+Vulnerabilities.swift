import Foundation

extension ArtifactSpec {
    /// The vulnerabilities every scan of the artifact found, added up per severity (Snyk
    /// reports have no critical or unknown counts).
    public var vulnerabilities: SeverityCounts {
        var total = SeverityCounts()
        for stage in stages {
            switch stage.data {
            case .securityScan(let scan)?:
                total.critical += scan.vulnerabilities.critical
                total.high += scan.vulnerabilities.high
                total.medium += scan.vulnerabilities.medium
                total.low += scan.vulnerabilities.low
                total.unknown += scan.vulnerabilities.unknown
            case .snykCode(let scan)?:
                total.add(scan.vulnerabilities)
            case .snykDocker(let scan)?:
                total.add(scan.vulnerabilities)
            default:
                break
            }
        }
        return total
    }
}

extension SeverityCounts {
    mutating func add(_ snyk: Vulnerabilities) {
        high += snyk.high
        medium += snyk.medium
        low += snyk.low
    }
}
