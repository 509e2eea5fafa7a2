import Foundation
import GoCompat
import MoonbaseStore
import ReleaseModel

/// Lists, applies and deletes a service's release policies (spec §2.8): auto-releases and
/// branch restrictions in `policies/<service>.json`, plus the global restrictions of the
/// server's configuration, which are listed first and can be neither replaced nor deleted.
///
/// Every change is computed by the ``ReleaseQueue``'s writer against the refreshed `HEAD`, so
/// it never interleaves with a release batch and is recomputed, not rebased, when the remote
/// moved. Changes are committed as `[<service>] policy update: …` and recorded in the audit log
/// with their actor; applying what is already there commits nothing.
public struct PolicyFlow: Sendable {
    public let repository: any ReleaseRepository
    public let queue: ReleaseQueue
    public let audit: any AccessStore
    /// Restrictions from the server's configuration, in force for every service.
    public var globalBranchRestrictions: [BranchRestriction]

    public init(repository: any ReleaseRepository, queue: ReleaseQueue, audit: any AccessStore, globalBranchRestrictions: [BranchRestriction] = []) {
        self.repository = repository
        self.queue = queue
        self.audit = audit
        self.globalBranchRestrictions = globalBranchRestrictions
    }

    /// The service's stored policies, or nil when it has none and no global restriction
    /// applies (the API's `no policies exist`). List them with the globals merged in front
    /// (``Policies/effectiveBranchRestrictions(global:)``).
    public func policies(service: String) async throws(ReleaseError) -> Policies? {
        let stored: Policies?
        do {
            stored = try await repository.policies(service: service)
        } catch {
            throw .repository(error)
        }
        var policies = stored ?? Policies(service: service)
        policies.service = service
        guard policies.hasPolicies || !globalBranchRestrictions.isEmpty else { return nil }
        return policies
    }

    /// Applies auto-release of `branch` to `environment`, replacing the environment's previous
    /// one, and returns its id `auto-release-<branch>-<environment>`. A branch the
    /// environment's branch restriction refuses is a ``PolicyError/conflict(policyID:reason:)``.
    @discardableResult
    public func applyAutoRelease(service: String, branch: String, environment: String, actor: Person) async throws(ReleaseError) -> String {
        let global = globalBranchRestrictions
        let change = try await queue.change { (repository: any ReleaseRepository) throws(ReleaseError) -> StagedChange<String> in
            var policies = try await Self.stored(service: service, in: repository)
            let id: String
            do throws(PolicyError) {
                id = try policies.applyAutoRelease(branch: branch, environment: environment, global: global)
            } catch {
                throw .policy(error)
            }
            try await Self.write(policies, service: service, in: repository)
            return StagedChange(message: PolicyCommitMessage.applyAutoRelease(service: service, environment: environment), value: id)
        }
        await record(change, service: service, action: "policy.apply", actor: actor, kind: "auto-release", environment: environment, branch: branch, details: [
            .init("service", .string(service)), .init("id", .string(change.value)),
            .init("branch", .string(branch)), .init("environment", .string(environment)),
        ])
        return change.value
    }

    /// Applies auto-rollback in `environment` and returns its id `auto-rollback-<environment>`.
    @discardableResult
    public func applyAutoRollback(service: String, environment: String, actor: Person) async throws(ReleaseError) -> String {
        let change = try await queue.change { (repository: any ReleaseRepository) throws(ReleaseError) -> StagedChange<String> in
            var policies = try await Self.stored(service: service, in: repository)
            let id = policies.applyAutoRollback(environment: environment)
            try await Self.write(policies, service: service, in: repository)
            return StagedChange(message: PolicyCommitMessage.applyAutoRollback(service: service, environment: environment), value: id)
        }
        await record(change, service: service, action: "policy.apply", actor: actor, kind: "auto-rollback", environment: environment, details: [
            .init("service", .string(service)), .init("id", .string(change.value)), .init("environment", .string(environment)),
        ])
        return change.value
    }

