import Foundation
import MoonbaseStore
import Yams

/// The service's `shuttle.yaml` in an artifact upload: optional, at the top level beside
/// `artifact.json`, kept so that the portal can show the service's spec and language.
enum ServiceSpecFile {
    static let name = "shuttle.yaml"
    static let maximumBytes = 64 << 10

    /// The spec in `data`; refused when it is not a YAML mapping in UTF-8.
    static func parse(_ data: Data) throws(ArtifactArchiveError) -> ServiceSpec {
        guard data.count <= maximumBytes else {
            throw ArtifactArchiveError(entry: name, "is \(data.count) bytes: a service's spec may be at most \(maximumBytes / 1024) KiB")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ArtifactArchiveError(entry: name, "is not UTF-8 text")
        }
        let document: Any?
        do {
            document = try Yams.load(yaml: text)
        } catch {
            throw ArtifactArchiveError(entry: name, "is not valid YAML: \(error)")
        }
        guard let mapping = document as? [String: Any] else {
            throw ArtifactArchiveError(entry: name, "must be a YAML mapping (plan:, vars:), as shuttle reads it")
        }
        let language = (mapping["vars"] as? [String: Any])?["language"] as? String ?? ""
        return ServiceSpec(text: text, language: String(language.prefix(64)))
    }
}
