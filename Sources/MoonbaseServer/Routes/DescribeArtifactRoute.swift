import Hummingbird
import ReleaseModel

extension API {
    /// `GET /describe/artifact/{service}?count=N[&branch=B]`: newest first.
    func describeArtifacts(_ request: Request, service: String) async throws -> DescribeArtifactResponse {
        try Self.validate(service, as: .service)
        let count = try request.integerQuery("count", default: 1, range: 1...Int.max, expected: "a positive integer")
        let branch = request.uri.queryParameters.get("branch").flatMap { $0.isBlankText ? nil : $0 }
        let list = try await home.store.artifacts(service: service, branch: branch, limit: count, offset: 0)
        guard !list.artifacts.isEmpty else {
            throw ErrorResponse(status: 400, message: "no artifacts available for service '\(service)'.")
        }
        return DescribeArtifactResponse(service: service, artifacts: list.artifacts.map(\.spec))
    }

    /// `GET /describe/latest-artifact/{service}?branch=B`.
    func describeLatestArtifact(_ request: Request, service: String) async throws -> DescribeArtifactResponse {
        try Self.validate(service, as: .service)
        let branch = request.uri.queryParameters.get("branch") ?? ""
        guard !branch.isBlankText else { throw ErrorResponse(status: 400, message: "field branch required but was empty") }
        guard let artifact = try await home.store.latestArtifact(service: service, branch: branch) else {
            throw ErrorResponse(status: 400, message: "no artifacts available for service '\(service)' and branch '\(branch)'.")
        }
        return DescribeArtifactResponse(service: service, artifacts: [artifact.spec])
    }
}
