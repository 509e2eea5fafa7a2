import Foundation
import GitRunner
import ReleaseModel
@testable import ConfigRepo

/// A bare "remote" config repository in a temporary folder, and working clones of it.
struct GitFixture {
    let base: URL
    var remote: URL { base.appendingPathComponent("remote.git") }

    static func make(environments: [String] = ["dev", "staging", "prod"], branch: String = "master") async throws -> GitFixture {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("moonbase-configrepo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        let fixture = GitFixture(base: base)
        try await ConfigRepository.bootstrap(bareRepository: fixture.remote, branch: branch, environments: environments)
        return fixture
    }

    func clone(_ name: String, branch: String = "master", maximumPushAttempts: Int = 5) async throws -> ConfigRepository {
        try await ConfigRepository.open(ConfigRepositoryOptions(
            remoteURL: remote.path, branch: branch, workingDirectory: base.appendingPathComponent(name),
            committer: GitIdentity(name: "Test Bot", email: "bot@example.com"), maximumPushAttempts: maximumPushAttempts
        ))
    }

    /// Two clones releasing the same service: `first` has pushed master-1-1, `second` has
    /// committed master-2-2 on top of the old remote and cannot push without a conflict.
    func conflictingClones() async throws -> (first: ConfigRepository, second: ConfigRepository) {
        let first = try await clone("first")
        let second = try await clone("second")
        try await SampleRelease(id: "master-1-1").commit(to: first)
        try await first.push()
        try await SampleRelease(id: "master-2-2").commit(to: second)
        return (first, second)
    }

    /// Runs git in the bare remote.
    func remoteGit(_ arguments: [String]) async throws -> String {
        try await Git(directory: remote).run(arguments).text
    }

    func remove() {
        try? FileManager.default.removeItem(at: base)
    }
}

/// A release of `service` with artifact `id` and a few manifests.
struct SampleRelease {
    var service = "product"
    var environment = "dev"
    var namespace = "dev"
    var id: String
    var files: [ReleaseFile] = [
        ReleaseFile(path: "01-configmap.yaml", contents: Data("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: product\n".utf8)),
        ReleaseFile(path: "40-deployment.yaml", contents: Data("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: product\n".utf8)),
    ]
    var intent: Intent = .releaseArtifact
    var reason = ""

    var spec: ArtifactSpec {
        ArtifactSpec(
            id: id, service: service, namespace: namespace == environment ? "" : namespace,
            application: Repository(branch: "master", authorName: "Jane Doe", authorEmail: "jane@example.com", message: "change \(id)"),
            ci: CI(jobURL: "https://ci.example.com/\(id)")
        )
    }

    var message: String {
        ReleaseCommitMessage(
            service: service, environment: environment, artifactID: id,
            releasedBy: Person(name: "Rel Easer", email: "releaser@example.com"),
            createdBy: Person(name: "Jane Doe", email: "jane@example.com"), intent: intent, reason: reason
        ).text
    }

    /// Writes and commits the release; returns the commit id (nil when nothing changed).
    @discardableResult
    func commit(to repository: ConfigRepository) async throws -> String? {
        try await repository.writeRelease(environment: environment, namespace: namespace, service: service, files: files, artifactJSON: spec.goJSON())
        return try await repository.commit(message: message)
    }
}

func fileText(_ url: URL) -> String? {
    (try? Data(contentsOf: url)).map { String(decoding: $0, as: UTF8.self) }
}
