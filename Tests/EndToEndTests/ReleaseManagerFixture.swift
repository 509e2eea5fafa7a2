import Foundation
import ReleaseModel
import TestSupport

/// A real `moonbase serve` on a free loopback port over a temporary home, and the built
/// `hamctl` and `artifact` run against it with a clean environment (a HOME of their own, so
/// no token file of the machine's user is read).
struct ReleaseManagerFixture {
    let root: TemporaryDirectory
    let server: ServeProcess
    let adminToken: String
    let home: String

    static var hamctlPath: String { productsDirectory + "/hamctl" }

    static func start(config: String? = nil, port: Int = 0) async throws -> ReleaseManagerFixture {
        let root = try TemporaryDirectory("moonbase-clients")
        let home = root.path + "/home"
        var arguments = ["serve", "--home", home, "--listen", "127.0.0.1:\(port)"]
        if let config { arguments += ["--config", try root.write("moonbase.yaml", config)] }
        let server = try await ServeProcess.start(arguments, in: root)
        let token = server.output.split(separator: "\n").first { $0.hasPrefix("Admin token: ") }.map { String($0.dropFirst(13)) }
        guard let token else { throw ServeFailure(message: "no admin token in: \(server.output)") }
        try FileManager.default.createDirectory(atPath: root.path + "/user", withIntermediateDirectories: true)
        return ReleaseManagerFixture(root: root, server: server, adminToken: token, home: home)
    }

    /// Kills the server with SIGKILL, as a crash would (nothing flushed or shut down), and
    /// starts it again on the same home, configuration and port.
    func killAndRestart() async throws -> ReleaseManagerFixture {
        kill(server.process.processIdentifier, SIGKILL)
        server.process.waitUntilExit()
        return try await startAgain()
    }

    /// Stops the server, removes its store (as a lost database would be) and starts it again:
    /// a new empty store with a new admin token, over the same config repository.
    func restartWithEmptyStore() async throws -> ReleaseManagerFixture {
        server.stop()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: home + "/moonbase.sqlite" + suffix) }
        return try await startAgain()
    }

    private func startAgain() async throws -> ReleaseManagerFixture {
        var arguments = ["serve", "--home", home, "--listen", "127.0.0.1:\(server.base.port ?? 0)"]
        if FileManager.default.fileExists(atPath: root.path + "/moonbase.yaml") { arguments += ["--config", root.path + "/moonbase.yaml"] }
        let restarted = try await ServeProcess.start(arguments, in: root)
        let token = restarted.output.split(separator: "\n").first { $0.hasPrefix("Admin token: ") }.map { String($0.dropFirst(13)) }
        return ReleaseManagerFixture(root: root, server: restarted, adminToken: token ?? adminToken, home: home)
    }

    /// The server's URL without a trailing slash.
    var url: String { server.base.absoluteString.trimmingCharacters(in: CharacterSet(charactersIn: "/")) }

    /// A new store token of `group`, made by `moonbase token create` beside the running server.
    func createToken(group: String, name: String = "ci") async throws -> String {
        let created = try await runProcess(
            MoonbaseCommandTests.moonbase, ["token", "create", "--home", home, "--group", group, "--name", name], in: root.path)
        guard created.status == 0 else { throw ServeFailure(message: "token create failed: \(created.stderr)") }
        return created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
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

    static var artifactPath: String { productsDirectory + "/artifact" }

    /// Records and pushes an artifact built from `branch` as CI does, with the built
    /// `artifact` binary: init, a build stage, end, and push with manifests for dev, staging
    /// and prod. Returns the id push printed.
    @discardableResult
    func pushArtifact(
        service: String, branch: String, sha: String, message: String = "change", repositoryURL: String? = nil, provider: String? = nil
    ) async throws -> String {
        let folder = root.path + "/ci/\(service)-\(sha)"
        let id = ArtifactID.make(branch: branch, sha: sha, planSHA: "plan000000")
        for environment in ["dev", "staging", "prod"] {
            try root.write("ci/\(service)-\(sha)/\(environment)/40-deployment.yaml", "kind: Deployment\nmetadata: {name: \(service)}\n# \(id)\n")
        }
        let environment = ["ARTIFACT_URL": server.base.absoluteString, "ARTIFACT_AUTH_TOKEN": adminToken]
        let steps: [[String]] = [
            [
                "init", "--artifact-id", id, "--service", service, "--squad", "money", "--git-branch", branch, "--git-sha", sha,
                "--git-message", message, "--git-author-name", "Jane Doe", "--git-author-email", "jane@example.com",
                "--git-committer-name", "Jane Doe", "--git-committer-email", "jane@example.com",
                "--url", repositoryURL ?? "https://git.example.com/\(service)/commit/\(sha)",
            ] + (provider.map { ["--provider", $0] } ?? []),
            ["add", "build", "--image", "registry.example.com/\(service)", "--tag", id, "--docker-version", "27.3.1"],
            ["end"],
            ["push"],
        ]
        var pushed = ""
        for step in steps {
            let output = try await runProcess(Self.artifactPath, step + ["--root", folder], in: root.path, environment: environment)
            guard output.status == 0 else { throw ServeFailure(message: "artifact \(step.first ?? "") failed: \(output.stderr)") }
            pushed = output.stdout
        }
        return pushed.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// A TCP listener on loopback that accepts connections and never answers: a server that hangs.
struct SilentServer {
    let process: Process
    let port: Int

    static func start() throws -> SilentServer {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            "import socket, time\ns = socket.socket()\ns.bind(('127.0.0.1', 0))\ns.listen(16)\nprint(s.getsockname()[1], flush=True)\nopen_ = []\nwhile True:\n    open_.append(s.accept())",
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        guard let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            kill(process.processIdentifier, SIGKILL)
            throw ServeFailure(message: "the silent server did not start: '\(line)'")
        }
        return SilentServer(process: process, port: port)
    }

    /// SIGKILL: the test process's blocked signals are inherited, so SIGTERM would wait.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
