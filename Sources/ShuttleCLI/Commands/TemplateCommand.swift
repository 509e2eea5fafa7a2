import ArgumentParser
import ShuttleKit

struct TemplateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Render a template of the project or plan with the project's variables.",
        discussion: """
            NAME is looked up in <project>/templates, <project>, <plan>/templates, <plan>. \
            The template sees .Vars, .Args (the KEY=VALUE arguments), .PlanPath and .ProjectPath.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The template file name.")
    var name: String

    @Argument(help: "KEY=VALUE arguments, visible as .Args.KEY.")
    var arguments: [String] = []

    @Option(name: [.customShort("o"), .long], help: "Write to <project>/.shuttle/temp/OUTPUT instead of stdout.")
    var output: String?

    @Option(help: "Delimiters as LEFT,RIGHT, e.g. '[[,]]'.")
    var delims: String?

    @Option(name: .customLong("left-delim"), help: "Left delimiter (with --right-delim).")
    var leftDelim: String?

    @Option(name: .customLong("right-delim"), help: "Right delimiter (with --left-delim).")
    var rightDelim: String?

    @Flag(name: .customLong("ignore-project-overrides"), help: "Use only the plan's templates.")
    var ignoreProjectOverrides = false

    func validate() throws {
        if (leftDelim == nil) != (rightDelim == nil) {
            throw ValidationError("--left-delim and --right-delim should always be used together")
        }
        if delims != nil, leftDelim != nil {
            throw ValidationError("either use --left-delim and --right-delim together or use --delims")
        }
        if let delims, delims.split(separator: ",", omittingEmptySubsequences: false).count != 2 {
            throw ValidationError("--delims should have exactly 2 values split by ',' but value was '\(delims)'")
        }
        for argument in arguments where !argument.contains("=") {
            throw ValidationError("template argument \"\(argument)\" must be KEY=VALUE")
        }
    }

    func run() async throws {
        var left = "{{", right = "}}"
        if let delims {
            let parts = delims.split(separator: ",", omittingEmptySubsequences: false)
            (left, right) = (String(parts[0]), String(parts[1]))
        } else if let leftDelim, let rightDelim {
            (left, right) = (leftDelim, rightDelim)
        }
        var values: [String: String] = [:]
        for argument in arguments {
            let equals = argument.firstIndex(of: "=")!
            values[String(argument[..<equals])] = String(argument[argument.index(after: equals)...])
        }
        let project = try global.locate()
        try await project.materializePlan()
        let vars = project.vars(plan: try await project.loadPlanFile())
        if let text = try TemplateFile(project: project).render(
            name, arguments: values, vars: vars, leftDelimiter: left, rightDelimiter: right,
            output: output, ignoreProjectOverrides: ignoreProjectOverrides)
        {
            StandardOutput.write(text)
        }
    }
}
