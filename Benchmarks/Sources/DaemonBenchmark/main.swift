// Memory and report latency of the cluster daemon watching a big cluster (issue 14's goal:
// RSS under 60 MB with 5,000 pods). The cluster is TestSupport's FakeKubernetesAPI, which
// speaks the Kubernetes wire format, in this process; the daemon runs in a process of its own
// (this program started again with `daemon …`, which runs DaemonKit's `Daemon` exactly as
// `daemon start` does), reporting to a real moonbase server (`serve HOME`).
//
//   swift run -c release --package-path Benchmarks DaemonBenchmark [--pods N] [--per-deployment N] [--rounds N] [--daemon PATH]
//
// With --daemon PATH the daemon measured is that binary (`daemon start` with a kubeconfig), e.g.
// the release build `.build/release/daemon` (`swift build -c release --static-swift-stdlib
// --product daemon`), so the number is the shipped program's.
//
// After the first LIST, every round changes every pod once (5,000 MODIFIED events) and puts
// 1% of them in a crash loop (reported with their logs); a round is done when the server has
// the report of its last pod. The daemon's RSS and peak RSS are read from /proc after each round.
import BenchmarkSupport
import DaemonKit
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GoCompat
import Logging
import MoonbaseClient
import ReleaseModel
import TestSupport

let token = "bench-daemon-token"
/// A hamctl-group token, to read the cluster events.
let readerToken = "bench-reader-token"

struct Options {
    var pods = 5000
    var perDeployment = 50
    var rounds = 5
    var daemon: String?

    init(_ arguments: [String]) {
        var iterator = arguments.makeIterator()
        while let flag = iterator.next() {
            if flag == "--daemon" {
                guard let path = iterator.next() else { fatalError("--daemon needs a path") }
                daemon = path
                continue
            }
            guard let value = iterator.next(), let number = Int(value), number > 0 else { fatalError("\(flag) needs a positive number") }
            switch flag {
            case "--pods": pods = number
            case "--per-deployment": perDeployment = number
            case "--rounds": rounds = number
            default: fatalError("unknown option \(flag)")
            }
        }
    }
}

/// The daemon process: `daemon SERVER_URL KUBERNETES_URL`.
func runDaemon(server: String, kubernetes: String) async throws {
    var logger = Logger(label: "daemon")
    logger.logLevel = .error
    let options = Daemon.Options(
        environment: "prod", connection: KubernetesConnection(server: URL(string: kubernetes)!),
        server: try MoonbaseClient(baseURL: server, token: nil), credentials: .token(token), listenHost: "127.0.0.1", listenPort: 0)
    try await Daemon(options: options, logger: logger).run(handleSignals: true) { port in
        FileHandle.standardOutput.write(Data("Daemon listening on \(port)\n".utf8))
    }
}

/// `VmRSS` and `VmHWM` of a process, in MiB.
func memory(of pid: Int32) -> (rss: Double, peak: Double) {
    let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
    func field(_ name: String) -> Double {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return 0 }
        return Double(line.split(separator: " ").dropFirst().first ?? "0").map { $0 / 1024 } ?? 0
    }
    return (field("VmRSS"), field("VmHWM"))
}

func podErrors(server: URL) async throws -> String {
    var request = URLRequest(url: URL(string: server.absoluteString + "/cluster/events?environment=prod&limit=5")!)
    request.setValue("Bearer \(readerToken)", forHTTPHeaderField: "Authorization")
    let (data, _) = try await URLSession.shared.data(for: request)
    return String(decoding: data, as: UTF8.self)
}

