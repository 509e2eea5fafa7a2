import Foundation
import MoonbaseStore
import ReleaseModel

/// A request to release artifact `artifactID` of `service` to `environment` (the API's
/// `ReleaseRequest` resolved to one artifact).
public struct ArtifactRelease: Sendable, Hashable {
    public var service: String
    public var environment: String
    public var artifactID: String
    public var intent: Intent
    public var actor: Person
    /// Why (recorded as the `Release-reason` trailer); may be empty.
    public var reason: String

    public init(service: String, environment: String, artifactID: String, intent: Intent = .releaseArtifact, actor: Person, reason: String = "") {
        self.service = service
        self.environment = environment
        self.artifactID = artifactID
        self.intent = intent
        self.actor = actor
        self.reason = reason
    }
}

/// What a release request led to.
public enum ReleaseOutcome: Sendable, Hashable {
    /// Enqueued (not waited for): poll the release id.
    case queued(id: String)
    /// Committed and pushed.
    case released(id: String, commit: String)
    /// The environment already runs the artifact; nothing was committed.
    case upToDate(environment: String)

    /// The message the API answers with.
    public var message: String {
        switch self {
        case .queued(let id): "release '\(id)' is queued"
        case .released(_, let commit): "released in commit \(commit)"
        case .upToDate(let environment): "Environment '\(environment)' is already up-to-date"
        }
    }
}

/// Releases one artifact of a service to one environment (spec §2.1): the artifact must be
/// stored, its branch allowed in the environment by the service's branch restrictions (and the
/// global ones), and it must have manifests for the environment. Releasing what already runs
/// there is a no-op that says so; anything else goes through the ``ReleaseQueue``.
/// Refusals and no-ops are recorded as release events too.
public struct ReleaseFlow: Sendable {
    public let repository: any ReleaseRepository
    public let store: any ReleaseStore
    public let queue: ReleaseQueue
    /// Restrictions from the server's configuration, in force for every service.
    public var globalBranchRestrictions: [BranchRestriction]

    public init(repository: any ReleaseRepository, store: any ReleaseStore, queue: ReleaseQueue, globalBranchRestrictions: [BranchRestriction] = []) {
        self.repository = repository
        self.store = store
        self.queue = queue
        self.globalBranchRestrictions = globalBranchRestrictions
    }

    /// Checks and releases. With `wait` (the default) answers once the commit is pushed;
    /// without, once the release is enqueued (``ReleaseOutcome/queued(id:)``).
    @discardableResult
    public func release(_ request: ArtifactRelease, wait: Bool = true) async throws(ReleaseError) -> ReleaseOutcome {
        guard let queued = try await check(request) else {
            await record(request, namespace: nil, state: .unchanged, message: ReleaseOutcome.upToDate(environment: request.environment).message)
            return .upToDate(environment: request.environment)
        }
        guard wait else {
            let entry = try await queue.submit(queued)
            return .queued(id: entry.id)
        }
        let finished = try await queue.release(queued)
        if finished.state == .released, let commit = finished.commit {
            return .released(id: finished.id, commit: commit)
        }
        return .upToDate(environment: request.environment)
    }

    /// The synchronous checks; the queue entry to enqueue, or nil when the environment already
    /// runs the artifact.
    func check(_ request: ArtifactRelease) async throws(ReleaseError) -> NewQueuedRelease? {
        let store = self.store
        guard let artifact = try await ReleaseError.store({ try await store.artifact(service: request.service, id: request.artifactID) }) else {
            throw .artifactNotFound(service: request.service, artifactID: request.artifactID, intent: request.intent)
        }
        let namespace = artifact.spec.namespace(in: request.environment)
        let branch = artifact.branch
        let policies: Policies
        do {
            policies = try await repository.policies(service: request.service) ?? Policies(service: request.service)
        } catch {
            throw .repository(error)
        }
        let decision: ReleaseDecision
        do {
            decision = try policies.releaseDecision(branch: branch, environment: request.environment, global: globalBranchRestrictions)
        } catch {
            throw .policy(error)
        }
        if case .refused(let restriction) = decision {
            let error = ReleaseError.refused(
                environment: request.environment, artifactID: request.artifactID, intent: request.intent, branch: branch, restriction: restriction
            )
            await record(request, namespace: namespace, state: .refused, message: error.description, spec: artifact.spec)
            throw error
        }
        let environments = try await ReleaseError.store { try await store.artifactEnvironments(service: request.service, id: request.artifactID) }
        guard environments.contains(request.environment) else {
            throw .unknownEnvironment(request.environment, artifactID: request.artifactID)
        }
        let current: Data?
        do {
            current = try await repository.artifactData(at: "HEAD", environment: request.environment, namespace: namespace, service: request.service)
        } catch {
            throw .repository(error)
        }
        if let current, let spec = try? ArtifactSpec(jsonData: current), spec.id == request.artifactID {
            return nil
        }
        return NewQueuedRelease(
            service: request.service, environment: request.environment, namespace: namespace, artifactID: request.artifactID,
            intent: request.intent, actor: request.actor, reason: request.reason
        )
    }

    /// Records an attempt that never reached the queue; a refusal is notified.
    private func record(_ request: ArtifactRelease, namespace: String?, state: ReleaseEvent.State, message: String, spec: ArtifactSpec? = nil) async {
        let now = Date()
        let event = ReleaseEvent(
            service: request.service, environment: request.environment, namespace: namespace ?? request.environment,
            artifactID: request.artifactID, intent: request.intent, releasedBy: request.actor, reason: request.reason,
            state: state, message: message, requestedAt: now, finishedAt: now
        )
        let notifications = state == .refused
            ? [Notifications.release(
                .releaseRefused, id: event.id, service: event.service, environment: event.environment, namespace: event.namespace,
                intent: event.intent, actor: event.releasedBy, reason: event.reason, spec: spec, commit: nil, message: message, at: now)]
            : []
        _ = try? await store.recordReleaseEvent(event, notifying: notifications)
    }
}
