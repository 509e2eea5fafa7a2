import ArtifactCLI
import ArtifactKit
import CommandLineTool
import Foundation
import GoCompat
import ReleaseModel
import TestSupport
import Testing

/// `init`, `add`, `end`, `failure` and `successful` run in-process on a temporary root.
struct PipelineCommandTests {
    static let initArguments = [
        "--artifact-id", "master-0123456789-abcdef0123", "--service", "checkout",
        "--git-author-name", "Jane Doe", "--git-author-email", "jane@private.example",
        "--git-committer-name", "John Roe", "--git-committer-email", "john@bank.example",
        "--git-message", "Add receipts\n\nLonger text", "--git-sha", "0123456789abcdef", "--git-branch", "master",
        "--name", "checkout-repo", "--url", "https://git.example.com/checkout/commit/0123456789abcdef", "--provider", "GitHub",
        "--shuttle-plan-sha", "abcdef0123456789", "--shuttle-plan-branch", "main", "--ci-job-url", "https://ci.example.com/job/7",
        "--squad", "payments",
    ]

    static func run(_ arguments: [String]) async -> Int32 {
        await ArtifactCommand.execute(arguments: arguments)
    }

    static func started(_ root: TemporaryDirectory, extra: [String] = []) async throws -> ArtifactFolder {
        let status = await run(["init", "--root", root.path] + initArguments + extra)
        try #require(status == 0)
        return ArtifactFolder(root: root.path)
    }

    @Test func initRecordsTheCommitAndTheStartTime() async throws {
        let root = try TemporaryDirectory("artifact-init")
        defer { root.remove() }
        let before = Date()
        let folder = try await Self.started(root, extra: [
            "--email-suffix", "@bank.example", "--user-mappings", "jane@private.example=jane.doe@bank.example,other@x=y@bank.example",
        ])
        let spec = try folder.readSpec()
        #expect(spec.id == "master-0123456789-abcdef0123")
        #expect(spec.service == "checkout")
        #expect(spec.squad == "payments")
        #expect(spec.application.branch == "master")
        #expect(spec.application.sha == "0123456789abcdef")
        #expect(spec.application.message == "Add receipts\n\nLonger text")
        #expect(spec.application.authorEmail == "jane.doe@bank.example", "mapped: it lacks the suffix")
        #expect(spec.application.committerEmail == "john@bank.example", "kept: it has the suffix")
        #expect(spec.shuttle.plan.sha == "abcdef0123456789")
        #expect(spec.ci.jobURL == "https://ci.example.com/job/7")
        #expect(spec.ci.start.date >= before.addingTimeInterval(-1) && spec.ci.start.date <= Date().addingTimeInterval(1))
        #expect(spec.ci.end.isZero)
        #expect(spec.stages.isEmpty)
        // The reference's file format: Go's indented JSON and a newline.
        #expect(root.read("artifact.json") == String(decoding: spec.goJSON(trailingNewline: true), as: UTF8.self))

        let message = try #require(try folder.readMessage())
        #expect(message.color == PipelineMessage.Color.running)
        #expect(message.title == PipelineMessage.Title.running)
        #expect(message.titleLink == "https://ci.example.com/job/7")
        #expect(message.text == "Build for: checkout-repo\nBranch: <https://git.example.com/checkout/commit/0123456789abcdef|*master*>\n")
    }

