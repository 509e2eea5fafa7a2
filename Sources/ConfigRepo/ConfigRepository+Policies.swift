import Foundation
import ReleaseModel

extension ConfigRepository {
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
