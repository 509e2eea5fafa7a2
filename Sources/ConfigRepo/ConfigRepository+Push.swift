import Foundation
import GitRunner
import ReleaseModel

extension ConfigRepository {
    /// Result of a push.
    public struct PushResult: Sendable, Equatable {
        /// How many pushes were tried (1 when the remote had not moved).
        public var attempts: Int
        /// The commit the remote branch points at now.
        public var head: String
    }

    /// Pushes local commits to the remote branch. When the remote moved (either rejection
    /// text, or a porcelain `fetch first`/`non-fast-forward` rejection), fetches, rebases the
    /// local commits and pushes again, up to `maximumPushAttempts` times.
    @discardableResult
    public func push() async throws(ConfigRepositoryError) -> PushResult {
        try await push(attempts: max(1, options.maximumPushAttempts))
    }

    /// Pushes local commits once. When the remote moved it throws
    /// ``ConfigRepositoryError/pushRejected(attempts:last:)`` instead of rebasing: for a change
    /// that must be recomputed against the new remote state rather than replayed on it.
    @discardableResult
    public func pushWithoutRebasing() async throws(ConfigRepositoryError) -> PushResult {
        try await push(attempts: 1)
    }

    private func push(attempts: Int) async throws(ConfigRepositoryError) -> PushResult {
        let arguments = ["push", "--porcelain", "--no-verify", "origin", "HEAD:refs/heads/\(branch)"]
        var last: GitError?
        for attempt in 1...attempts {
            let output = try await self.attempt(arguments)
            let remoteFailed = Git.remoteFailureTexts.contains { output.stderr.contains($0) }
            if output.exitCode == 0, !remoteFailed {
                let head = if let head = refs.head() { head } else { try await run(["rev-parse", "HEAD"]).trimmed }
                return PushResult(attempts: attempt, head: head)
            }
            let error = git.error(arguments, output)
            guard !remoteFailed, Self.isBehindRemote(output) else { throw .git(error) }
            last = error
            if attempt < attempts {
                try await refresh()
            }
        }
        throw .pushRejected(attempts: attempts, last: last ?? git.error(arguments, GitOutput(stdout: Data(), stderr: "", exitCode: 1)))
    }

    /// Whether a failed push was rejected because the remote has commits this clone lacks.
    static func isBehindRemote(_ output: GitOutput) -> Bool {
        let stderr = output.stderr.lowercased()
        if stderr.contains("rejected because the remote contains work that you do")
            || stderr.contains("tip of your current branch is behind") {
            return true
        }
        let porcelain = output.text
        return porcelain.contains("[rejected]") && (porcelain.contains("(fetch first)") || porcelain.contains("(non-fast-forward)"))
    }
}
