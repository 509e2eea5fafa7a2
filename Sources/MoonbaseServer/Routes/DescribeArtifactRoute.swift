import Hummingbird
import ReleaseModel

extension API {
    /// `GET /describe/artifact/{service}?count=N[&branch=B]`: newest first.
    func describeArtifacts(_ request: Request, service: String) async throws -> DescribeArtifactResponse {
        try Self.validatePathName(service, as: .service)
        let count = try Self.count(request)
        let branch = request.uri.queryParameters.get("branch").flatMap { $0.isBlankText ? nil : $0 }
        let list = try await home.store.artifacts(service: service, branch: branch, limit: count, offset: 0)
        guard !list.artifacts.isEmpty else {
            throw ErrorResponse(status: 400, message: "no artifacts available for service '\(service)'.")
        }
        return DescribeArtifactResponse(service: service, artifacts: list.artifacts.map(\.spec))
    }

    /// `GET /describe/latest-artifact/{service}?branch=B`.
    func describeLatestArtifact(_ request: Request, service: String) async throws -> DescribeArtifactResponse {
        try Self.validatePathName(service, as: .service)
        let branch = request.uri.queryParameters.get("branch") ?? ""
        guard !branch.isBlankText else { throw ErrorResponse(status: 400, message: "field branch required but was empty") }
        guard let artifact = try await home.store.latestArtifact(service: service, branch: branch) else {
            throw ErrorResponse(status: 400, message: "no artifacts available for service '\(service)' and branch '\(branch)'.")
        }
        return DescribeArtifactResponse(service: service, artifacts: [artifact.spec])
    }

    /// The `count` query parameter of the describe routes: default 1, else a positive integer.
    static func count(_ request: Request) throws(ErrorResponse) -> Int {
        guard let raw = request.uri.queryParameters.get("count"), !raw.isEmpty else { return 1 }
        guard let count = Int(raw), count > 0 else {
            throw ErrorResponse(status: 400, message: "invalid value '\(raw)' of count. Must be a positive integer.")
        }
        return count
    }

    static func validatePathName(_ value: String, as kind: NameKind) throws(ErrorResponse) {
        do {
            try Name.validate(value, as: kind)
        } catch {
            throw ErrorResponse(status: 400, message: error.description)
        }
    }
}
