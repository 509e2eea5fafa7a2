// Server time of every portal page with a large platform in the store (issue 7's goal: p99
// under 50 ms per page with 10,000 services and 100,000 releases).
//
//   swift run -c release --package-path Benchmarks PortalBenchmark [options]
//
// Options: --services N (10000), --releases N (100000), --requests N (200 per page), --keep
// (leave the generated home in place and print where it is, to look into it afterwards).
//
// The store is filled directly (two artifacts per service, squads of 20 services, release
// events spread over the past year across dev, staging and prod, with rollbacks and failures),
// then the server runs in a process of its own with the portal readable without signing in,
// and each page is requested N times, one at a time, over HTTP on loopback.
import BenchmarkSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GoCompat
import MoonbaseServer
import MoonbaseStore
import ReleaseModel

struct Options {
    var services = 10_000
    var releases = 100_000
    var requests = 200
    var keep = false

    init(_ arguments: [String]) {
        var iterator = arguments.makeIterator()
        while let flag = iterator.next() {
            if flag == "--keep" {
                keep = true
                continue
            }
            guard let value = iterator.next(), let number = Int(value), number > 0 else { fatalError("\(flag) needs a positive number") }
            switch flag {
            case "--services": services = number
            case "--releases": releases = number
            case "--requests": requests = number
            default: fatalError("unknown option \(flag)")
            }
        }
    }
}

let environments = ["dev", "staging", "prod"]
let year: TimeInterval = 365 * 86400

func serviceName(_ index: Int) -> String { "service-\(index)" }
func squadName(_ index: Int) -> String { "squad-\(index / 20)" }

func artifactSpec(service index: Int, build: Int, now: Date) -> ArtifactSpec {
    let sha = String(format: "%02d%08x%030d", build, index, index)  // ids take the first 10 characters
    let planSHA = build == 0 || index % 7 == 0 ? "plan000001" : "plan000002"
    var spec = ArtifactSpec(id: ArtifactID.make(branch: "master", sha: sha, planSHA: planSHA), service: serviceName(index), squad: squadName(index))
    spec.application = Repository(
        branch: "master", sha: sha, authorName: "Alice", authorEmail: "alice@example.com", message: "Change \(build) of \(serviceName(index))",
        url: "https://git.example.com/\(serviceName(index))")
    spec.ci = CI(jobURL: "https://ci.example.com/\(index)/\(build)", start: GoTime(now.addingTimeInterval(-year + Double(build) * 3600)))
    spec.shuttle = Shuttle(plan: Repository(sha: planSHA, url: "https://git.example.com/plans/service.git"))
    spec.stages = [Stage(.securityScan(SecurityScanData(scanner: "trivy", vulnerabilities: SeverityCounts(critical: index % 50 == 0 ? 2 : 0, high: 3))))]
    return spec
}

func seed(_ store: any MoonbaseStore, options: Options) async throws {
    let now = Date()
    let manifest = Data("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app}\n".utf8)
    for index in 0..<options.services {
        for build in 0..<2 {
            let spec = artifactSpec(service: index, build: build, now: now)
            let files = environments.map { ArtifactFile(environment: $0, path: "40-deployment.yaml", content: manifest) }
            try await store.storeArtifact(ArtifactUpload(specJSON: spec.goJSON(trailingNewline: true), files: files))
        }
    }
    for number in 0..<options.releases {
        let index = number % options.services
        let environment = environments[(number / options.services) % environments.count]
        let at = now.addingTimeInterval(-year + year * Double(number) / Double(options.releases))
        let artifact = artifactSpec(service: index, build: number % 2, now: now).id
        let intent: Intent = number % 50 == 49 ? .rollback(previousArtifactID: artifact) : (environment == "dev" ? .releaseArtifact : .promote(fromEnvironment: "dev"))
        let state: ReleaseEvent.State = number % 97 == 0 ? .failed : .released
        try await store.recordReleaseEvent(ReleaseEvent(
            service: serviceName(index), environment: environment, namespace: environment, artifactID: artifact, intent: intent,
            releasedBy: Person(name: "Alice", email: "alice@example.com"), reason: intent.type == "Rollback" ? "errors up" : "",
            state: state, commit: state == .released ? String(format: "%040x", number) : nil,
            message: state == .failed ? "push rejected" : "", requestedAt: at, finishedAt: at))
    }
}

if CommandLine.arguments.count == 3, CommandLine.arguments[1] == "serve" {
    try await serveHome(CommandLine.arguments[2])
    exit(0)
}
let options = Options(Array(CommandLine.arguments.dropFirst()))
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("moonbase-portal-bench-\(UUID().uuidString)")
defer {
    if options.keep { print("home kept in \(folder.path)") } else { try? FileManager.default.removeItem(at: folder) }
}

let seedStart = ContinuousClock.now
do {
    let home = try await MoonbaseHome.open(folder)
    try await seed(home.store, options: options)
}
print("seeded \(options.services) services, \(options.services * 2) artifacts and \(options.releases) releases in \(ContinuousClock.now - seedStart)")

let (server, base) = try startServer(home: folder, environment: ["MOONBASE_PORTAL_PUBLIC": "true"])
defer { server.terminate(); server.waitUntilExit() }
let session = URLSession(configuration: .ephemeral)

let pages = [
    "/", "/catalog", "/catalog?squad=squad-7", "/catalog?q=service-12", "/catalog?environment=prod&sort=updated&order=desc",
    "/catalog?offset=5000", "/services/service-42", "/services/service-42?offset=20", "/environments/prod", "/environments/dev?offset=5000",
    "/squads/squad-7", "/plans", "/delivery?days=7", "/delivery?days=30", "/delivery?days=90", "/delivery?days=90&squad=squad-7",
    "/audit", "/audit?environment=prod&state=failed", "/search?q=service-99", "/search?q=0000002a",
]
var slowest = 0.0
for page in pages {
    var samples: [Duration] = []
    var size = 0
    for attempt in 0...options.requests {
        let start = ContinuousClock.now
        let (data, response) = try await session.data(from: URL(string: page, relativeTo: base)!)
        let elapsed = ContinuousClock.now - start
        guard (response as! HTTPURLResponse).statusCode == 200 else {
            fatalError("\(page) answered \((response as! HTTPURLResponse).statusCode): \(String(decoding: data, as: UTF8.self).prefix(300))")
        }
        size = data.count
        if attempt > 0 { samples.append(elapsed) }  // the first request warms caches
    }
    let sorted = samples.map(milliseconds).sorted()
    slowest = max(slowest, sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.99).rounded(.up)) - 1)])
    print(summary("\(page) (\(size / 1024) KiB)", samples))
}
print(String(format: "slowest page p99: %.2f ms (goal: under 50 ms)", slowest))
