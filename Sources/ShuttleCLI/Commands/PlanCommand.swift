import ArgumentParser
import GoTemplate
import ShuttleKit

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plan", abstract: "Print the project's plan, as written in shuttle.yaml.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Render with this Go template (data: .Plan, .PlanRaw, .LocalPlanPath, .ProjectPath, .TempDirectoryPath).")
    var template: String?

    func run() async throws {
        let project = try global.locate(.error)
        let data = Value.record(Record(typeName: "planTemplateData", fields: [
            ("Plan", .string(project.file.planText == "false" ? "" : project.file.planText)),
            ("PlanRaw", project.file.planRaw),
            ("LocalPlanPath", .string(project.localPlanPath)),
            ("ProjectPath", .string(project.directory)),
            ("TempDirectoryPath", .string(project.temporaryDirectory)),
        ]))
        StandardOutput.write(try TemplateRendering.renderInline(template ?? "{{.Plan}}", data: data))
    }
}
