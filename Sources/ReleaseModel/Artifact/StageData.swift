import Foundation
import GoCompat

/// Stage ids Moonbase knows: the reference's five plus Moonbase's own `security-scan`.
public enum StageID {
    public static let build = "build"
    public static let push = "push"
    public static let test = "test"
    public static let snykCode = "snyk-code"
    public static let snykDocker = "snyk-docker"
    public static let securityScan = "security-scan"
}

/// The data of a stage, by stage id. Data of ids Moonbase does not know, or that does not have
/// the shape of its id, is kept as ``raw(_:)`` so a read-and-write loses nothing.
public enum StageData: Sendable, Hashable {
    case build(ImageData)
    case push(ImageData)
    case test(TestData)
    case snykCode(SnykCodeData)
    case snykDocker(SnykDockerData)
    case securityScan(SecurityScanData)
    case raw(JSONValue)

    /// Decodes `raw` as the data of `stageID`, leniently (unknown fields are ignored).
    public init(stageID: String, raw: JSONValue) {
        func typed<T: Decodable>(_ type: T.Type) -> T? {
            guard case .object = raw, let data = try? GoJSONEncoder().encode(raw) else { return nil }
            return try? JSONDecoder().decode(T.self, from: data)
        }
        switch stageID {
        case StageID.build: self = typed(ImageData.self).map(StageData.build) ?? .raw(raw)
        case StageID.push: self = typed(ImageData.self).map(StageData.push) ?? .raw(raw)
        case StageID.test: self = typed(TestData.self).map(StageData.test) ?? .raw(raw)
        case StageID.snykCode: self = typed(SnykCodeData.self).map(StageData.snykCode) ?? .raw(raw)
        case StageID.snykDocker: self = typed(SnykDockerData.self).map(StageData.snykDocker) ?? .raw(raw)
        case StageID.securityScan: self = typed(SecurityScanData.self).map(StageData.securityScan) ?? .raw(raw)
        default: self = .raw(raw)
        }
    }

    public var stageID: String {
        switch self {
        case .build: StageID.build
        case .push: StageID.push
        case .test: StageID.test
        case .snykCode: StageID.snykCode
        case .snykDocker: StageID.snykDocker
        case .securityScan: StageID.securityScan
        case .raw: ""
        }
    }

    /// The stage name the reference `artifact add` commands write.
    public var defaultStageName: String {
        switch self {
        case .build: "Build"
        case .push: "Push"
        case .test: "Test"
        case .snykCode: "Security Scan - Code"
        case .snykDocker: "Security Scan - Docker"
        case .securityScan: "Security Scan"
        case .raw: ""
        }
    }

    func encode<Key: CodingKey>(into container: inout KeyedEncodingContainer<Key>, forKey key: Key) throws {
        switch self {
        case .build(let data), .push(let data): try container.encode(data, forKey: key)
        case .test(let data): try container.encode(data, forKey: key)
        case .snykCode(let data): try container.encode(data, forKey: key)
        case .snykDocker(let data): try container.encode(data, forKey: key)
        case .securityScan(let data): try container.encode(data, forKey: key)
        case .raw(let value): try container.encode(value, forKey: key)
        }
    }
}

/// `build` and `push` stage data.
public struct ImageData: Sendable, Hashable, Codable {
    public var image: String
    public var tag: String
    public var dockerVersion: String

    public init(image: String = "", tag: String = "", dockerVersion: String = "") {
        self.image = image
        self.tag = tag
        self.dockerVersion = dockerVersion
    }

    enum CodingKeys: String, CodingKey { case image, tag, dockerVersion }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        image = try container.goString(.image)
        tag = try container.goString(.tag)
        dockerVersion = try container.goString(.dockerVersion)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOmitEmpty(image, forKey: .image)
        try container.encodeOmitEmpty(tag, forKey: .tag)
        try container.encodeOmitEmpty(dockerVersion, forKey: .dockerVersion)
    }
}

/// `test` stage data. Counts are always written.
public struct TestData: Sendable, Hashable, Codable {
    public var url: String
    public var results: TestResults

    public init(url: String = "", results: TestResults = TestResults()) {
        self.url = url
        self.results = results
    }

    enum CodingKeys: String, CodingKey { case url, results }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        url = try container.goString(.url)
        results = try container.decodeIfPresent(TestResults.self, forKey: .results) ?? TestResults()
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOmitEmpty(url, forKey: .url)
        try container.encode(results, forKey: .results)
    }
}

public struct TestResults: Sendable, Hashable, Codable {
    public var passed: Int
    public var failed: Int
    public var skipped: Int

    public init(passed: Int = 0, failed: Int = 0, skipped: Int = 0) {
        self.passed = passed
        self.failed = failed
        self.skipped = skipped
    }

    enum CodingKeys: String, CodingKey { case passed, failed, skipped }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        passed = try container.goInt(.passed)
        failed = try container.goInt(.failed)
        skipped = try container.goInt(.skipped)
    }
}