    @Test func initRefusesBadValuesAndWritesNothing() async throws {
        let root = try TemporaryDirectory("artifact-init")
        defer { root.remove() }
        var arguments = Self.initArguments
        arguments[arguments.firstIndex(of: "master-0123456789-abcdef0123")!] = "has space"
        #expect(await Self.run(["init", "--root", root.path] + arguments) != 0)
        #expect(await Self.run(["init", "--root", root.path] + Self.initArguments + ["--user-mappings", "no-equals-sign"]) != 0)
        #expect(await Self.run(["init", "--root", root.path, "--service", "checkout"]) != 0, "required flags missing")
        #expect(!root.exists("artifact.json"))
        #expect(throws: ArtifactError("invalid user mapping 'no-equals-sign' in --user-mappings: expected <git email>=<company email>")) {
            try UserMappings(parsing: ["a@x=b@y", "no-equals-sign"], source: "--user-mappings")
        }
    }

    @Test func addRecordsEachStageAndReplacesASameIdInPlace() async throws {
        let root = try TemporaryDirectory("artifact-add")
        defer { root.remove() }
        let folder = try await Self.started(root)
        let image = ["--image", "registry.example.com/checkout", "--tag", "master-0123456789", "--docker-version", "27.3.1"]
        #expect(await Self.run(["add", "build", "--root", root.path] + image) == 0)
        #expect(await Self.run(["add", "test", "--root", root.path, "--passed", "10", "--failed", "1", "--skipped", "2", "--url", "https://ci/t"]) == 0)
        #expect(await Self.run(["add", "snyk-code", "--root", root.path, "--language", "go", "--snyk-version", "1.1", "--high", "1", "--medium", "2", "--low", "3"]) == 0)
        #expect(await Self.run(["add", "snyk-docker", "--root", root.path, "--base-image", "alpine:3.20", "--tag", "t", "--high", "4"]) == 0)
        #expect(await Self.run(["add", "security-scan", "--root", root.path, "--scanner", "clair", "--critical", "1", "--low", "5"]) == 0)
        #expect(await Self.run(["add", "push", "--root", root.path] + image) == 0)

        var spec = try folder.readSpec()
        #expect(spec.stages.map(\.id) == ["build", "test", "snyk-code", "snyk-docker", "security-scan", "push"])
        #expect(spec.stages.map(\.name) == ["Build", "Test", "Security Scan - Code", "Security Scan - Docker", "Security Scan", "Push"])
        #expect(spec.stage("build")?.data == .build(ImageData(image: "registry.example.com/checkout", tag: "master-0123456789", dockerVersion: "27.3.1")))
        #expect(spec.stage("test")?.data == .test(TestData(url: "https://ci/t", results: TestResults(passed: 10, failed: 1, skipped: 2))))
        #expect(spec.stage("snyk-code")?.data == .snykCode(SnykCodeData(
            snykVersion: "1.1", url: "https://app.snyk.io", language: "go", vulnerabilities: Vulnerabilities(high: 1, medium: 2, low: 3))))
        #expect(spec.stage("snyk-docker")?.data == .snykDocker(SnykDockerData(tag: "t", baseImage: "alpine:3.20", vulnerabilities: Vulnerabilities(high: 4))))
        #expect(spec.stage("security-scan")?.data == .securityScan(SecurityScanData(scanner: "clair", vulnerabilities: SeverityCounts(critical: 1, low: 5))))

        // A re-run test stage replaces the first one where it was. The global flags may come
        // before the command, as with the reference CLI.
        #expect(await Self.run(["--root", root.path, "add", "test", "--passed", "11", "--failed", "0", "--skipped", "2"]) == 0)
        spec = try folder.readSpec()
        #expect(spec.stages.map(\.id) == ["build", "test", "snyk-code", "snyk-docker", "security-scan", "push"])
        #expect(spec.stage("test")?.data == .test(TestData(results: TestResults(passed: 11, failed: 0, skipped: 2))))

        let message = try #require(try folder.readMessage())
        #expect(message.text.contains(":white_check_mark: *Build* (registry.example.com/checkout:master-0123456789)\n"))
        #expect(message.text.contains(":white_check_mark: *Test* (passed: 11, failed: 0, skipped: 2)\n"))
        #expect(message.text.contains(":white_check_mark: *Security Scan* (critical: 1, high: 0, medium: 0, low: 5, unknown: 0)\n"))
    }

    @Test func aFailingAddLeavesTheFileAsItWas() async throws {
        let root = try TemporaryDirectory("artifact-add")
        defer { root.remove() }
        _ = try await Self.started(root)
        #expect(await Self.run(["add", "build", "--root", root.path, "--image", "i", "--tag", "t", "--docker-version", "1"]) == 0)
        let before = try #require(root.read("artifact.json"))
        let failing: [[String]] = [
            ["add", "test", "--passed", "-1", "--failed", "0", "--skipped", "0"],
            ["add", "test", "--passed", "many", "--failed", "0", "--skipped", "0"],
            ["add", "build", "--image", "i", "--tag", "t"],
            ["add", "security-scan", "--report", root.path + "/missing.json"],
            ["add", "security-scan", "--report", root.path + "/artifact.json", "--high", "1"],
            ["add", "security-scan"],
            ["add", "security-scan", "--high", "1", "--format", "trivy"],
            ["add", "security-scan", "--report", root.path + "/artifact.json", "--format", "nessus"],
        ]
        for arguments in failing {
            #expect(await Self.run(arguments + ["--root", root.path]) != 0, "\(arguments)")
        }
        #expect(root.read("artifact.json") == before)
    }

    @Test func commandsNameAMissingOrBrokenArtifactJson() async throws {
        let root = try TemporaryDirectory("artifact-read")
        defer { root.remove() }
        let folder = ArtifactFolder(root: root.path)
        #expect(throws: ArtifactError("artifact.json not found in \(root.path): run 'artifact init' first")) { try folder.readSpec() }
        #expect(await Self.run(["add", "test", "--root", root.path, "--passed", "1", "--failed", "0", "--skipped", "0"]) == 1)
        #expect(await Self.run(["end", "--root", root.path]) == 1)
        #expect(!root.exists("artifact.json"), "add and end never create the spec")

        try root.write("artifact.json", #"{"id":"x","service":"s","colour":"red"}"#)
        #expect(throws: ArtifactError(#"\#(root.path)/artifact.json is not a valid artifact.json: artifact contains unknown fields: unknown field "colour""#)) {
            try folder.readSpec()
        }
        try root.write("artifact.json", #"{"id":"x","#)
        let error = #expect(throws: ArtifactError.self) { try folder.readSpec() }
        #expect(error?.description.hasPrefix("\(root.path)/artifact.json is not a valid artifact.json: artifact not parsable:") == true, "\(String(describing: error))")
        #expect(await Self.run(["end", "--root", root.path]) == 1)
        #expect(root.read("artifact.json") == #"{"id":"x","#)
    }

    @Test func endRecordsTheEndTime() async throws {
        let root = try TemporaryDirectory("artifact-end")
        defer { root.remove() }
        let folder = try await Self.started(root)
        let start = try folder.readSpec().ci.start
        let end = Date().addingTimeInterval(90)
        try folder.end(at: end)
        let spec = try folder.readSpec()
        #expect(spec.ci.start == start)
        #expect(spec.ci.end == GoTime(end))
        #expect(await Self.run(["end", "--root", root.path]) == 0)
        #expect(try folder.readSpec().ci.end < GoTime(end))
    }

    @Test func failureAndSuccessfulMarkTheMessageSummariseAndExitZero() async throws {
        let root = try TemporaryDirectory("artifact-finish")
        defer { root.remove() }
        let folder = try await Self.started(root)
        try folder.record(.test(TestData(results: TestResults(passed: 3, failed: 1, skipped: 0))))
        try folder.record(.securityScan(SecurityScanData(scanner: "trivy", scannerVersion: "0.57.1", vulnerabilities: SeverityCounts(high: 2))))

        let failed = folder.finish(.failed(message: "Tests failed"), at: Date())
        #expect(failed.warnings.isEmpty)
        #expect(failed.summary.hasPrefix("Pipeline FAILED: checkout master-0123456789-abcdef0123\n"), "\(failed.summary)")
        #expect(failed.summary.contains("0123456789 on master by Jane Doe <jane@private.example>"))
        #expect(failed.summary.contains("\"Add receipts\""))
        #expect(failed.summary.contains("Test                    passed 3, failed 1, skipped 0"), "\(failed.summary)")
        #expect(failed.summary.contains("Security Scan           trivy 0.57.1 critical: 0, high: 2, medium: 0, low: 0, unknown: 0"), "\(failed.summary)")
        #expect(failed.summary.contains("error   Tests failed"))
        var message = try #require(try folder.readMessage())
        #expect(message.color == PipelineMessage.Color.failed)
        #expect(message.title == PipelineMessage.Title.failed)
        #expect(message.text.hasSuffix(":no_entry: *Tests failed*\n"))

        #expect(await Self.run(["successful", "--root", root.path, "--slack-token", "xoxb-ignored"]) == 0)
        message = try #require(try folder.readMessage())
        #expect(message.color == PipelineMessage.Color.successful)
        #expect(message.title == PipelineMessage.Title.successful)

        // Nothing recorded at all: still exit 0, with a warning.
        let empty = try TemporaryDirectory("artifact-finish")
        defer { empty.remove() }
        #expect(await Self.run(["failure", "--root", empty.path]) == 0)
        let nothing = ArtifactFolder(root: empty.path).finish(.failed(message: PipelineOutcome.defaultFailureMessage), at: Date())
        #expect(nothing.summary == "Pipeline FAILED (no artifact recorded)\n  error   Unexpected error in pipeline\n")
        #expect(nothing.warnings == ["warning: artifact.json not found in \(empty.path): run 'artifact init' first"])
        #expect(!empty.exists("message.json"))
    }

    @Test func anUpdateThatThrowsLeavesTheSpecAsItWas() throws {
        let root = try TemporaryDirectory("atomic")
        defer { root.remove() }
        let folder = ArtifactFolder(root: root.path)
        try folder.start(ArtifactSpec(id: "a-1-2", service: "checkout"), at: Date())
        let before = root.read("artifact.json")
        #expect(throws: ArtifactError("refused")) {
            try folder.updateSpec { spec throws(ArtifactError) in
                spec.service = "changed"
                throw ArtifactError("refused")
            }
        }
        #expect(root.read("artifact.json") == before)
    }
}
