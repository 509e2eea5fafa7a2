import Foundation

/// A git repository and commit: the application's, or the shuttle plan's.
public struct Repository: Sendable, Hashable, Codable {
    public var branch: String
    public var sha: String
    public var authorName: String
    public var authorEmail: String
    public var committerName: String
    public var committerEmail: String
    public var message: String
    public var name: String
    public var url: String
    public var provider: String

    public init(
        branch: String = "", sha: String = "", authorName: String = "", authorEmail: String = "",
        committerName: String = "", committerEmail: String = "", message: String = "", name: String = "",
        url: String = "", provider: String = ""
    ) {
        self.branch = branch
        self.sha = sha
        self.authorName = authorName
        self.authorEmail = authorEmail
        self.committerName = committerName
        self.committerEmail = committerEmail
        self.message = message
        self.name = name
        self.url = url
        self.provider = provider
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case branch, sha, authorName, authorEmail, committerName, committerEmail, message, name, url, provider
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        branch = try container.goString(.branch)
        sha = try container.goString(.sha)
        authorName = try container.goString(.authorName)
        authorEmail = try container.goString(.authorEmail)
        committerName = try container.goString(.committerName)
        committerEmail = try container.goString(.committerEmail)
        message = try container.goString(.message)
        name = try container.goString(.name)
        url = try container.goString(.url)
        provider = try container.goString(.provider)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        for key in CodingKeys.allCases {
            try container.encodeOmitEmpty(self[keyPath: Self.keyPath(key)], forKey: key)
        }
    }

    private static func keyPath(_ key: CodingKeys) -> KeyPath<Repository, String> {
        switch key {
        case .branch: \.branch
        case .sha: \.sha
        case .authorName: \.authorName
        case .authorEmail: \.authorEmail
        case .committerName: \.committerName
        case .committerEmail: \.committerEmail
        case .message: \.message
        case .name: \.name
        case .url: \.url
        case .provider: \.provider
        }
    }
}
