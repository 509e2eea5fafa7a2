import Foundation
import Testing
import TestSupport

/// get, has, ls, plan, config, version, completion, documentation, prepare.
@Suite(.tags(.endToEnd), .timeLimit(.minutes(10))) struct ShuttleQueryTests {
    @Test func getPrintsYAMLWithoutATrailingNewline() async throws {
        let fixture = try ShuttleFixture()
        defer { fixture.remove() }
        let cases: [(String, String)] = [
            ("service", "payments"),
            ("enabled", "true"),
            ("version", "1.1"),
            ("name", "\"1.0\""),
            ("docker", "image: payments\nregistry: quay.io"),
            ("docker.registry", "quay.io"),
            ("replicas", "1"),
            ("off", "false"),
            ("empty", ""),
            ("missing.path", ""),
            ("long", "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq\n  rrrr"),
        ]
        for (key, expected) in cases {
            let output = try await fixture.shuttle(["get", key])
            #expect(output.status == 0, "get \(key)")
            #expect(output.stdout == expected, "get \(key)")
            #expect(output.stderr == "", "get \(key)")
        }
    }

    @Test func getThroughAScalarFindsNothing() async throws {
        let fixture = try ShuttleFixture()
        defer { fixture.remove() }
        let output = try await fixture.shuttle(["get", "version.major"])
        #expect(output.status == 0)
        #expect(output.stdout == "")
    }

    @Test func hasAnswersWithItsExitStatus() async throws {
        let fixture = try ShuttleFixture()
        defer { fixture.remove() }
        #expect(try await fixture.shuttle(["has", "docker.image"]).status == 0)
        #expect(try await fixture.shuttle(["has", "off"]).status == 0)
        #expect(try await fixture.shuttle(["has", "empty"]).status == 1)
        #expect(try await fixture.shuttle(["has", "nope"]).status == 1)
        #expect(try await fixture.shuttle(["has", "--script", "build"]).status == 0)
        #expect(try await fixture.shuttle(["has", "--script", "deploy"]).status == 1)
        let printed = try await fixture.shuttle(["has", "--stdout", "nope"])
        #expect(printed.status == 0)
        #expect(printed.stdout == "false")
        #expect(try await fixture.shuttle(["has", "-o", "service"]).stdout == "true")
        let outside = try await fixture.shuttle(["has", "x"], in: fixture.root.path)
        #expect(outside.status == 2)
        #expect(outside.stdout + outside.stderr == "")
    }

    @Test func lsListsPlanAndProjectScripts() async throws {
        let fixture = try ShuttleFixture()
        defer { fixture.remove() }
        let output = try await fixture.shuttle(["ls"])
        #expect(output.stdout == """
            Available Scripts:
              build        Build the image
              env          Print the action environment
              fail         \("")
              hello        Say hello
              nested       Call shuttle from an action
              render       \("")
              stdin        \("")

            """)
    }

    @Test func lsWithoutScriptsPrintsTheHeaderAndAHintOnStderr() async throws {
        let root = try TemporaryDirectory("e2e-ls")
        defer { root.remove() }
        try root.write("project/shuttle.yaml", "plan: false\n")
        let output = try await runProcess(productsDirectory + "/shuttle", ["ls"], in: root.path + "/project")
        #expect(output.status == 0)
        #expect(output.stdout == "Available Scripts:\n")
        #expect(output.stderr.contains("No scripts are available"))
    }

    @Test func getOfAMissingKeyStillRendersTheTemplate() async throws {
        let fixture = try ShuttleFixture()
        defer { fixture.remove() }
        let output = try await fixture.shuttle(["get", "no.such.key", "--template", "[{{ . }}]"])
        #expect(output.status == 0)
        #expect(output.stdout == "[<no value>]")
    }

    @Test func planPrintsThePlanAsWritten() async throws {
        let fixture = try ShuttleFixture()
        defer { fixture.remove() }
        #expect(try await fixture.shuttle(["plan"]).stdout == "../plan")
        try fixture.root.write("project/shuttle.yaml", "plan: false\n")
        #expect(try await fixture.shuttle(["plan"]).stdout == "")
    }

    @Test func projectFlagIsExactAndWalkUpFindsTheProject() async throws {
        let fixture = try ShuttleFixture()
        defer { fixture.remove() }
        #expect(try await fixture.shuttle(["get", "service"], in: fixture.project + "/src/deep").stdout == "payments")
        let exact = try await fixture.shuttle(["-p", ".", "get", "service"], in: fixture.project + "/src")
        #expect(exact.status == 2)
        #expect(exact.stderr.contains("shuttle.yaml file not found in ."))
        #expect(try await fixture.shuttle(["-p", "project", "get", "service"], in: fixture.root.path).stdout == "payments")
    }

    @Test func configurationErrorsGoToStderrWithStatus2() async throws {
        let fixture = try ShuttleFixture()
        defer { fixture.remove() }
        let outside = try await fixture.shuttle(["ls"], in: "/")
        #expect(outside.status == 2)
        #expect(outside.stdout == "")
        #expect(outside.stderr.hasPrefix("shuttle failed\nFailed to load shuttle configuration: shuttle.yaml file not found"))

        try fixture.root.write("project/shuttle.yaml", "plan: ../plan\nvarz: {}\n")
        let invalid = try await fixture.shuttle(["get", "x"])
        #expect(invalid.status == 2)
        #expect(invalid.stderr == "shuttle failed\n\(fixture.project)/shuttle.yaml:2:1: unknown key \"varz\" in shuttle.yaml; allowed keys are plan, vars, scripts\n")

        try fixture.root.write("project/shuttle.yaml", "plan: ../nowhere\n")
        let noPlan = try await fixture.shuttle(["ls"])
        #expect(noPlan.status == 2)
        #expect(noPlan.stderr.contains("Failed to open plan configuration: \(fixture.root.path)/nowhere/plan.yaml does not exist"))

        try fixture.root.write("plan/plan.yaml", "scripts:\n  x:\n    actions: [{shell: 1}]\n")
        try fixture.root.write("project/shuttle.yaml", "plan: ../plan\n")
        let badPlan = try await fixture.shuttle(["ls"])
        #expect(badPlan.status == 2)
        #expect(badPlan.stderr.contains("plan.yaml:3:23: scripts.x.actions[0].shell must be a string"))
    }

    @Test func unknownCommandsAndFlagsAreUsageErrors() async throws {
        let fixture = try ShuttleFixture()
        defer { fixture.remove() }
        let command = try await fixture.shuttle(["frobnicate"])
        #expect(command.status == 1)
        #expect(command.stderr.contains("frobnicate"))
        let flag = try await fixture.shuttle(["get", "--bogus", "x"])
        #expect(flag.status == 1)
    }

    @Test func versionAndHelpWorkAnywhere() async throws {
        let fixture = try ShuttleFixture()
        defer { fixture.remove() }
        let version = try await fixture.shuttle(["version"], in: "/")
        #expect(version.status == 0)
        #expect(version.stdout.split(separator: ".").count == 3)
        let help = try await fixture.shuttle(["--help"], in: "/")
        #expect(help.status == 0)
        #expect(help.stdout.contains("SUBCOMMANDS:"))
    }

    @Test func configPrintsVersionPlanAndEnvironmentWithoutSecrets() async throws {
        let fixture = try ShuttleFixture()
        defer { fixture.remove() }
        let output = try await fixture.shuttle(["config", "--exclude-env-vars", "HIDE_ME"],
                                               environment: ["SHUTTLE_GIT_TOKEN": "tok3n", "HIDE_ME": "x", "SHOW_ME": "y"])
        #expect(output.stdout.hasPrefix("Version "))
        #expect(output.stdout.contains("\n\nPlan:\n../plan\n\nEnvironment:\n"))
        #expect(output.stdout.contains("SHOW_ME=y\n"))
        #expect(!output.stdout.contains("HIDE_ME"))
        #expect(!output.stdout.contains("tok3n"))
    }

    @Test func documentationOpensThePlansPage() async throws {
        let fixture = try ShuttleFixture()
        defer { fixture.remove() }
        let opened = fixture.root.path + "/opened"
        try fixture.root.write("browser.sh", "#!/bin/sh\necho \"$1\" > \(opened)\n", executable: true)
        let output = try await fixture.shuttle(["docs"], environment: ["BROWSER": fixture.root.path + "/browser.sh"])
        #expect(output.status == 0)
        #expect(output.stderr == "Documentation available at: https://docs.example.com/plan\n")
        #expect(fixture.root.read("opened") == "https://docs.example.com/plan\n")

        try fixture.root.write("plan/plan.yaml", "scripts: {}\n")
        let none = try await fixture.shuttle(["documentation"], environment: ["BROWSER": fixture.root.path + "/browser.sh"])
        #expect(none.status == 2)
        #expect(none.stderr.contains("Local plan has no documentation"))
    }

    @Test func prepareCopiesThePlanAndCleanRemovesIt() async throws {
        let fixture = try ShuttleFixture()
        defer { fixture.remove() }
        #expect(try await fixture.shuttle(["prepare"]).status == 0)
        #expect(fixture.root.exists("project/.shuttle/plan/plan.yaml"))
        try fixture.root.write("project/.shuttle/stale", "x")
        let cleaned = try await fixture.shuttle(["--clean", "prepare"])
        #expect(cleaned.stderr == "Cleaning \(fixture.project)/.shuttle\n")
        #expect(!fixture.root.exists("project/.shuttle/stale"))
    }

    @Test func completionScriptsAreGeneratedForEachShell() async throws {
        let fixture = try ShuttleFixture()
        defer { fixture.remove() }
        for shell in ["bash", "zsh", "fish"] {
            let output = try await fixture.shuttle(["completion", shell])
            #expect(output.status == 0)
            #expect(output.stdout.contains("shuttle"))
        }
        #expect(try await fixture.shuttle(["completion", "tcsh"]).status == 1)
    }

    @Test func completionOffersScriptNamesThenTheScriptsFlags() async throws {
        let fixture = try ShuttleFixture()
        defer { fixture.remove() }
        let names = try await fixture.shuttle(["---completion", "run", "--", "positional@0", "2", "0", "shuttle", "run", ""])
        #expect(names.stdout.split(separator: "\n").contains("build"))
        let flags = try await fixture.shuttle(["---completion", "run", "--", "positional@0", "3", "0", "shuttle", "run", "build", ""])
        #expect(flags.stdout.split(separator: "\n").contains("--push-image"))
    }
}
