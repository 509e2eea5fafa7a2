import Foundation
import Testing
import TestSupport

/// `shuttle template` and every `--template` flag, through the GoTemplate engine.
@Suite(.tags(.endToEnd), .timeLimit(.minutes(10))) struct ShuttleTemplateTests {
    @Test func rendersPlanTemplatesWithVarsArgsAndPaths() async throws {
        let fixture = try ShuttleFixture()
        defer { fixture.remove() }
        try fixture.root.write("plan/templates/info.tmpl", """
            {{ .Vars.service }} {{ .Vars.docker.image }} {{ .Vars.docker.registry }} {{ .Args.env }}
            {{ .PlanPath }} {{ .ProjectPath }}
            """)
        let output = try await fixture.shuttle(["template", "info.tmpl", "env=prod"])
        #expect(output.status == 0)
        #expect(output.stdout == "payments payments quay.io prod\n\(fixture.project)/.shuttle/plan \(fixture.project)")
    }

    @Test func projectTemplatesOverridePlanTemplatesUnlessIgnored() async throws {
        let fixture = try ShuttleFixture()
        defer { fixture.remove() }
        try fixture.root.write("plan/templates/x.tmpl", "plan templates")
        try fixture.root.write("plan/x.tmpl", "plan root")
        #expect(try await fixture.shuttle(["template", "x.tmpl"]).stdout == "plan templates")
        try fixture.root.write("project/x.tmpl", "project root")
        #expect(try await fixture.shuttle(["template", "x.tmpl"]).stdout == "project root")
        try fixture.root.write("project/templates/x.tmpl", "project templates")
        #expect(try await fixture.shuttle(["template", "x.tmpl"]).stdout == "project templates")
        #expect(try await fixture.shuttle(["template", "x.tmpl", "--ignore-project-overrides"]).stdout == "plan templates")
    }

    @Test func writesOutputIntoTheTempFolder() async throws {
        let fixture = try ShuttleFixture()
        defer { fixture.remove() }
        let output = try await fixture.shuttle(["template", "Dockerfile.tmpl", "-o", "docker/Dockerfile"])
        #expect(output.status == 0)
        #expect(output.stdout == "")
        #expect(fixture.root.read("project/.shuttle/temp/docker/Dockerfile") == "FROM quay.io/payments\n")
        let viaScript = try await fixture.shuttle(["run", "render"])
        #expect(viaScript.stdout == "FROM quay.io/payments\n")
    }

    @Test func customDelimiters() async throws {
        let fixture = try ShuttleFixture()
        defer { fixture.remove() }
        try fixture.root.write("plan/templates/d.tmpl", "{{ keep }} [[ .Vars.service ]]")
        #expect(try await fixture.shuttle(["template", "d.tmpl", "--delims", "[[,]]"]).stdout == "{{ keep }} payments")
        #expect(try await fixture.shuttle(["template", "d.tmpl", "--left-delim", "[[", "--right-delim", "]]"]).stdout == "{{ keep }} payments")
    }

    @Test(arguments: [
        (["template", "d.tmpl", "--left-delim", "[["], "--left-delim and --right-delim should always be used together"),
        (["template", "d.tmpl", "--delims", "[[", ], "--delims should have exactly 2 values split by ',' but value was '[['"),
        (["template", "d.tmpl", "--delims", "[[,]]", "--left-delim", "[[", "--right-delim", "]]"], "either use --left-delim and --right-delim together or use --delims"),
        (["template", "d.tmpl", "novalue"], "template argument \"novalue\" must be KEY=VALUE"),
    ])
    func badTemplateFlagsAreUsageErrors(arguments: [String], message: String) async throws {
        let fixture = try ShuttleFixture()
        defer { fixture.remove() }
        let output = try await fixture.shuttle(arguments)
        #expect(output.status == 1)
        #expect(output.stderr.contains(message))
    }

    @Test func missingTemplatesAndTemplateErrorsAreReported() async throws {
        let fixture = try ShuttleFixture()
        defer { fixture.remove() }
        let missing = try await fixture.shuttle(["template", "nope.tmpl"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("template `nope.tmpl` not found"))

        try fixture.root.write("plan/templates/bad.tmpl", "line one\n{{ .Vars.service | nosuchfunc }}")
        let parse = try await fixture.shuttle(["template", "bad.tmpl"])
        #expect(parse.status == 1)
        #expect(parse.stderr.contains("Parse template file failed\nFile: \(fixture.project)/.shuttle/plan/templates/bad.tmpl"))
        #expect(parse.stderr.contains("template: bad.tmpl:2: function \"nosuchfunc\" not defined"))

        try fixture.root.write("plan/templates/fails.tmpl", "{{ fail \"stop here\" }}")
        let execution = try await fixture.shuttle(["template", "fails.tmpl"])
        #expect(execution.status == 1)
        #expect(execution.stderr.contains("Failed to execute template"))
        #expect(execution.stderr.contains("error calling fail: stop here"))
    }

    @Test func templateFlagsOfLsGetPlanAndRunHelp() async throws {
        let fixture = try ShuttleFixture()
        defer { fixture.remove() }
        let ls = try await fixture.shuttle(["ls", "--template", "{{ range $name, $script := .Scripts }}{{ $name }},{{ end }}{{ .Max }}"])
        #expect(ls.stdout == "build,env,fail,hello,nested,render,stdin,12")
        #expect(try await fixture.shuttle(["get", "docker", "--template", "{{ .registry }}/{{ .image }}"]).stdout == "quay.io/payments")
        #expect(try await fixture.shuttle(["plan", "--template", "{{ .PlanRaw }} {{ .ProjectPath }}"]).stdout == "../plan \(fixture.project)")
        let help = try await fixture.shuttle(["run", "build", "--help", "--template", "{{ range .Args }}--{{ .Name }} {{ end }}"])
        #expect(help.stdout == "--tag --pushImage ")
        let optionsFirst = try await fixture.shuttle(["run", "--template", "{{ .Description }}", "build", "--help"])
        #expect(optionsFirst.stdout == "build the image")
        let bad = try await fixture.shuttle(["ls", "--template", "{{ .Nope"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("invalid template: template: template:1: "))
    }

    @Test func theBundledExampleRendersManifestsForEveryEnvironment() async throws {
        let root = try TemporaryDirectory("example")
        defer { root.remove() }
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        _ = try await runProcess("cp", ["-R", repository + "/examples", root.path + "/examples"], in: root.path)
        let output = try await runProcess(productsDirectory + "/shuttle", ["-p", "examples/payments", "run", "generate"], in: root.path)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains(".shuttle/temp/manifests/prod/40-deployment.yaml"))
        let prod = try #require(root.read("examples/payments/.shuttle/temp/manifests/prod/40-deployment.yaml"))
        #expect(prod.contains("replicas: 4"))
        #expect(prod.contains("- name: FEATURE_FAST_TRANSFERS\n          value: \"true\""))
        #expect(prod.contains("          requests:\n            cpu: 100m\n            memory: 128Mi\n"))
        let dev = try #require(root.read("examples/payments/.shuttle/temp/manifests/dev/40-deployment.yaml"))
        #expect(dev.contains("replicas: 1"))
    }
}
