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
        try await Has.answer(name, script: script, stdout: stdout, options: global.options)
    }

    /// Exit 0 when found, 1 when not, 2 outside a project, all silently; with `stdout`,
    /// print true or false and exit 0.
    static func answer(_ name: String, script: Bool, stdout: Bool, options: ShuttleOptions) async throws(ShuttleError) {
        let project: Project
        do {
            project = try Project.locate(options, console: Console(level: .silent))
        } catch {
            throw ShuttleError(.silent(status: 2), error.message)
        }
        let found = try await project.has(name, script: script)
        if stdout {
            StandardOutput.write(found ? "true" : "false")
        } else if !found {
            throw ShuttleError(.silent(status: 1), "")
        }
    }
}