/// Snyk's high/medium/low counts. Always written.
public struct Vulnerabilities: Sendable, Hashable, Codable {
    public var high: Int
    public var medium: Int
    public var low: Int

    public init(high: Int = 0, medium: Int = 0, low: Int = 0) {
        self.high = high
        self.medium = medium
        self.low = low
    }

    enum CodingKeys: String, CodingKey { case high, medium, low }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        high = try container.goInt(.high)
        medium = try container.goInt(.medium)
        low = try container.goInt(.low)
    }
}

/// `snyk-code` stage data.
public struct SnykCodeData: Sendable, Hashable, Codable {
    public var snykVersion: String
    public var url: String
    public var language: String
    public var vulnerabilities: Vulnerabilities

    public init(snykVersion: String = "", url: String = "", language: String = "", vulnerabilities: Vulnerabilities = Vulnerabilities()) {
        self.snykVersion = snykVersion
        self.url = url
        self.language = language
        self.vulnerabilities = vulnerabilities
    }

    enum CodingKeys: String, CodingKey { case snykVersion, url, language, vulnerabilities }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        snykVersion = try container.goString(.snykVersion)
        url = try container.goString(.url)
        language = try container.goString(.language)
        vulnerabilities = try container.decodeIfPresent(Vulnerabilities.self, forKey: .vulnerabilities) ?? Vulnerabilities()
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOmitEmpty(snykVersion, forKey: .snykVersion)
        try container.encodeOmitEmpty(url, forKey: .url)
        try container.encodeOmitEmpty(language, forKey: .language)
        try container.encode(vulnerabilities, forKey: .vulnerabilities)
    }
}

/// `snyk-docker` stage data.
public struct SnykDockerData: Sendable, Hashable, Codable {
    public var tag: String
    public var snykVersion: String
    public var url: String
    public var baseImage: String
    public var vulnerabilities: Vulnerabilities

    public init(tag: String = "", snykVersion: String = "", url: String = "", baseImage: String = "", vulnerabilities: Vulnerabilities = Vulnerabilities()) {
        self.tag = tag
        self.snykVersion = snykVersion
        self.url = url
        self.baseImage = baseImage
        self.vulnerabilities = vulnerabilities
    }

    enum CodingKeys: String, CodingKey { case tag, snykVersion, url, baseImage, vulnerabilities }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        tag = try container.goString(.tag)
        snykVersion = try container.goString(.snykVersion)
        url = try container.goString(.url)
        baseImage = try container.goString(.baseImage)
        vulnerabilities = try container.decodeIfPresent(Vulnerabilities.self, forKey: .vulnerabilities) ?? Vulnerabilities()
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOmitEmpty(tag, forKey: .tag)
        try container.encodeOmitEmpty(snykVersion, forKey: .snykVersion)
        try container.encodeOmitEmpty(url, forKey: .url)
        try container.encodeOmitEmpty(baseImage, forKey: .baseImage)
        try container.encode(vulnerabilities, forKey: .vulnerabilities)
    }
}

/// `security-scan` stage data (Moonbase's own stage): counts by severity from any scanner.
public struct SecurityScanData: Sendable, Hashable, Codable {
    public var scanner: String
    public var scannerVersion: String
    public var image: String
    public var url: String
    public var vulnerabilities: SeverityCounts

    public init(scanner: String = "", scannerVersion: String = "", image: String = "", url: String = "", vulnerabilities: SeverityCounts = SeverityCounts()) {
        self.scanner = scanner
        self.scannerVersion = scannerVersion
        self.image = image
        self.url = url
        self.vulnerabilities = vulnerabilities
    }

    enum CodingKeys: String, CodingKey { case scanner, scannerVersion, image, url, vulnerabilities }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        scanner = try container.goString(.scanner)
        scannerVersion = try container.goString(.scannerVersion)
        image = try container.goString(.image)
        url = try container.goString(.url)
        vulnerabilities = try container.decodeIfPresent(SeverityCounts.self, forKey: .vulnerabilities) ?? SeverityCounts()
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOmitEmpty(scanner, forKey: .scanner)
        try container.encodeOmitEmpty(scannerVersion, forKey: .scannerVersion)
        try container.encodeOmitEmpty(image, forKey: .image)
        try container.encodeOmitEmpty(url, forKey: .url)
        try container.encode(vulnerabilities, forKey: .vulnerabilities)
    }
}

/// Vulnerability counts by severity. Always written.
public struct SeverityCounts: Sendable, Hashable, Codable {
    public var critical: Int
    public var high: Int
    public var medium: Int
    public var low: Int
    public var unknown: Int

    public init(critical: Int = 0, high: Int = 0, medium: Int = 0, low: Int = 0, unknown: Int = 0) {
        self.critical = critical
        self.high = high
        self.medium = medium
        self.low = low
        self.unknown = unknown
    }

    enum CodingKeys: String, CodingKey { case critical, high, medium, low, unknown }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        critical = try container.goInt(.critical)
        high = try container.goInt(.high)
        medium = try container.goInt(.medium)
        low = try container.goInt(.low)
        unknown = try container.goInt(.unknown)
    }
}
