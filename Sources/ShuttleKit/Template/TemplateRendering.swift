import Foundation
import GoTemplate

/// Renders Go text/template + sprig templates the way shuttle does, with shuttle's functions.
public enum TemplateRendering {
    /// Renders an inline template (the `--template` flags); errors are usage errors.
    public static func renderInline(_ text: String, data: Value) throws(ShuttleError) -> String {
        let template: Template
        do {
            template = try Template(name: "template", text: text, functions: .shuttle)
        } catch {
            throw .usage("invalid template: \(error)")
        }
        do {
            return try template.execute(data)
        } catch {
            throw .usage("Failed to execute template: \(error)")
        }
    }
}

/// `shuttle template NAME`: a template file from the project or the plan, rendered with the
/// project's variables.
public struct TemplateFile: Sendable {
    public let project: Project

    public init(project: Project) {
        self.project = project
    }

    /// Where NAME is found, first match wins: `<project>/templates/NAME`, `<project>/NAME`,
    /// `<plan>/templates/NAME`, `<plan>/NAME` (only the plan's with `ignoreProjectOverrides`).
    public func locate(_ name: String, ignoreProjectOverrides: Bool) -> String? {
        let plan = project.localPlanPath
        var candidates: [String] = []
        if !ignoreProjectOverrides {
            candidates += [project.directory + "/templates/" + name, project.directory + "/" + name]
        }
        if plan.isEmpty {
            candidates += [project.options.workingDirectory + "/templates/" + name, project.options.workingDirectory + "/" + name]
        } else {
            candidates += [plan + "/templates/" + name, plan + "/" + name]
        }
        var isDirectory: ObjCBool = false
        return candidates.first { FileManager.default.fileExists(atPath: $0, isDirectory: &isDirectory) && !isDirectory.boolValue }
    }

    /// The data templates see: `.Vars`, `.Args`, `.PlanPath`, `.ProjectPath`.
    public func data(vars: Value, arguments: [String: String]) -> Value {
        .record(Record(typeName: "templateData", fields: [
            ("Vars", vars),
            ("Args", .map(arguments.mapValues(Value.string))),
            ("PlanPath", .string(project.localPlanPath)),
            ("ProjectPath", .string(project.directory)),
        ]))
    }

    /// Renders NAME. With `output`, writes `<project>/.shuttle/temp/OUTPUT` (atomically) and
    /// returns nil; otherwise returns the text.
    public func render(_ name: String, arguments: [String: String], vars: Value, leftDelimiter: String = "{{",
                       rightDelimiter: String = "}}", output: String?, ignoreProjectOverrides: Bool) throws(ShuttleError) -> String? {
        guard let path = locate(name, ignoreProjectOverrides: ignoreProjectOverrides) else {
            throw .usage("template `\(name)` not found; looked in \(project.directory)/templates, \(project.directory)\(project.localPlanPath.isEmpty ? "" : ", \(project.localPlanPath)/templates and \(project.localPlanPath)")")
        }
        guard let contents = FileManager.default.contents(atPath: path) else {
            throw .usage("cannot read template \(path)")
        }
        let template: Template
        do {
            template = try Template(name: (path as NSString).lastPathComponent, text: String(decoding: contents, as: UTF8.self),
                                    leftDelimiter: leftDelimiter, rightDelimiter: rightDelimiter, functions: .shuttle)
        } catch {
            throw .usage("Parse template file failed\nFile: \(path)\n\(error)")
        }
        let text: String
        do {
            text = try template.execute(data(vars: vars, arguments: arguments))
        } catch {
            throw .usage("Failed to execute template\nFile: \(path)\n\(error)")
        }
        guard let output else { return text }
        let destination = project.temporaryDirectory + "/" + output
        do {
            try FileManager.default.createDirectory(atPath: (destination as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: destination), options: .atomic)
        } catch {
            throw .usage("Failed to write \(destination): \(error.localizedDescription)")
        }
        return nil
    }
}
