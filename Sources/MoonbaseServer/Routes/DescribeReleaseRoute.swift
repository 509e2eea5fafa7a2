import Hummingbird
import ReleaseEngine
import ReleaseModel

extension API {
    /// How many releases one describe request may ask for, and how far back it may page.
    static let maximumCount = 1000
    static let maximumOffset = 1_000_000

    /// `GET /describe/release/{service}/{environment}?count=N&offset=M`: the environment's
    /// releases of the service from the config repository's history, newest first.
    func describeRelease(_ request: Request, context: some RequestContext) async throws -> DescribeReleaseResponse {
        let service = context.parameters.get("service") ?? ""
        let environment = context.parameters.get("environment") ?? ""
        try Self.validate(service, as: .service)
        try Self.validate(environment, as: .environment)
        let count = try request.integerQuery("count", default: 1, range: 1...Self.maximumCount, expected: "a positive integer")
        let offset = try request.integerQuery("offset", default: 0, range: 0...Self.maximumOffset, expected: "a non-negative integer")
        let releases: [DescribeReleaseResponse.Release]
        do {
            releases = try await statusReader.releases(service: service, environment: environment, count: count, offset: offset)
        } catch {
            guard case .unreadableRelease = error else { throw error }
            throw ErrorResponse(status: 400, message: error.description)
        }
        return DescribeReleaseResponse(service: service, environment: environment, releases: releases)
    }
}
