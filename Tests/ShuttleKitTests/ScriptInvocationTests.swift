import Testing
@testable import ShuttleKit

@Suite struct ScriptInvocationTests {
    let script = Script(name: "build", arguments: [
        ScriptArgument(name: "imageTag", required: true),
        ScriptArgument(name: "GO_VERSION"),
        ScriptArgument(name: "silent", kind: .bool),
    ], actions: [])

    private func parse(_ tokens: [String], interactive: Bool = false) throws(ShuttleError) -> ScriptInvocation {
        try ScriptInvocation.parse(tokens, for: script, interactiveByDefault: interactive)
    }

    @Test func flagNamesAreKebabCase() {
        #expect(script.arguments.map(\.flagName) == ["image-tag", "go-version", "silent"])
    }

    @Test func acceptsFlagEqualsAndLegacyForms() throws {
        let invocation = try parse(["--image-tag", "v1", "--go-version=1.22", "--silent"])
        #expect(invocation.values == ["imageTag": "v1", "GO_VERSION": "1.22", "silent": "true"])
        #expect(try parse(["--silent=false"]).values["silent"] == "false")
        #expect(try parse(["imageTag=v2", "--image-tag", "v1"]).values["imageTag"] == "v2")
        #expect(try parse(["imageTag=a=b="]).values["imageTag"] == "a=b=")
    }

    @Test func runOptionsAreRecognisedAmongScriptArguments() throws {
        let invocation = try parse(["--validate=false", "other=1", "--interactive", "--help", "--template", "{{.}}"])
        #expect(!invocation.validate)
        #expect(invocation.interactive)
        #expect(invocation.help)
        #expect(invocation.template == "{{.}}")
        #expect(invocation.values["other"] == "1")
    }

    @Test func withoutValidationUndeclaredPairsPassAndOtherWordsAreIgnored() throws {
        // As the reference: wherever --validate=false stands among the arguments.
        let invocation = try parse(["extra", "other=1", "--validate=false", "more"])
        #expect(invocation.values == ["other": "1"])
        #expect(!invocation.validate)
    }

    @Test func reportsMissingRequiredArgumentsInNameOrder() throws {
        #expect(try parse([]).missingRequired(in: script).map(\.name) == ["imageTag"])
        #expect(try parse(["--image-tag", "x"]).missingRequired(in: script).isEmpty)
    }

    @Test(arguments: [
        (["--nope"], "unknown flag: --nope for script \"build\"; its arguments are --image-tag, --go-version, --silent"),
        (["--image-tag"], "flag needs an argument: --image-tag"),
        (["--silent=maybe"], "invalid argument \"maybe\" for \"--silent\" flag: use true or false"),
        (["stray"], "unexpected argument \"stray\" for script \"build\": give arguments as --name value or name=value; its arguments are --image-tag, --go-version, --silent"),
        (["other=1"], "unknown argument \"other\" for script \"build\"; its arguments are --image-tag, --go-version, --silent\n(use --validate=false to pass undeclared arguments through)"),
    ])
    func rejectsBadArgumentsWithUsageErrors(tokens: [String], message: String) {
        #expect(throws: ShuttleError.usage(message)) { try parse(tokens) }
    }
}

@Suite struct RunRequestTests {
    static let scripts = [
        "build": Script(name: "build", description: "build the image", arguments: [
            ScriptArgument(name: "tag", required: true, description: "the image tag"),
            ScriptArgument(name: "push", kind: .bool, description: "push after building"),
        ], actions: []),
        "hello": Script(name: "hello", arguments: [], actions: []),
    ]

    private func parse(_ words: [String], interactive: Bool = false) throws(ShuttleError) -> RunRequest {
        try RunRequest.parse(words, scripts: Self.scripts, interactiveByDefault: interactive)
    }

    @Test func runOptionsMayComeBeforeTheScriptName() throws {
        guard case .run(let script, let invocation) = try parse(["--validate=false", "build", "x=1"]) else {
            Issue.record("expected a run")
            return
        }
        #expect(script.name == "build")
        #expect(invocation.values == ["x": "1"])
        #expect(try parse(["--help"]) == .listScripts)
        #expect(try parse(["--template", "{{.Description}}", "--help", "build"]) == .describe(Self.scripts["build"]!, template: "{{.Description}}"))
        #expect(try parse(["build", "-h"]) == .describe(Self.scripts["build"]!, template: nil))
    }

    @Test func missingRequiredArgumentsAreAUsageErrorUnlessInteractive() throws {
        #expect(throws: ShuttleError.usage("required flag(s) \"tag\" not set for script \"build\"")) { try parse(["build"]) }
        guard case .run(_, let invocation) = try parse(["build"], interactive: true) else {
            Issue.record("expected a run")
            return
        }
        #expect(invocation.missingRequired(in: Self.scripts["build"]!).map(\.name) == ["tag"])
    }

    @Test func noOrAnUnknownScriptNameListsTheScripts() {
        let listing = "Available Scripts:\n  build        Build the image\n  hello        \n"
        #expect(throws: ShuttleError.usage("shuttle run needs a script name.\n\n" + listing)) { try parse([]) }
        #expect(throws: ShuttleError.configuration("unknown script \"nope\"\n\n" + listing)) { try parse(["nope"]) }
    }
}

@Suite struct ScriptListTests {
    @Test func anEmptyListingIsTheReferencesHeaderAlone() {
        #expect(ScriptList.text([:]) == "Available Scripts:\n")
    }

    @Test func helpShowsUsageDescriptionAndFlags() {
        let script = RunRequestTests.scripts["build"]!
        #expect(ScriptList.help(script) == """
            Usage: shuttle run build [flags]

            build the image

            Flags:
              --tag string   the image tag (required)
              --push         push after building

            """)
    }
}
