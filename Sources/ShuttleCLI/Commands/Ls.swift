import ArgumentParser
import GoTemplate
import ShuttleKit

struct Ls: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the scripts of the plan and project.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Render with this Go template instead (data: .Scripts by name, .Max name width).")
    var template: String?

    func run() async throws {
        let project = try global.locate()
        guard let template else {
            StandardOutput.write(try await ScriptList.listing(project))
            return
        }
        let scripts = project.scripts(plan: try await project.loadPlanFile())
        let data = Value.record(Record(typeName: "lsTemplateData", fields: [
            ("Scripts", .map(scripts.mapValues(ScriptList.value))),
            ("Max", .int(max(10, scripts.keys.map(\.count).max() ?? 0) + 2)),
        ]))
        StandardOutput.write(try TemplateRendering.renderInline(template, data: data))
    }
}
