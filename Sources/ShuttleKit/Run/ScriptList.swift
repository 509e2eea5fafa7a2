import GoTemplate

/// The scripts of a project and its plan as `shuttle ls`, `shuttle run --help` and their
/// `--template` options show them.
public enum ScriptList {
    /// What follows the header when there is nothing to list (shuttle prints only the header;
    /// this hint goes to stderr).
    public static let emptyHint = "No scripts are available: neither the plan nor shuttle.yaml declares any."

    /// `shuttle ls`: the reference's header, then each script and its description.
    public static func text(_ scripts: [String: Script]) -> String {
        let width = nameWidth(scripts)
        var out = "Available Scripts:\n"
        for (name, script) in scripts.sorted(by: { $0.key < $1.key }) {
            out += "  " + name.padding(toLength: width, withPad: " ", startingAt: 0) + " " + upperFirst(script.description) + "\n"
        }
        return out
    }

    /// The width names are padded to: the longest plus two, at least twelve.
    public static func nameWidth(_ scripts: [String: Script]) -> Int {
        max(10, scripts.keys.map(\.count).max() ?? 0) + 2
    }

    /// `shuttle ls --template`'s data: `.Scripts` by name, `.Max` the name width.
    public static func templateData(_ scripts: [String: Script]) -> Value {
        .record(Record(typeName: "lsTemplateData", fields: [
            ("Scripts", .map(scripts.mapValues(value))),
            ("Max", .int(nameWidth(scripts))),
        ]))
    }

    /// `shuttle run SCRIPT --help`: usage, description and flags.
    public static func help(_ script: Script) -> String {
        var text = "Usage: shuttle run \(script.name)\(script.arguments.isEmpty ? "" : " [flags]")\n"
        if !script.description.isEmpty { text += "\n\(script.description)\n" }
        if !script.arguments.isEmpty {
            text += "\nFlags:\n"
            let width = script.arguments.map { $0.flagName.count + ($0.kind == .bool ? 0 : 7) }.max() ?? 0
            for argument in script.arguments {
                let left = "--\(argument.flagName)" + (argument.kind == .bool ? "" : " string")
                var line = "  " + left.padding(toLength: width + 2 + 3, withPad: " ", startingAt: 0) + argument.description
                if argument.required { line += " (required)" }
                text += line + "\n"
            }
        }
        return text
    }

    static func upperFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }

    /// A script as template data: `.Description`, `.Actions` (`.Shell`), `.Args` (`.Name`, `.Required`, `.Description`, `.Type`).
    public static func value(_ script: Script) -> Value {
        let actions: [Value] = script.actions.map { action in
            switch action {
            case .shell(let code): .record(Record(typeName: "ShuttleAction", fields: [("Shell", .string(code)), ("Task", "")]))
            case .unsupported(let kind, _): .record(Record(typeName: "ShuttleAction", fields: [("Shell", ""), ("Task", .string(kind))]))
            }
        }
        let args: [Value] = script.arguments.map { argument in
            .record(Record(typeName: "ShuttleScriptArgs", fields: [
                ("Name", .string(argument.name)), ("Required", .bool(argument.required)),
                ("Description", .string(argument.description)), ("Type", .string(argument.kind == .bool ? "bool" : "")),
            ]))
        }
        return .record(Record(typeName: "ShuttlePlanScript", fields: [
            ("Description", .string(script.description)), ("Actions", .list(actions)), ("Args", .list(args)),
        ]))
    }
}
