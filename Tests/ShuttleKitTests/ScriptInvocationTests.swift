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
