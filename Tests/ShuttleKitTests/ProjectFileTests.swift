import GoTemplate
import Testing
@testable import ShuttleKit

@Suite struct ProjectFileTests {
    private func parse(_ text: String) throws(ShuttleError) -> ProjectFile {
        try ProjectFile.parse(text, file: "shuttle.yaml")
    }

    private func error(_ text: String) -> ShuttleError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func readsPlanVarsAndScripts() throws {
        let file = try parse("""
            plan: ../plan
            vars:
              service: payments
              enabled: yes
              version: 1.10
            scripts:
              hello:
                description: say hi
                args:
                - name: who
                  required: true
                - name: loud
                  type: bool
                actions:
                - shell: echo hi $who
            """)
        #expect(file.planText == "../plan")
        #expect(file.vars == ["service": "payments", "enabled": true, "version": 1.1])
        #expect(file.scripts["hello"] == Script(
            name: "hello", description: "say hi",
            arguments: [ScriptArgument(name: "who", required: true), ScriptArgument(name: "loud", kind: .bool)],
            actions: [.shell("echo hi $who")]))
    }

    @Test func planFalseMeansNoPlan() throws {
        let file = try parse("plan: false\nvars: {squad: money}")
        #expect(file.planText == "false")
        #expect(file.planRaw == .bool(false))
    }

    @Test(arguments: [
        ("plan: x\nnothing: 1\n", "shuttle.yaml:2:1: unknown key \"nothing\" in shuttle.yaml; allowed keys are plan, vars, scripts"),
        ("plan: true\n", "shuttle.yaml:1:7: plan must be a path, a git URL or false, not the bool true"),
        ("plan: 3\n", "shuttle.yaml:1:7: plan must be a path, a git URL or false, not the int 3"),
        ("vars: {a: 1}\n", "shuttle.yaml:1:1: no `plan:` found; set it to a plan path, a git URL (https://…/plan.git#ref) or false"),
        ("plan:\n", "shuttle.yaml:1:1: no `plan:` found; set it to a plan path, a git URL (https://…/plan.git#ref) or false"),
        ("", "shuttle.yaml: the file is empty; it needs at least `plan:` (a path, a git URL, or false)"),
        ("plan: a\nplan: b\n", "shuttle.yaml:1:1: key \"plan\" is set more than once in this mapping"),
        ("plan: x\nvars: [1]\n", "shuttle.yaml:2:7: vars must be a mapping, not a list"),
        ("plan: x\nscripts:\n  b:\n    env: x\n", "shuttle.yaml:4:5: unknown key \"env\" in script \"b\"; allowed keys are description, args, actions"),
        ("plan: x\nscripts:\n  b:\n    actions: echo\n", "shuttle.yaml:4:14: scripts.b.actions must be a list, not the string \"echo\""),
        ("plan: x\nscripts:\n  b:\n    actions:\n    - {}\n", "shuttle.yaml:5:7: scripts.b.actions[0] has nothing to run; give it `shell: <command>`"),
        ("plan: x\nscripts:\n  b:\n    args:\n    - required: true\n", "shuttle.yaml:5:7: scripts.b.args[0] has no name; every argument needs `name:`"),
        ("plan: x\nscripts:\n  b:\n    args:\n    - {name: a, required: maybe}\n", "shuttle.yaml:5:27: scripts.b.args[0].required must be true or false, not the string \"maybe\""),
        ("plan: x\nscripts:\n  b:\n    actions:\n    - shell: 5\n", "shuttle.yaml:5:14: scripts.b.actions[0].shell must be a string, not the int 5; quote it if text is meant"),
        ("plan: [x\n", "shuttle.yaml:2:1: did not find expected ',' or ']' while parsing a flow sequence"),
    ])
    func rejectsInvalidFilesNamingLineAndKey(text: String, message: String) {
        let failure = error(text)
        #expect(failure?.kind == .configuration)
        #expect(failure?.message == message)
    }

    @Test func actionsWithoutAnExecutorAreKeptForARunTimeError() throws {
        let file = try parse("plan: x\nscripts:\n  b:\n    actions:\n    - dockerfile: Dockerfile\n")
        #expect(file.scripts["b"]?.actions == [.unsupported(kind: "dockerfile", location: "scripts.b.actions[0] (shuttle.yaml:5)")])
    }

    @Test func planFileReadsScriptsVarsAndDocumentation() throws {
        let plan = try PlanFile.parse("documentation: https://docs\nvars: {a: 1}\nscripts:\n  s:\n    actions: [{shell: x}]\n", file: "plan.yaml")
        #expect(plan.documentation == "https://docs")
        #expect(plan.vars == ["a": 1])
        #expect(plan.scripts["s"]?.actions == [.shell("x")])
        #expect(throws: ShuttleError.configuration("plan.yaml:1:1: unknown key \"plan\" in plan.yaml; allowed keys are scripts, vars, documentation")) {
            try PlanFile.parse("plan: x\n", file: "plan.yaml")
        }
    }
}
