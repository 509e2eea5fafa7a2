import Foundation
import NIOHTTP1
import ReleaseModel

/// One method per route of docs/server.md that the clients use.
extension MoonbaseClient {
    public func status(service: String, namespace: String = "") async throws(ClientError) -> StatusResponse {
        try await call(.GET, "/status" + Self.query(["service": service, "namespace": namespace]), as: StatusResponse.self)
    }

    /// What the cluster runs for the service's releases (of one environment when given).
    public func clusterState(service: String, environment: String = "") async throws(ClientError) -> ClusterStateResponse {
        try await call(.GET, "/cluster/state" + Self.query(["service": service, "environment": environment]), as: ClusterStateResponse.self)
    }

    /// Releases and waits until the release is pushed (or refused).
    public func release(_ request: ReleaseRequest) async throws(ClientError) -> ReleaseResponse {
        try await call(.POST, "/release", body: request, as: ReleaseResponse.self)
    }

    public func promote(_ request: PromoteRequest) async throws(ClientError) -> ReleaseResponse {
        try await call(.POST, "/promote", body: request, as: ReleaseResponse.self)
    }

    public func rollback(_ request: RollbackRequest) async throws(ClientError) -> ReleaseResponse {
        try await call(.POST, "/rollback", body: request, as: ReleaseResponse.self)
    }

    /// Releases of a service to an environment, newest first, `count` from `offset`.
    public func describeRelease(service: String, environment: String, count: Int, offset: Int = 0) async throws(ClientError) -> DescribeReleaseResponse {
        let query = Self.query(["count": String(count), "offset": offset == 0 ? "" : String(offset)])
        return try await call(.GET, "/describe/release/\(Self.segment(service))/\(Self.segment(environment))" + query, as: DescribeReleaseResponse.self)
    }

    /// The newest `count` artifacts of a service, of one branch when given.
    public func describeArtifact(service: String, count: Int, branch: String = "") async throws(ClientError) -> DescribeArtifactResponse {
        try await call(.GET, "/describe/artifact/\(Self.segment(service))" + Self.query(["count": String(count), "branch": branch]), as: DescribeArtifactResponse.self)
    }

    public func latestArtifact(service: String, branch: String) async throws(ClientError) -> DescribeArtifactResponse {
        try await call(.GET, "/describe/latest-artifact/\(Self.segment(service))" + Self.query(["branch": branch]), as: DescribeArtifactResponse.self)
    }

    /// The service's policies; `nil` when it has none (the server's 404 `no policies exist`).
    public func policies(service: String) async throws(ClientError) -> ListPoliciesResponse? {
        do {
            return try await call(.GET, "/policies" + Self.query(["service": service]), as: ListPoliciesResponse.self)
        } catch where error.kind == .refused && error.status == 404 {
            return nil
        }
    }

    // Applying a policy is idempotent: applying one that is already there commits nothing.
    public func applyAutoRelease(_ request: ApplyAutoReleasePolicyRequest) async throws(ClientError) -> ApplyPolicyResponse {
        try await call(.PATCH, "/policies/auto-release", body: request, as: ApplyPolicyResponse.self, idempotent: true)
    }

    public func applyAutoRollback(_ request: ApplyAutoRollbackPolicyRequest) async throws(ClientError) -> ApplyPolicyResponse {
        try await call(.PATCH, "/policies/auto-rollback", body: request, as: ApplyPolicyResponse.self, idempotent: true)
    }

    public func applyBranchRestriction(_ request: ApplyBranchRestrictionPolicyRequest) async throws(ClientError) -> ApplyPolicyResponse {
        try await call(.PATCH, "/policies/branch-restriction", body: request, as: ApplyPolicyResponse.self, idempotent: true)
    }

    public func deletePolicies(_ request: DeletePolicyRequest) async throws(ClientError) -> DeletePolicyResponse {
        try await call(.DELETE, "/policies", body: request, as: DeletePolicyResponse.self)
    }

    /// Who the server takes the token for.
    public func whoami() async throws(ClientError) -> WhoAmIResponse {
        try await call(.GET, "/whoami", as: WhoAmIResponse.self)
    }

    /// Step one of an upload: a signed URL to `PUT` the zip to. Idempotent although a POST: the
    /// server signs a URL and stores nothing.
    public func createArtifactUpload(_ request: CreateArtifactRequest) async throws(ClientError) -> CreateArtifactResponse {
        try await call(.POST, "/artifacts/create", body: request, as: CreateArtifactResponse.self, idempotent: true)
    }

    /// Step two: the zip to the signed URL, without the token (the URL is the permission).
    /// Anything but 200 is an error.
    public func upload(zip: Data, md5: String, to url: String) async throws(ClientError) {
        let answer = try await send(.PUT, url: url, body: zip, headers: ["Content-MD5": md5, "Content-Type": "application/zip"], authorized: false, idempotent: true)
        guard answer.status == 200 else {
            throw answer.status >= 400
                ? answer.error()
                : ClientError(.badResponse, status: answer.status, message: "the upload answered \(answer.status), not 200", requestID: answer.requestID)
        }
    }

    // MARK: URL parts

    /// `?k=v&…` with the non-empty values, keys sorted as Go's `url.Values.Encode` writes them.
    static func query(_ parameters: [String: String]) -> String {
        let pairs = parameters.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }
            .map { "\(encode($0.key))=\(encode($0.value))" }
        return pairs.isEmpty ? "" : "?" + pairs.joined(separator: "&")
    }

    static func segment(_ value: String) -> String { encode(value) }

    private static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .urlUnreserved) ?? value
    }
}
