import Foundation
import Testing
import TestSupport
@testable import ShuttleKit

@Suite struct ScriptRunnerTests {
    @Test func actionsSeeArgumentsPlanProjectTmpAndShuttleVariables() throws {
        let root = try TemporaryDirectory("runner")
        defer { root.remove() }
        try root.write("proj/shuttle.yaml", "plan: ../plan\n")
        var options = ShuttleOptions(projectPath: root.path + "/proj", workingDirectory: root.path)
        options.environment = ["PATH": "/usr/bin", "HOME": "/home/x"]
        let project = try Project.locate(options, console: Console(level: .silent))
        let script = Script(name: "s", arguments: [ScriptArgument(name: "tag"), ScriptArgument(name: "unset")], actions: [])
        var invocation = ScriptInvocation()
        invocation.values = ["tag": "v1"]
        let environment = ScriptRunner(project: project).environment(for: script, invocation: invocation, executableDirectory: "/opt/shuttle/bin")
        #expect(environment["tag"] == "v1")
        #expect(environment["unset"] == "")
        #expect(environment["plan"] == root.path + "/proj/.shuttle/plan")
        #expect(environment["tmp"] == root.path + "/proj/.shuttle/temp")
        #expect(environment["project"] == root.path + "/proj")
        #expect(environment["PATH"] == "/opt/shuttle/bin:/usr/bin")
        #expect(environment["HOME"] == "/home/x")
        #expect(environment["SHUTTLE_PLANS_ALREADY_VALIDATED"] == root.path + "/proj/.shuttle/plan")
        #expect(environment["SHUTTLE_INTERACTIVE"] == "default")
        #expect(environment["SHUTTLE_CONTEXT_ID"]?.count == 36)
    }

    @Test func aFailingActionStopsTheScriptWithItsOwnStatus() async throws {
        let root = try TemporaryDirectory("runner")
        defer { root.remove() }
        try root.write("proj/shuttle.yaml", "plan: false\n")
        let project = try Project.locate(ShuttleOptions(projectPath: root.path + "/proj"), console: Console(level: .silent))
        let script = Script(name: "s", actions: [.shell("touch first"), .shell("exit 7"), .shell("touch never")])
        await #expect(throws: ShuttleError(.actionFailed(status: 7), "Failed executing script `s`: shell script `exit 7`\nExit code: 7")) {
            try await ScriptRunner(project: project).run(script, invocation: ScriptInvocation(), executableDirectory: "/usr/bin")
        }
        #expect(root.exists("proj/first"))
        #expect(!root.exists("proj/never"))
    }

    @Test func aKilledActionReportsTheSignal() async throws {
        let root = try TemporaryDirectory("runner")
        defer { root.remove() }
        try root.write("proj/shuttle.yaml", "plan: false\n")
        let project = try Project.locate(ShuttleOptions(projectPath: root.path + "/proj"), console: Console(level: .silent))
        let script = Script(name: "s", actions: [.shell("kill -TERM $$")])
        await #expect(throws: ShuttleError(.actionFailed(status: 143), "Failed executing script `s`: shell script `kill -TERM $$`\nExit code: 143")) {
            try await ScriptRunner(project: project).run(script, invocation: ScriptInvocation(), executableDirectory: "/usr/bin")
        }
    }
}
