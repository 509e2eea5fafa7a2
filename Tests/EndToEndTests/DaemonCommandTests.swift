import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GoCompat
import ReleaseModel
import TestSupport
import Testing

/// The loop from commit to running, with every piece real but the cluster: `moonbase serve`,
/// the built `daemon` and `hamctl`, and a local API server that speaks Kubernetes' wire format
/// (FakeKubernetesAPI) standing in for the cluster the daemon watches.
@Suite(.serialized, .timeLimit(.minutes(4)), .tags(.endToEnd)) struct DaemonCommandTests {
    static var daemonPath: String { productsDirectory + "/daemon" }

    /// A running daemon process and what it printed.
    struct DaemonProcess {
        let process: Process
        let outputFile: String

        var output: String { (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? "" }

        static func start(_ arguments: [String], environment: [String: String], in root: TemporaryDirectory) async throws -> DaemonProcess {
            let outputFile = root.path + "/daemon.out"
            FileManager.default.createFile(atPath: outputFile, contents: nil)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: DaemonCommandTests.daemonPath)
            process.arguments = arguments
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputFile))
            process.standardOutput = output
            process.standardError = output
            try process.run()
            let daemon = DaemonProcess(process: process, outputFile: outputFile)
            try await DaemonCommandTests.eventually("the daemon to listen") { daemon.output.contains("Daemon listening on http://") || !process.isRunning }
            guard process.isRunning else { throw ServeFailure(message: "daemon did not start: \(daemon.output)") }
            return daemon
        }

        func stop() {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// Checks `condition` until it holds, every 100 ms for at most `timeout`: the processes
    /// here tell nothing but through their HTTP APIs.
    static func eventually(_ what: String, timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ServeFailure(message: "timed out waiting for \(what)")
    }

    static func kubeconfig(server: URL, token: String) -> String {
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: fake
          cluster:
            server: \(server.absoluteString)
        contexts:
        - name: fake
          context:
            cluster: fake
            user: daemon
            namespace: dev
        current-context: fake
        users:
        - name: daemon
          user:
            token: \(token)
        """
    }

    /// The release of `service` in dev and what the cluster runs of it.
    static func release(_ fixture: ReleaseManagerFixture, service: String) async throws -> ClusterStateResponse.Entry? {
        let answer = try await fixture.server.request("GET", "/cluster/state?service=\(service)&environment=dev", token: fixture.adminToken)
        return try JSONDecoder().decode(ClusterStateResponse.self, from: Data(answer.body.utf8)).states.first
    }

    static func clusterState(_ fixture: ReleaseManagerFixture, service: String) async throws -> ClusterState? {
        try await release(fixture, service: service)?.state
    }

    /// Everything running: the server, the fake cluster and the daemon watching it, with a
    /// daemon token, or (`oauth`) an OAuth client of the daemon group as the reference daemon.
    static func withCluster(
        oauth: Bool = false, _ body: (ReleaseManagerFixture, FakeKubernetesAPI, DaemonProcess) async throws -> Void
    ) async throws {
        // A public portal, so its pages can be read here without signing in.
        let fixture = try await ReleaseManagerFixture.start(config: "portal:\n  public: true\n")
        let api = FakeKubernetesAPI(requiredToken: "k8s-token")
        let apiURL = try await api.start()
        let kubeconfig = try fixture.root.write("kubeconfig", kubeconfig(server: apiURL, token: "k8s-token"))
        var arguments = ["start", "--environment", "dev", "--release-manager-url", fixture.url, "--kubeconfig", kubeconfig, "--listen", "127.0.0.1:0"]
        var environment: [String: String] = [:]
        let secret: String
        if oauth {
            let created = try await runProcess(
                MoonbaseCommandTests.moonbase, ["client", "create", "--home", fixture.home, "--name", "daemon-dev", "--group", "daemon"],
                in: fixture.root.path)
            let lines = created.stdout.split(separator: "\n").map(String.init)
            let id = try #require(lines.first { $0.hasPrefix("Client ID: ") }).dropFirst("Client ID: ".count)
            secret = String(try #require(lines.first { $0.hasPrefix("Client secret: ") }).dropFirst("Client secret: ".count))
            arguments += ["--client-id", String(id)]
            environment["DAEMON_CLIENT_SECRET"] = secret
        } else {
            // The token comes from the environment, as in the Deployment manifest of docs/daemon.md.
            secret = try await fixture.createToken(group: "daemon", name: "daemon-dev")
            environment["DAEMON_AUTH_TOKEN"] = secret
        }
        let daemon = try await DaemonProcess.start(arguments, environment: environment, in: fixture.root)
        defer {
            daemon.stop()
            fixture.stop()
        }
        #expect(!daemon.output.contains(secret), "the secret is never logged")
        try await api.waitForWatches(6, timeout: .seconds(20))
        try await body(fixture, api, daemon)
        await api.stop()
    }

    @Test func aReleaseGoesFromCommitToRunningAndHamctlWaitsForIt() async throws {
        try await Self.withCluster { fixture, api, _ in
            let id = try await fixture.pushArtifact(service: "payments", branch: "master", sha: "aaaaaaaaaaaa")
            // The cluster already runs an earlier release of payments, reported before.
            let running = KubernetesFixtures.deploymentComplete(api.put(.deployments, KubernetesFixtures.deployment(
                name: "payments", artifactID: "master-0000000000-plan000000", replicas: 2,
                annotations: ["lunarway.com/observed-artifact-id": "master-0000000000-plan000000"])))
            api.put(.deployments, running)

            // hamctl releases and waits; the cluster rolls the new artifact out meanwhile.
            async let released = fixture.hamctl(["release", "--service", "payments", "--env", "dev", "--artifact", id, "--wait", "--timeout", "60s"])
            try await Self.eventually("the release to be pending in the cluster") {
                try await Self.clusterState(fixture, service: "payments")?.phase == .pending
            }
            let updated = api.put(.deployments, KubernetesFixtures.deployment(name: "payments", artifactID: id, replicas: 2))
            api.put(.deployments, KubernetesFixtures.deploymentRollingOut(updated, updated: 1, available: 1))
            try await Self.eventually("the rollout to be reported") { try await Self.clusterState(fixture, service: "payments")?.phase == .rollingOut }
            api.put(.deployments, KubernetesFixtures.deploymentComplete(try #require(api.object(.deployments, namespace: "dev", name: "payments"))))
            let result = try await released
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            #expect(result.stdout.contains("[✓] Released \(id) to dev"))
            // hamctl prints each state it sees (once a second, so not necessarily every one).
            #expect(result.stdout.contains("dev: running 2/2"))

            let status = try await fixture.hamctl(["status", "--service", "payments"])
            #expect(status.stdout.contains("\(id) by Jane Doe: change [running 2/2]"), "\(status.stdout)")
            let page = try await fixture.server.request("GET", "/services/payments")
            #expect(page.body.contains(#"data-cluster="payments/dev""#) && page.body.contains(">running 2/2</span>"), "\(page.body)")
            try await api.waitForPatches(1, timeout: .seconds(10))
            #expect(api.patches.last?.body == #"{"metadata":{"annotations":{"lunarway.com/observed-artifact-id":"\#(id)"}}}"#)
        }
    }

    @Test func aCrashLoopFailsTheRolloutAndAutoRollbackRestoresThePreviousArtifact() async throws {
        try await Self.withCluster { fixture, api, _ in
            let good = try await fixture.pushArtifact(service: "payments", branch: "master", sha: "aaaaaaaaaaaa")
            let bad = try await fixture.pushArtifact(service: "payments", branch: "master", sha: "bbbbbbbbbbbb")
            #expect(try await fixture.hamctl(["release", "--service", "payments", "--env", "dev", "--artifact", good]).status == 0)
            api.put(.deployments, KubernetesFixtures.deploymentComplete(api.put(.deployments, KubernetesFixtures.deployment(name: "payments", artifactID: good))))
            try await Self.eventually("the good artifact to run") { try await Self.clusterState(fixture, service: "payments")?.phase == .running }
            let policy = try await fixture.hamctl(["policy", "apply", "auto-rollback", "--service", "payments", "--env", "dev"])
            #expect(policy.stdout.contains("[✓] Applied auto-rollback policy 'auto-rollback-dev' to service 'payments'"), "\(policy.stderr)")

            // The bad artifact's pods crash; hamctl --wait reports the cluster's reason.
            async let waited = fixture.hamctl(["release", "--service", "payments", "--env", "dev", "--artifact", bad, "--wait", "--timeout", "60s"])
            try await Self.eventually("the bad release") { try await Self.release(fixture, service: "payments")?.releasedArtifactID == bad }
            let rolling = api.put(.deployments, KubernetesFixtures.deploymentRollingOut(
                api.put(.deployments, KubernetesFixtures.deployment(name: "payments", artifactID: bad)), updated: 1, available: 0))
            let pod = KubernetesFixtures.pod(of: rolling, .crashLoopBackOff(restartCount: 1))
            if case .string(let name)? = pod["metadata"]?["name"] {
                api.setLog(namespace: "dev", pod: name, container: "payments", "panic: no database\n")
            }
            api.put(.pods, pod)
            let result = try await waited
            #expect(result.status != 0)
            #expect(result.stdout.contains("[X] the rollout of \(bad) to dev failed: CrashLoopBackOff: panic: no database"), "\(result.stdout)")
            #expect(result.stderr.contains("the release failed"))

            // The server rolled back: the history names the failure, and the good artifact is released again.
            try await Self.eventually("the automatic rollback") {
                try await fixture.hamctl(["status", "--service", "payments"]).stdout.contains(good)
            }
            let history = try await fixture.hamctl(["describe", "release", "--service", "payments", "--env", "dev"])
            #expect(history.stdout.contains("auto-rollback: \(bad) failed in dev (CrashLoopBackOff: panic: no database)"), "\(history.stdout)")
            let events = try await fixture.server.request("GET", "/cluster/events?service=payments", token: fixture.adminToken)
            #expect(events.body.contains(#""kind":"pod.error""#))
            // The portal's service page shows the crash in its cluster timeline.
            let page = try await fixture.server.request("GET", "/services/payments")
            #expect(page.body.contains("pod.error"), "\(page.body)")
            #expect(page.body.contains("payments CrashLoopBackOff"))
        }
    }

    @Test func anAPIServerRestartMidWatchLosesNothing() async throws {
        // This daemon gets its access tokens with OAuth client credentials.
        try await Self.withCluster(oauth: true) { fixture, api, _ in
            let id = try await fixture.pushArtifact(service: "payments", branch: "master", sha: "aaaaaaaaaaaa")
            #expect(try await fixture.hamctl(["release", "--service", "payments", "--env", "dev", "--artifact", id]).status == 0)
            let created = api.put(.deployments, KubernetesFixtures.deployment(name: "payments", artifactID: id))
            api.put(.deployments, KubernetesFixtures.deploymentRollingOut(created, updated: 1, available: 1))
            try await Self.eventually("the rollout") { try await Self.clusterState(fixture, service: "payments")?.phase == .rollingOut }
            // The API server goes down; the rollout finishes meanwhile; it comes back with its
            // watch history compacted.
            await api.stop()
            api.put(.deployments, KubernetesFixtures.deploymentComplete(try #require(api.object(.deployments, namespace: "dev", name: "payments"))))
            try await api.restart()
            try await Self.eventually("the completion, seen by relisting") {
                try await Self.clusterState(fixture, service: "payments")?.phase == .running
            }
        }
    }

    @Test func reportsWaitInTheQueueWhileTheServerIsDown() async throws {
        // A port nothing listens on yet: the daemon starts before moonbase does.
        let port = try Self.freePort()
        let root = try TemporaryDirectory("daemon-queue")
        defer { root.remove() }
        let api = FakeKubernetesAPI()
        let apiURL = try await api.start()
        let kubeconfig = try root.write("kubeconfig", Self.kubeconfig(server: apiURL, token: "unused"))
        let daemon = try await DaemonProcess.start(
            ["start", "--environment", "dev", "--release-manager-url", "http://127.0.0.1:\(port)", "--kubeconfig", kubeconfig, "--listen", "127.0.0.1:0"],
            environment: ["DAEMON_AUTH_TOKEN": "queued-daemon-token"], in: root)
        defer { daemon.stop() }
        try await api.waitForWatches(6, timeout: .seconds(20))
        let id = ArtifactID.make(branch: "master", sha: "aaaaaaaaaaaa", planSHA: "plan000000")
        let created = api.put(.deployments, KubernetesFixtures.deployment(name: "payments", artifactID: id))
        api.put(.deployments, KubernetesFixtures.deploymentComplete(created))
        // The report is made while nobody listens; the annotation says it was.
        try await api.waitForPatches(1, timeout: .seconds(10))

        let fixture = try await ReleaseManagerFixture.start(config: "tokens:\n  daemon: [queued-daemon-token]\n", port: port)
        defer { fixture.stop() }
        #expect(try await fixture.pushArtifact(service: "payments", branch: "master", sha: "aaaaaaaaaaaa") == id)
        #expect(try await fixture.hamctl(["release", "--service", "payments", "--env", "dev", "--artifact", id]).status == 0)
        try await Self.eventually("the queued report to arrive") { try await Self.clusterState(fixture, service: "payments")?.phase == .running }
        await api.stop()
    }

    /// A loopback port that was free a moment ago.
    static func freePort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) } }
        guard bound == 0 else { throw ServeFailure(message: "no free port") }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test func fluxAlertsReachTheServerThroughTheDaemonsEndpoint() async throws {
        try await Self.withCluster { fixture, _, daemon in
            let line = try #require(daemon.output.split(separator: "\n").first { $0.hasPrefix("Daemon listening on ") })
            let base = String(line.dropFirst("Daemon listening on ".count))
            func request(_ method: String, _ path: String, body: String? = nil) async throws -> (Int, String) {
                var request = URLRequest(url: try #require(URL(string: base + path)))
                request.httpMethod = method
                if let body { request.httpBody = Data(body.utf8) }
                let (data, response) = try await URLSession.shared.data(for: request)
                return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
            }
            #expect(try await request("GET", "/healthz").0 == 200)
            #expect(try await request("GET", "/readyz") == (200, "ok"))
            // The body Flux's generic provider posts (fluxcd/pkg runtime/events.Event).
            let alert = #"{"involvedObject":{"kind":"Kustomization","namespace":"flux-system","name":"payments","uid":"7d0cdc51-ddcf-4743-b223-83ca5c699632","apiVersion":"kustomize.toolkit.fluxcd.io/v1","resourceVersion":"56921"},"severity":"error","timestamp":"2026-12-07T10:00:00Z","message":"kustomize build failed: accumulating resources","reason":"BuildFailed","metadata":{"kustomize.toolkit.fluxcd.io/revision":"main@sha1:5fd3a8c0e1b2"},"reportingController":"kustomize-controller","reportingInstance":"kustomize-controller-7b7b47f459-lmjnp"}"#
            #expect(try await request("POST", "/webhook/flux2-alerts", body: alert) == (200, "{}"))
            let refused = try await request("POST", "/webhook/flux2-alerts", body: "not json")
            #expect(refused.0 == 400)
            #expect(refused.1.contains("is not a Flux event"))
            try await Self.eventually("the forwarded event") {
                let events = try await fixture.server.request("GET", "/cluster/events?environment=dev", token: fixture.adminToken)
                return events.body.contains(#""kind":"flux.event""#)
                    && events.body.contains("Kustomization flux-system/payments: BuildFailed kustomize build failed: accumulating resources")
            }
        }
    }

    @Test func theDaemonRefusesBadFlagsAndKubeconfigs() async throws {
        let root = try TemporaryDirectory("daemon-flags")
        defer { root.remove() }
        let noEnvironment = try await runProcess(Self.daemonPath, ["start", "--release-manager-url", "http://127.0.0.1:1"], in: root.path)
        #expect(noEnvironment.status != 0)
        #expect(noEnvironment.stderr.contains("--environment"))
        let noToken = try await runProcess(
            Self.daemonPath, ["start", "--environment", "dev", "--release-manager-url", "http://127.0.0.1:1"], in: root.path,
            environment: ["DAEMON_AUTH_TOKEN": ""])
        #expect(noToken.status != 0)
        #expect(noToken.stderr.contains("give a daemon token (--auth-token or $DAEMON_AUTH_TOKEN)"))
        let broken = try root.write("kubeconfig", "apiVersion: v1\nclusters: [oops\n")
        let badConfig = try await runProcess(
            Self.daemonPath,
            ["start", "--environment", "dev", "--release-manager-url", "http://127.0.0.1:1", "--auth-token", "secret-token", "--kubeconfig", broken],
            in: root.path)
        #expect(badConfig.status != 0)
        #expect(badConfig.stderr.contains(broken))
        #expect(!badConfig.stderr.contains("secret-token"))
        let badListen = try await runProcess(
            Self.daemonPath, ["start", "--environment", "dev", "--release-manager-url", "http://127.0.0.1:1", "--auth-token", "t", "--listen", "3001"],
            in: root.path)
        #expect(badListen.stderr.contains("--listen '3001' is not an address"))
    }
}
