import Foundation

/// The reference convention for artifact ids: `<branch with / → _>-<sha[0:10]>-<planSha[0:10]>`.
public enum ArtifactID {
    /// The id CI gives an artifact built from `branch` at `sha` with the plan at `planSHA`.
    /// Shorter shas are used whole (Go would panic on them).
    public static func make(branch: String, sha: String, planSHA: String) -> String {
        "\(branchPrefix(branch))-\(sha.prefix(10))-\(planSHA.prefix(10))"
    }

    /// The branch part of an id: `/` replaced by `_`.
    public static func branchPrefix(_ branch: String) -> String {
        branch.replacingOccurrences(of: "/", with: "_")
    }
}