    /// Applies the branch restriction `branchRegex` to `environment`, replacing the
    /// environment's previous one, and returns its id `branch-restriction-<environment>`.
    /// Refused before anything is written when the regex does not compile or, unless `force`,
    /// is not anchored at both ends; refused as a conflict when it would refuse the
    /// environment's auto-release branch or differs from a global restriction.
    @discardableResult
    public func applyBranchRestriction(
        service: String, environment: String, branchRegex: String, force: Bool = false, actor: Person
    ) async throws(ReleaseError) -> String {
        do {
            try BranchRegex.validate(branchRegex)
        } catch {
            throw .policy(error)
        }
        if !force, !BranchRegex.isAnchored(branchRegex) {
            throw .policy(.unanchoredRegex(regex: branchRegex))
        }
        let global = globalBranchRestrictions
        let change = try await queue.change { (repository: any ReleaseRepository) throws(ReleaseError) -> StagedChange<String> in
            var policies = try await Self.stored(service: service, in: repository)
            let id: String
            do throws(PolicyError) {
                id = try policies.applyBranchRestriction(branchRegex: branchRegex, environment: environment, force: force, global: global)
            } catch {
                throw .policy(error)
            }
            try await Self.write(policies, service: service, in: repository)
            return StagedChange(message: PolicyCommitMessage.applyBranchRestriction(service: service, environment: environment), value: id)
        }
        await record(change, service: service, action: "policy.apply", actor: actor, kind: "branch-restriction", environment: environment, branch: branchRegex, details: [
            .init("service", .string(service)), .init("id", .string(change.value)),
            .init("branchRegex", .string(branchRegex)), .init("environment", .string(environment)), .init("force", .bool(force)),
        ])
        return change.value
    }

    /// Deletes the service's policies whose ids are listed and returns how many there were.
    /// Unknown ids are ignored; global restrictions have no id and cannot be deleted. Nothing
    /// is committed when nothing matched.
    @discardableResult
    public func delete(service: String, ids: [String], actor: Person) async throws(ReleaseError) -> Int {
        let change = try await queue.change { (repository: any ReleaseRepository) throws(ReleaseError) -> StagedChange<Int> in
            var policies = try await Self.stored(service: service, in: repository)
            let count = policies.delete(ids: ids)
            if count > 0 {
                try await Self.write(policies, service: service, in: repository)
            }
            return StagedChange(message: PolicyCommitMessage.delete(service: service), value: count)
        }
        await record(change, service: service, action: "policy.delete", actor: actor, ids: ids, details: [
            .init("service", .string(service)), .init("ids", .array(ids.map(JSONValue.string))),
            .init("count", .number(String(change.value))),
        ])
        return change.value
    }

    private static func stored(service: String, in repository: any ReleaseRepository) async throws(ReleaseError) -> Policies {
        do {
            return try await repository.policies(service: service) ?? Policies(service: service)
        } catch {
            throw .repository(error)
        }
    }

    private static func write(_ policies: Policies, service: String, in repository: any ReleaseRepository) async throws(ReleaseError) {
        do {
            _ = try await repository.writePolicies(policies, service: service)
        } catch {
            throw .repository(error)
        }
    }

    /// Audits and notifies a change that made a commit (the log is not the source of truth: a
    /// failure to record is not the caller's failure). `ids` are those deleted; an applied
    /// policy's id is the change's value.
    private func record<Value>(
        _ change: PushedChange<Value>, service: String, action: String, actor: Person, kind: String = "", environment: String? = nil, branch: String? = nil,
        ids: [String]? = nil, details: [JSONValue.Member]
    ) async {
        guard let commit = change.commit else { return }
        let entry = NewAuditEntry(
            actor: actor.email.isEmpty ? actor.name : actor.email, action: action,
            details: .object(details + [.init("commit", .string(commit))])
        )
        let policy = NotificationData.PolicyChange(
            action: action == "policy.delete" ? "delete" : "apply", ids: ids ?? ["\(change.value)"], kind: kind, environment: environment,
            branch: branch, changedBy: actor, commit: commit)
        _ = try? await audit.recordAudit(entry, notifying: [Notifications.policyChanged(service: service, change: policy, at: entry.at)])
    }
}
