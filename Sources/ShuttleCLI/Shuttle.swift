import ArgumentParser
import Foundation
import ShuttleKit

/// The `shuttle` command: share build, test and deploy tooling between repositories through plans.
public struct Shuttle: AsyncParsableCommand {
    public static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "shuttle",
        abstract: "Run a project's scripts and templates from a shared plan.",
        discussion: """
            A project's shuttle.yaml names a plan (a folder or a git repository with plan.yaml) \
            and holds the project's variables. `shuttle run SCRIPT` runs a script of the plan \
            (or of the project); `shuttle get KEY` reads a variable; `shuttle template NAME` \
            renders a template of the plan.
            """,
        subcommands: [
            Run.self, Ls.self, Get.self, Has.self, PlanCommand.self, TemplateCommand.self, Config.self,
            Documentation.self, Prepare.self, GitPlan.self, New.self, Version.self, Completion.self,
        ]
    )

    @OptionGroup var global: GlobalOptions

    public init() {}

    /// Runs shuttle with `arguments` and returns the exit status. Every failure is printed
    /// to stderr; nothing traps.
    public static func execute(arguments: [String]) -> Int32 {
        do {
            if let query = QuickQuery(arguments), try query.run() != nil { return 0 }
        } catch {
            return report(error)
        }
        // The full parser and commands are async; the main thread waits for them.
        let status = ExitStatus()
        let done = DispatchSemaphore(value: 0)
        Task {
            status.value = await run(arguments: arguments)
            done.signal()
        }
        done.wait()
        return status.value
    }

    static func run(arguments: [String]) async -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return 0
        } catch let error as ShuttleError {
            return report(error)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { StandardOutput.write(message + "\n") }
                return 0
            }
            if !message.isEmpty { Console(level: .error).error(message) }
            // Usage errors exit 1, as the reference does; other codes pass through.
            return code.rawValue == 64 ? 1 : code.rawValue
        }
    }

    private static func report(_ error: ShuttleError) -> Int32 {
        if case .silent(let status) = error.kind { return status }
        Console(level: .error).error("shuttle failed\n\(error.message)")
        return error.exitCode
    }
}

/// The exit status the async commands hand back to the waiting main thread.
private final class ExitStatus: @unchecked Sendable {
    var value: Int32 = 0
}

/// Options every command takes. Give them before script arguments: `shuttle -p dir run build --tag 1`.
struct GlobalOptions: ParsableArguments {
    @Option(name: [.customShort("p"), .long], help: "The project folder (exact: no search in parent folders).")
    var project: String?

    @Flag(name: [.customShort("c"), .long], help: "Delete the project's .shuttle folder first.")
    var clean = false

    @Flag(name: .long, help: "Use an existing git plan clone as it is, without pulling.")
    var skipPull = false

    @Option(name: .long, help: "Use another plan (a path or git URL), or #REF of the configured git plan. Default: $SHUTTLE_PLAN_OVERLOAD. For `new`: the plan to scaffold from, default $SHUTTLE_NEW_PLAN.")
    var plan: String?

    @Flag(name: [.customShort("v"), .long], help: "Print what shuttle does.")
    var verbose = false

    var options: ShuttleOptions {
        ShuttleOptions(projectPath: project, clean: clean, skipPull: skipPull, planOverride: plan, verbose: verbose)
    }

    /// The console at this command's default level (`-v` raises it to verbose).
    func console(_ level: Console.Level) -> Console {
        Console(level: verbose && level >= .error ? .verbose : level)
    }

    func locate(_ level: Console.Level = .info) throws(ShuttleError) -> Project {
        try Project.locate(options, console: console(level))
    }
}

/// The folder holding the running shuttle, put first on actions' PATH so nested calls use it.
var executableDirectory: String {
    let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        ?? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    return (path as NSString).deletingLastPathComponent
}
