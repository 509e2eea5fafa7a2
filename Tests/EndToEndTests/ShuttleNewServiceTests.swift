import Foundation
import Testing
import TestSupport

/// The skeleton's hello-world services, scaffolded with `shuttle new` and run on loopback: each
/// answers GET /healthz with 200 `ok` and GET / with a greeting, on $PORT.
@Suite(.serialized, .tags(.endToEnd, .toolchain), .timeLimit(.minutes(10))) struct ShuttleNewServiceTests {
    @Test(.enabled(if: ExternalTools.onPath("go") && ExternalTools.onPath("curl"), "needs go and curl")) func theGoServiceAnswers() async throws {
        try await check(language: "go", build: ["go", "build", "-o", "service", "."], run: ["./service"])
    }

    @Test(.enabled(if: ExternalTools.onPath("node") && ExternalTools.onPath("curl"), "needs node and curl")) func theNodeServiceAnswers() async throws {
        try await check(language: "node", build: nil, run: ["node", "server.js"])
    }

    @Test(.enabled(if: ExternalTools.onPath("python3") && ExternalTools.onPath("curl"), "needs python3 and curl")) func thePythonServiceAnswers() async throws {
        try await check(language: "python", build: nil, run: ["python3", "app.py"])
    }

    private func check(language: String, build: [String]?, run: [String]) async throws {
        let root = try TemporaryDirectory("e2e-new-\(language)")
        defer { root.remove() }
        let new = try await runProcess(productsDirectory + "/shuttle",
                                       ["new", "payments", "--plan", ShuttleNewTests.servicePlan, "--language", language],
                                       in: root.path)
        #expect(new.status == 0, "stderr: \(new.stderr)")
        let service = root.path + "/payments"
        if let build {
            let built = try await runProcess(build[0], Array(build.dropFirst()), in: service,
                                             environment: ["GOFLAGS": "-mod=mod", "GOPROXY": "off"])
            try #require(built.status == 0, "build failed: \(built.stderr)")
        }

        let port = Int.random(in: 20000..<40000)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = run
        process.currentDirectoryURL = URL(fileURLWithPath: service)
        var environment = ProcessInfo.processInfo.environment
        environment["PORT"] = String(port)
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            // SIGKILL: the child inherits the test process's blocked signal mask, so a SIGTERM
            // would stay pending. The wait is bounded in case another reaper collects it first.
            kill(process.processIdentifier, SIGKILL)
            for _ in 0..<50 where process.isRunning { usleep(100_000) }
        }

        let health = try await get("http://127.0.0.1:\(port)/healthz")
        #expect(health == "200 ok")
        let greeting = try await get("http://127.0.0.1:\(port)/")
        #expect(greeting == "200 Hello from payments!\n")
    }

    /// `STATUS BODY` of a GET, retried while the service starts (at most 15 seconds).
    private func get(_ url: String) async throws -> String {
        var last = ""
        for _ in 0..<75 {
            let output = try await runProcess("curl", ["--silent", "--max-time", "2", "--write-out", "%{http_code}", "--output", "-", url], in: "/")
            if output.status == 0 {
                let code = String(output.stdout.suffix(3))
                return code + " " + output.stdout.dropLast(3)
            }
            last = "curl exited \(output.status)"
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("no answer from \(url): \(last)")
        return last
    }
}
