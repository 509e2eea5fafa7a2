import ArgumentParser
import ShuttleKit

struct Ls: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the scripts of the plan and project.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Render with this Go template instead (data: .Scripts by name, .Max name width).")
    var template: String?

    func run() async throws {
        let project = try global.locate()
        let scripts = project.scripts(plan: try await project.loadPlanFile())
        guard let template else {
            Ls.list(scripts, console: project.console)
            return
        }
        StandardOutput.write(try TemplateRendering.renderInline(template, data: ScriptList.templateData(scripts)))
    }

    /// The listing on stdout, and a hint on stderr when it is empty.
    static func list(_ scripts: [String: Script], console: Console) {
        StandardOutput.write(ScriptList.text(scripts))
        if scripts.isEmpty { console.info(ScriptList.emptyHint) }
    }
}
