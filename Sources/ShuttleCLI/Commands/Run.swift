import ArgumentParser
import Foundation
import GoTemplate
import ShuttleKit

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a script of the plan or project.",
        discussion: """
            Arguments: --name value, --name=value, --flag (for type: bool), or name=value. \
            Run options, anywhere after the script name: --validate=false (skip required-argument \
            checks and accept undeclared name=value), --interactive (ask for missing required \
            arguments; default $SHUTTLE_INTERACTIVE=true), --help (describe the script).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(parsing: .captureForPassthrough, help: "The script, then its arguments.",
              completion: .custom { words, index, _ in ScriptCompletion.complete(words: words, index: index) })
    var arguments: [String] = []

    func run() async throws {
        let project = try global.locate()
        try await project.materializePlan()
        let scripts = project.scripts(plan: try await project.loadPlanFile())
        let request = try RunRequest.parse(
            arguments, scripts: scripts, interactiveByDefault: global.options.environment["SHUTTLE_INTERACTIVE"] == "true")
        switch request {
        case .listScripts:
            StandardOutput.write(Run.helpMessage() + "\n" + ScriptList.text(scripts))
        case .describe(let script, let template):
            if let template {
                StandardOutput.write(try TemplateRendering.renderInline(template, data: ScriptList.value(script)))
            } else {
                StandardOutput.write(ScriptList.help(script))
            }
        case .run(let script, var invocation):
            if invocation.validate, invocation.interactive {
                for argument in invocation.missingRequired(in: script) { invocation.values[argument.name] = try prompt(for: argument) }
            }
            try await ScriptRunner(project: project).run(script, invocation: invocation, executableDirectory: executableDirectory)
        }
    }

    private func prompt(for argument: ScriptArgument) throws(ShuttleError) -> String {
        while true {
            let hint = argument.description.isEmpty ? "" : " (\(argument.description))"
            FileHandle.standardError.write(Data("\(argument.flagName)\(hint): ".utf8))
            guard let line = readLine() else {
                throw .usage("no value for the required argument --\(argument.flagName): input ended")
            }
            if !line.isEmpty { return line }
        }
    }
}
