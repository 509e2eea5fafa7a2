import Hummingbird
import ReleaseEngine
import ReleaseModel

extension API {
    /// `GET /status?service=S[&namespace=N]`: what the service runs in every environment, read
    /// at the config repository's committed `HEAD`.
    func status(_ request: Request) async throws -> StatusResponse {
        let service = request.uri.queryParameters.get("service") ?? ""
        guard !service.isBlankText else {
            throw ErrorResponse(status: 400, message: "query param service required but was empty")
        }
        try Self.validate(service, as: .service)
        let namespace = request.uri.queryParameters.get("namespace") ?? ""
        if !namespace.isEmpty { try Self.validate(namespace, as: .namespace) }
        let environments = try await statusReader.status(service: service, namespace: namespace.isEmpty ? nil : namespace)
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
