import Foundation
import GoCompat

/// The CI job that built the artifact. Times are always written (Go's zero time when unset).
public struct CI: Sendable, Hashable, Codable {
    public var jobURL: String
    public var start: GoTime
    public var end: GoTime

    public init(jobURL: String = "", start: GoTime = .zero, end: GoTime = .zero) {
        self.jobURL = jobURL
        self.start = start
        self.end = end
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case jobURL = "jobUrl", start, end
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        jobURL = try container.goString(.jobURL)
        start = try container.decodeIfPresent(GoTime.self, forKey: .start) ?? .zero
        end = try container.decodeIfPresent(GoTime.self, forKey: .end) ?? .zero
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOmitEmpty(jobURL, forKey: .jobURL)
        try container.encode(start, forKey: .start)
        try container.encode(end, forKey: .end)
    }
}
