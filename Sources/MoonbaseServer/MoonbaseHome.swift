import ConfigRepo
import Foundation
import MoonbaseStore
import ReleaseEngine

/// A server's home folder: the SQLite store, the bare config repository and its working clone,
/// created on first use (zero setup).
///
/// ```
/// <home>/moonbase.sqlite   the store
/// <home>/config.git        the bare GitOps config repository (dev, staging, prod)
/// <home>/config            the working clone releases are written in
/// <home>/signing.key       the server's signing key (upload URLs, issued tokens), mode 0600
/// ```
public struct MoonbaseHome: Sendable {
    /// The environments a new home's config repository is bootstrapped with.
    public static let environments = ["dev", "staging", "prod"]

    public let directory: URL
    public let store: SQLiteStore
    public let repository: ConfigRepository
    public let queue: ReleaseQueue
    /// The secret of the admin token created on the first start of this home; nil afterwards.
    public let adminToken: String?
    /// 32 random bytes, created with the home, that sign what the server hands out and must
    /// recognise later (artifact upload URLs, OAuth access tokens).
    public let signingKey: Data

    public var storePath: URL { directory.appendingPathComponent("moonbase.sqlite") }
    public var configRepositoryPath: URL { directory.appendingPathComponent("config.git") }

    /// Opens `directory`, creating what is missing.
    public static func open(_ directory: URL) async throws -> MoonbaseHome {
        let fileManager = FileManager.default
        let directory = directory.standardizedFileURL
        try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
        let storePath = directory.appendingPathComponent("moonbase.sqlite")
        let firstStart = !fileManager.fileExists(atPath: storePath.path)
        let store = try SQLiteStore(path: storePath.path)

        let bare = directory.appendingPathComponent("config.git")
        if !fileManager.fileExists(atPath: bare.appendingPathComponent("HEAD").path) {
            try await ConfigRepository.bootstrap(bareRepository: bare, environments: environments)
        }
        let options = ConfigRepositoryOptions(
            remoteURL: bare.path, workingDirectory: directory.appendingPathComponent("config")
        )
        let repository = try await ConfigRepository.open(options)
        let queue = ReleaseQueue(repository: repository, store: store)
        _ = try await queue.recover()

        var adminToken: String?
        if firstStart {
            adminToken = try await store.createToken(group: .admin, name: "admin").secret
        }
        let signingKey = try Self.signingKey(in: directory)
        return MoonbaseHome(
            directory: directory, store: store, repository: repository, queue: queue, adminToken: adminToken, signingKey: signingKey
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

    public var description: String {
        switch self {
        case .badSigningKey(let path, let bytes):
            "\(path) holds \(bytes) bytes, not a 32-byte signing key; remove it to have a new one created (upload URLs and issued tokens then become invalid)"
        case .cannotWrite(let path):
            "cannot create \(path): check that the home folder is writable"
        }
    }
}
