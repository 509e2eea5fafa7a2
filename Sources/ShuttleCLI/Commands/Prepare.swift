import ArgumentParser
import ShuttleKit

struct Prepare: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Fetch or copy the plan into .shuttle/plan and check it, without running anything.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let project = try global.locate()
        try await project.materializePlan()
        _ = try await project.loadPlanFile()
    }
}
