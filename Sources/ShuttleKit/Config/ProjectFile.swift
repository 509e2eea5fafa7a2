import Foundation
import GoTemplate

/// A project's `shuttle.yaml`: which plan it uses, its variables and its own scripts.
public struct ProjectFile: Sendable {
    /// The `plan:` value as written (`false` for no plan), for `shuttle plan` and `config`.
    public var planText: String
    /// `plan:` as its YAML value (`false` stays a boolean), for `{{ .PlanRaw }}`.
    public var planRaw: Value
    public var vars: Value
    public var scripts: [String: Script]

    static let keys = ["plan", "vars", "scripts"]

    /// Reads and validates `shuttle.yaml` at `path`.
    public static func load(_ path: String) throws(ShuttleError) -> ProjectFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .configuration("Failed to load shuttle configuration: cannot read \(path)")
        }
        return try parse(String(decoding: data, as: UTF8.self), file: path)
    }

    public static func parse(_ text: String, file: String) throws(ShuttleError) -> ProjectFile {
        let yaml = StrictYAML(file: file)
        guard let root = try yaml.root(text), !yaml.isNull(root) else {
            throw yaml.at(nil, nil, "the file is empty; it needs at least `plan:` (a path, a git URL, or false)")
        }
        var project = ProjectFile(planText: "", planRaw: .null, vars: .map([:]), scripts: [:])
        var sawPlan = false
        for entry in try yaml.mapping(root, "shuttle.yaml", allowed: keys) {
            switch entry.key {
            case "plan":
                switch try yaml.value(entry.value) {
                case .bool(false):
                    project.planText = "false"
                    project.planRaw = .bool(false)
                    sawPlan = true
                case .string(let s):
                    project.planText = s
                    project.planRaw = .string(s)
                    sawPlan = true
                case .null:
                    break
                default:
                    throw yaml.at(entry.value, "plan must be a path, a git URL or false, not \(yaml.describe(entry.value))")
                }
            case "vars":
                project.vars = try yaml.vars(entry.value)
            default:
                project.scripts = try Script.parseAll(entry.value, in: yaml)
            }
        }
        guard sawPlan else {
            throw yaml.at(root, "no `plan:` found; set it to a plan path, a git URL (https://…/plan.git#ref) or false")
        }
        return project
    }
}

/// A plan's `plan.yaml`: shared scripts, default variables and a documentation link.
public struct PlanFile: Sendable {
    public var scripts: [String: Script]
    public var vars: Value
    public var documentation: String

    static let keys = ["scripts", "vars", "documentation"]

    public static func load(planDirectory: String) throws(ShuttleError) -> PlanFile {
        let path = planDirectory + "/plan.yaml"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .configuration("Failed to open plan configuration: \(path) does not exist\n\nMake sure the plan in shuttle.yaml points at a folder or repository with a plan.yaml.")
        }
        return try parse(String(decoding: data, as: UTF8.self), file: path)
    }

    public static func parse(_ text: String, file: String) throws(ShuttleError) -> PlanFile {
        let yaml = StrictYAML(file: file)
        var plan = PlanFile(scripts: [:], vars: .map([:]), documentation: "")
        guard let root = try yaml.root(text), !yaml.isNull(root) else { return plan }
        for entry in try yaml.mapping(root, "plan.yaml", allowed: keys) {
            switch entry.key {
            case "scripts":
                plan.scripts = try Script.parseAll(entry.value, in: yaml)
            case "vars":
                plan.vars = try yaml.vars(entry.value)
            default:
                plan.documentation = try yaml.string(entry.value, "documentation")
            }
        }
        return plan
    }
}
