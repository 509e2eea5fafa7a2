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
        let project = try Has.locate(global.options)
        try Has.answer(project.has(name, script: script, plan: try await project.loadPlanFile()), stdout: stdout)
    }

    /// Outside a project `has` fails silently with status 2.
    static func locate(_ options: ShuttleOptions) throws(ShuttleError) -> Project {
        do {
            return try Project.locate(options, console: Console(level: .silent))
        } catch {
            throw ShuttleError(.silent(status: 2), error.message)
        }
    }

    /// Exit 0 when found and 1 when not, silently; with `stdout`, print true or false and exit 0.
    static func answer(_ found: Bool, stdout: Bool) throws(ShuttleError) {
        if stdout {
            StandardOutput.write(found ? "true" : "false")
        } else if !found {
            throw ShuttleError(.silent(status: 1), "")
        }
    }
}
