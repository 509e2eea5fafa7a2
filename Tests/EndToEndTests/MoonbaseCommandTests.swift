import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import MoonbaseStore
import SQLiteStore
import ReleaseModel
import TestSupport
import Testing

/// The built `moonbase` binary: serve with a configuration file, and the access commands
/// beside a running server.
@Suite(.serialized, .tags(.endToEnd), .timeLimit(.minutes(10))) struct MoonbaseCommandTests {
    static var moonbase: String { productsDirectory + "/moonbase" }

    @Test func accessCommandsNeedAnExistingHomeAndAKnownGroup() async throws {
        let root = try TemporaryDirectory("moonbase-cli")
        defer { root.remove() }
        let missing = root.path + "/nowhere"
        for arguments in [["token", "create", "--group", "hamctl"], ["client", "create", "--name", "ci"], ["reindex"]] {
            let output = try await runProcess(Self.moonbase, arguments + ["--home", missing], in: root.path)
            #expect(output.status != 0, "\(arguments)")
            #expect(output.stderr.contains("\(missing) is not a Moonbase home yet"), "\(output.stderr)")
            #expect(output.stdout.isEmpty)
        }
        let group = try await runProcess(Self.moonbase, ["token", "create", "--home", missing, "--group", "root"], in: root.path)
        #expect(group.status != 0)
        #expect(group.stderr.contains("'root'"), "\(group.stderr)")
    }

    @Test func servesAConfiguredRemoteAndManagesAccessBesideIt() async throws {
        let root = try TemporaryDirectory("moonbase-cli")
        defer { root.remove() }
        // A remote config repository with its own branch and environments.
        let remote = root.path + "/remote.git"
        try await git(["init", "--quiet", "--bare", "--initial-branch=trunk", remote], in: root.path)
        try root.write("seed/qa/.gitkeep", "")
        try root.write("seed/live/.gitkeep", "")
        try await git(["init", "--quiet", "--initial-branch=trunk"], in: root.path + "/seed")
        try await git(["add", "-A"], in: root.path + "/seed")
        try await git(["commit", "--quiet", "-m", "environments"], in: root.path + "/seed")
        try await git(["push", "--quiet", remote, "trunk"], in: root.path + "/seed")

        let home = root.path + "/home"
        let config = try root.write("moonbase.yaml", """
            configRepository:
              url: file://\(remote)
              branch: trunk
            environments: [qa, live]
            tokens:
              hamctl: [static-hamctl-token]

            """)
        let server = try await ServeProcess.start(["serve", "--home", home, "--config", config, "--listen", "127.0.0.1:0"], in: root)
        defer { server.stop() }
        #expect(server.output.contains("Admin token: mbt_"))

        let store = try SQLiteStore(path: home + "/moonbase.sqlite")
        let id = try await Self.storeArtifact(in: store)
        let body = #"{"service":"product","environment":"qa","artifactId":"\#(id)","intent":{"type":"ReleaseArtifact","releaseBranch":{},"promote":{},"rollback":{}}}"#
        let released = try await server.request("POST", "/release", token: "static-hamctl-token", body: body)
        #expect(released.status == 200, "\(released.body)")
        let message = try await git(["--git-dir", remote, "log", "-1", "--format=%B", "trunk"], in: root.path)
        #expect(message.contains("Artifact-ID: \(id)"), "\(message)")
        #expect(message.contains("Environment: qa"), "\(message)")
        let files = try await git(["--git-dir", remote, "ls-tree", "-r", "--name-only", "trunk"], in: root.path)
        #expect(files.contains("qa/releases/qa/product/artifact.json"), "\(files)")

        let created = try await runProcess(Self.moonbase, ["token", "create", "--home", home, "--group", "hamctl", "--name", "alice"], in: root.path)
        #expect(created.status == 0, "\(created.stderr)")
        let token = created.stdout.trimmingCharacters(in: .newlines)
        #expect(token.hasPrefix("mbt_") && !token.contains("\n"))
        let status = try await server.request("GET", "/status?service=product", token: token)
        #expect(status.status == 200)
        #expect(status.body.contains(#""name":"qa","tag":"\#(id)""#), "\(status.body)")

        let listed = try await runProcess(Self.moonbase, ["token", "list", "--home", home], in: root.path)
        let aliceLine = try #require(listed.stdout.split(separator: "\n").first { $0.contains("\talice\t") })
        let tokenID = String(aliceLine.split(separator: "\t")[0])
        let revoked = try await runProcess(Self.moonbase, ["token", "revoke", tokenID, "--home", home], in: root.path)
        #expect(revoked.status == 0, "\(revoked.stderr)")
        #expect(try await server.request("GET", "/status?service=product", token: token).status == 401)

        let client = try await runProcess(Self.moonbase, ["client", "create", "--home", home, "--name", "ci", "--group", "hamctl"], in: root.path)
        #expect(client.status == 0, "\(client.stderr)")
        let lines = client.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        let clientID = try #require(lines.first?.split(separator: " ").last.map(String.init))
        let secret = try #require(lines.last?.split(separator: " ").last.map(String.init))
        #expect(lines.first == "Client ID: \(clientID)")
        #expect(lines.last == "Client secret: \(secret)")
        let basic = Data("\(clientID):\(secret)".utf8).base64EncodedString()
        let issued = try await server.request(
            "POST", "/oauth/v1/token", headers: ["Authorization": "Basic \(basic)"], body: "grant_type=client_credentials&scope=release_artifact"
        )
        #expect(issued.status == 200, "\(issued.body)")

        let reindexed = try await runProcess(Self.moonbase, ["reindex", "--home", home, "--config", config], in: root.path)
        #expect(reindexed.status == 0, "\(reindexed.stderr)")
        #expect(reindexed.stdout == "Indexed 1 release and restored 0 artifacts from the config repository\n")
        let history = try await store.releaseHistory(service: "product", environment: "qa", limit: 10, offset: 0)
        #expect(history.events.filter { $0.state == .released }.map(\.artifactID) == [id])
    }

    static func storeArtifact(in store: SQLiteStore) async throws -> String {
        let id = ArtifactID.make(branch: "master", sha: "0123456789abcdef", planSHA: "plan000000")
        var spec = ArtifactSpec(id: id, service: "product", squad: "nasa")
        spec.application.branch = "master"
        spec.application.sha = "0123456789abcdef"
        let files = ["qa", "live"].map { environment in
            ArtifactFile(environment: environment, path: "deployment.yaml", content: Data("kind: Deployment\n".utf8))
        }
        try await store.storeArtifact(ArtifactUpload(specJSON: spec.goJSON(trailingNewline: true), files: files))
        return id
    }
}

