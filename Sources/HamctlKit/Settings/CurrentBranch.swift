import Foundation
import GitRunner

/// The current git branch of the working directory, as `release` uses it by default.
public enum CurrentBranch {
    public static func detect() async throws(HamctlError) -> String {
        let failure = "Could not determine current branch. Specify --branch or --artifact explicitly"
        let output: GitOutput
        do {
            let git = Git(directory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath), outputLimit: 1 << 16)
            output = try await git.attempt(["branch", "--show-current"])
        } catch {
            throw HamctlError("\(failure) (git: \(error.stderr))")
        }
        let branch = output.trimmed
        guard output.exitCode == 0, !branch.isEmpty else { throw HamctlError(failure) }
        return branch
    }
}
