import Crypto
import Foundation
import GitRunner
import GoCompat
import ReleaseModel

extension ConfigRepository {
    /// Commits `releases` on `HEAD`, one commit each in order, with one `git fast-import` for
    /// the whole batch instead of several git processes per release. Each release is the same
    /// commit ``writeRelease(environment:namespace:service:files:artifactJSON:)`` and
    /// ``commit(message:author:)`` would make: the same tree (release folder replaced, the
    /// first Flux Kustomization moved to `clusters/`), message, author and committer.
    ///
    /// Returns, per release, its commit; nil when the repository already holds exactly that
    /// release (nothing committed); or the error that refused it (a bad file path or manifest),
    /// which leaves the other releases unaffected. Throws when git fails. The index and working
    /// tree follow `HEAD` afterwards.
    ///
    /// With a signing key, commits are made one by one with the writing steps instead, because
    /// fast-import cannot sign.
    public func commitReleases(_ releases: [ReleaseWrite]) async throws(ConfigRepositoryError) -> [Result<String?, ConfigRepositoryError>] {
        if options.signingKey != nil { return try await commitOneByOne(releases) }
        let snapshot = try await snapshots.snapshot(of: self)
        let sha256 = snapshot.head.count == 64
        let date = Date()
        var next = snapshot
        var results: [Result<String?, ConfigRepositoryError>] = []
        var committed: [(position: Int, folder: String, files: [String: String], release: ReleaseWrite)] = []
        var stream = Data()
        var contents: [String: Data] = [:]
        for (position, release) in releases.enumerated() {
            let folder: String
            let changes: [String: Data]
            do {
                (folder, changes) = try tree(of: release)
            } catch {
                results.append(.failure(error))
                continue
            }
            let ids = changes.mapValues { Self.blobID($0, sha256: sha256) }
            results.append(.success(nil))  // the commit, once fast-import made it
            if next.holds(folder: folder, files: ids) { continue }
            // Recorded now (with a placeholder commit) so later releases of the batch compare
            // with it; the commit is filled in after fast-import.
            next.recordRelease(
                commit: ConfigSnapshot.CommitInfo(hash: next.head, committedAt: .zero, releasedBy: Person(name: "", email: "")),
                folder: folder, files: ids, artifactPath: folder + "/" + layout.artifactFileName,
                release: ConfigSnapshot.Release(environment: release.environment, namespace: release.namespace, service: release.service, data: release.artifactJSON)
            )
            committed.append((position, folder, ids, release))
            contents.merge(changes) { $1 }
            stream.append(command(for: release, folder: folder, changes: changes, mark: committed.count, parent: committed.count == 1 ? snapshot.head : nil, date: date))
        }
        guard !committed.isEmpty else { return results }
        let commits = try await fastImport(stream)
        var adopted = snapshot
        for (mark, item) in zip(1..., committed) {
            guard let commit = commits[mark] else {
                throw .git(GitError(arguments: ["fast-import"], directory: root.path, exitCode: 0, stderr: "no commit for mark :\(mark)", stdout: ""))
            }
            results[item.position] = .success(commit)
            let offset = TimeZone.current.secondsFromGMT(for: date)
            adopted.recordRelease(
                commit: ConfigSnapshot.CommitInfo(
                    hash: commit, committedAt: GoTime(secondsSince1970: Int64(date.timeIntervalSince1970), utcOffsetSeconds: Int32(offset)),
                    releasedBy: ReleaseCommitMessage.parse(item.release.message)?.releasedBy ?? Person(name: "", email: "")
                ),
                folder: item.folder, files: item.files, artifactPath: item.folder + "/" + layout.artifactFileName,
                release: ConfigSnapshot.Release(environment: item.release.environment, namespace: item.release.namespace, service: item.release.service, data: item.release.artifactJSON)
            )
        }
        try await checkOut(from: snapshot, to: adopted, contents: contents)
        snapshots.adopt(adopted)
        return results
    }

