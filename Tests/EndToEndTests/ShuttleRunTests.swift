import Foundation
import Testing
import TestSupport

@Suite(.tags(.endToEnd), .timeLimit(.minutes(10))) struct ShuttleRunTests {
    @Test func runsAPlanScriptWithFlagAndLegacyArguments() async throws {
        let fixture = try ShuttleFixture()
        defer { fixture.remove() }
        let flags = try await fixture.shuttle(["run", "build", "--tag", "v1", "--push-image"])
        #expect(flags.status == 0)
        #expect(flags.stdout == "build tag=v1 push=true\n")
        let legacy = try await fixture.shuttle(["run", "build", "tag=v2", "--push-image=false"])
        #expect(legacy.stdout == "build tag=v2 push=false\n")
    }

    @Test func projectScriptsRunInTheProjectFolderFromASubfolder() async throws {
        let fixture = try ShuttleFixture()
        defer { fixture.remove() }
        let output = try await fixture.shuttle(["run", "hello"], in: fixture.project + "/src/deep")
        #expect(output.stdout == "hello from \(fixture.project)\n")
    }

    @Test func actionsGetTheReferenceEnvironment() async throws {
        let fixture = try ShuttleFixture()
        defer { fixture.remove() }
        let output = try await fixture.shuttle(["run", "env"])
        let p = fixture.project
        #expect(output.stdout == """
            plan=\(p)/.shuttle/plan
            project=\(p)
            tmp=\(p)/.shuttle/temp
            pwd=\(p)
            validated=\(p)/.shuttle/plan

            """)
    }

    @Test func nestedShuttleCallsFindTheSameBinaryAndProject() async throws {
        let fixture = try ShuttleFixture()
        defer { fixture.remove() }
        let output = try await fixture.shuttle(["run", "nested"], environment: ["PATH": "/usr/bin:/bin"])
        #expect(output.status == 0)
        #expect(output.stdout == "payments")
    }

    @Test func actionsReadShuttlesStandardInput() async throws {
        let fixture = try ShuttleFixture()
        defer { fixture.remove() }
        let output = try await fixture.shuttle(["run", "stdin"], input: "typed\n")
        #expect(output.stdout == "got typed\n")
    }

    @Test func aFailingActionExitsWithItsStatusAndNamesTheScript() async throws {
        let fixture = try ShuttleFixture()
        defer { fixture.remove() }
        let output = try await fixture.shuttle(["run", "fail"])
        #expect(output.status == 3)
        #expect(output.stdout == "before\n")
        #expect(output.stderr == "shuttle failed\nFailed executing script `fail`: shell script `exit 3`\nExit code: 3\n")
    }

    @Test func missingRequiredArgumentsAreUsageErrors() async throws {
        let fixture = try ShuttleFixture()
        defer { fixture.remove() }
        let output = try await fixture.shuttle(["run", "build"])
        #expect(output.status == 1)
        #expect(output.stderr == "shuttle failed\nrequired flag(s) \"tag\" not set for script \"build\"\n")
        let skipped = try await fixture.shuttle(["run", "build", "--validate=false"])
        #expect(skipped.status == 0)
        #expect(skipped.stdout == "build tag= push=\n")
        let passedThrough = try await fixture.shuttle(["run", "--validate=false", "build", "extra", "tag=v9"])
        #expect(passedThrough.status == 0, "\(passedThrough.stderr)")
        #expect(passedThrough.stdout == "build tag=v9 push=\n")
    }

    @Test func interactiveRunsAskForMissingArguments() async throws {
        let fixture = try ShuttleFixture()
        defer { fixture.remove() }
        let output = try await fixture.shuttle(["run", "build", "--interactive"], input: "\nv9\n")
        #expect(output.status == 0)
        #expect(output.stdout == "build tag=v9 push=\n")
        #expect(output.stderr == "tag (the image tag): tag (the image tag): ")
        let byEnvironment = try await fixture.shuttle(["run", "build"], environment: ["SHUTTLE_INTERACTIVE": "true"], input: "v3\n")
        #expect(byEnvironment.stdout == "build tag=v3 push=\n")
    }

    @Test func undeclaredLegacyArgumentsAreRejectedUnlessValidationIsOff() async throws {
        let fixture = try ShuttleFixture()
        defer { fixture.remove() }
        let rejected = try await fixture.shuttle(["run", "build", "tag=1", "other=2"])
        #expect(rejected.status == 1)
        #expect(rejected.stderr.contains("unknown argument \"other\" for script \"build\"; its arguments are --tag, --push-image"))
        let passed = try await fixture.shuttle(["run", "build", "tag=1", "other=2", "--validate=false"])
        #expect(passed.status == 0)
    }

    @Test func unknownScriptsListTheAvailableOnes() async throws {
        let fixture = try ShuttleFixture()
        defer { fixture.remove() }
        let output = try await fixture.shuttle(["run", "deploy"])
        #expect(output.status == 2)
        #expect(output.stderr.hasPrefix("shuttle failed\nunknown script \"deploy\"\n\nAvailable Scripts:\n  build        Build the image\n"))
        let none = try await fixture.shuttle(["run"])
        #expect(none.status == 1)
        #expect(none.stderr.contains("shuttle run needs a script name."))
    }

    @Test func scriptHelpDescribesItsArguments() async throws {
        let fixture = try ShuttleFixture()
        defer { fixture.remove() }
        let output = try await fixture.shuttle(["run", "build", "--help"])
        #expect(output.status == 0)
        #expect(output.stdout == """
            Usage: shuttle run build [flags]

            build the image

            Flags:
              --tag string   the image tag (required)
              --push-image   push after building

            """)
    }

    @Test func unsupportedActionKindsFailWithAClearMessage() async throws {
        let fixture = try ShuttleFixture()
        defer { fixture.remove() }
        try fixture.root.write("project/shuttle.yaml", "plan: false\nscripts:\n  img:\n    actions:\n    - dockerfile: Dockerfile\n")
        let output = try await fixture.shuttle(["run", "img"])
        #expect(output.status == 2)
        #expect(output.stderr == "shuttle failed\nFailed executing script `img`: scripts.img.actions[0] (\(fixture.project)/shuttle.yaml:5) is a `dockerfile:` action, which Moonbase's shuttle has no executor for; use a `shell:` action instead\n")
    }

    @Test func anUnchangedLocalPlanIsNotCopiedAgain() async throws {
        let fixture = try ShuttleFixture()
        defer { fixture.remove() }
        _ = try await fixture.shuttle(["run", "hello"])
        let copied = fixture.project + "/.shuttle/plan/plan.yaml"
        let before = try FileManager.default.attributesOfItem(atPath: copied)[.systemFileNumber] as? Int
        _ = try await fixture.shuttle(["run", "hello"])
        let after = try FileManager.default.attributesOfItem(atPath: copied)[.systemFileNumber] as? Int
        #expect(before == after)
    }
}
