import Foundation
import GoCompat
import ReleaseModel

extension ConfigRepository {
    /// The releases of `service` to `environment`, newest first, skipping `offset` and returning
    /// at most `count` (fewer when history runs out). Rollbacks count as releases.
    ///
    /// Walks `git log` of the commits that touched `<env>/releases/*/<service>/artifact.json`,
    /// keeps those whose message parses as a release of that environment and service
    /// (case-insensitive, as the reference), and reads `artifact.json` at each commit with
    /// `git show` (no checkouts).
    public func history(environment: String, service: String, count: Int, offset: Int = 0) async throws(ConfigRepositoryError) -> [ReleaseHistoryEntry] {
        do {
            try Name.validate(environment, as: .environment)
            try Name.validate(service, as: .service)
        } catch {
            throw .invalidName(error)
        }
        guard count > 0 else { return [] }
        let needed = offset + count
        let pathspec = ":(glob)\(environment)/releases/*/\(service)/\(layout.artifactFileName)"
        var limit = needed + 8
        var found: [(commit: LogRecord, namespace: String, message: ReleaseCommitMessage)] = []
        while true {
            let records = try await log(limit: limit, pathspecs: [pathspec])
            found = []
            for record in records {
                guard let message = ReleaseCommitMessage.parse(record.message),
                      message.environment.lowercased() == environment.lowercased(),
                      message.service.lowercased() == service.lowercased(),
                      let namespace = namespace(in: record.files, environment: environment, service: service)
                else { continue }
                found.append((record, namespace, message))
                if found.count == needed { break }
            }
            if found.count >= needed || records.count < limit { break }
            limit *= 2
        }

        var entries: [ReleaseHistoryEntry] = []
        for (position, item) in found.enumerated() where position >= offset {
            let path: String
            do {
                path = try layout.artifactFile(environment: environment, namespace: item.namespace, service: service)
            } catch {
                throw .invalidName(error)
            }
            let data = try await run(["show", "\(item.commit.hash):\(path)"]).stdout
            let spec: ArtifactSpec
            do {
                spec = try ArtifactSpec(jsonData: data)
            } catch {
                throw .artifact(path: "\(item.commit.hash):\(path)", error)
            }
            entries.append(ReleaseHistoryEntry(
                index: position, commit: item.commit.hash, environment: environment, namespace: item.namespace,
                service: service, artifact: spec, releasedAt: item.commit.committedAt, releasedBy: item.message.releasedBy,
                createdBy: item.message.createdBy, intent: item.message.intent, reason: item.message.reason
            ))
        }
        return entries
    }

    struct LogRecord {
        var hash: String
        var committedAt: GoTime
        var message: String
        var files: [String]
    }

    /// The newest `limit` commits of `revision` (HEAD, a commit or a range) touching any of
    /// `pathspecs`, with messages and changed files (only those matching `pathspecs`).
    func log(limit: Int, revision: String = "HEAD", pathspecs: [String]) async throws(ConfigRepositoryError) -> [LogRecord] {
        let count = limit < Int(Int32.max) ? ["-n", String(limit)] : []
        let output = try await run(["log"] + count + [
            "--no-renames", "--name-only", "--format=%x1e%H%x1f%ct%x1f%cI%x1f%B%x1f", revision, "--",
        ] + pathspecs)
        var records: [LogRecord] = []
        for chunk in output.text.split(separator: "\u{1E}", omittingEmptySubsequences: true) {
            let parts = chunk.split(separator: "\u{1F}", maxSplits: 4, omittingEmptySubsequences: false)
            guard parts.count == 5, let seconds = Int64(parts[1]) else { continue }
            var time = GoTime(secondsSince1970: seconds)
            if let iso = GoTime(rfc3339: String(parts[2])) { time.utcOffsetSeconds = iso.utcOffsetSeconds }
            let files = parts[4].split(separator: "\n").map { String($0) }.filter { !$0.isEmpty }
            records.append(LogRecord(hash: String(parts[0]), committedAt: time, message: String(parts[3]), files: files))
        }
        return records
    }

    /// The namespace of the first changed `<env>/releases/<ns>/<service>/artifact.json`.
    private func namespace(in files: [String], environment: String, service: String) -> String? {
        for file in files {
            let segments = file.split(separator: "/", omittingEmptySubsequences: false)
            if segments.count == 5, segments[0] == environment, segments[1] == "releases",
               segments[3] == service, segments[4] == layout.artifactFileName {
                return String(segments[2])
            }
        }
        return nil
    }
}

extension ConfigRepository {
    /// Whether `revision` contains `commit` (is it, or descends from it): has a cluster that
    /// applied `revision` applied `commit`? False when either is not in the clone (yet).
    public func contains(_ commit: String, inRevision revision: String) async throws(ConfigRepositoryError) -> Bool {
        guard commit.allSatisfy(\.isHexDigit), revision.allSatisfy(\.isHexDigit), !commit.isEmpty, !revision.isEmpty else { return false }
        return try await attempt(["merge-base", "--is-ancestor", commit, revision]).exitCode == 0
    }
}
