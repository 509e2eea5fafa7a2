import Foundation
import ReleaseModel

/// Promotes to an environment the artifact that runs in the environment before it in the
/// configured order (spec §2.4, resolved on the server): a release with intent
/// ``Intent/promote(fromEnvironment:)``.
public struct PromoteFlow: Sendable {
    public let release: ReleaseFlow
    public var order: EnvironmentOrder

    public init(release: ReleaseFlow, order: EnvironmentOrder = EnvironmentOrder()) {
        self.release = release
        self.order = order
    }

    /// Promotes `service` to `environment` from `from` (default: the previous environment in
    /// the order). `namespace` is where the service runs in `from` (default: `from`'s name).
    @discardableResult
    public func promote(
        service: String, to environment: String, from: String? = nil, namespace: String? = nil, actor: Person, reason: String = "", wait: Bool = true
    ) async throws(ReleaseError) -> ReleaseOutcome {
        let request = try await promotion(service: service, to: environment, from: from, namespace: namespace, actor: actor, reason: reason)
        return try await release.release(request, wait: wait)
    }

    /// The release a promotion makes: the artifact running in `from`, with intent Promote.
    public func promotion(
        service: String, to environment: String, from: String? = nil, namespace: String? = nil, actor: Person, reason: String = ""
    ) async throws(ReleaseError) -> ArtifactRelease {
        guard let source = from ?? order.previous(before: environment) else {
            throw .noPreviousEnvironment(environment)
        }
        let data: Data?
        do {
            data = try await release.repository.artifactData(at: "HEAD", environment: source, namespace: namespace ?? source, service: service)
        } catch {
            throw .repository(error)
        }
        guard let data, let spec = try? ArtifactSpec(jsonData: data) else {
            throw .nothingToPromote(service: service, environment: source)
        }
        return ArtifactRelease(
            service: service, environment: environment, artifactID: spec.id, intent: .promote(fromEnvironment: source), actor: actor, reason: reason
        )
    }
}
