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

    /// Removes every auto-release and branch restriction whose id is listed and returns how
    /// many were removed. Ids are trimmed; blank ids match nothing.
    @discardableResult
    public mutating func delete(ids: [String]) -> Int {
        let wanted = Set(ids.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        let before = autoReleases.count + branchRestrictions.count
        autoReleases.removeAll { wanted.contains($0.id) }
        branchRestrictions.removeAll { wanted.contains($0.id) }
        return before - (autoReleases.count + branchRestrictions.count)
    }
}

/// Branch regexes, compiled with `NSRegularExpression` and matched anywhere in the name (as
/// Go's `MatchString`).
public enum BranchRegex {
    public static func validate(_ regex: String) throws(PolicyError) {
        _ = try compile(regex)
    }

    public static func matches(_ regex: String, _ branch: String) throws(PolicyError) -> Bool {
        let expression = try compile(regex)
        return expression.firstMatch(in: branch, range: NSRange(branch.startIndex..., in: branch)) != nil
    }

    static func compile(_ regex: String) throws(PolicyError) -> NSRegularExpression {
        do {
            return try NSRegularExpression(pattern: regex)
        } catch {
            throw .invalidRegex(regex: regex, reason: "error parsing regexp: invalid pattern `\(regex)`")
        }
    }

    /// Whether every top-level alternative starts with `^` (or `\A`) and ends with an unescaped
    /// `$` (or `\z`, `\Z`), so the regex cannot match in the middle of a branch name.
    public static func isAnchored(_ regex: String) -> Bool {
        let alternatives = topLevelAlternatives(regex)
        return !alternatives.isEmpty && alternatives.allSatisfy { alternative in
            let startAnchored = alternative.hasPrefix("^") || alternative.hasPrefix("\\A")
            let endAnchored: Bool
            if alternative.hasSuffix("\\z") || alternative.hasSuffix("\\Z") {
                endAnchored = trailingBackslashes(alternative.dropLast(2)) % 2 == 0
            } else if alternative.hasSuffix("$") {
                endAnchored = trailingBackslashes(alternative.dropLast()) % 2 == 0
            } else {
                endAnchored = false
            }
            return startAnchored && endAnchored
        }
    }

    private static func trailingBackslashes(_ text: Substring) -> Int {
        text.reversed().prefix(while: { $0 == "\\" }).count
    }

    private static func topLevelAlternatives(_ regex: String) -> [String] {
        var alternatives: [String] = []
        var current = ""
        var depth = 0
        var inClass = false
        var escaped = false
        for character in regex {
            if escaped {
                escaped = false
                current.append(character)
                continue
            }
            switch character {
            case "\\": escaped = true
            case "[" where !inClass: inClass = true
            case "]" where inClass: inClass = false
            case "(" where !inClass: depth += 1
            case ")" where !inClass: depth = max(0, depth - 1)
            case "|" where !inClass && depth == 0:
                alternatives.append(current)
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        alternatives.append(current)
        return alternatives
    }
}

extension BranchRestriction {
    /// Parses global restrictions from configuration: items `<environment>=<branchRegex>`,
    /// trimmed, blanks skipped; an item must split on `=` into two non-empty parts, and an
    /// environment may appear once.
    public static func parseGlobal(_ items: [String]) throws(GlobalRestrictionError) -> [BranchRestriction] {
        var restrictions: [BranchRestriction] = []
        for rawItem in items {
            let item = rawItem.trimmingCharacters(in: .whitespaces)
            if item.isEmpty { continue }
            let parts = item.split(separator: "=", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw .invalidMapping(item)
            }
            let environment = String(parts[0])
            if restrictions.contains(where: { $0.environment == environment }) {
                throw .conflictingMappings(environment)
            }
            restrictions.append(.global(environment: environment, branchRegex: String(parts[1])))
        }
        return restrictions
    }
}

public enum GlobalRestrictionError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidMapping(String)
    case conflictingMappings(String)

    public var description: String {
        switch self {
        case .invalidMapping(let item): "invalid mapping '\(item)': expected <environment>=<branchRegex>"
        case .conflictingMappings(let environment): "conflicting mappings for \(environment)"
        }
    }
}
