import Foundation
import ReleaseModel

/// The pipeline's message file (`message.json`), in the reference's format: the Slack
/// attachment the reference CLI keeps updating while the pipeline runs (colour, title, a line
/// per step). Moonbase's `artifact` sends no Slack messages; it keeps the file so scripts that
/// read it keep working, and prints it as the pipeline's summary.
public struct PipelineMessage: Sendable, Hashable, Codable {
    public var userID: String
    public var color: String
    public var channel: String
    public var text: String
    public var title: String
    public var titleLink: String
    public var timestamp: String
    public var service: String

    /// The reference's colours: yellow while running, red on failure, green on success.
    public enum Color {
        public static let running = "#FADE2A"
        public static let failed = "#F2495C"
        public static let successful = "#73BF69"
    }

    public enum Title {
        public static let running = ":jenkins: Jenkins :sonic-running:"
        public static let failed = ":jenkins: Jenkins :no_entry:"
        public static let successful = ":jenkins: Jenkins :white_check_mark:"
    }

    public init(
        userID: String = "", color: String = "", channel: String = "", text: String = "", title: String = "",
        titleLink: String = "", timestamp: String = "", service: String = ""
    ) {
        self.userID = userID
        self.color = color
        self.channel = channel
        self.text = text
        self.title = title
        self.titleLink = titleLink
        self.timestamp = timestamp
        self.service = service
    }

    /// The message `artifact init` starts a pipeline with.
    public init(startedFor spec: ArtifactSpec) {
        self.init(
            color: Color.running,
            text: "Build for: \(spec.application.name)\nBranch: <\(spec.application.url)|*\(spec.application.branch)*>\n",
            title: Title.running, titleLink: spec.ci.jobURL, service: spec.application.name)
    }

    /// Adds one line for a step of the pipeline.
    public mutating func append(line: String) {
        if !text.isEmpty, !text.hasSuffix("\n") { text += "\n" }
        text += line + "\n"
    }

    enum CodingKeys: String, CodingKey {
        case userID = "userId", color, channel, text, title, titleLink, timestamp, service
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func string(_ key: CodingKeys) throws -> String { try container.decodeIfPresent(String.self, forKey: key) ?? "" }
        userID = try string(.userID)
        color = try string(.color)
        channel = try string(.channel)
        text = try string(.text)
        title = try string(.title)
        titleLink = try string(.titleLink)
        timestamp = try string(.timestamp)
        service = try string(.service)
    }

    /// Go's field order, empty strings left out (`omitempty`).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let fields: [(CodingKeys, String)] = [
            (.userID, userID), (.color, color), (.channel, channel), (.text, text), (.title, title),
            (.titleLink, titleLink), (.timestamp, timestamp), (.service, service),
        ]
        for (key, value) in fields where !value.isEmpty {
            try container.encode(value, forKey: key)
        }
    }
}

extension StageData {
    /// The message line the reference writes when a stage is added.
    var messageLine: String {
        switch self {
        case .build(let data): ":white_check_mark: *Build* (\(data.image):\(data.tag))"
        case .push(let data): ":white_check_mark: *Push* (\(data.image):\(data.tag))"
        case .test(let data):
            ":white_check_mark: *Test* (passed: \(data.results.passed), failed: \(data.results.failed), skipped: \(data.results.skipped))"
        case .snykCode(let data): ":white_check_mark: *\(defaultStageName)* (\(data.vulnerabilities.summary))"
        case .snykDocker(let data): ":white_check_mark: *\(defaultStageName)* (\(data.vulnerabilities.summary))"
        case .securityScan(let data): ":white_check_mark: *\(defaultStageName)* (\(data.vulnerabilities.summary))"
        case .raw: ""
        }
    }
}

extension Vulnerabilities {
    var summary: String { "high: \(high), medium: \(medium), low: \(low)" }
}

extension SeverityCounts {
    var summary: String { "critical: \(critical), high: \(high), medium: \(medium), low: \(low), unknown: \(unknown)" }
}
