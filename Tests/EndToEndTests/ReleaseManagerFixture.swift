import Foundation
import MoonbaseStore
import ReleaseModel
import TestSupport

/// A real `moonbase serve` on a free loopback port over a temporary home, and the built
/// `hamctl` run against it with a clean environment (its own HOME, so no token file of the
/// machine's user is read).
struct ReleaseManagerFixture {
    let root: TemporaryDirectory
    let server: ServeProcess
    let adminToken: String
    let home: String

    static var hamctlPath: String { productsDirectory + "/hamctl" }

    static func start(config: String? = nil) async throws -> ReleaseManagerFixture {
        let root = try TemporaryDirectory("moonbase-clients")
        let home = root.path + "/home"
        var arguments = ["serve", "--home", home, "--listen", "127.0.0.1:0"]
        if let config { arguments += ["--config", try root.write("moonbase.yaml", config)] }
        let server = try await ServeProcess.start(arguments, in: root)
        let token = server.output.split(separator: "\n").first { $0.hasPrefix("Admin token: ") }.map { String($0.dropFirst(13)) }
        guard let token else { throw ServeFailure(message: "no admin token in: \(server.output)") }
        try FileManager.default.createDirectory(atPath: root.path + "/user", withIntermediateDirectories: true)
        return ReleaseManagerFixture(root: root, server: server, adminToken: token, home: home)
    }

    func stop() {
        server.stop()
        root.remove()
    }

    /// The environment hamctl runs with: the server, the token, and a HOME of its own.
    func environment(token: String?) -> [String: String] {
        var environment = [
            "HAMCTL_URL": server.base.absoluteString, "HOME": root.path + "/user", "XDG_CONFIG_HOME": root.path + "/user/.config",
            "HAMCTL_AUTH_TOKEN": token ?? "",
        ]
        environment["TZ"] = "UTC"
        return environment
    }

    /// Runs hamctl in `directory` (default: the fixture's root, which has no shuttle.yaml).
    func hamctl(_ arguments: [String], token: String? = nil, in directory: String? = nil, input: String = "") async throws -> ProcessOutput {
        try await runProcess(
            Self.hamctlPath, arguments, in: directory ?? root.path, environment: environment(token: token ?? adminToken), input: input)
    }

    /// Stores an artifact with manifests for dev, staging and prod, built from `branch`.
    @discardableResult
    func storeArtifact(service: String, branch: String, sha: String, message: String = "change") async throws -> String {
        let store = try SQLiteStore(path: home + "/moonbase.sqlite")
        let id = ArtifactID.make(branch: branch, sha: sha, planSHA: "plan000000")
        var spec = ArtifactSpec(id: id, service: service, squad: "money")
        spec.application = Repository(branch: branch, sha: sha, authorName: "Jane Doe", authorEmail: "jane@example.com", committerName: "Jane Doe", committerEmail: "jane@example.com", message: message, url: "https://git.example.com/\(service)/commit/\(sha)")
        spec.ci.end = GoTime(Date())
        let files = ["dev", "staging", "prod"].map { environment in
            ArtifactFile(environment: environment, path: "40-deployment.yaml", content: Data("kind: Deployment\nmetadata: {name: \(service)}\n# \(id)\n".utf8))
        }
        try await store.storeArtifact(ArtifactUpload(specJSON: spec.goJSON(trailingNewline: true), files: files))
        return id
    }
}
