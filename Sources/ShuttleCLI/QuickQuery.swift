import ShuttleKit

/// The forms that scripts call dozens of times per pipeline (`$(shuttle get x)`, `shuttle has
/// x`, `shuttle ls`), recognised without swift-argument-parser, whose start-up costs about
/// 4 ms per call (docs/benchmarks.md). They run the same library code as the `Get`, `Has` and
/// `Ls` commands, synchronously, so that the Swift concurrency runtime is not even started.
/// Anything else (other flags, `--help`, `--template`) goes to the full parser.
struct QuickQuery {
    enum Command {
        case get(key: String)
        case has(name: String, script: Bool, stdout: Bool)
        case ls
    }

    var options = ShuttleOptions()
    var command: Command

    init?(_ arguments: [String]) {
        var index = 0
        while index < arguments.count, arguments[index] == "-p" || arguments[index] == "--project" {
            guard index + 1 < arguments.count else { return nil }
            options.projectPath = arguments[index + 1]
            index += 2
        }
        guard index < arguments.count else { return nil }
        let rest = arguments[(index + 1)...]
        switch arguments[index] {
        case "get":
            guard rest.count == 1, let key = rest.first, !key.hasPrefix("-") else { return nil }
            command = .get(key: key)
        case "has":
            var script = false, stdout = false
            var name: String?
            for token in rest {
                switch token {
                case "--script": script = true
                case "-o", "--stdout": stdout = true
                default:
                    guard !token.hasPrefix("-"), name == nil else { return nil }
                    name = token
                }
            }
            guard let name else { return nil }
            command = .has(name: name, script: script, stdout: stdout)
        case "ls":
            guard rest.isEmpty else { return nil }
            command = .ls
        default:
            return nil
        }
    }

    /// Answers the query, or returns nil when the plan must be fetched first (a git plan not
    /// cloned yet), which the full command does.
    func run() throws(ShuttleError) -> Bool? {
        switch command {
        case .get(let key):
            let project = try Project.locate(options, console: Console(level: .error))
            guard project.planIsOnDisk else { return nil }
            StandardOutput.write(try project.variableText(key, plan: try project.planFileOnDisk()))
        case .has(let name, let script, let stdout):
            let project = try Has.locate(options)
            guard project.planIsOnDisk else { return nil }
            try Has.answer(project.has(name, script: script, plan: try project.planFileOnDisk()), stdout: stdout)
        case .ls:
            let project = try Project.locate(options, console: Console(level: .info))
            guard project.planIsOnDisk else { return nil }
            Ls.list(project.scripts(plan: try project.planFileOnDisk()), console: project.console)
        }
        return true
    }
}
