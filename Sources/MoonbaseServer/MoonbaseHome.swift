import ConfigRepo
import Foundation
import MoonbaseStore
import ReleaseEngine
import SQLiteStore

/// A server's home folder: the SQLite store, the bare config repository and its working clone,
/// created on first use (zero setup).
///
/// ```
/// <home>/moonbase.sqlite   the store
/// <home>/config.git        the bare GitOps config repository (dev, staging, prod)
/// <home>/config            the working clone releases are written in
/// <home>/signing.key       the server's signing key (upload URLs, issued tokens), mode 0600
/// <home>/moonbase.yaml     the configuration, when there is one (see ``MoonbaseConfiguration``)
/// ```
///
/// A configured database path or config repository remote replaces the store or the bare
/// repository.
public struct MoonbaseHome: Sendable {
    /// The environments a home gets unless configured otherwise (use `configuration.environments`).
    public static let environments = MoonbaseConfiguration().environments

    public let directory: URL
    /// What the home was opened with (its environments, remote, tokens, restrictions, …).
    public let configuration: MoonbaseConfiguration
    /// The store; the home opens a SQLite file, the server sees only the store protocols.
    public let store: any MoonbaseStore
    /// The git clone of the config repository; the engine sees it as ``releaseRepository``.
    public let repository: ConfigRepository
    public let releaseRepository: any ReleaseRepository
    public let queue: ReleaseQueue
    /// The secret of the admin token created on the first start of this home; nil afterwards.
    public let adminToken: String?
    /// 32 random bytes, created with the home, that sign what the server hands out and must
    /// recognise later (artifact upload URLs, OAuth access tokens).
    public let signingKey: Data

    public var storePath: URL { URL(fileURLWithPath: configuration.databasePath) }
    /// The home's own bare config repository (used when no remote is configured).
    public var configRepositoryPath: URL { directory.appendingPathComponent("config.git") }

    /// Opens `directory` with the default configuration, creating what is missing.
    public static func open(_ directory: URL) async throws -> MoonbaseHome {
        var configuration = MoonbaseConfiguration()
        configuration.home = directory.path
        return try await open(configuration)
    }

    /// Opens the configured home, creating what is missing: the folder, the store, the signing
    /// key and, without a configured remote, the local bare config repository.
    public static func open(_ configuration: MoonbaseConfiguration) async throws -> MoonbaseHome {
        let fileManager = FileManager.default
        let directory = configuration.homeDirectory
        try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
        let firstStart = !fileManager.fileExists(atPath: configuration.databasePath)
        let store = try SQLiteStore(path: configuration.databasePath)

        if configuration.configRepository.url == nil {
            let bare = directory.appendingPathComponent("config.git")
            if !fileManager.fileExists(atPath: bare.appendingPathComponent("HEAD").path) {
                try await ConfigRepository.bootstrap(
                    bareRepository: bare, branch: configuration.configRepository.branch, environments: configuration.environments
                )
            }
        }
        // Not refreshed on opening: recovery first decides about commits a crash left unpushed
        // (rebasing them would change their ids), then the clone catches up through the writer.
        let repository = try await ConfigRepository.open(
            repositoryOptions(configuration, workingDirectory: directory.appendingPathComponent("config")), refresh: false
        )
        let releaseRepository = ConfigReleaseRepository(repository)
        let queue = ReleaseQueue(repository: releaseRepository, store: store)
        _ = try await queue.recover()
        try await queue.synchronize()

        var adminToken: String?
        if firstStart {
            adminToken = try await store.createToken(group: .admin, name: "admin").secret
        }
        let signingKey = try Self.signingKey(in: directory)
        return MoonbaseHome(
            directory: directory, configuration: configuration, store: store, repository: repository,
            releaseRepository: releaseRepository, queue: queue,
            adminToken: adminToken, signingKey: signingKey
        )
    }

    /// Opens only the store of an existing home, for commands that run beside a server
    /// (`moonbase token create`, …).
    public static func openStore(_ configuration: MoonbaseConfiguration) throws -> any MoonbaseStore {
        let path = configuration.databasePath
        guard FileManager.default.fileExists(atPath: path) else {
            throw MoonbaseHomeError.noStore(path: path, home: configuration.homeDirectory.path)
        }
        return try SQLiteStore(path: path)
    }

    /// Rebuilds the store's released artifacts and release history from the config
    /// repository's history (``StoreReindex``), reading a fresh clone of the remote so that a
    /// server running on the home is not disturbed.
    public static func reindex(
        _ configuration: MoonbaseConfiguration, progress: @Sendable (String) -> Void = { _ in }
    ) async throws -> StoreReindex.Summary {
        let store = try openStore(configuration)
        let clone = FileManager.default.temporaryDirectory.appendingPathComponent("moonbase-reindex-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: clone) }
        let repository = try await ConfigRepository.open(repositoryOptions(configuration, workingDirectory: clone))
        return try await StoreReindex.rebuild(from: ConfigReleaseRepository(repository), into: store, progress: progress)
    }

    static func repositoryOptions(_ configuration: MoonbaseConfiguration, workingDirectory: URL) -> ConfigRepositoryOptions {
        ConfigRepositoryOptions(
            remoteURL: configuration.configRepositoryRemote, branch: configuration.configRepository.branch, workingDirectory: workingDirectory
        )
    }

    /// Reads `<home>/signing.key`, creating it (owner-only) on first use.
    static func signingKey(in directory: URL) throws -> Data {
        let file = directory.appendingPathComponent("signing.key")
        if let existing = try? Data(contentsOf: file) {
            guard existing.count == 32 else {
                throw MoonbaseHomeError.badSigningKey(path: file.path, bytes: existing.count)
            }
            return existing
        }
        var generator = SystemRandomNumberGenerator()
        let key = Data((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        guard FileManager.default.createFile(atPath: file.path, contents: key, attributes: [.posixPermissions: 0o600]) else {
            throw MoonbaseHomeError.cannotWrite(path: file.path)
        }
        return key
    }
}

/// A home folder that cannot be used as it is.
public enum MoonbaseHomeError: Error, CustomStringConvertible {
    case badSigningKey(path: String, bytes: Int)
    case cannotWrite(path: String)
    case noStore(path: String, home: String)

    public var description: String {
        switch self {
        case .badSigningKey(let path, let bytes):
            "\(path) holds \(bytes) bytes, not a 32-byte signing key; remove it to have a new one created (upload URLs and issued tokens then become invalid)"
        case .cannotWrite(let path):
            "cannot create \(path): check that the home folder is writable"
        case .noStore(let path, let home):
            "no Moonbase store at \(path): \(home) is not a Moonbase home yet (start `moonbase serve --home \(home)` once, or pass the right --home)"
        }
    }
}
