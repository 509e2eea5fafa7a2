import ReleaseModel

/// What runs where and what was released, read from the config repository's committed `HEAD`
/// (a write in progress is never seen half-done). Status and describe go through the engine,
/// as release, promote and rollback do, so the routes never read the repository themselves.
public struct ReleaseStatusReader: Sendable {
    let repository: any ReleaseRepository

    public init(repository: any ReleaseRepository) {
        self.repository = repository
    }

    /// The service's release in every environment (`namespace` narrows it to one namespace).
    public func releases(service: String, namespace: String?) async throws(ReleaseError) -> [ReleasedArtifact] {
        try await read { () throws(ReleaseRepositoryError) in try await repository.status(service: service, namespace: namespace) }
    }

    /// Every release: of `environment` when given, else of every environment.
    public func releases(environment: String?) async throws(ReleaseError) -> [ReleasedArtifact] {
        try await read { () throws(ReleaseRepositoryError) in
            let environments = try await repository.environments()
            var releases: [ReleasedArtifact] = []
            for name in environments where environment == nil || environment == name {
                releases += try await repository.releases(environment: name).map(\.release)
            }
            return releases
        }
    }

    /// Every service released to `environment`; nil when the repository has no such environment.
    public func services(in environment: String) async throws(ReleaseError) -> [EnvironmentServicesResponse.ServiceStatus]? {
        try await read { () throws(ReleaseRepositoryError) in
            guard try await repository.environments().contains(environment) else { return nil }
            return try await repository.releases(environment: environment).map { service, release in
                EnvironmentServicesResponse.ServiceStatus(service: service, namespace: release.namespace, status: release.status)
            }
        }
    }

    /// The environment's releases of the service from the repository's history, newest first.
    public func releases(service: String, environment: String, count: Int, offset: Int) async throws(ReleaseError)
        -> [DescribeReleaseResponse.Release] {
        do {
            return try await repository.history(environment: environment, service: service, count: count, offset: offset)
                .map(\.describeRelease)
        } catch {
            guard case .unreadableArtifact = error else { throw .repository(error) }
            throw .unreadableRelease(service: service, environment: environment)
        }
    }

    private func read<T>(_ body: () async throws(ReleaseRepositoryError) -> T) async throws(ReleaseError) -> T {
        do {
            return try await body()
        } catch {
            throw .repository(error)
        }
    }
}
