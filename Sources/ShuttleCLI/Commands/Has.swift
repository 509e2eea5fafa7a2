import ArgumentParser
import ShuttleKit

struct Has: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Tell whether a variable (or, with --script, a script) exists.",
        discussion: "Exits 0 when it exists, 1 when not, 2 outside a project; prints nothing unless --stdout.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Look for a script instead of a variable.")
    var script = false

    @Flag(name: [.customShort("o"), .customLong("stdout")], help: "Print true or false and exit 0.")
    var stdout = false

    @Argument(help: "The variable's dot path, or the script's name.")
    var name: String

    func run() async throws {
        let project: Project
        do {
            project = try global.locate(.silent)
        } catch {
            throw ShuttleError(.silent(status: 2), error.message)
        }
        let planFile = try await project.loadPlanFile()
        let found: Bool
        if script {
            found = project.scripts(plan: planFile)[name] != nil
        } else if let value = project.vars(plan: planFile).lookup(path: name), value != .null {
            found = true
        } else {
            found = false
        }
        if stdout {
            StandardOutput.write(found ? "true" : "false")
        } else if !found {
            throw ShuttleError(.silent(status: 1), "")
        }
    }
}
