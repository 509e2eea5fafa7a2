import Foundation
import ReleaseModel
import Testing
import TestSupport

/// `moonbase demo`: the built binary serves sample services, checked with the built hamctl.
struct DemoCommandTests {
    /// A running `moonbase demo` that printed `Demo ready`, its URL and its admin token.
    struct DemoProcess {
        let server: ServeProcess
        let url: String
        let token: String

        static func start(home: String, in root: TemporaryDirectory) async throws -> DemoProcess {
            let server = try await ServeProcess.start(["demo", "--listen", "127.0.0.1:0", "--home", home], in: root)
            for _ in 0..<600 where !server.output.contains("Demo ready: ") {
                guard server.process.isRunning else { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            let lines = server.output.split(separator: "\n").map(String.init)
            guard lines.contains("Demo ready: 7 services"),
                let token = lines.first(where: { $0.hasPrefix("Admin token: ") })?.dropFirst(13)
            else {
                server.stop()
                throw ServeFailure(message: "moonbase demo did not get ready: \(server.output)")
            }
            let url = server.base.absoluteString.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            #expect(lines.contains("Portal: \(url)/"), "\(server.output)")
            return DemoProcess(server: server, url: url, token: String(token))
        }

        func hamctl(_ arguments: [String], in root: TemporaryDirectory) async throws -> ProcessOutput {
            try await runProcess(
                ReleaseManagerFixture.hamctlPath, arguments, in: root.path,
                environment: ["HAMCTL_URL": url, "HAMCTL_AUTH_TOKEN": token, "HOME": root.path + "/user", "XDG_CONFIG_HOME": root.path + "/user/.config"])
        }

        /// SIGTERM, then the exit status (nil when it did not exit within 20 seconds).
        func terminate() async throws -> Int32? {
            server.process.terminate()
            for _ in 0..<200 where server.process.isRunning {
                try await Task.sleep(for: .milliseconds(100))
            }
            guard !server.process.isRunning else {
                kill(server.process.processIdentifier, SIGKILL)
                return nil
            }
            return server.process.terminationStatus
        }
    }

    @Test func servesSampleServicesWithHistoryPoliciesAndAWorkingTokenAndRunsAgainOnItsHome() async throws {
        let root = try TemporaryDirectory("moonbase-demo")
        defer { root.remove() }
        let home = root.path + "/home"

        let first = try await DemoProcess.start(home: home, in: root)
        for service in ["payments", "ledger", "checkout", "login"] {
            let status = try await first.hamctl(["status", "--service", service, "--output", "json"], in: root)
            #expect(status.status == 0, "\(service): \(status.stderr)")
            let environments = try JSONDecoder().decode(StatusResponse.self, from: Data(status.stdout.utf8)).environments
            #expect(Set(environments.filter { $0.tag.hasPrefix("master-") }.map(\.name)).isSuperset(of: ["staging", "prod"]), "\(service): \(status.stdout)")
            #expect(environments.contains { $0.name == "dev" && !$0.tag.isEmpty }, "\(service): \(status.stdout)")
        }
        let history = try await first.hamctl(["history", "--service", "payments", "--env", "prod"], in: root)
        #expect(history.stdout.contains("rollback of master-"), "\(history.stdout)")
        #expect(history.stdout.contains("reason: Card captures time out at the acquirer"), "\(history.stdout)")
        let restriction = try await first.hamctl(["policy", "list", "--service", "ledger"], in: root)
        #expect(restriction.stdout.contains("branch-restriction-prod"), "\(restriction.stdout) \(restriction.stderr)")
        let autoRelease = try await first.hamctl(["policy", "list", "--service", "checkout"], in: root)
        #expect(autoRelease.stdout.contains("auto-release-master-dev"), "\(autoRelease.stdout) \(autoRelease.stderr)")
        let featureInDev = try await first.hamctl(["status", "--service", "login"], in: root)
        #expect(featureInDev.stdout.contains("feature_github-login-"), "\(featureInDev.stdout)")
        #expect(try await first.terminate() == 0)

        // Again on the same home: identical artifacts are re-uploads, and a new token is printed.
        let second = try await DemoProcess.start(home: home, in: root)
        #expect(second.token != first.token)
        let status = try await second.hamctl(["status", "--service", "payments"], in: root)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("prod:"), "\(status.stdout)")
        #expect(try await second.terminate() == 0)
    }
}
