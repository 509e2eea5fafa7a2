import ConfigRepo
import Foundation
import MoonbaseStore
import SQLiteStore
import ReleaseEngine
import ReleaseModel

/// A bare config repository, a working clone of it, a SQLite store and the engine over them, all
/// in a temporary folder.
struct ReleaseFixture {
    let base: URL
    var remote: URL { base.appendingPathComponent("config.git") }
    var clonePath: URL { base.appendingPathComponent("work") }
    var databasePath: String { base.appendingPathComponent("moonbase.sqlite").path }
    let repository: ConfigRepository
    let store: SQLiteStore
    let queue: ReleaseQueue
    let flow: ReleaseFlow

    static let releaser = Person(name: "Rel Easer", email: "releaser@example.com")

    static func make(globalBranchRestrictions: [BranchRestriction] = []) async throws -> ReleaseFixture {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("moonbase-engine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        try await ConfigRepository.bootstrap(bareRepository: base.appendingPathComponent("config.git"), environments: ["dev", "staging", "prod"])
        return try await open(base: base, globalBranchRestrictions: globalBranchRestrictions)
    }

    /// Opens (or reopens, as a restarted server does) the clone, the store and the engine.
    static func open(base: URL, globalBranchRestrictions: [BranchRestriction] = []) async throws -> ReleaseFixture {
        let repository = try await ConfigRepository.open(ConfigRepositoryOptions(
            remoteURL: base.appendingPathComponent("config.git").path, workingDirectory: base.appendingPathComponent("work"),
            committer: GitIdentity(name: "Test Bot", email: "bot@example.com")
        ), refresh: false)
        let store = try SQLiteStore(path: base.appendingPathComponent("moonbase.sqlite").path)
        let queue = ReleaseQueue(repository: ConfigReleaseRepository(repository), store: store)
        let flow = ReleaseFlow(
            repository: ConfigReleaseRepository(repository), store: store, queue: queue, globalBranchRestrictions: globalBranchRestrictions
        )
        return ReleaseFixture(base: base, repository: repository, store: store, queue: queue, flow: flow)
    }

    func reopen() async throws -> ReleaseFixture {
        try await Self.open(base: base)
    }

    func remove() {
        try? FileManager.default.removeItem(at: base)
    }

    /// Stores an artifact of `service` from `branch` with a deployment for each environment.
    @discardableResult
    func storeArtifact(
        service: String = "product", branch: String = "master", sha: String, environments: [String] = ["dev", "staging", "prod"]
    ) async throws -> String {
        let id = ArtifactID.make(branch: branch, sha: sha, planSHA: "plan000000")
        var spec = ArtifactSpec(id: id, service: service, squad: "nasa")
        spec.application.branch = branch
        spec.application.sha = sha
        spec.application.authorName = "Alice"
        spec.application.authorEmail = "alice@example.com"
        let files = environments.map { environment in
            ArtifactFile(environment: environment, path: "deployment.yaml", content: Data("""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: \(service)
              annotations:
                artifact: \(id)
                environment: \(environment)

            """.utf8))
        }
        try await store.storeArtifact(ArtifactUpload(specJSON: spec.goJSON(trailingNewline: true), files: files))
        return id
    }

    func request(_ artifactID: String, service: String = "product", to environment: String = "dev", intent: Intent = .releaseArtifact) -> ArtifactRelease {
        ArtifactRelease(service: service, environment: environment, artifactID: artifactID, intent: intent, actor: Self.releaser)
    }

    /// What a writer that stopped after committing leaves: a release of `artifactID` of
    /// `product` to dev requested, claimed, written, committed in the clone and recorded as
    /// committed, not pushed.
    func commitWithoutPushing(_ artifactID: String) async throws -> (request: NewQueuedRelease, commit: String) {
        let request = NewQueuedRelease(
            service: "product", environment: "dev", namespace: "dev", artifactID: artifactID, intent: .releaseArtifact, actor: Self.releaser)
        try await store.recordReleaseEvent(ReleaseEvent(
            id: request.id, service: "product", environment: "dev", namespace: "dev", artifactID: artifactID, intent: .releaseArtifact,
            releasedBy: Self.releaser))
        try await store.enqueue(request)
        _ = try await store.claimReleases(limit: 10)
        let files = try await store.artifactFiles(service: "product", id: artifactID, environment: "dev")
        guard let artifact = try await store.artifact(service: "product", id: artifactID) else {
            throw FixtureError(message: "no artifact \(artifactID)")
        }
        try await repository.writeRelease(
            environment: "dev", namespace: "dev", service: "product",
            files: files.map { ReleaseFile(path: $0.path, contents: $0.content) }, artifactJSON: artifact.specJSON)
        guard let commit = try await repository.commit(message: ReleaseCommitMessage(
            service: "product", environment: "dev", artifactID: artifactID, releasedBy: Self.releaser,
            createdBy: Person(name: "Alice", email: "alice@example.com"), intent: .releaseArtifact
        ).text) else { throw FixtureError(message: "nothing to commit") }
        try await store.markCommitted(id: request.id, commit: commit)
        return (request, commit)
    }

    /// The artifact id the remote's branch has released for the service in the environment.
    func remoteArtifactID(service: String = "product", environment: String = "dev") async throws -> String? {
        let output = try await git(["show", "master:\(environment)/releases/\(environment)/\(service)/artifact.json"], in: remote, allowFailure: true)
        guard let output, let spec = try? ArtifactSpec(jsonData: Data(output.utf8)) else { return nil }
        return spec.id
    }

    func remoteGit(_ arguments: [String]) async throws -> String {
        try await git(arguments, in: remote) ?? ""
    }
}

/// Runs git in `directory`; nil when it fails and `allowFailure`.
func git(_ arguments: [String], in directory: URL, allowFailure: Bool = false) async throws -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git"] + arguments
    process.currentDirectoryURL = directory
    let out = Pipe()
    process.standardOutput = out
    process.standardError = Pipe()
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    if process.terminationStatus != 0 {
        if allowFailure { return nil }
        throw FixtureError(message: "git \(arguments.joined(separator: " ")) failed with \(process.terminationStatus)")
    }
    return String(decoding: data, as: UTF8.self)
}

struct FixtureError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
