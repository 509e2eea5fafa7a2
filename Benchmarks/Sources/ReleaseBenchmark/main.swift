// Release latency, throughput under concurrency and status latency of `moonbase serve`
// (issue 4's speed goals), on a config repository of N services × 3 environments with a local
// bare remote. The server runs in a process of its own (this program started again with
// `serve HOME`, which runs `MoonbaseServer` exactly as `moonbase serve` does); the load comes
// from here over HTTP on loopback.
//
//   swift run -c release --package-path Benchmarks ReleaseBenchmark [options]
//
// Options: --services N (1000), --sequential N (200), --clients N (32), --concurrent N (1000),
// --status N (2000), --receivers N (0; up to 5: notifications to local webhook, Slack and Grafana
// receivers, all of which must be delivered before the program ends).
import BenchmarkSupport
import ConfigRepo
import GitRunner
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import MoonbaseServer
import MoonbaseStore
import ReleaseModel
import TestSupport

struct Options {
    var services = 1000
    var sequential = 200
    var clients = 32
    var concurrent = 1000
    var status = 2000
    var receivers = 0

    init(_ arguments: [String]) {
        var iterator = arguments.makeIterator()
        while let flag = iterator.next() {
            guard let value = iterator.next() else { fatalError("\(flag) needs a value") }
            switch flag {
            case "--services": services = Int(value)!
            case "--sequential": sequential = Int(value)!
            case "--clients": clients = Int(value)!
            case "--concurrent": concurrent = Int(value)!
            case "--status": status = Int(value)!
            case "--receivers": receivers = Int(value)!
            default: fatalError("unknown option \(flag)")
            }
        }
    }
}

let environments = ["dev", "staging", "prod"]

func serviceName(_ index: Int) -> String { "service-\(index)" }

func artifactSpec(service: String, sha: String) -> ArtifactSpec {
    var spec = ArtifactSpec(id: ArtifactID.make(branch: "master", sha: sha, planSHA: "plan000000"), service: service, squad: "bench")
    spec.application.branch = "master"
    spec.application.sha = sha
    spec.application.authorName = "Alice"
    spec.application.authorEmail = "alice@example.com"
    spec.application.message = "Change \(sha.prefix(6))"
    return spec
}

func manifest(service: String, sha: String) -> Data {
    Data("""
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: \(service)
      labels: {app: \(service), version: "\(sha)"}
    spec:
      replicas: 2
      template:
        spec:
          containers:
            - name: \(service)
              image: registry.example.com/\(service):\(sha)

    """.utf8)
}

