import Hummingbird
import ReleaseEngine
import ReleaseModel

extension API {
    /// `GET /status?service=S[&namespace=N]`: what the service runs in every environment, read
    /// at the config repository's committed `HEAD`, with what the cluster reports of it.
    func status(_ request: Request) async throws -> StatusResponse {
        let service = request.uri.queryParameters.get("service") ?? ""
        guard !service.isBlankText else {
            throw ErrorResponse(status: 400, message: "query param service required but was empty")
        }
        try Self.validate(service, as: .service)
        let namespace = request.uri.queryParameters.get("namespace") ?? ""
        if !namespace.isEmpty { try Self.validate(namespace, as: .namespace) }
        let releases = try await statusReader.releases(service: service, namespace: namespace.isEmpty ? nil : namespace)
        let states = try await cluster.states(of: releases.map(ClusterFeedback.Release.init), service: service)
        let environments = releases.map { release in
            var status = release.status
            status.cluster = states.first { $0.environment == release.environment && $0.namespace == release.namespace }?.state
            return status
        }
        return StatusResponse(defaultNamespaces: namespace.isEmpty, environments: environments)
    }

    /// `GET /status/environments/{environment}`: every service released to the environment.
    func environmentStatus(_ request: Request, context: some RequestContext) async throws -> EnvironmentServicesResponse {
        let environment = context.parameters.get("environment") ?? ""
        try Self.validate(environment, as: .environment)
        guard let services = try await statusReader.services(in: environment) else {
            throw ErrorResponse(status: 404, message: "unknown environment: \(environment)")
        }
        return EnvironmentServicesResponse(environment: environment, services: services)
    }
}
