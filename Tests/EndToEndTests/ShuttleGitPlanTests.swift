import Foundation
import Testing
import TestSupport

@Suite(.tags(.endToEnd), .timeLimit(.minutes(10))) struct ShuttleGitPlanTests {
    @Test func runsScriptsFromAGitPlanAndPullsUpdates() async throws {
        let root = try TemporaryDirectory("e2e-git")
        defer { root.remove() }
        let repository = try await PlanRepository.create(
            in: root, planYAML: "scripts:\n  hi:\n    actions:\n    - shell: echo one\n")
        try root.write("project/shuttle.yaml", "plan: \(repository.fileURL)\n")
        let shuttle = productsDirectory + "/shuttle"
        let first = try await runProcess(shuttle, ["run", "hi"], in: root.path + "/project")
        #expect(first.status == 0)
        #expect(first.stdout == "one\n")
        #expect(first.stderr == "Cloning plan \(repository.fileURL)\n")

        try await repository.commit(["plan.yaml": "scripts:\n  hi:\n    actions:\n    - shell: echo two\n"], message: "two")
        let second = try await runProcess(shuttle, ["run", "hi"], in: root.path + "/project")
        #expect(second.stdout == "two\n")
        #expect(second.stderr == "Pulling latest plan changes on main\n")

        let log = try await runProcess(shuttle, ["git-plan", "log", "--format=%s"], in: root.path + "/project")
        #expect(log.status == 0)
        #expect(log.stdout.hasPrefix("two\nfirst plan\n"))
        let afterDashes = try await runProcess(shuttle, ["git-plan", "--", "log", "--format=%s"], in: root.path + "/project")
        #expect(afterDashes.status == 0, "\(afterDashes.stderr)")
        #expect(afterDashes.stdout == log.stdout)
        let failing = try await runProcess(shuttle, ["git-plan", "no-such-command"], in: root.path + "/project")
        #expect(failing.status == 1)
    }

    @Test func documentationOfAGitPlanIsThePlansOwnDocumentationURL() async throws {
        let root = try TemporaryDirectory("e2e-git")
        defer { root.remove() }
        let repository = try await PlanRepository.create(in: root, planYAML: "documentation: https://docs.example.com/git-plan\n")
        try root.write("project/shuttle.yaml", "plan: \(repository.fileURL)\n")
        try root.write("browser.sh", "#!/bin/sh\necho \"$1\" > \"$(dirname \"$0\")/opened\"\n", executable: true)
        let output = try await runProcess(productsDirectory + "/shuttle", ["documentation"], in: root.path + "/project",
                                          environment: ["BROWSER": root.path + "/browser.sh"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stderr.contains("Documentation available at: https://docs.example.com/git-plan"))
        #expect(try String(contentsOfFile: root.path + "/opened", encoding: .utf8) == "https://docs.example.com/git-plan\n")
    }

    @Test func planOverrideFromTheWorkingFolderWins() async throws {
        let root = try TemporaryDirectory("e2e-git")
        defer { root.remove() }
        try root.write("other/plan.yaml", "scripts:\n  hi:\n    actions:\n    - shell: echo other\n")
        try root.write("project/shuttle.yaml", "plan: false\n")
        let shuttle = productsDirectory + "/shuttle"
        let output = try await runProcess(shuttle, ["-p", "project", "--plan", "./other", "run", "hi"], in: root.path)
        #expect(output.stdout == "other\n")
        #expect(output.stderr == "Using overloaded plan ./other\n")
        let byEnvironment = try await runProcess(shuttle, ["-p", "project", "run", "hi"], in: root.path,
                                                 environment: ["SHUTTLE_PLAN_OVERLOAD": "./other"])
        #expect(byEnvironment.stdout == "other\n")
    }

    @Test func unreachablePlansFailWithStatus4AndNoToken() async throws {
        let root = try TemporaryDirectory("e2e-git")
        defer { root.remove() }
        try root.write("project/shuttle.yaml", "plan: https://127.0.0.1:9/org/plan.git#main\n")
        let output = try await runProcess(productsDirectory + "/shuttle", ["run", "x"], in: root.path + "/project",
                                          environment: ["SHUTTLE_GIT_TOKEN": "t0p-s3cret"])
        #expect(output.status == 4)
        #expect(output.stderr.contains("Failed executing git command `clone"))
        #expect(!(output.stdout + output.stderr).contains("t0p-s3cret"))
    }

    @Test func nonGitHttpPlansAreConfigurationErrors() async throws {
        let root = try TemporaryDirectory("e2e-git")
        defer { root.remove() }
        try root.write("project/shuttle.yaml", "plan: https://example.com/plan\n")
        let output = try await runProcess(productsDirectory + "/shuttle", ["ls"], in: root.path + "/project")
        #expect(output.status == 2)
        #expect(output.stderr.contains("an https plan must be a git repository URL ending in .git"))
    }
}
