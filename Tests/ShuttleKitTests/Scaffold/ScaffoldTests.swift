import Foundation
import Testing
import TestSupport
@testable import ShuttleKit

/// The repository's own service plan, found from this file's location. Only its skeleton/
/// folder is used: these tests do not need plans/service/plan.yaml.
let servicePlan = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../../plans/service").standardizedFileURL.path

private let gitPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"

private func scaffold(_ name: String, plan: String? = servicePlan, language: String? = "go", squad: String? = nil,
                      into: String, workingDirectory: String = "/", environment: [String: String] = ["PATH": gitPath]) -> Scaffold {
    Scaffold(name: name, plan: plan, language: language, squad: squad, into: into,
             workingDirectory: workingDirectory, environment: environment)
}

/// The message of the ShuttleError `body` throws.
private func failure(_ body: () async throws -> Void) async -> ShuttleError? {
    do {
        try await body()
        return nil
    } catch let error as ShuttleError {
        return error
    } catch {
        Issue.record("expected a ShuttleError, got \(error)")
        return nil
    }
}

@Suite struct ScaffoldTests {
    static let languageFiles: [String: [String]] = [
        "swift": ["Package.swift", "Sources/main.swift"],
        "go": ["go.mod", "main.go"],
        "node": ["package.json", "server.js"],
        "python": ["app.py"],
        "docker": ["Dockerfile", "www/healthz", "www/index.html"],
    ]
    static let commonFiles = [".dockerignore", ".github/workflows/ci.yaml", ".gitignore", "README.md", "shuttle.yaml"]