/// Seeds the home: every service released to every environment with artifact "a" (one commit),
/// and artifacts "a" and "b" of every service in the store.
func seed(home: MoonbaseHome, services: Int) async throws {
    let root = home.repository.root
    for index in 0..<services {
        let service = serviceName(index)
        let old = artifactSpec(service: service, sha: "aaaaaaaaaa\(index)")
        let new = artifactSpec(service: service, sha: "bbbbbbbbbb\(index)")
        for environment in environments {
            let folder = root.appendingPathComponent("\(environment)/releases/\(environment)/\(service)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try old.goJSON(trailingNewline: true).write(to: folder.appendingPathComponent("artifact.json"))
            try manifest(service: service, sha: old.application.sha).write(to: folder.appendingPathComponent("40-deployment.yaml"))
        }
        for spec in [old, new] {
            let files = environments.map { ArtifactFile(environment: $0, path: "40-deployment.yaml", content: manifest(service: service, sha: spec.application.sha)) }
            try await home.store.storeArtifact(ArtifactUpload(specJSON: spec.goJSON(trailingNewline: true), files: files))
        }
    }
    let git = Git(directory: root)
    try await git.run(["add", "-A"])
    _ = try await home.repository.commit(message: "seed \(services) services")
    _ = try await home.repository.push()
}

struct Client {
    let base: URL
    let token: String
    let session: URLSession

    func send(_ method: String, _ path: String, body: String? = nil) async throws -> (Int, Data) {
        var request = URLRequest(url: URL(string: path, relativeTo: base)!)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let body { request.httpBody = Data(body.utf8) }
        let (data, response) = try await session.data(for: request)
        return ((response as! HTTPURLResponse).statusCode, data)
    }

    func release(service: Int, environment: String) async throws -> Duration {
        let name = serviceName(service)
        let id = artifactSpec(service: name, sha: "bbbbbbbbbb\(service)").id
        let body = #"{"service":"\#(name)","environment":"\#(environment)","artifactId":"\#(id)","intent":{"type":"ReleaseArtifact"}}"#
        let start = ContinuousClock.now
        let (status, data) = try await send("POST", "/release", body: body)
        let elapsed = ContinuousClock.now - start
        guard status == 200, String(decoding: data, as: UTF8.self).contains("\"commit\"") else {
            fatalError("release of \(name) to \(environment) answered \(status): \(String(decoding: data, as: UTF8.self))")
        }
        return elapsed
    }
}

/// Hands out indexes to concurrent clients.
actor Counter {
    private var next = 0
    let limit: Int
    init(limit: Int) { self.limit = limit }
    func take() -> Int? {
        guard next < limit else { return nil }
        defer { next += 1 }
        return next
    }
}

if CommandLine.arguments.count == 3, CommandLine.arguments[1] == "serve" {
    try await serveHome(CommandLine.arguments[2])
    exit(0)
}
let options = Options(Array(CommandLine.arguments.dropFirst()))
precondition(options.sequential <= options.services && options.concurrent <= options.services, "more releases than services")
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("moonbase-release-bench-\(UUID().uuidString)")
defer { try? FileManager.default.removeItem(at: folder) }

let seedStart = ContinuousClock.now
let token: String
do {
    let home = try await MoonbaseHome.open(folder)
    token = home.adminToken!
    try await seed(home: home, services: options.services)
}
print("seeded \(options.services) services × \(environments.count) environments in \(ContinuousClock.now - seedStart)")

let receivers = try await Receivers.start(count: options.receivers, home: folder)
let (server, base) = try startServer(home: folder)
defer { server.terminate(); server.waitUntilExit() }
let configuration = URLSessionConfiguration.ephemeral
configuration.httpMaximumConnectionsPerHost = options.clients * 2
let client = Client(base: base, token: token, session: URLSession(configuration: configuration))
for index in 0..<20 { _ = try await client.send("GET", "/status?service=\(serviceName(index))") } // warm up

// 1. One client, one release at a time: request → pushed commit.
var sequential: [Duration] = []
for index in 0..<options.sequential {
    sequential.append(try await client.release(service: index, environment: "dev"))
}
print(summary("release latency, 1 client", sequential))

// 2. Many clients at once: throughput and latency under contention (batched pushes).
let counter = Counter(limit: options.concurrent)
let loadStart = ContinuousClock.now
let underLoad = try await withThrowingTaskGroup(of: [Duration].self) { group in
    for _ in 0..<options.clients {
        group.addTask {
            var samples: [Duration] = []
            while let index = await counter.take() {
                samples.append(try await client.release(service: index, environment: "staging"))
            }
            return samples
        }
    }
    var all: [Duration] = []
    for try await samples in group { all += samples }
    return all
}
let wall = ContinuousClock.now - loadStart
print(summary("release latency, \(options.clients) clients", underLoad))
print(String(format: "throughput, %d clients: %d releases in %.2f s = %.1f releases/s", options.clients, underLoad.count, milliseconds(wall) / 1000, Double(underLoad.count) / (milliseconds(wall) / 1000)))
let metrics = String(decoding: try await client.send("GET", "/metrics").1, as: UTF8.self)
if let pushes = metrics.split(separator: "\n").first(where: { $0.hasPrefix("moonbase_pushes_total{outcome=\"success\"}") }) {
    print("pushes for \(options.sequential + options.concurrent) releases: \(pushes.split(separator: " ").last!)")
}

// 3. Status of one service.
var status: [Duration] = []
for index in 0..<options.status {
    let start = ContinuousClock.now
    let (code, _) = try await client.send("GET", "/status?service=\(serviceName(index % options.services))")
    status.append(ContinuousClock.now - start)
    precondition(code == 200)
}
print(summary("status of one service", status))

// 4. Every notification delivered.
if options.receivers > 0 {
    let releases = sequential.count + underLoad.count
    let drainStart = ContinuousClock.now
    let delivered = try await receivers.waitForAll(releases: releases)
    let failures = String(decoding: try await client.send("GET", "/metrics").1, as: UTF8.self).split(separator: "\n")
        .filter { $0.hasPrefix("moonbase_notification_failures_total") }.compactMap { $0.split(separator: " ").last.flatMap { Int($0) } }.reduce(0, +)
    print("notifications: \(delivered) delivered to \(options.receivers) receivers for \(releases) releases; the last \(ContinuousClock.now - drainStart) after the status run; \(failures) failed attempts")
}
await receivers.stop()
