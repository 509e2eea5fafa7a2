import Foundation
import ReleaseModel

/// Releases a newly stored artifact to the environments its service's auto-release policies
/// name for its branch (spec §2.9): every policy whose branch equals the artifact's branch
/// exactly, with intent ``Intent/autoRelease`` and the artifact's author as the releaser.
///
/// The releases are enqueued, not waited for, so an upload answers at once. Branch
/// restrictions still apply; refusals and "already up-to-date" are recorded as release events
/// by ``ReleaseFlow``.
public struct AutoReleaseFlow: Sendable {
    public let release: ReleaseFlow

    public init(release: ReleaseFlow) {
        self.release = release
    }

    /// What happened in one environment.
    public struct Attempt: Sendable {
        public var policy: AutoReleasePolicy
        public var outcome: Result<ReleaseOutcome, ReleaseError>
    }

    /// Starts the auto-releases of `artifact`, in the order of the service's policies.
    public func releaseNewArtifact(_ artifact: ArtifactSpec) async throws(ReleaseError) -> [Attempt] {
        let policies: Policies?
        do {
            policies = try await release.repository.policies(service: artifact.service)
        } catch {
            throw .repository(error)
        }
        let matching = (policies?.autoReleases ?? []).filter { $0.branch == artifact.application.branch }
        var attempts: [Attempt] = []
        for policy in matching {
            let request = ArtifactRelease(
                service: artifact.service, environment: policy.environment, artifactID: artifact.id, intent: .autoRelease,
                actor: Person(name: artifact.application.authorName, email: artifact.application.authorEmail)
            )
            do {
                attempts.append(Attempt(policy: policy, outcome: .success(try await release.release(request, wait: false))))
            } catch {
                attempts.append(Attempt(policy: policy, outcome: .failure(error)))
            }
        }
        return attempts
    }
}
