import Foundation
import Testing
import TestSupport

/// `shuttle new` with the repository's real service plan (plans/service, found from this file).
@Suite(.tags(.endToEnd), .timeLimit(.minutes(10))) struct ShuttleNewTests {
    static let servicePlan = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../plans/service").standardizedFileURL.path

    @Test func scaffoldsAGoServiceIntoAFreshGitRepository() async throws {
        let root = try TemporaryDirectory("e2e-new")
        defer { root.remove() }
        let output = try await runProcess(productsDirectory + "/shuttle",
                                          ["new", "payments", "--plan", Self.servicePlan, "--language", "go", "--into", root.path],
                                          in: root.path)
        #expect(output.status == 0, "stderr: \(output.stderr)")
        #expect(output.stdout == """
            Created payments (go) in \(root.path):
              .dockerignore
              .github/workflows/ci.yaml
              .gitignore
              README.md
              go.mod
              main.go
              shuttle.yaml
            and initialised a git repository there.

            Next:
              cd \(root.path) && shuttle run generate

            """)
        #expect(root.read("shuttle.yaml") == """
            plan: \(Self.servicePlan)
            vars:
              service: payments
              squad: unknown        # change to the squad that owns payments
              language: go
              port: 8080
              healthcheck: /healthz

            """)
        #expect(root.read("go.mod") == "module payments\n\ngo 1.19\n")
        #expect(root.read("main.go")?.contains("net/http") == true)
        #expect(root.read("README.md")?.hasPrefix("# payments\n") == true)
        #expect(!root.exists("package.json") && !root.exists("app.py") && !root.exists("Dockerfile") && !root.exists("languages"))

        #expect(try await git(["rev-parse", "--is-inside-work-tree"], in: root.path) == "true")
        #expect(try await git(["rev-parse", "--show-toplevel"], in: root.path) == root.path)
        #expect(try await git(["symbolic-ref", "--short", "HEAD"], in: root.path) == "main")
        let untracked = try await git(["status", "--porcelain", "--untracked-files=all"], in: root.path)
        #expect(untracked.split(separator: "\n").sorted() == [
            "?? .dockerignore", "?? .github/workflows/ci.yaml", "?? .gitignore", "?? README.md", "?? go.mod", "?? main.go", "?? shuttle.yaml",
        ])
    }

    @Test func aBadNameFailsWithAUsageErrorAndCreatesNothing() async throws {
        let root = try TemporaryDirectory("e2e-new")
        defer { root.remove() }
        let output = try await runProcess(productsDirectory + "/shuttle",
                                          ["new", "Payments", "--plan", Self.servicePlan, "--language", "go"], in: root.path)
        #expect(output.status == 1)
        #expect(output.stdout == "")
        #expect(output.stderr.hasPrefix("shuttle failed\ninvalid service name \"Payments\": it must start with a lowercase letter."))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == [])
    }

    @Test func withoutAPlanItSaysToGivePlan() async throws {
        let root = try TemporaryDirectory("e2e-new")
        defer { root.remove() }
        let output = try await runProcess(productsDirectory + "/shuttle", ["new", "payments"], in: root.path,
                                          environment: ["SHUTTLE_NEW_PLAN": ""])
        #expect(output.status == 1)
        #expect(output.stderr.contains("no plan given: pass --plan"))
    }

    @Test func projectOptionsAreRefused() async throws {
        let root = try TemporaryDirectory("e2e-new")
        defer { root.remove() }
        let output = try await runProcess(productsDirectory + "/shuttle",
                                          ["new", "payments", "-p", ".", "--plan", Self.servicePlan, "--language", "go"], in: root.path)
        #expect(output.status == 1)
        #expect(output.stderr.contains("-p/--project, -c/--clean and --skip-pull do not apply"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == [])
    }
}