    @Test(arguments: ["swift", "go", "node", "python", "docker"])
    func scaffoldsEachLanguageFromTheServiceSkeleton(language: String) async throws {
        let root = try TemporaryDirectory("scaffold")
        defer { root.remove() }
        let result = try await scaffold("payments", language: language, into: root.path + "/payments")
            .run(console: Console(level: .silent))

        #expect(result.directory == root.path + "/payments")
        #expect(result.language == language)
        #expect(result.files == (Self.commonFiles + Self.languageFiles[language]!).sorted())
        #expect(result.gitInitialized)
        #expect(root.exists("payments/.git/HEAD"))
        #expect(root.read("payments/shuttle.yaml") == """
            plan: \(servicePlan)
            vars:
              service: payments
              squad: unknown        # change to the squad that owns payments
              language: \(language)
              port: 8080
              healthcheck: /healthz

            """)
        // Only the chosen language's files, every template rendered and renamed.
        for file in result.files {
            let text = try #require(root.read("payments/" + file))
            #expect(!text.contains("{{ ."), "\(file) still holds template actions")
            #expect(!file.hasSuffix(".tmpl"))
        }
        for (other, files) in Self.languageFiles where other != language {
            for file in files where !Self.languageFiles[language]!.contains(file) {
                #expect(!root.exists("payments/" + file), "\(file) of \(other) was copied for \(language)")
            }
        }
        #expect(!root.exists("payments/languages"))
        #expect(root.read("payments/README.md")?.hasPrefix("# payments\n\npayments is a \(language) service") == true)
        #expect(root.read("payments/.github/workflows/ci.yaml")?.contains("run: shuttle run ci") == true)
    }

    @Test func theGoServiceIsNamedAfterTheServiceAndTheSquadIsWritten() async throws {
        let root = try TemporaryDirectory("scaffold")
        defer { root.remove() }
        _ = try await scaffold("order-history", squad: "money", into: root.path + "/svc").run(console: Console(level: .silent))
        #expect(root.read("svc/go.mod") == "module order-history\n\ngo 1.19\n")
        #expect(root.read("svc/main.go")?.contains("fmt.Fprintln(w, \"Hello from order-history!\")") == true)
        #expect(root.read("svc/shuttle.yaml")?.contains("  service: order-history\n  squad: money\n  language: go\n") == true)
    }

    @Test func copiedFilesKeepTheirBytesAndExecutableBit() async throws {
        let root = try TemporaryDirectory("scaffold")
        defer { root.remove() }
        try root.write("plan/skeleton/bin/run.sh", "#!/bin/sh\necho {{ not a template }}\n", executable: true)
        try root.write("plan/skeleton/languages/go/main.go", "package main\n")
        _ = try await scaffold("svc", plan: root.path + "/plan", language: nil, into: root.path + "/svc").run(console: Console(level: .silent))
        #expect(root.read("svc/bin/run.sh") == "#!/bin/sh\necho {{ not a template }}\n")
        #expect(FileManager.default.isExecutableFile(atPath: root.path + "/svc/bin/run.sh"))
        #expect(!FileManager.default.isExecutableFile(atPath: root.path + "/svc/main.go"))
    }

    @Test func aLanguageFileReplacesACommonFileOfTheSameName() async throws {
        let root = try TemporaryDirectory("scaffold")
        defer { root.remove() }
        try root.write("plan/skeleton/.gitignore", "common\n")
        try root.write("plan/skeleton/languages/node/.gitignore.tmpl", "node_modules/ # {{ .Name }}\n")
        try root.write("plan/skeleton/languages/go/main.go", "package main\n")
        let result = try await scaffold("svc", plan: root.path + "/plan", language: "node", into: root.path + "/svc")
            .run(console: Console(level: .silent))
        #expect(result.files == [".gitignore"])
        #expect(root.read("svc/.gitignore") == "node_modules/ # svc\n")
    }

    @Test func aRelativePlanIsWrittenRelativeToTheNewRepository() async throws {
        let root = try TemporaryDirectory("scaffold")
        defer { root.remove() }
        try root.write("plans/service/skeleton/shuttle.yaml.tmpl", "plan: {{ .Plan }}\n")
        try root.write("plans/service/skeleton/languages/go/main.go", "package main\n")
        try FileManager.default.createDirectory(atPath: root.path + "/src", withIntermediateDirectories: true)
        _ = try await scaffold("svc", plan: "../plans/service", into: "services/svc", workingDirectory: root.path + "/src")
            .run(console: Console(level: .silent))
        #expect(root.read("src/services/svc/shuttle.yaml") == "plan: ../../../plans/service\n")
    }

    @Test func theDefaultFolderIsTheNameAndTheDefaultPlanComesFromTheEnvironment() async throws {
        let root = try TemporaryDirectory("scaffold")
        defer { root.remove() }
        let result = try await Scaffold(name: "payments", plan: nil, language: "python", into: nil, workingDirectory: root.path,
                                        environment: ["SHUTTLE_NEW_PLAN": servicePlan, "PATH": gitPath])
            .run(console: Console(level: .silent))
        #expect(result.directory == root.path + "/payments")
        #expect(root.read("payments/app.py")?.contains("Hello from payments!") == true)
    }

    @Test func aGitPlanIsClonedForTheSkeletonAndNamedAsGiven() async throws {
        let root = try TemporaryDirectory("scaffold")
        defer { root.remove() }
        let repository = try await PlanRepository.create(in: root, planYAML: "scripts: {}\n")
        try await repository.commit(["skeleton/shuttle.yaml.tmpl": "plan: {{ .Plan }}\n",
                                     "skeleton/languages/go/main.go": "package main\n"], message: "skeleton")
        let plan = repository.fileURL + "#main"
        let result = try await scaffold("svc", plan: plan, into: root.path + "/svc").run(console: Console(level: .silent))
        #expect(result.files == ["main.go", "shuttle.yaml"])
        #expect(root.read("svc/shuttle.yaml") == "plan: \(plan)\n")
    }

    @Test func anUnknownLanguageListsTheSkeletonsLanguages() async throws {
        let root = try TemporaryDirectory("scaffold")
        defer { root.remove() }
        let error = await failure { _ = try await scaffold("payments", language: "rust", into: root.path + "/payments").run(console: Console(level: .silent)) }
        #expect(error == .usage("unknown language \"rust\"; choose one of docker, go, node, python, swift with --language"))
        #expect(!root.exists("payments"))

        let missing = await failure { _ = try await scaffold("payments", language: nil, into: root.path + "/payments").run(console: Console(level: .silent)) }
        #expect(missing == .usage("no language given; choose one of docker, go, node, python, swift with --language"))
    }

    @Test(arguments: [
        ("", "it is empty"),
        ("Payments", "it must start with a lowercase letter"),
        ("9lives", "it must start with a lowercase letter"),
        ("-payments", "it must start with a lowercase letter"),
        ("pay_ments", "it contains \"_\"; only lowercase letters, digits and '-' are allowed"),
        ("payMents", "it contains \"M\"; only lowercase letters, digits and '-' are allowed"),
        ("pay/ments", "it contains \"/\"; only lowercase letters, digits and '-' are allowed"),
        ("payments-", "it must not end with '-'"),
        (String(repeating: "a", count: 64), "it is 64 characters long; the limit is 63"),
    ])
    func badNamesAreRefusedBeforeAnythingIsWritten(name: String, problem: String) async throws {
        let root = try TemporaryDirectory("scaffold")
        defer { root.remove() }
        let error = await failure { _ = try await scaffold(name, into: root.path + "/svc").run(console: Console(level: .silent)) }
        #expect(error?.kind == .usage)
        #expect(error?.message.hasPrefix("invalid service name \"\(name)\": \(problem). A service name becomes a Kubernetes name") == true)
        #expect(!root.exists("svc"))
    }

    @Test func goodNamesAreAccepted() throws {
        for name in ["a", "payments", "order-history", "v2", "a-1-b", String(repeating: "a", count: 63)] {
            #expect(throws: Never.self) { try ServiceName.validate(name) }
        }
    }

    @Test func aBadSquadIsRefused() async throws {
        let root = try TemporaryDirectory("scaffold")
        defer { root.remove() }
        let error = await failure { _ = try await scaffold("payments", squad: "money team", into: root.path + "/svc").run(console: Console(level: .silent)) }
        #expect(error?.message.hasPrefix("invalid squad \"money team\"") == true)
        #expect(!root.exists("svc"))
    }

    @Test func anExistingNonEmptyFolderIsRefusedAndLeftAlone() async throws {
        let root = try TemporaryDirectory("scaffold")
        defer { root.remove() }
        try root.write("payments/notes.txt", "mine\n")
        let error = await failure { _ = try await scaffold("payments", into: root.path + "/payments").run(console: Console(level: .silent)) }
        #expect(error == .usage("cannot create the service in \(root.path)/payments: the folder is not empty and shuttle new never overwrites files; choose another folder with --into or empty it"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path + "/payments") == ["notes.txt"])
        #expect(root.read("payments/notes.txt") == "mine\n")

        try root.write("file", "x")
        let onFile = await failure { _ = try await scaffold("payments", into: root.path + "/file").run(console: Console(level: .silent)) }
        #expect(onFile?.message.contains("a file with that name exists") == true)
    }

    @Test func anExistingEmptyFolderIsUsed() async throws {
        let root = try TemporaryDirectory("scaffold")
        defer { root.remove() }
        let result = try await scaffold("payments", into: root.path).run(console: Console(level: .silent))
        #expect(result.directory == root.path)
        #expect(root.exists("main.go"))
    }

    @Test func noPlanIsAnErrorThatSaysToGivePlan() async throws {
        let root = try TemporaryDirectory("scaffold")
        defer { root.remove() }
        let error = await failure { _ = try await scaffold("payments", plan: nil, into: root.path + "/svc", environment: [:]).run(console: Console(level: .silent)) }
        #expect(error == .usage("no plan given: pass --plan with the plan to scaffold from, a path (--plan ../plans/service) or a git URL (--plan https://github.com/org/plans.git#main), or set SHUTTLE_NEW_PLAN"))
        let noSkeleton = await failure { _ = try await scaffold("payments", plan: root.path, into: root.path + "/svc").run(console: Console(level: .silent)) }
        #expect(noSkeleton?.kind == .configuration)
        #expect(noSkeleton?.message.hasPrefix("the plan has no skeleton folder (\(root.path)/skeleton does not exist)") == true)
        #expect(!root.exists("svc"))
    }

    @Test func aTemplateThatFailsLeavesNothingBehind() async throws {
        let root = try TemporaryDirectory("scaffold")
        defer { root.remove() }
        try root.write("plan/skeleton/README.md.tmpl", "# {{ .Name }}\n")
        try root.write("plan/skeleton/shuttle.yaml.tmpl", "plan: {{ template \"missing\" }}\n")
        try root.write("plan/skeleton/languages/go/main.go", "package main\n")
        let error = await failure { _ = try await scaffold("svc", plan: root.path + "/plan", into: root.path + "/out/svc").run(console: Console(level: .silent)) }
        #expect(error?.kind == .configuration)
        #expect(error?.message.hasPrefix("the skeleton template \(root.path)/plan/skeleton/shuttle.yaml.tmpl failed to render") == true)
        #expect(!root.exists("out"))
    }

    @Test func aFailureWhileWritingRemovesEverythingCreated() async throws {
        let root = try TemporaryDirectory("scaffold")
        defer { root.remove() }
        // "config" is a file in the common files and a folder in the language's: the second
        // write fails after the first files are on disk.
        try root.write("plan/skeleton/README.md", "readme\n")
        try root.write("plan/skeleton/config", "a file\n")
        try root.write("plan/skeleton/languages/go/config/app.yaml", "a: 1\n")
        let nested = await failure { _ = try await scaffold("svc", plan: root.path + "/plan", into: root.path + "/a/b/svc").run(console: Console(level: .silent)) }
        #expect(nested?.message.hasPrefix("cannot create \(root.path)/a/b/svc/config") == true)
        #expect(!root.exists("a"))

        try FileManager.default.createDirectory(atPath: root.path + "/empty", withIntermediateDirectories: true)
        let existing = await failure { _ = try await scaffold("svc", plan: root.path + "/plan", into: root.path + "/empty").run(console: Console(level: .silent)) }
        #expect(existing != nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path + "/empty") == [])
    }

    @Test func skeletonFilesThatWouldCollideAreAnError() throws {
        let root = try TemporaryDirectory("scaffold")
        defer { root.remove() }
        try root.write("skeleton/README.md", "a\n")
        try root.write("skeleton/README.md.tmpl", "b\n")
        try root.write("skeleton/languages/go/main.go", "package main\n")
        #expect(throws: ShuttleError.self) { try Skeleton(directory: root.path + "/skeleton").files(language: "go") }
    }

    @Test func relativePaths() {
        #expect(SkeletonSource.relativePath(from: "/src/services/svc", to: "/src/plans/service") == "../../plans/service")
        #expect(SkeletonSource.relativePath(from: "/a", to: "/a/plan") == "plan")
        #expect(SkeletonSource.relativePath(from: "/a/b", to: "/a/b") == ".")
    }
}
