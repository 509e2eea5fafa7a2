import ConfigRepo
import Hummingbird
import ReleaseModel

extension API {
    func status(_ request: Request) async throws -> StatusResponse {
        let service = request.uri.queryParameters.get("service") ?? ""
        guard !service.isBlankText else {
            throw ErrorResponse(status: 400, message: "query param service required but was empty")
        }
        let namespace = request.uri.queryParameters.get("namespace") ?? ""
        try Self.validateName(service, as: .service)
        if !namespace.isEmpty { try Self.validateName(namespace, as: .namespace) }
        let released = try home.repository.status(service: service, namespace: namespace.isEmpty ? nil : namespace)
        return StatusResponse(
            defaultNamespaces: namespace.isEmpty,
            environments: released.map { EnvironmentStatus(environment: $0.environment, spec: $0.spec) }
        )
    }
}