func benchmark(_ options: Options) async throws {
    let api = FakeKubernetesAPI()
    let deploymentCount = max(1, options.pods / options.perDeployment)
    var deployments: [JSONValue] = []
    for index in 0..<deploymentCount {
        let name = "service-\(index)"
        let artifact = "master-\(String(format: "%010d", index))-plan000000"
        let created = api.put(.deployments, KubernetesFixtures.deployment(
            name: name, namespace: "prod", artifactID: artifact, replicas: options.perDeployment,
            annotations: ["lunarway.com/observed-artifact-id": artifact]))
        deployments.append(api.put(.deployments, KubernetesFixtures.deploymentComplete(created)))
    }
    func pods(round: Int) -> [JSONValue] {
        deployments.enumerated().flatMap { deploymentIndex, deployment in
            (0..<options.perDeployment).map { index in
                // 1% crash, with a restart count the daemon reports (1, 6, 11, … with modulo 5).
                let crashing = (deploymentIndex * options.perDeployment + index) % 100 == 99 && round > 0
                return KubernetesFixtures.pod(
                    of: deployment, crashing ? .crashLoopBackOff(restartCount: 1 + 5 * round) : .running, index: index,
                    node: "node-\(round % 7)")
            }
        }
    }
    for pod in pods(round: 0) { api.put(.pods, pod) }
    let kubernetes = try await api.start()

    let home = FileManager.default.temporaryDirectory.appendingPathComponent("daemon-bench-\(UUID().uuidString)")
    let (server, serverURL) = try startServer(home: home, environment: ["DAEMON_AUTH_TOKEN": token, "HAMCTL_AUTH_TOKEN": readerToken])
    defer {
        server.terminate()
        try? FileManager.default.removeItem(at: home)
        try? FileManager.default.removeItem(atPath: home.path + ".kubeconfig")
    }
    let daemon = Process()
    if let path = options.daemon {
        let kubeconfig = URL(fileURLWithPath: home.path + ".kubeconfig")
        try """
            apiVersion: v1
            kind: Config
            clusters: [{name: bench, cluster: {server: "\(kubernetes.absoluteString)"}}]
            contexts: [{name: bench, context: {cluster: bench}}]
            current-context: bench
            """.write(to: kubeconfig, atomically: true, encoding: .utf8)
        daemon.executableURL = URL(fileURLWithPath: path)
        daemon.arguments = [
            "start", "--environment", "prod", "--release-manager-url", serverURL.absoluteString, "--kubeconfig", kubeconfig.path,
            "--listen", "127.0.0.1:0", "--log.level", "error",
        ]
        daemon.environment = ["DAEMON_AUTH_TOKEN": token]
    } else {
        daemon.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        daemon.arguments = ["daemon", serverURL.absoluteString, kubernetes.absoluteString]
    }
    let output = Pipe()
    daemon.standardOutput = output
    try daemon.run()
    defer { daemon.terminate() }
    _ = output.fileHandleForReading.availableData

    let listStart = ContinuousClock.now
    try await api.waitForWatches(6, timeout: .seconds(120))
    let listed = ContinuousClock.now - listStart
    let atStart = memory(of: daemon.processIdentifier)
    print("\(deploymentCount) deployments, \(options.pods) pods: listed and watching in \(listed.formatted(.units(allowed: [.milliseconds]))); RSS \(String(format: "%.1f", atStart.rss)) MiB")

    for round in 1...options.rounds {
        let round = round
        let changed = pods(round: round)
        let started = ContinuousClock.now
        for pod in changed { api.put(.pods, pod) }
        // The last crashing pod of the round: when the server has its report, the daemon has
        // handled every event before it.
        let last = changed.last { pod in
            if case .string(let phase)? = pod["status"]?["containerStatuses"]?.arrayValue?.first?["state"]?["waiting"]?["reason"] {
                return phase == "CrashLoopBackOff"
            }
            return false
        }
        let lastName = last.flatMap { if case .string(let name)? = $0["metadata"]?["name"] { name } else { nil } } ?? ""
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            if try await podErrors(server: serverURL).contains("pod \(lastName)") { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        let elapsed = ContinuousClock.now - started
        let now = memory(of: daemon.processIdentifier)
        print(
            "round \(round): \(changed.count) pod updates, \(changed.count / 100) crash reports, handled in "
                + "\(elapsed.formatted(.units(allowed: [.milliseconds]))); RSS \(String(format: "%.1f", now.rss)) MiB, peak \(String(format: "%.1f", now.peak)) MiB")
    }
    await api.stop()
}

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "serve" {
    try await serveHome(arguments[1])
} else if arguments.first == "daemon" {
    try await runDaemon(server: arguments[1], kubernetes: arguments[2])
} else {
    try await benchmark(Options(arguments))
}
