import Foundation
import GoTemplate
import Testing
import TestSupport
@testable import ShuttleKit

/// Git plans against real bare repositories in temporary folders.
@Suite struct PlanCloneTests {
    let root: TemporaryDirectory

    init() throws {
        root = try TemporaryDirectory("planclone")
    }

    private func project(plan: String, options: (inout ShuttleOptions) -> Void = { _ in }) throws -> Project {
        try root.write("proj/shuttle.yaml", "plan: \(plan)\n")
        var shuttleOptions = ShuttleOptions(projectPath: root.path + "/proj", workingDirectory: root.path)
        shuttleOptions.environment = [:]
        options(&shuttleOptions)
        return try Project.locate(shuttleOptions, console: Console(level: .silent))
    }

    private func planVersion(_ project: Project) async throws -> Value? {
        try await project.loadPlanFile()?.vars.lookup(path: "version")
    }

    @Test func clonesTheRemotesDefaultBranchAndPullsNewCommits() async throws {
        defer { root.remove() }
        let repository = try await PlanRepository.create(in: root, defaultBranch: "trunk", planYAML: "vars: {version: 1}\n")
        let project = try project(plan: repository.fileURL)
        try await project.materializePlan()
        #expect(try await planVersion(project) == 1)

        try await repository.commit(["plan.yaml": "vars: {version: 2}\n"], message: "v2")
        try await project.materializePlan()
        #expect(try await planVersion(project) == 2)
    }

    @Test func checksOutABranchATagOrASha() async throws {
        defer { root.remove() }
        let repository = try await PlanRepository.create(in: root, planYAML: "vars: {version: 1}\n")
        let first = try await git(["rev-parse", "HEAD"], in: repository.work)
        try await repository.tag("v1")
        try await repository.checkout(newBranch: "feature")
        try await repository.commit(["plan.yaml": "vars: {version: 3}\n"], message: "feature")
        try await repository.checkout("main")
        try await repository.commit(["plan.yaml": "vars: {version: 2}\n"], message: "v2")

        for (ref, expected) in [("feature", 3), ("v1", 1), (first, 1), ("main", 2)] as [(String, Value)] {
            let project = try project(plan: "\(repository.fileURL)#\(ref)") { $0.clean = true }
            try await project.materializePlan()
            #expect(try await planVersion(project) == expected, "ref \(ref)")
        }
    }

    @Test func planOverrideSelectsAnotherRef() async throws {
        defer { root.remove() }
        let repository = try await PlanRepository.create(in: root, planYAML: "vars: {version: 1}\n")
        try await repository.checkout(newBranch: "next")
        try await repository.commit(["plan.yaml": "vars: {version: 5}\n"], message: "next")
        let project = try project(plan: repository.fileURL) { $0.planOverride = "#next" }
        try await project.materializePlan()
        #expect(try await planVersion(project) == 5)
        #expect(throws: ShuttleError.usage("Plan argument wasn't valid for a git plan (#<branch / tag name>): next")) {
            _ = try self.project(plan: repository.fileURL) { $0.planOverride = "next" }
        }
    }

    @Test func localChangesSkipPullAndSkipPullAndCacheKeepTheClone() async throws {
        defer { root.remove() }
        let repository = try await PlanRepository.create(in: root, planYAML: "vars: {version: 1}\n")
        let plain = try project(plan: repository.fileURL)
        try await plain.materializePlan()
        try await repository.commit(["plan.yaml": "vars: {version: 2}\n"], message: "v2")

        let skipping = try project(plan: repository.fileURL) { $0.skipPull = true }
        try await skipping.materializePlan()
        #expect(try await planVersion(skipping) == 1)

        let cached = try project(plan: repository.fileURL) { $0.environment["SHUTTLE_CACHE_DURATION_MIN"] = "60" }
        try await cached.materializePlan()
        #expect(try await planVersion(cached) == 1)

        try root.write("proj/.shuttle/plan/local.txt", "mine\n")
        try await plain.materializePlan()
        #expect(try await planVersion(plain) == 1)

        try FileManager.default.removeItem(atPath: root.path + "/proj/.shuttle/plan/local.txt")
        try await plain.materializePlan()
        #expect(try await planVersion(plain) == 2)
    }

    @Test func nestedCallsDoNotPullAgain() async throws {
        defer { root.remove() }
        let repository = try await PlanRepository.create(in: root, planYAML: "vars: {version: 1}\n")
        try await project(plan: repository.fileURL).materializePlan()
        try await repository.commit(["plan.yaml": "vars: {version: 2}\n"], message: "v2")
        let nested = try project(plan: repository.fileURL) {
            $0.environment["SHUTTLE_PLANS_ALREADY_VALIDATED"] = self.root.path + "/proj/.shuttle/plan"
        }
        try await nested.materializePlan()
        #expect(try await planVersion(nested) == 1)
    }

    @Test func aCloneInMergeStateIsAnError() async throws {
        defer { root.remove() }
        let repository = try await PlanRepository.create(in: root, planYAML: "vars: {version: 1}\n")
        let project = try project(plan: repository.fileURL)
        try await project.materializePlan()
        let clone = root.path + "/proj/.shuttle/plan"
        try await repository.commit(["plan.yaml": "vars: {version: 2}\n"], message: "upstream")
        try "vars: {version: 9}\n".write(toFile: clone + "/plan.yaml", atomically: true, encoding: .utf8)
        try await git(["-c", "user.name=T", "-c", "user.email=t@e", "commit", "-qam", "local"], in: clone)
        try await git(["fetch", "-q", "origin"], in: clone)
        _ = try? await git(["merge", "origin/main"], in: clone)
        await #expect(throws: ShuttleError(.planInMergeState, "Plan's cloned output is in merge state. Please resolve merge conflicts in \(clone) and then try again")) {
            try await project.materializePlan()
        }
    }

    @Test func gitFailuresNameTheCommandAndNeverShowTheToken() async throws {
        defer { root.remove() }
        let project = try project(plan: "https://127.0.0.1:9/nothing.git") {
            $0.environment["SHUTTLE_GIT_TOKEN"] = "s3cr3t-token"
        }
        do {
            try await project.materializePlan()
            Issue.record("expected a git failure")
        } catch {
            #expect(error.exitCode == 4)
            #expect(error.message.hasPrefix("Failed executing git command `clone"))
            #expect(!error.message.contains("s3cr3t-token"))
        }
    }
}
