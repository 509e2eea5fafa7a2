import Foundation
import ReleaseModel
import Yams

/// Finds the Flux Kustomization among a release's manifests (spec §3.4).
enum Kustomization {
    /// The first regular file, walking `folder` depth-first in lexical order, whose first YAML
    /// document has `apiVersion: kustomize.toolkit.fluxcd.io/…` and `kind: Kustomization`.
    /// Files after the match are not read; a file before it that is not YAML is an error.
    static func find(in folder: URL, relativeTo root: URL) throws(ConfigRepositoryError) -> URL? {
        let fileManager = FileManager.default
        let names: [String]
        do {
            names = try fileManager.contentsOfDirectory(atPath: folder.path).sorted()
        } catch {
            throw .file(path: folder.path, reason: "\(error)")
        }
        for name in names {
            let entry = folder.appendingPathComponent(name)
            if SafeRoot.isSymbolicLink(entry) { continue }
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: entry.path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                if let found = try find(in: entry, relativeTo: root) { return found }
                continue
            }
            if try isFluxKustomization(entry, relativeTo: root) { return entry }
        }
        return nil
    }

    /// The same search over files held in memory (paths relative to the release folder): the
    /// path of the first Kustomization in the order the folder walk would meet them.
    static func find(in files: [ReleaseFile], folder: String) throws(ConfigRepositoryError) -> String? {
        let ordered = files.sorted { $0.path.split(separator: "/").lexicographicallyPrecedes($1.path.split(separator: "/")) }
        for file in ordered {
            if try isFluxKustomization(file.contents, path: folder + "/" + file.path) { return file.path }
        }
        return nil
    }

    static func isFluxKustomization(_ file: URL, relativeTo root: URL) throws(ConfigRepositoryError) -> Bool {
        let relative = String(file.path.dropFirst(root.path.count + 1))
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw .file(path: relative, reason: "\(error)")
        }
        return try isFluxKustomization(data, path: relative)
    }

    static func isFluxKustomization(_ data: Data, path relative: String) throws(ConfigRepositoryError) -> Bool {
        guard let text = String(data: data, encoding: .utf8) else {
            throw .manifest(path: relative, reason: "not UTF-8 text")
        }
        do {
            guard let document = try Parser(yaml: text).nextRoot() else { return false }
            let apiVersion = document["apiVersion"]?.string ?? ""
            let kind = document["kind"]?.string ?? ""
            return apiVersion.hasPrefix("kustomize.toolkit.fluxcd.io/") && kind == "Kustomization"
        } catch {
            throw .manifest(path: relative, reason: "\(error)")
        }
    }
}
