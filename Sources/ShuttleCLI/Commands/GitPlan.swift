import ArgumentParser
import ShuttleKit

struct GitPlan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "git-plan",
        abstract: "Run git in the plan's clone (.shuttle/plan), e.g. `shuttle git-plan log -1`.")

    @OptionGroup var global: GlobalOptions

    @Argument(parsing: .captureForPassthrough, help: "Arguments for git.")
    var arguments: [String] = []

    func run() async throws {
        let project = try global.locate()
        guard case .git = project.plan else {
            throw ShuttleError.configuration("git-plan needs a git plan; this project's plan is \(project.file.planText)")
        }
        try await project.materializePlan()
        // `shuttle git-plan -- log --format=%s`: the `--` only ends shuttle's own options.
        let status = try await project.runGitInPlan(arguments.first == "--" ? Array(arguments.dropFirst()) : arguments)
        if status != 0 { throw ShuttleError(.silent(status: status), "") }
    }
}
