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
        var tokens = arguments
        // Run options may come before the script name too.
        var leading: [String] = []
        while let first = tokens.first, first.hasPrefix("-") {
            leading.append(tokens.removeFirst())
            // `--template T` takes the next word as its value.
            if first == "--template", !tokens.isEmpty { leading.append(tokens.removeFirst()) }
        }
        guard let name = tokens.first else {
            if leading.contains("--help") || leading.contains("-h") {
                StandardOutput.write(Run.helpMessage() + "\n" + ScriptList.text(scripts))
                return
            }
            throw ShuttleError.usage("shuttle run needs a script name.\n\n" + ScriptList.text(scripts))
        }
        guard let script = scripts[name] else {
            throw ShuttleError.configuration("unknown script \"\(name)\"\n\n" + ScriptList.text(scripts))
        }
        var invocation = try ScriptInvocation.parse(
            leading + tokens.dropFirst(), for: script,
            interactiveByDefault: global.options.environment["SHUTTLE_INTERACTIVE"] == "true")
        if invocation.help {
            try printHelp(script, template: invocation.template)
            return
        }
        if invocation.validate {
            let missing = invocation.missingRequired(in: script)
            if invocation.interactive {
                for argument in missing { invocation.values[argument.name] = try prompt(for: argument) }
            } else if !missing.isEmpty {
                let flags = missing.map { "\"\($0.flagName)\"" }.joined(separator: ", ")
                throw ShuttleError.usage("required flag(s) \(flags) not set for script \"\(script.name)\"")
            }
        }
        try await ScriptRunner(project: project).run(script, invocation: invocation, executableDirectory: executableDirectory)
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

    private func printHelp(_ script: Script, template: String?) throws(ShuttleError) {
        if let template {
            StandardOutput.write(try TemplateRendering.renderInline(template, data: ScriptList.value(script)))
            return
        }
        var text = "Usage: shuttle run \(script.name)\(script.arguments.isEmpty ? "" : " [flags]")\n"
        if !script.description.isEmpty { text += "\n\(script.description)\n" }
        if !script.arguments.isEmpty {
            text += "\nFlags:\n"
            let width = script.arguments.map { $0.flagName.count + ($0.kind == .bool ? 0 : 7) }.max() ?? 0
            for argument in script.arguments {
                let left = "--\(argument.flagName)" + (argument.kind == .bool ? "" : " string")
                var line = "  " + left.padding(toLength: width + 2 + 3, withPad: " ", startingAt: 0) + argument.description
                if argument.required { line += " (required)" }
                text += line + "\n"
            }
        }
        StandardOutput.write(text)
    }
}

/// The `ls` listing, and script data for templates.
enum ScriptList {
    /// `shuttle ls`: the project's and plan's scripts.
    static func listing(_ project: Project) async throws(ShuttleError) -> String {
        text(project.scripts(plan: try await project.loadPlanFile()))
    }

    static func text(_ scripts: [String: Script]) -> String {
        if scripts.isEmpty { return "No scripts are available: neither the plan nor shuttle.yaml declares any.\n" }
        let width = max(10, scripts.keys.map(\.count).max() ?? 0) + 2
        var out = "Available Scripts:\n"
        for name in scripts.keys.sorted() {
            out += "  " + name.padding(toLength: width, withPad: " ", startingAt: 0) + " " + upperFirst(scripts[name]!.description) + "\n"
        }
        return out
    }

    static func upperFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }

    /// A script as template data: `.Description`, `.Actions` (`.Shell`), `.Args` (`.Name`, `.Required`, `.Description`, `.Type`).
    static func value(_ script: Script) -> Value {
        let actions: [Value] = script.actions.map { action in
            switch action {
            case .shell(let code): .record(Record(typeName: "ShuttleAction", fields: [("Shell", .string(code)), ("Task", "")]))
            case .unsupported(let kind, _): .record(Record(typeName: "ShuttleAction", fields: [("Shell", ""), ("Task", .string(kind))]))
            }
        }
        let args: [Value] = script.arguments.map { argument in
            .record(Record(typeName: "ShuttleScriptArgs", fields: [
                ("Name", .string(argument.name)), ("Required", .bool(argument.required)),
                ("Description", .string(argument.description)), ("Type", .string(argument.kind == .bool ? "bool" : "")),
            ]))
        }
        return .record(Record(typeName: "ShuttlePlanScript", fields: [
            ("Description", .string(script.description)), ("Actions", .list(actions)), ("Args", .list(args)),
        ]))
    }
}
