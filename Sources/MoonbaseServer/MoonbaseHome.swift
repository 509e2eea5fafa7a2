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
        return MoonbaseHome(directory: directory, store: store, repository: repository, queue: queue, adminToken: adminToken)
    }
}