    /// fast-import moved the branch: brings the working tree and the index from `old` to `new`
    /// by writing the files that changed (`contents`) and updating only their index entries.
    /// (`git read-tree -m -u` would walk every tree of the repository.)
    private func checkOut(from old: ConfigSnapshot, to new: ConfigSnapshot, contents: [String: Data]) async throws(ConfigRepositoryError) {
        var paths: [String] = []
        for path in old.blobs.keys where new.blobs[path] == nil {
            let file = try url(path)
            do {
                if FileManager.default.fileExists(atPath: file.path) { try FileManager.default.removeItem(at: file) }
            } catch {
                throw .file(path: path, reason: "\(error)")
            }
            paths.append(path)
        }
        for (path, id) in new.blobs where old.blobs[path] != id {
            guard let data = contents[path] else { continue }
            let file = try url(path)
            do {
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory), isDirectory.boolValue {
                    try FileManager.default.removeItem(at: file)  // a folder of the old release, now a file
                }
                try data.write(to: file)
            } catch {
                throw .file(path: path, reason: "\(error)")
            }
            paths.append(path)
        }
        guard !paths.isEmpty else { return }
        let arguments = ["update-index", "--add", "--remove", "-z", "--stdin"]
        let output = try await attempt(arguments, input: Data(paths.joined(separator: "\0").utf8) + Data([0]))
        guard output.exitCode == 0 else { throw .git(git.error(arguments, output)) }
    }

    /// The release folder and the files the release writes (folder files and the moved
    /// Kustomization), checked as ``writeRelease(environment:namespace:service:files:artifactJSON:)`` checks them.
    private func tree(of release: ReleaseWrite) throws(ConfigRepositoryError) -> (folder: String, files: [String: Data]) {
        let folder: String
        let kustomizationPath: String
        do {
            folder = try layout.releaseFolder(environment: release.environment, namespace: release.namespace, service: release.service)
            kustomizationPath = try layout.kustomizationFile(environment: release.environment, namespace: release.namespace, service: release.service)
        } catch {
            throw .invalidName(error)
        }
        var contents: [String: Data] = [:]
        for file in release.files {
            if let problem = ReleaseFile.problem(with: file.path) {
                throw .invalidReleaseFile(path: file.path, reason: problem)
            }
            contents[file.path] = file.contents
        }
        contents[layout.artifactFileName] = release.artifactJSON
        for path in contents.keys {
            var parent = path
            while let slash = parent.lastIndex(of: "/") {
                parent = String(parent[..<slash])
                if contents[parent] != nil {
                    throw .file(path: folder + "/" + parent, reason: "'\(parent)' is both a file and a folder of the release")
                }
            }
        }
        let files = contents.map { ReleaseFile(path: $0.key, contents: $0.value) }
        var tree: [String: Data] = [:]
        let kustomization = try Kustomization.find(in: files, folder: folder)
        for file in files where file.path != kustomization {
            tree[folder + "/" + file.path] = file.contents
        }
        if let kustomization {
            tree[kustomizationPath] = contents[kustomization]
        }
        return (folder, tree)
    }

    /// The fast-import commands of one release commit.
    private func command(for release: ReleaseWrite, folder: String, changes: [String: Data], mark: Int, parent: String?, date: Date) -> Data {
        var message = release.message
        if !message.hasSuffix("\n") { message += "\n" }  // as `git commit-tree -m` stores it
        let identity = "\(options.committer.name) <\(options.committer.email)> \(Self.gitTimestamp(date))"
        var text = "commit refs/heads/\(branch)\nmark :\(mark)\nauthor \(identity)\ncommitter \(identity)\ndata \(message.utf8.count)\n\(message)"
        if let parent { text += "from \(parent)\n" }
        text += "D \(Self.quoted(folder))\n"
        var data = Data(text.utf8)
        for path in changes.keys.sorted() {
            let contents = changes[path] ?? Data()
            data.append(Data("M 100644 inline \(Self.quoted(path))\ndata \(contents.count)\n".utf8))
            data.append(contents)
            data.append(0x0A)
        }
        data.append(0x0A)
        return data
    }

    /// Runs fast-import on `stream`; the commit of each mark.
    private func fastImport(_ stream: Data) async throws(ConfigRepositoryError) -> [Int: String] {
        let marksFile = root.appendingPathComponent(".git/moonbase-fast-import.marks")
        try? FileManager.default.removeItem(at: marksFile)
        defer { try? FileManager.default.removeItem(at: marksFile) }
        let arguments = ["fast-import", "--quiet", "--export-marks=\(marksFile.path)"]
        let output = try await attempt(arguments, input: stream + Data("done\n".utf8))
        guard output.exitCode == 0 else { throw .git(git.error(arguments, output)) }
        let text: String
        do {
            text = try String(contentsOf: marksFile, encoding: .utf8)
        } catch {
            throw .file(path: marksFile.path, reason: "\(error)")
        }
        var commits: [Int: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 2, parts[0].hasPrefix(":"), let mark = Int(parts[0].dropFirst()) else { continue }
            commits[mark] = String(parts[1])
        }
        return commits
    }

    private func commitOneByOne(_ releases: [ReleaseWrite]) async throws(ConfigRepositoryError) -> [Result<String?, ConfigRepositoryError>] {
        var results: [Result<String?, ConfigRepositoryError>] = []
        for release in releases {
            do {
                let changed = try await writeRelease(
                    environment: release.environment, namespace: release.namespace, service: release.service,
                    files: release.files, artifactJSON: release.artifactJSON
                )
                results.append(.success(changed ? try await commit(message: release.message) : nil))
            } catch {
                try await discardUncommittedChanges()
                results.append(.failure(error))
            }
        }
        return results
    }

    /// The id git gives a file with `contents`.
    static func blobID(_ contents: Data, sha256: Bool) -> String {
        let object = Data("blob \(contents.count)\0".utf8) + contents
        let digest = sha256 ? Array(SHA256.hash(data: object)) : Array(Insecure.SHA1.hash(data: object))
        return Hex.encode(digest)
    }

    /// A path as fast-import reads it: C-style quoted, so spaces and quotes need no care.
    private static func quoted(_ path: String) -> String {
        "\"" + path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// `<seconds> <±hhmm>` in the local time zone, as git writes commit times.
    private static func gitTimestamp(_ date: Date) -> String {
        let offset = TimeZone.current.secondsFromGMT(for: date)
        let minutes = abs(offset) / 60
        return "\(Int(date.timeIntervalSince1970)) \(offset < 0 ? "-" : "+")\(String(format: "%02d%02d", minutes / 60, minutes % 60))"
    }
}
