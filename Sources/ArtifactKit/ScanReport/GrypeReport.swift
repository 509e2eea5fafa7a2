import Foundation
import ReleaseModel

/// The parts of `grype … --output json` that count: one entry per match (a vulnerability in a
/// package), and the scanner's descriptor and the scanned image.
struct GrypeReport: Decodable {
    var matches: [Match]
    var source: Source?
    var descriptor: Descriptor?

    struct Match: Decodable {
        var vulnerability: Vulnerability
    }

    struct Vulnerability: Decodable {
        var severity: String?
    }

    struct Source: Decodable {
        var type: String?
        var target: Target?

        /// An image target is an object; a directory or file target is a plain string.
        enum Target: Decodable {
            case image(userInput: String?)
            case other

            init(from decoder: any Decoder) throws {
                struct Image: Decodable { var userInput: String? }
                if let image = try? Image(from: decoder) {
                    self = .image(userInput: image.userInput)
                } else {
                    self = .other
                }
            }
        }
    }

    struct Descriptor: Decodable {
        var name: String?
        var version: String?
    }

    static func decode(_ data: Data) throws -> GrypeReport {
        try JSONDecoder().decode(GrypeReport.self, from: data)
    }

    var scanReport: ScanReport {
        var counts = SeverityCounts()
        for match in matches {
            counts.count(Severity(name: match.vulnerability.severity ?? ""))
        }
        var image = ""
        if source?.type == "image", case .image(let userInput) = source?.target { image = userInput ?? "" }
        return ScanReport(
            format: .grype, scanner: descriptor?.name ?? "grype", scannerVersion: descriptor?.version ?? "", image: image, counts: counts)
    }
}
