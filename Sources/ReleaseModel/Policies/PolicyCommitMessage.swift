import Foundation

/// Messages of the commits that change `policies/<service>.json` (spec §3.3).
public enum PolicyCommitMessage {
    public static func applyAutoRelease(service: String, environment: String) -> String {
        "[\(ReleaseCommitMessage.singleLine(service))] policy update: apply auto-release in '\(ReleaseCommitMessage.singleLine(environment))'"
    }

    public static func applyBranchRestriction(service: String, environment: String) -> String {
        "[\(ReleaseCommitMessage.singleLine(service))] policy update: apply branch-restriction in '\(ReleaseCommitMessage.singleLine(environment))'"
    }

    public static func applyAutoRollback(service: String, environment: String) -> String {
        "[\(ReleaseCommitMessage.singleLine(service))] policy update: apply auto-rollback in '\(ReleaseCommitMessage.singleLine(environment))'"
    }

    public static func delete(service: String) -> String {
        "[\(ReleaseCommitMessage.singleLine(service))] policy update: delete policies"
    }
}