/// `moonbase serve` running in the background, its output in a file.
struct ServeProcess {
    let process: Process
    let outputFile: String
    let base: URL

    var output: String { (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? "" }

    static func start(_ arguments: [String], in root: TemporaryDirectory) async throws -> ServeProcess {
        let outputFile = root.path + "/serve.out"
        FileManager.default.createFile(atPath: outputFile, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: MoonbaseCommandTests.moonbase)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: root.path)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputFile))
        process.standardError = FileHandle.nullDevice
        try process.run()
        let prefix = "Moonbase listening on "
        for _ in 0..<300 {
            let text = (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? ""
            // The admin token line is written together with this one.
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }),
               let base = URL(string: String(line.dropFirst(prefix.count))) {
                return ServeProcess(process: process, outputFile: outputFile, base: base)
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        process.terminate()
        throw ServeFailure(message: "moonbase serve did not start: \((try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? "")")
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }

    func request(_ method: String, _ path: String, token: String? = nil, headers: [String: String] = [:], body: String? = nil) async throws
        -> (status: Int, body: String) {
        let url = try #require(URL(string: path, relativeTo: base))
        var request = URLRequest(url: url)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body { request.httpBody = Data(body.utf8) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        return (http.statusCode, String(decoding: data, as: UTF8.self))
    }
}

struct ServeFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
