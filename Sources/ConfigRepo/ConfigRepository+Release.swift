import Foundation
import ReleaseModel

extension ConfigRepository {
    /// Writes a release into the working tree and stages it (spec §2.2 steps 3–6):
    ///
    /// 1. clean copy: `<env>/releases/<namespace>/<service>/` is removed and recreated with
    ///    `files` (the artifact's `<env>/` folder);
    /// 2. `artifactJSON` is written as `artifact.json` (replacing a file of that name);
    /// 3. the first Flux Kustomization found is moved to `clusters/<env>/<namespace>/<service>.yaml`
    ///    (a stale one from an earlier release is left as it is when there is none).
    ///
    /// Returns whether the staged release differs from what was committed; false means the
    /// environment already runs exactly this. A write that fails puts the release folder and
    /// the Kustomization back as they are at HEAD.
    @discardableResult
    public func writeRelease(
        environment: String, namespace: String, service: String, files: [ReleaseFile], artifactJSON: Data
    ) async throws(ConfigRepositoryError) -> Bool {
        let paths: [String]
        do {
            paths = [
                try layout.releaseFolder(environment: environment, namespace: namespace, service: service),
                try layout.kustomizationFile(environment: environment, namespace: namespace, service: service),
            ]
        } catch {
            throw .invalidName(error)
        }
        do {
            return try await write(environment: environment, namespace: namespace, service: service, files: files, artifactJSON: artifactJSON)
        } catch {
            if case .invalidReleaseFile = error { throw error }
            await restore(paths)
            throw error
        }
    }

    /// Puts `paths` back as they are at HEAD (tracked files restored, new files removed).
    func restore(_ paths: [String]) async {
        _ = try? await attempt(["reset", "--quiet", "HEAD", "--"] + paths)
        _ = try? await attempt(["clean", "-q", "-f", "-d", "--"] + paths)
        for path in paths {
            _ = try? await attempt(["checkout", "--quiet", "HEAD", "--", path])
        }
    }

    private func write(
        environment: String, namespace: String, service: String, files: [ReleaseFile], artifactJSON: Data
    ) async throws(ConfigRepositoryError) -> Bool {
        let folderPath: String
        let kustomizationPath: String
        do {
            folderPath = try layout.releaseFolder(environment: environment, namespace: namespace, service: service)
            kustomizationPath = try layout.kustomizationFile(environment: environment, namespace: namespace, service: service)
        } catch {
            throw .invalidName(error)
        }
        for file in files {
            if let problem = ReleaseFile.problem(with: file.path) {
                throw .invalidReleaseFile(path: file.path, reason: problem)
            }
        }
        let folder = try url(folderPath)
        let fileManager = FileManager.default
        do {
            if fileManager.fileExists(atPath: folder.path) {
                try fileManager.removeItem(at: folder)
            }
            try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
            for file in files {
                let target = try url(folderPath + "/" + file.path)
                try fileManager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try file.contents.write(to: target)
            }
            try artifactJSON.write(to: try url(folderPath + "/" + layout.artifactFileName))
        } catch let error as ConfigRepositoryError {
            throw error
        } catch {
            throw .file(path: folderPath, reason: "\(error)")
        }

        var paths = [folderPath]
        if let kustomization = try Kustomization.find(in: folder, relativeTo: root) {
            let target = try url(kustomizationPath)
            do {
                try fileManager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                if fileManager.fileExists(atPath: target.path) { try fileManager.removeItem(at: target) }
                try fileManager.moveItem(at: kustomization, to: target)
            } catch {
                throw .file(path: kustomizationPath, reason: "\(error)")
            }
            paths.append(kustomizationPath)
        }
        // `add -v` names what it changed in the index; only when it changed nothing is the
        // index compared with HEAD (a staged but uncommitted identical write counts as a change).
        let added = try await run(["add", "-A", "--verbose", "--"] + paths)
        if !added.stdout.isEmpty { return true }
        let diff = try await attempt(["diff", "--cached", "--quiet", "--"] + paths)
        switch diff.exitCode {
        case 0: return false
        case 1: return true
        default: throw .git(git.error(["diff", "--cached", "--quiet"], diff))
        }
    }

    /// Writes an artifact's `<env>/` folder from disk; see
    /// ``writeRelease(environment:namespace:service:files:artifactJSON:)``.
    @discardableResult
    public func writeRelease(
        environment: String, namespace: String, service: String, from folder: URL, artifactJSON: Data
    ) async throws(ConfigRepositoryError) -> Bool {
        let files = try ReleaseFile.files(in: folder)
        return try await writeRelease(environment: environment, namespace: namespace, service: service, files: files, artifactJSON: artifactJSON)
    }
}
