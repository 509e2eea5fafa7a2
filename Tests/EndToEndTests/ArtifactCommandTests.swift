import Foundation
import TestSupport
import Testing

/// The built `artifact` binary against a real `moonbase serve` on a loopback port.
@Suite(.serialized, .tags(.endToEnd), .timeLimit(.minutes(10))) struct ArtifactCommandTests {
    static var artifact: String { ReleaseManagerFixture.artifactPath }

    static func artifact(_ arguments: [String], in directory: String, environment: [String: String] = [:]) async throws -> ProcessOutput {
        // The tests' own environment must not leak credentials or a server into the runs.
        var clean = ["ARTIFACT_URL": "", "ARTIFACT_AUTH_TOKEN": "", "USER_MAPPINGS": ""]
        for (key, value) in environment { clean[key] = value }
        return try await runProcess(artifact, arguments, in: directory, environment: clean)
    }

    static let trivyReport = """
        {"SchemaVersion": 2, "ArtifactName": "registry.example.com/svc:1", "ArtifactType": "container_image",
         "Results": [{"Target": "os", "Vulnerabilities": [{"VulnerabilityID": "CVE-1", "Severity": "HIGH"}, {"VulnerabilityID": "CVE-2", "Severity": "LOW"}]}]}
        """

    /// Runs a pipeline's init, add and end in `<base>/<service>-<branch>`; returns the root and id.
    static func record(service: String, branch: String, sha: String, in base: TemporaryDirectory) async throws -> (root: String, id: String) {
        let id = "\(branch.replacingOccurrences(of: "/", with: "_"))-\(sha.prefix(10))-plan000000"
        let root = base.path + "/\(service)-\(branch.replacingOccurrences(of: "/", with: "_"))"
        let steps: [[String]] = [
            ["init", "--artifact-id", id, "--service", service, "--git-branch", branch, "--git-sha", sha,
             "--git-author-name", "Jane Doe", "--git-author-email", "jane@example.com", "--git-committer-name", "Jane Doe",
             "--git-committer-email", "jane@example.com", "--git-message", "Change \(service) on \(branch)"],
            ["add", "build", "--image", "registry.example.com/\(service)", "--tag", id, "--docker-version", "27.3.1"],
            ["add", "test", "--passed", "42", "--failed", "0", "--skipped", "1"],
            ["add", "security-scan", "--report", base.path + "/trivy.json"],
            ["add", "push", "--image", "registry.example.com/\(service)", "--tag", id, "--docker-version", "27.3.1"],
            ["end"],
        ]
        for step in steps {
            let output = try await artifact(step + ["--root", root], in: base.path)
            try #require(output.status == 0, "\(step): \(output.stderr)")
        }
        for environment in ["dev", "prod"] {
            try base.write(String(root.dropFirst(base.path.count + 1)) + "/\(environment)/deployment.yaml",
                           "kind: Deployment\nmetadata:\n  name: \(service)\n  labels: {env: \(environment)}\n")
        }
        try base.write(String(root.dropFirst(base.path.count + 1)) + "/dev/config/app.yaml", "logLevel: debug\n")
        return (root, id)
    }

    @Test func pushesArtifactsOfSeveralServicesAndBranches() async throws {
        let server = try await ReleaseManagerFixture.start()
        defer { server.stop() }
        let artifactToken = try await server.createToken(group: "artifact")
        let work = try TemporaryDirectory("artifact-work")
        defer { work.remove() }
        try work.write("trivy.json", Self.trivyReport)
        let environment = ["ARTIFACT_URL": server.url, "ARTIFACT_AUTH_TOKEN": artifactToken]

        var pushed: [String: [String]] = [:]
        for (service, branch, sha) in [("checkout", "master", "1111111111aa"), ("checkout", "feature/receipts", "2222222222bb"), ("ledger", "master", "3333333333cc")] {
            let (root, id) = try await Self.record(service: service, branch: branch, sha: sha, in: work)
            let output = try await Self.artifact(["push", "--root", root], in: work.path, environment: environment)
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.stdout == id + "\n")
            pushed[service, default: []].append(id)

            // A CI retry of the same push is an identical re-upload.
            let again = try await Self.artifact(["push", "--root", root], in: work.path, environment: environment)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.stdout == id + "\n")
        }

        let checkout = try await server.server.request("GET", "/describe/artifact/checkout?count=5", token: server.adminToken)
        #expect(checkout.status == 200, "\(checkout.body)")
        let described = try JSONSerialization.jsonObject(with: Data(checkout.body.utf8)) as? [String: Any]
        let artifacts = try #require(described?["artifacts"] as? [[String: Any]])
        #expect(Set(artifacts.compactMap { $0["id"] as? String }) == Set(pushed["checkout"] ?? []))
        let stages = try #require(artifacts.first?["stages"] as? [[String: Any]])
        #expect(stages.compactMap { $0["id"] as? String } == ["build", "test", "security-scan", "push"])
        #expect(checkout.body.contains(#""vulnerabilities":{"critical":0,"high":1,"medium":0,"low":1,"unknown":0}"#), "\(checkout.body)")

        let branch = try await server.server.request("GET", "/describe/artifact/checkout?count=5&branch=feature/receipts", token: server.adminToken)
        #expect(branch.body.contains(#""id":"feature_receipts-2222222222-plan000000""#), "\(branch.body)")
        #expect(!branch.body.contains("master-1111111111"))
        let ledger = try await server.server.request("GET", "/describe/latest-artifact/ledger?branch=master", token: server.adminToken)
        #expect(ledger.body.contains(#""id":"master-3333333333-plan000000""#), "\(ledger.body)")

        // The uploaded manifests are the ones released.
        let release = #"{"service":"checkout","environment":"dev","artifactId":"master-1111111111-plan000000","intent":{"type":"ReleaseArtifact","releaseBranch":{},"promote":{},"rollback":{}}}"#
        let released = try await server.server.request("POST", "/release", token: server.adminToken, body: release)
        #expect(released.status == 200, "\(released.body)")
        let files = try await git(["--git-dir", server.home + "/config.git", "ls-tree", "-r", "--name-only", "HEAD"], in: work.path)
        #expect(files.contains("dev/releases/dev/checkout/deployment.yaml"), "\(files)")
        #expect(files.contains("dev/releases/dev/checkout/config/app.yaml"), "\(files)")
        #expect(!files.contains("message.json"), "\(files)")
    }

    @Test func pushesWithOAuthClientCredentials() async throws {
        let server = try await ReleaseManagerFixture.start()
        defer { server.stop() }
        let work = try TemporaryDirectory("artifact-work")
        defer { work.remove() }
        try work.write("trivy.json", Self.trivyReport)
        let client = try await runProcess(MoonbaseCommandTests.moonbase, ["client", "create", "--home", server.home, "--name", "ci"], in: work.path)
        #expect(client.status == 0, "\(client.stderr)")
        let lines = client.stdout.split(separator: "\n").map(String.init)
        let clientID = try #require(lines.first { $0.hasPrefix("Client ID: ") }?.dropFirst("Client ID: ".count)).description
        let secret = try #require(lines.first { $0.hasPrefix("Client secret: ") }?.dropFirst("Client secret: ".count)).description

        let (root, id) = try await Self.record(service: "payments", branch: "master", sha: "4444444444dd", in: work)
        let pushed = try await Self.artifact(
            ["push", "--root", root, "--http-base-url", server.url, "--client-id", clientID, "--client-secret", secret], in: work.path,
            environment: ["ARTIFACT_AUTH_TOKEN": "not-used-when-a-client-is-given"])
        #expect(pushed.status == 0, "\(pushed.stderr)")
        #expect(pushed.stdout == id + "\n")
        // The identity provider named explicitly, as the reference CLI takes it.
        let explicit = try await Self.artifact(
            ["push", "--root", root, "--http-base-url", server.url, "--idp-url", server.url + "/oauth", "--client-id", clientID,
             "--client-secret", secret, "--artifact-scope", "release_artifact"], in: work.path)
        #expect(explicit.status == 0, "\(explicit.stderr)")
        let described = try await server.server.request("GET", "/describe/artifact/payments?count=1", token: server.adminToken)
        #expect(described.body.contains(#""id":"\#(id)""#), "\(described.body)")

        let wrong = try await Self.artifact(
            ["push", "--root", root, "--http-base-url", server.url, "--client-id", clientID, "--client-secret", secret + "x"], in: work.path)
        #expect(wrong.status == 1)
        #expect(wrong.stdout.isEmpty)
        #expect(wrong.stderr.contains("refused client '\(clientID)'"), "\(wrong.stderr)")
        #expect(wrong.stderr.contains("check --client-id and --client-secret"), "\(wrong.stderr)")

        // A hamctl client gets a token, but not one the artifact routes take.
        let hamctl = try await runProcess(MoonbaseCommandTests.moonbase, ["client", "create", "--home", server.home, "--name", "people", "--group", "hamctl"], in: work.path)
        let hamctlLines = hamctl.stdout.split(separator: "\n").map { String($0.split(separator: " ").last ?? "") }
        let refused = try await Self.artifact(
            ["push", "--root", root, "--http-base-url", server.url, "--client-id", hamctlLines[0], "--client-secret", hamctlLines[1]], in: work.path)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("the server refused the access token of OAuth client '\(hamctlLines[0])'"), "\(refused.stderr)")
    }

    @Test func errorsNameWhatToFix() async throws {
        let server = try await ReleaseManagerFixture.start()
        defer { server.stop() }
        let artifactToken = try await server.createToken(group: "artifact")
        let work = try TemporaryDirectory("artifact-work")
        defer { work.remove() }
        try work.write("trivy.json", Self.trivyReport)
        let (root, id) = try await Self.record(service: "checkout", branch: "master", sha: "5555555555ee", in: work)

        // A closed port: nothing listens on a port the kernel just gave out and took back.
        let closed = try await Self.artifact(["push", "--root", root, "--token", "t", "--http-base-url", "http://127.0.0.1:\(try Self.closedPort())"], in: work.path)
        #expect(closed.status == 1)
        #expect(closed.stderr.hasPrefix("Error: could not connect to http://127.0.0.1:"), "\(closed.stderr)")
        #expect(closed.stderr.contains("check --http-base-url"), "\(closed.stderr)")
        let silent = try SilentServer.start()
        defer { silent.stop() }
        let hanging = try await Self.artifact(
            ["push", "--root", root, "--token", "t", "--timeout", "1", "--http-base-url", "http://127.0.0.1:\(silent.port)"], in: work.path)
        #expect(hanging.status == 1)
        #expect(hanging.stderr.contains("no answer from http://127.0.0.1:\(silent.port) within 1 s"), "\(hanging.stderr)")

        let badToken = try await Self.artifact(["push", "--root", root], in: work.path, environment: ["ARTIFACT_URL": server.url, "ARTIFACT_AUTH_TOKEN": "mbt_wrong"])
        #expect(badToken.status == 1)
        #expect(badToken.stderr.contains("the server refused the token from ARTIFACT_AUTH_TOKEN: please provide a valid authentication token"), "\(badToken.stderr)")
        #expect(badToken.stderr.contains("Set ARTIFACT_AUTH_TOKEN to a token of the artifact group"), "\(badToken.stderr)")

        let noCredentials = try await Self.artifact(["push", "--root", root, "--http-base-url", server.url], in: work.path)
        #expect(noCredentials.status == 1)
        #expect(noCredentials.stderr.contains("no credentials: set ARTIFACT_AUTH_TOKEN (or --token)"), "\(noCredentials.stderr)")

        let noServer = try await Self.artifact(["push", "--root", root, "--token", "t"], in: work.path)
        #expect(noServer.status == 1)
        #expect(noServer.stderr == "Error: no server: give --http-base-url or set ARTIFACT_URL\n")

        let badURL = try await Self.artifact(["push", "--root", root, "--token", "t", "--http-base-url", "moonbase.example.com"], in: work.path)
        #expect(badURL.status == 1)
        #expect(badURL.stderr.contains("--http-base-url: 'moonbase.example.com' is not a server URL"), "\(badURL.stderr)")

        let missing = work.path + "/empty"
        try FileManager.default.createDirectory(atPath: missing, withIntermediateDirectories: true)
        let noSpec = try await Self.artifact(["push", "--root", missing, "--token", artifactToken, "--http-base-url", server.url], in: work.path)
        #expect(noSpec.status == 1)
        #expect(noSpec.stderr == "Error: artifact.json not found in \(missing): run 'artifact init' first\n")

        try work.write("broken/artifact.json", #"{"id": "x", "service": 7}"#)
        let broken = try await Self.artifact(["push", "--root", work.path + "/broken", "--token", artifactToken, "--http-base-url", server.url], in: work.path)
        #expect(broken.status == 1)
        #expect(broken.stderr.hasPrefix("Error: \(work.path)/broken/artifact.json is not a valid artifact.json: artifact not parsable:"), "\(broken.stderr)")
        #expect(broken.stderr.contains("service"), "\(broken.stderr)")

        try work.write("noid/artifact.json", #"{"service": "checkout"}"#)
        let noID = try await Self.artifact(["push", "--root", work.path + "/noid", "--token", artifactToken, "--http-base-url", server.url], in: work.path)
        #expect(noID.stderr == "Error: \(work.path)/noid/artifact.json: field id is empty; 'artifact init' sets it (--artifact-id)\n")

        // What the server refuses, in its words: an environment folder that is not a valid name.
        try work.write(String(root.dropFirst(work.path.count + 1)) + "/.hidden/x.yaml", "a: 1\n")
        let refused = try await Self.artifact(["push", "--root", root, "--token", artifactToken, "--http-base-url", server.url], in: work.path)
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("Error: the server refused the upload: artifact archive"), "\(refused.stderr)")
        #expect(refused.stderr.contains(".hidden"), "\(refused.stderr)")
        try FileManager.default.removeItem(atPath: root + "/.hidden")

        // Bad flag values name the flag; nothing is written.
        let before = try #require(FileManager.default.contents(atPath: root + "/artifact.json"))
        for (arguments, needle) in [
            (["add", "test", "--passed", "many", "--failed", "0", "--skipped", "0"], "'many' is invalid for '--passed <passed>'"),
            (["add", "test", "--passed=-3", "--failed", "0", "--skipped", "0"], "--passed must be 0 or more, not -3"),
            (["add", "security-scan", "--report", work.path + "/trivy.json", "--format", "nessus"], "'nessus' is invalid for '--format <format>'"),
            (["add", "security-scan", "--report", work.path + "/nothing.json"], "--report \(work.path)/nothing.json: no such file"),
            (["add", "security-scan"], "give --report FILE, or the counts"),
            (["push", "--timeout", "0", "--token", "t", "--http-base-url", server.url], "--timeout must be a number of seconds from 1 to 86400, not 0"),
            (["init", "--artifact-id", "a b", "--service", "s", "--git-author-name", "a", "--git-author-email", "a", "--git-message", "m",
              "--git-committer-name", "c", "--git-committer-email", "c", "--git-sha", "s", "--git-branch", "b"], "--artifact-id: invalid artifact id 'a b'"),
            (["init", "--service", "s"], "Missing expected argument '--artifact-id <artifact-id>'"),
        ] {
            let output = try await Self.artifact(arguments + ["--root", root], in: work.path)
            #expect(output.status != 0, "\(arguments)")
            #expect(output.stderr.contains(needle), "\(arguments): \(output.stderr)")
        }
        #expect(FileManager.default.contents(atPath: root + "/artifact.json") == before)

        // After all that, the artifact still pushes.
        let pushed = try await Self.artifact(["push", "--root", root, "--token", artifactToken, "--http-base-url", server.url], in: work.path)
        #expect(pushed.status == 0, "\(pushed.stderr)")
        #expect(pushed.stdout == id + "\n")
    }

    @Test func failureAndSuccessfulSummariseAndAlwaysExitZero() async throws {
        let work = try TemporaryDirectory("artifact-work")
        defer { work.remove() }
        try work.write("trivy.json", Self.trivyReport)
        let (root, id) = try await Self.record(service: "checkout", branch: "master", sha: "6666666666ff", in: work)
        let failed = try await Self.artifact(["failure", "--root", root, "--error-message", "Tests failed", "--slack-token", "xoxb-1"], in: work.path)
        #expect(failed.status == 0)
        #expect(failed.stdout.hasPrefix("Pipeline FAILED: checkout \(id)\n"), "\(failed.stdout)")
        #expect(failed.stdout.contains("error   Tests failed"))
        #expect(failed.stderr.contains("note: Moonbase's artifact sends no Slack messages; --slack-token is ignored"), "\(failed.stderr)")
        let message = String(decoding: try #require(FileManager.default.contents(atPath: root + "/message.json")), as: UTF8.self)
        #expect(message.contains(##""color": "#F2495C""##), "\(message)")
        #expect(message.contains(#":no_entry: *Tests failed*\n""#), "\(message)")
        let nothing = try await Self.artifact(["successful", "--root", work.path + "/none"], in: work.path)
        #expect(nothing.status == 0)
        #expect(nothing.stdout == "Pipeline SUCCESSFUL (no artifact recorded)\n")
        #expect(nothing.stderr.contains("warning: artifact.json not found in \(work.path)/none"), "\(nothing.stderr)")
    }

    @Test func initMapsPrivateEmailsThroughUserMappings() async throws {
        let work = try TemporaryDirectory("artifact-work")
        defer { work.remove() }
        let arguments = [
            "init", "--root", work.path, "--artifact-id", "master-1-2", "--service", "checkout", "--git-branch", "master", "--git-sha", "1",
            "--git-message", "m", "--git-author-name", "Jane", "--git-author-email", "jane@home.example", "--git-committer-name", "Bot",
            "--git-committer-email", "bot@users.noreply.example", "--email-suffix", "@bank.example",
        ]
        let mapped = try await Self.artifact(arguments, in: work.path, environment: ["USER_MAPPINGS": "jane@home.example=jane@bank.example"])
        #expect(mapped.status == 0, "\(mapped.stderr)")
        #expect(mapped.stderr.contains("note: no user mapping for bot@users.noreply.example"), "\(mapped.stderr)")
        let spec = try #require(work.read("artifact.json"))
        #expect(spec.contains(#""authorEmail": "jane@bank.example""#), "\(spec)")
        #expect(spec.contains(#""committerEmail": "bot@users.noreply.example""#), "\(spec)")

        // The flag wins over the variable.
        let flag = try await Self.artifact(
            arguments + ["--user-mappings", "jane@home.example=j.doe@bank.example"], in: work.path,
            environment: ["USER_MAPPINGS": "jane@home.example=jane@bank.example"])
        #expect(flag.status == 0, "\(flag.stderr)")
        #expect(work.read("artifact.json")?.contains(#""authorEmail": "j.doe@bank.example""#) == true)

        let broken = try await Self.artifact(arguments, in: work.path, environment: ["USER_MAPPINGS": "jane@home.example"])
        #expect(broken.status == 1)
        #expect(broken.stderr == "Error: invalid user mapping 'jane@home.example' in USER_MAPPINGS: expected <git email>=<company email>\n")
    }

    /// A loopback port nothing listens on: bound, then closed.
    static func closedPort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        try #require(bound)
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
