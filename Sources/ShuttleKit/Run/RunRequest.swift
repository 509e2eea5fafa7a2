/// What `shuttle run ARGUMENTS…` asks for, decided from its words and the available scripts.
public enum RunRequest: Sendable, Equatable {
    /// `shuttle run --help` without a script: the command's help, then the scripts.
    case listScripts
    /// `shuttle run SCRIPT --help [--template T]`: describe the script.
    case describe(Script, template: String?)
    /// Run the script with these values. When the invocation is interactive and validating,
    /// the caller asks for the required arguments that are still missing.
    case run(Script, ScriptInvocation)

    /// Parses `shuttle run`'s words: run options may come before the script name, the rest are
    /// the script's arguments (see ``ScriptInvocation``). Unless `--validate=false`, required
    /// arguments must have values or the run is interactive.
    public static func parse(
        _ arguments: [String], scripts: [String: Script], interactiveByDefault: Bool
    ) throws(ShuttleError) -> RunRequest {
        var tokens = arguments[...]
        var leading: [String] = []
        while let first = tokens.first, first.hasPrefix("-") {
            leading.append(tokens.removeFirst())
            // `--template T` takes the next word as its value.
            if first == "--template", let value = tokens.first {
                leading.append(value)
                tokens.removeFirst()
            }
        }
        guard let name = tokens.first else {
            if leading.contains("--help") || leading.contains("-h") { return .listScripts }
            throw .usage("shuttle run needs a script name.\n\n" + ScriptList.text(scripts))
        }
        guard let script = scripts[name] else {
            throw .configuration("unknown script \"\(name)\"\n\n" + ScriptList.text(scripts))
        }
        let invocation = try ScriptInvocation.parse(leading + tokens.dropFirst(), for: script, interactiveByDefault: interactiveByDefault)
        if invocation.help { return .describe(script, template: invocation.template) }
        if invocation.validate, !invocation.interactive {
            let missing = invocation.missingRequired(in: script)
            if !missing.isEmpty {
                let flags = missing.map { "\"\($0.flagName)\"" }.joined(separator: ", ")
                throw .usage("required flag(s) \(flags) not set for script \"\(script.name)\"")
            }
        }
        return .run(script, invocation)
    }
}
