import Foundation

/// A policy change or check that cannot be done, with what the user needs to fix it.
public enum PolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The regex does not compile. API message: `branch regex not valid: <reason>`.
    case invalidRegex(regex: String, reason: String)
    /// The regex is not anchored at both ends and `force` was not given.
    case unanchoredRegex(regex: String)
    /// The change conflicts with another policy (`policyID` empty for a global restriction).
    case conflict(policyID: String, reason: String)

    public var description: String {
        switch self {
        case .invalidRegex(_, let reason):
            "branch regex not valid: \(reason)"
        case .unanchoredRegex(let regex):
            "branch regex '\(regex)' is not anchored: it matches anywhere in a branch name "
                + "('master' also matches 'refactor-master-worker'); anchor it as '^…$' or apply it with force"
        case .conflict(_, let reason):
            "policy conflicts with another policy: \(reason)"
        }
    }
}

/// The outcome of checking a release against branch restrictions.
public enum ReleaseDecision: Sendable, Equatable {
    case allowed
    /// Refused by this restriction (global when its id is empty).
    case refused(by: BranchRestriction)

    public var isAllowed: Bool { self == .allowed }
}

extension Policies {
    /// The restrictions in force: global restrictions first, then this service's own. A local
    /// restriction for an environment that has a global restriction with a different regex is
    /// dropped (the global one wins).
    public func effectiveBranchRestrictions(global: [BranchRestriction]) -> [BranchRestriction] {
        let local = branchRestrictions.filter { restriction in
            !global.contains { $0.environment == restriction.environment && $0.branchRegex != restriction.branchRegex }
        }
        return global + local
    }

    /// Whether `branch` may be released to `environment` (spec §2.8): the first restriction for
    /// the environment decides, matching the regex anywhere in the branch name; no restriction
    /// allows. Throws for a stored regex that does not compile.
    public func releaseDecision(branch: String, environment: String, global: [BranchRestriction] = []) throws(PolicyError) -> ReleaseDecision {
        guard let restriction = effectiveBranchRestrictions(global: global).first(where: { $0.environment == environment }) else {
            return .allowed
        }
        return try BranchRegex.matches(restriction.branchRegex, branch) ? .allowed : .refused(by: restriction)
    }

    public func canRelease(branch: String, environment: String, global: [BranchRestriction] = []) throws(PolicyError) -> Bool {
        try releaseDecision(branch: branch, environment: environment, global: global).isAllowed
    }

    /// Auto-releases whose branch is exactly `branch`.
    public func autoReleases(forBranch branch: String) -> [AutoReleasePolicy] {
        autoReleases.filter { $0.branch == branch }
    }

    /// Adds or replaces the auto-release of `environment` (one per environment, replaced in
    /// place, else appended) and returns its id `auto-release-<branch>-<env>`. A branch that the
    /// environment's restriction would refuse is a conflict.
    @discardableResult
    public mutating func applyAutoRelease(branch: String, environment: String, global: [BranchRestriction] = []) throws(PolicyError) -> String {
        if case .refused(let restriction) = try releaseDecision(branch: branch, environment: environment, global: global) {
            let name = restriction.isGlobal ? "global branch restriction" : restriction.id
            throw .conflict(
                policyID: restriction.id,
                reason: "branch '\(branch)' is not allowed in '\(environment)' by \(name) ('\(restriction.branchRegex)')"
            )
        }
        let policy = AutoReleasePolicy(id: AutoReleasePolicy.id(branch: branch, environment: environment), branch: branch, environment: environment)
        if let index = autoReleases.firstIndex(where: { $0.environment == environment }) {
            autoReleases[index] = policy
        } else {
            autoReleases.append(policy)
        }
        return policy.id
    }

    /// Adds or replaces the branch restriction of `environment` and returns its id
    /// `branch-restriction-<env>`. Refused when the regex does not compile, is not anchored at
    /// both ends (unless `force`), would refuse the environment's auto-release branch, or
    /// differs from a global restriction of the environment.
    @discardableResult
    public mutating func applyBranchRestriction(
        branchRegex: String, environment: String, force: Bool = false, global: [BranchRestriction] = []
    ) throws(PolicyError) -> String {
        try BranchRegex.validate(branchRegex)
        if !force, !BranchRegex.isAnchored(branchRegex) {
            throw .unanchoredRegex(regex: branchRegex)
        }
        for policy in autoReleases where policy.environment == environment {
            if try !BranchRegex.matches(branchRegex, policy.branch) {
                throw .conflict(policyID: policy.id, reason: "conflict with \(policy.id)")
            }
        }
        if global.contains(where: { $0.environment == environment && $0.branchRegex != branchRegex }) {
            throw .conflict(policyID: "", reason: "conflicts with global policy")
        }
        let restriction = BranchRestriction(id: BranchRestriction.id(environment: environment), branchRegex: branchRegex, environment: environment)
        if let index = branchRestrictions.firstIndex(where: { $0.environment == environment }) {
            branchRestrictions[index] = restriction
        } else {
            branchRestrictions.append(restriction)
        }
        return restriction.id
    }

    /// Adds the auto-rollback of `environment` (one per environment) and returns its id
    /// `auto-rollback-<env>`.
    @discardableResult
    public mutating func applyAutoRollback(environment: String) -> String {
        let policy = AutoRollbackPolicy(id: AutoRollbackPolicy.id(environment: environment), environment: environment)
        if !autoRollbacks.contains(policy) { autoRollbacks.append(policy) }
        return policy.id
    }

    /// Whether a failed rollout in `environment` is rolled back.
    public func rollsBackAutomatically(in environment: String) -> Bool {
        autoRollbacks.contains { $0.environment == environment }
    }

    /// Removes every policy whose id is listed and returns how many were removed. Ids are
    /// trimmed; blank ids match nothing.
    @discardableResult
    public mutating func delete(ids: [String]) -> Int {
        let wanted = Set(ids.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        let before = autoReleases.count + branchRestrictions.count + autoRollbacks.count
        autoReleases.removeAll { wanted.contains($0.id) }
        branchRestrictions.removeAll { wanted.contains($0.id) }
        autoRollbacks.removeAll { wanted.contains($0.id) }
        return before - (autoReleases.count + branchRestrictions.count + autoRollbacks.count)
    }
}
