import Foundation
import Subprocess

/// The current git branch of the working directory, as `release` uses it by default.
public enum CurrentBranch {
    public static func detect() async throws(HamctlError) -> String {
        let failure = "Could not determine current branch. Specify --branch or --artifact explicitly"
        let branch: String
        do {
            let result = try await Subprocess.run(
                .name("git"), arguments: ["branch", "--show-current"], output: .string(limit: 1 << 16), error: .discarded)
            guard result.terminationStatus.isSuccess else { throw HamctlError(failure) }
            branch = result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        } catch let error as HamctlError {
            throw error
        } catch {
            throw HamctlError("\(failure) (git: \(error))")
        }
        guard !branch.isEmpty else { throw HamctlError(failure) }
        return branch
    }
}
