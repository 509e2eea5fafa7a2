import Foundation
import ReleaseModel

/// The command-line flags of `moonbase serve` that override configuration.
public struct ConfigurationFlags: Sendable, Hashable {
    public var listen: String?
    public var home: String?
    /// The configuration file (`--config`).
    public var config: String?
    /// Whether the notification receivers must be complete (their secrets present): for
    /// serving; the commands beside a server (`token`, `notifications list`, …) send nothing
    /// and may run in a shell without the receivers' secrets.
    public var checksReceivers: Bool

    public init(listen: String? = nil, home: String? = nil, config: String? = nil, checksReceivers: Bool = true) {
        self.listen = listen
        self.home = home
        self.config = config
        self.checksReceivers = checksReceivers
    }
}

extension MoonbaseConfiguration {
    /// Defaults, then the configuration file, then environment variables, then flags.
    ///
    /// The file is `--config`, else `$MOONBASE_CONFIG`, else `<home>/moonbase.yaml` when it
    /// exists (home from `--home`, else `$MOONBASE_HOME`, else `./.moonbase`). A file named
    /// explicitly must exist.
    public static func load(
        flags: ConfigurationFlags = ConfigurationFlags(), environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigurationError) -> MoonbaseConfiguration {
        var configuration = MoonbaseConfiguration()
        let explicitFile = flags.config ?? environment.nonEmpty("MOONBASE_CONFIG")
        var file: String?
        if let path = explicitFile {
            try configuration.apply(file: path)
            file = path
        } else {
            let home = flags.home ?? environment.nonEmpty("MOONBASE_HOME") ?? configuration.home
            let path = URL(fileURLWithPath: home).appendingPathComponent("moonbase.yaml").path
            if FileManager.default.fileExists(atPath: path) {
                try configuration.apply(file: path)
                file = path
            }
        }
        try configuration.apply(environment: environment)
        if let listen = flags.listen { try configuration.set(.listen, .text(listen), from: "--listen") }
        if let home = flags.home { try configuration.set(.home, .text(home), from: "--home") }
        do {
            if flags.checksReceivers { try configuration.checkNotifications() }
        } catch {
            throw ConfigurationError(file.map { "\($0): \(error.message)" } ?? error.message)
        }
        if !configuration.jwt.jwksURLs.isEmpty, configuration.jwt.issuer.isEmpty {
            throw ConfigurationError("jwt.issuer (MOONBASE_JWT_ISSUER) is required when jwt.jwksURLs is set: tokens are checked against it")
        }
        return configuration
    }

    /// The environment variables, each overriding one setting.
    public static let environmentVariables: [(name: String, key: Key)] = [
        ("MOONBASE_LISTEN", .listen), ("MOONBASE_HOME", .home), ("MOONBASE_DATABASE", .database),
        ("MOONBASE_CONFIG_REPOSITORY_URL", .configRepositoryURL), ("MOONBASE_CONFIG_REPOSITORY_BRANCH", .configRepositoryBranch),
        ("MOONBASE_ENVIRONMENTS", .environments), ("HAMCTL_AUTH_TOKEN", .hamctlTokens), ("ARTIFACT_AUTH_TOKEN", .artifactTokens),
        ("DAEMON_AUTH_TOKEN", .daemonTokens), ("MOONBASE_BRANCH_RESTRICTIONS", .branchRestrictions),
        ("MOONBASE_JWKS_URLS", .jwksURLs), ("MOONBASE_JWT_ISSUER", .jwtIssuer), ("MOONBASE_JWT_AUDIENCE", .jwtAudience),
        ("MOONBASE_PUBLIC_URL", .publicURL), ("GITHUB_WEBHOOK_SECRET", .githubWebhookSecret),
        ("MOONBASE_PORTAL_PUBLIC", .portalPublic),
    ]

