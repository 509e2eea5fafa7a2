import ArgumentParser
import Foundation
import ShuttleKit

struct New: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a new service repository from a plan's skeleton.",
        discussion: """
            Renders the plan's skeleton/ folder into a new folder (files ending in .tmpl are \
            templates seeing .Name, .Language, .Plan and .Squad), adds the chosen language's \
            files from skeleton/languages/<language>/, and runs git init. The folder must not \
            exist or be empty; nothing is overwritten. --plan names the plan (a path or git URL, \
            #REF for a branch, tag or sha); default $SHUTTLE_NEW_PLAN.
            """)

    /// `--plan` and `-v` are the global options (the root command parses `--plan` wherever it
    /// appears); `-p`, `-c` and `--skip-pull` concern an existing project and are refused.
    @OptionGroup var global: GlobalOptions

    @Argument(help: "The service's name: lowercase letters, digits and '-', starting with a letter, at most 63 characters.")
    var name: String

    @Option(help: "The service's language: one of the skeleton's languages/ folders (swift, go, node, python, docker).")
    var language: String?

    @Option(help: "The squad that owns the service (default: unknown, to change in shuttle.yaml).")
    var squad: String?

    @Option(help: "The new repository's folder. Default: ./NAME.")
    var into: String?

    func validate() throws {
        if global.project != nil || global.clean || global.skipPull {
            throw ValidationError("shuttle new creates a project: -p/--project, -c/--clean and --skip-pull do not apply; give --plan (a path or git URL of the plan, default $SHUTTLE_NEW_PLAN) and --into")
        }
    }

    func run() async throws {
        let scaffold = Scaffold(name: name, plan: global.plan, language: language, squad: squad, into: into,
                                workingDirectory: FileManager.default.currentDirectoryPath,
                                environment: ProcessInfo.processInfo.environment)
        let result = try await scaffold.run(console: global.console(.info))
        var summary = "Created \(name) (\(result.language)) in \(result.directory):\n"
        for file in result.files { summary += "  \(file)\n" }
        if result.gitInitialized { summary += "and initialised a git repository there.\n" }
        let folder = into ?? name
        summary += "\nNext:\n  cd \(folder) && shuttle run generate\n"
        StandardOutput.write(summary)
    }
}
