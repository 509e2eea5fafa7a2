import Foundation
import Yams

/// What hamctl takes from the nearest `shuttle.yaml` (this folder or a parent): the service
/// (`vars.service`) and the namespace (`vars.k8s.namespace`), so inside a service's
/// repository `--service` is not needed.
public struct ProjectDefaults: Sendable, Equatable {
    public var service: String?
    public var namespace: String?
    /// The file they came from, for messages.
    public var file: String?

    /// Looks in `directory` and its parents; none found gives empty defaults. A shuttle.yaml
    /// that is not YAML is an error naming it and the line.
    public static func find(from directory: String = FileManager.default.currentDirectoryPath) throws(HamctlError) -> ProjectDefaults {
        var folder = URL(fileURLWithPath: directory).standardizedFileURL
        while true {
            let candidate = folder.appendingPathComponent("shuttle.yaml").path
            if FileManager.default.isReadableFile(atPath: candidate) {
                return try read(candidate)
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { return ProjectDefaults() }
            folder = parent
        }
    }

    public static func read(_ path: String) throws(HamctlError) -> ProjectDefaults {
        let text: String
        let document: Any?
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
            document = try Yams.load(yaml: text)
        } catch let error as YamlError {
            throw HamctlError("\(path) is not valid YAML: \(error)")
        } catch {
            throw HamctlError("could not read \(path): \(error.localizedDescription)")
        }
        let vars = (document as? [String: Any])?["vars"] as? [String: Any]
        let k8s = vars?["k8s"] as? [String: Any]
        return ProjectDefaults(service: Self.text(vars?["service"]), namespace: Self.text(k8s?["namespace"]), file: path)
    }

    private static func text(_ value: Any?) -> String? {
        guard let value, !(value is [Any]), !(value is [String: Any]) else { return nil }
        let string = "\(value)".trimmingCharacters(in: .whitespaces)
        return string.isEmpty ? nil : string
    }
}
