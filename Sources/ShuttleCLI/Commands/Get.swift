import ArgumentParser
import ShuttleKit

struct Get: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a variable of shuttle.yaml (plan vars are defaults) as YAML.",
        discussion: "KEY is a dot path: `shuttle get docker.image`. A missing key prints nothing.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The variable's dot path.")
    var key: String

    @Option(help: "Render the value with this Go template instead of printing it as YAML.")
    var template: String?

    func run() async throws {
        let project = try global.locate(.error)
        StandardOutput.write(try project.variableText(key, template: template, plan: try await project.loadPlanFile()))
    }
}
