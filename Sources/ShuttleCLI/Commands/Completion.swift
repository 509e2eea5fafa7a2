import ArgumentParser
import ShuttleKit

struct Completion: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a shell completion script (bash, zsh or fish).",
        discussion: "For example: `source <(shuttle completion bash)`. Script names and each script's arguments complete too.")

    enum Shell: String, ExpressibleByArgument, CaseIterable {
        case bash, zsh, fish
    }

    @Argument(help: "bash, zsh or fish.")
    var shell: Shell

    func run() {
        let kind: CompletionShell = switch shell {
        case .bash: .bash
        case .zsh: .zsh
        case .fish: .fish
        }
        StandardOutput.write(Shuttle.completionScript(for: kind))
    }
}

/// Completions for `shuttle run`: script names, then the chosen script's flags.
enum ScriptCompletion {
    static func complete(words: [String], index: Int) -> [String] {
        var options = ShuttleOptions()
        if let p = words.firstIndex(where: { $0 == "-p" || $0 == "--project" }), p + 1 < words.count {
            options.projectPath = words[p + 1]
        }
        guard let project = try? Project.locate(options, console: Console(level: .silent)),
              let planFile = try? project.planFileOnDisk()
        else { return [] }
        let scripts = project.scripts(plan: planFile)
        // The script is the first word after `run` that is not a flag.
        guard let run = words.firstIndex(of: "run") else { return scripts.keys.sorted() }
        let scriptWord = words[(run + 1)...].enumerated().first { offset, word in
            run + 1 + offset != index && !word.hasPrefix("-")
        }
        guard let (_, name) = scriptWord, let script = scripts[name] else { return scripts.keys.sorted() }
        return script.arguments.map { "--\($0.flagName)" } + ["--validate=false", "--interactive", "--help"]
    }
}