    /// Lists in environment variables are comma-separated (as the reference's flags), blanks dropped.
    mutating func apply(environment: [String: String]) throws(ConfigurationError) {
        for (name, key) in Self.environmentVariables {
            guard let value = environment[name] else { continue }
            // Set but empty means "not set", except for the audience, where empty turns the check off.
            if value.isEmpty, key != .jwtAudience { continue }
            let raw: RawSetting = key.isList
                ? .list(value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
                : .text(value)
            try set(key, raw, from: "environment variable \(name)")
        }
        applyNotificationSecrets(environment: environment)
    }

    /// One setting, named as in `moonbase.yaml` (dotted inside sections).
    public enum Key: String, Sendable, CaseIterable {
        case listen, home, database
        case configRepositoryURL = "configRepository.url"
        case configRepositoryBranch = "configRepository.branch"
        case environments
        case hamctlTokens = "tokens.hamctl"
        case artifactTokens = "tokens.artifact"
        case daemonTokens = "tokens.daemon"
        case branchRestrictions
        case jwksURLs = "jwt.jwksURLs"
        case jwtIssuer = "jwt.issuer"
        case jwtAudience = "jwt.audience"
        case publicURL
        case githubWebhookSecret = "github.webhookSecret"
        case portalPublic = "portal.public"

        var isList: Bool {
            switch self {
            case .environments, .hamctlTokens, .artifactTokens, .daemonTokens, .branchRestrictions, .jwksURLs: true
            default: false
            }
        }
    }

    /// A value as written, before it is checked.
    enum RawSetting {
        case text(String)
        case list([String])
    }

    /// Checks `raw` and sets `key`; errors start with `origin` (where the value came from).
    mutating func set(_ key: Key, _ raw: RawSetting, from origin: String) throws(ConfigurationError) {
        func fail(_ problem: String) -> ConfigurationError {
            ConfigurationError("\(origin): \(key.rawValue) \(problem)")
        }
        switch raw {
        case .text(let text):
            guard !key.isList else { throw fail("must be a list of strings") }
            switch key {
            case .listen:
                guard let address = ListenAddress(text) else { throw fail("must be HOST:PORT (e.g. 127.0.0.1:8080), got '\(text)'") }
                listen = address
            case .home:
                guard !text.isEmpty else { throw fail("must not be empty") }
                home = text
            case .database:
                if text.contains("://") {
                    let scheme = text.prefix(while: { $0 != ":" }).lowercased()
                    if scheme.hasPrefix("postgres") {
                        throw fail("'\(text)': PostgreSQL is not supported yet; use an SQLite file path")
                    }
                    throw fail("must be an SQLite file path, got '\(text)'")
                }
                guard !text.isEmpty else { throw fail("must not be empty") }
                database = text
            case .configRepositoryURL:
                configRepository.url = text.isEmpty ? nil : text
            case .configRepositoryBranch:
                do {
                    try Name.validate(text, as: .branch)
                } catch {
                    throw fail("is not a usable branch: \(error)")
                }
                configRepository.branch = text
            case .jwtIssuer:
                jwt.issuer = text
            case .jwtAudience:
                jwt.audience = text
            case .publicURL:
                guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
                    throw fail("must be an http(s) URL such as https://moonbase.example.com, got '\(text)'")
                }
                publicURL = text.hasSuffix("/") ? String(text.dropLast()) : text
            case .githubWebhookSecret:
                githubWebhookSecret = text.isEmpty ? nil : text
            case .portalPublic:
                switch text {
                case "true": portalPublic = true
                case "false": portalPublic = false
                default: throw fail("must be true or false, got '\(text)'")
                }
            default:
                throw fail("must be a list of strings")
            }
        case .list(let items):
            guard key.isList else { throw fail("must be a string") }
            switch key {
            case .environments:
                guard !items.isEmpty else { throw fail("must name at least one environment") }
                for item in items {
                    do {
                        try Name.validate(item, as: .environment)
                    } catch {
                        throw fail("has \(error)")
                    }
                }
                if let duplicate = items.enumerated().first(where: { items[..<$0.offset].contains($0.element) })?.element {
                    throw fail("names '\(duplicate)' twice")
                }
                environments = items
            case .hamctlTokens: tokens.hamctl = items
            case .artifactTokens: tokens.artifact = items
            case .daemonTokens: tokens.daemon = items
            case .branchRestrictions:
                do {
                    branchRestrictions = try BranchRestriction.parseGlobal(items)
                } catch {
                    throw fail("has an \(error) (items are <environment>=<branchRegex>)")
                }
                for restriction in branchRestrictions {
                    do {
                        try BranchRegex.validate(restriction.branchRegex)
                    } catch {
                        throw fail("has an invalid regular expression for \(restriction.environment): \(error)")
                    }
                }
            case .jwksURLs:
                jwt.jwksURLs = try items.map { item throws(ConfigurationError) in
                    guard let url = URL(string: item), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
                        throw fail("must hold http(s) URLs, got '\(item)'")
                    }
                    return url
                }
            default:
                throw fail("must be a string")
            }
        }
    }
}

extension [String: String] {
    func nonEmpty(_ name: String) -> String? {
        guard let value = self[name], !value.isEmpty else { return nil }
        return value
    }
}
