import Foundation
import ReleaseModel

extension ConfigRepository {
    /// The stored policies of `service` (`policies/<service>.json` at `HEAD`), or nil when there
    /// is no file. An empty file reads as empty policies.
    public func policies(service: String) async throws(ConfigRepositoryError) -> Policies? {
        let relative: String
        do {
            relative = try layout.policiesFile(service: service)
        } catch {
            throw .invalidName(error)
        }
        guard let data = try await snapshots.snapshot(of: self).policies[relative] else { return nil }
        do {
            return try Policies(fileData: data, service: service)
        } catch {
            throw .policies(path: relative, error)
        }
    }

    /// Writes `policies` to `policies/<service>.json` (its `service` field set) and stages it.
    /// Returns whether the file changed; commit with a ``PolicyCommitMessage``.
    @discardableResult
    public func writePolicies(_ policies: Policies, service: String) async throws(ConfigRepositoryError) -> Bool {
        let relative: String
        do {
            relative = try layout.policiesFile(service: service)
        } catch {
            throw .invalidName(error)
        }
        var policies = policies
        policies.service = service
        let file = try url(relative)
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try policies.fileData().write(to: file)
        } catch {
            throw .file(path: relative, reason: "\(error)")
        }
        try await run(["add", "--", relative])
        let diff = try await attempt(["diff", "--cached", "--quiet", "--", relative])
        return diff.exitCode == 1
    }
}
