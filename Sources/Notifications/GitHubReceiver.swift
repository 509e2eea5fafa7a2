import Foundation
import MoonbaseStore
import NIOHTTP1
import ReleaseModel

/// Shows on GitHub what runs where, for artifacts built from a GitHub repository (the owner and
/// name come from the artifact's repository URL):
/// - the reference's tag: `refs/tags/<env>` on the released commit (`POST …/git/refs`, and on
///   422 "Reference already exists" `PATCH …/git/refs/tags/<env>` with `force`);
/// - a deployment (`POST /repos/{owner}/{repo}/deployments`, for the commit and the
///   environment) with status `in_progress` when released, then `success` or `failure` when the
///   cluster daemon reports the rollout (`POST …/deployments/{id}/statuses`).
///
/// A deployment carries the event's id in its payload, so a retried delivery finds the
/// deployment it created instead of creating a second one.
public struct GitHubReceiver: NotificationReceiver {
    public let settings: GitHubSettings
    let http: OutboundHTTP

    public init(_ settings: GitHubSettings, http: OutboundHTTP) {
        self.settings = settings
        self.http = http
    }

    public var name: String { "github" }

    public func targets(for event: OutboxEvent) -> [String] {
        guard let environment = event.data.environment, let artifact = event.data.artifact, !artifact.sha.isEmpty,
              GitHubRepository(artifact) != nil
        else { return [] }
        switch event.type {
        case .released: return ["tag:\(environment)", "deployment:\(environment)"]
        case .rolloutSucceeded, .rolloutFailed: return ["status:\(environment)"]
        default: return []
        }
    }

    public func deliver(_ delivery: NotificationDelivery, context: DeliveryContext) async -> DeliveryResult {
        let event = delivery.event
        guard let environment = event.data.environment, let artifact = event.data.artifact, let repository = GitHubRepository(artifact) else {
            return .refused(answer: "the artifact names no GitHub repository")
        }
        do {
            if delivery.target.hasPrefix("tag:") {
                return try await tag(repository, environment: environment, sha: artifact.sha)
            }
            if delivery.target.hasPrefix("deployment:") {
                return try await deploy(repository, event: event, environment: environment, sha: artifact.sha, source: context.source)
            }
            return try await reportRollout(repository, event: event, environment: environment, sha: artifact.sha, source: context.source)
        } catch let failure as GitHubFailure {
            return failure.result
        } catch {
            return .retry(answer: OutboundHTTP.describe(error))
        }
    }

    // MARK: Tag

    private func tag(_ repository: GitHubRepository, environment: String, sha: String) async throws -> DeliveryResult {
        let created = try await request(.POST, "\(repository.path)/git/refs", ["ref": "refs/tags/\(environment)", "sha": sha])
        if created.status == 201 { return .delivered(answer: "tag \(environment) created at \(sha)") }
        guard created.status == 422, created.object?["message"] as? String == "Reference already exists" else {
            throw GitHubFailure(created, doing: "create tag \(environment)")
        }
        let moved = try await request(.PATCH, "\(repository.path)/git/refs/tags/\(environment)", ["sha": sha, "force": true])
        guard moved.status == 200 else { throw GitHubFailure(moved, doing: "move tag \(environment)") }
        return .delivered(answer: "tag \(environment) moved to \(sha)")
    }

    // MARK: Deployments

    private func deploy(_ repository: GitHubRepository, event: OutboxEvent, environment: String, sha: String, source: String) async throws -> DeliveryResult {
        let id: Int
        if let existing = try await deployments(repository, sha: sha, environment: environment)
            .first(where: { ($0["payload"] as? [String: Any])?["moonbase_event_id"] as? String == event.id })?["id"] as? Int {
            id = existing
        } else {
            let payload: [String: Any] = [
                "moonbase_event_id": event.id, "artifact_id": event.data.artifact?.id ?? "", "release_id": event.data.release?.id ?? "",
            ]
            let created = try await request(.POST, "\(repository.path)/deployments", [
                "ref": sha, "environment": environment, "auto_merge": false, "required_contexts": [String](), "payload": payload,
                "description": "Released by Moonbase: \(event.data.service) \(event.data.artifact?.id ?? "")",
            ])
            guard created.status == 201, let object = created.object, let newID = object["id"] as? Int else {
                throw GitHubFailure(created, doing: "create a deployment")
            }
            id = newID
        }
        let commit = event.data.release?.commit.map { String($0.prefix(7)) } ?? ""
        try await status(repository, deployment: id, state: "in_progress", environment: environment,
                         description: "committed to the config repository \(commit); waiting for the cluster", event: event, source: source)
        return .delivered(answer: "deployment=\(id)")
    }

    private func reportRollout(_ repository: GitHubRepository, event: OutboxEvent, environment: String, sha: String, source: String) async throws -> DeliveryResult {
        guard let deployment = try await deployments(repository, sha: sha, environment: environment).first, let id = deployment["id"] as? Int else {
            return .delivered(answer: "no deployment of \(sha) to \(environment) to update")
        }
        let workload = event.data.workload
        let succeeded = event.type == .rolloutSucceeded
        let description = succeeded
            ? "running: \(workload?.availablePods ?? 0)/\(workload?.desiredPods ?? 0) pods"
            : "rollout failed: \([workload?.reason, event.data.message].compactMap(\.self).joined(separator: ": "))"
        try await status(repository, deployment: id, state: succeeded ? "success" : "failure", environment: environment,
                         description: description, event: event, source: source)
        return .delivered(answer: "deployment=\(id) \(succeeded ? "success" : "failure")")
    }

    /// Deployments of `sha` to `environment`, newest first.
    private func deployments(_ repository: GitHubRepository, sha: String, environment: String) async throws -> [[String: Any]] {
        var components = URLComponents()
        components.queryItems = [URLQueryItem(name: "sha", value: sha), URLQueryItem(name: "environment", value: environment)]
        let listed = try await request(.GET, "\(repository.path)/deployments?\(components.percentEncodedQuery ?? "")", nil)
        guard listed.status == 200, let list = (try? JSONSerialization.jsonObject(with: listed.body)) as? [[String: Any]] else {
            throw GitHubFailure(listed, doing: "list deployments")
        }
        return list
    }

    private func status(
        _ repository: GitHubRepository, deployment: Int, state: String, environment: String, description: String, event: OutboxEvent, source: String
    ) async throws {
        // GitHub keeps at most 140 characters of a description.
        let response = try await request(.POST, "\(repository.path)/deployments/\(deployment)/statuses", [
            "state": state, "environment": environment, "description": String(description.prefix(140)),
            "log_url": "\(source)/services/\(event.data.service)",
        ])
        guard response.status == 201 else { throw GitHubFailure(response, doing: "set deployment \(deployment) to \(state)") }
    }

    // MARK: HTTP

    private func request(_ method: HTTPMethod, _ path: String, _ body: [String: Any]?) async throws -> GitHubResponse {
        let data = try body.map { try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]) }
        var headers = [
            ("Authorization", "Bearer \(settings.token)"), ("Accept", "application/vnd.github+json"), ("X-GitHub-Api-Version", "2022-11-28"),
        ]
        if data != nil { headers.append(("Content-Type", "application/json")) }
        let base = settings.apiURL.absoluteString.hasSuffix("/") ? String(settings.apiURL.absoluteString.dropLast()) : settings.apiURL.absoluteString
        return GitHubResponse(try await http.send(method, base + path, headers: headers, body: data))
    }
}

/// `owner/name` of a GitHub repository, from an artifact's repository URL
/// (`https://github.com/o/r`, `git@github.com:o/r.git`, `ssh://git@github.com/o/r`), when the
/// artifact was built from GitHub (its provider says `github`, or the host is `github.com` or
/// a GitHub Enterprise `github.…`).
struct GitHubRepository {
    var owner: String
    var name: String

    init?(_ artifact: NotificationData.Artifact) {
        var url = artifact.repositoryURL.trimmingCharacters(in: .whitespaces)
        let host = URLComponents(string: url.contains("://") ? url : "ssh://" + url.replacingOccurrences(of: ":", with: "/"))?.host?.lowercased() ?? ""
        guard artifact.provider.lowercased() == "github" || host == "github.com" || host.hasPrefix("github.") else { return nil }
        if url.hasSuffix("/") { url.removeLast() }
        if url.hasSuffix(".git") { url.removeLast(4) }
        // scp-style `git@host:owner/name`: the path follows the colon.
        if !url.contains("://"), let colon = url.firstIndex(of: ":") { url = "x://host/" + url[url.index(after: colon)...] }
        let parts = url.split(separator: "/").map(String.init)
        guard parts.count >= 3 else { return nil }
        owner = parts[parts.count - 2]
        name = parts[parts.count - 1]
        guard !owner.isEmpty, !name.isEmpty, !owner.contains(":") else { return nil }
    }

    var path: String { "/repos/\(owner)/\(name)" }
}

struct GitHubResponse {
    var status: Int
    var response: OutboundHTTP.Response

    init(_ response: OutboundHTTP.Response) {
        status = response.status
        self.response = response
    }

    var body: Data { response.body }
    var object: [String: Any]? { (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] }
}

/// A GitHub answer that stops a delivery: rate limits (403 or 429 with the limit used up) and
/// 5xx are retried, after `Retry-After` or the limit's reset; any other 4xx is refused.
struct GitHubFailure: Error {
    var result: DeliveryResult

    init(_ response: GitHubResponse, doing what: String) {
        let answer = "\(what): \(response.response.summary)"
        let headers = response.response.headers
        let limited = headers.first(name: "x-ratelimit-remaining") == "0"
        if response.status == 429 || (response.status == 403 && (limited || headers.first(name: "retry-after") != nil)) {
            let reset = headers.first(name: "x-ratelimit-reset").flatMap(TimeInterval.init).map { max(0, $0 - Date().timeIntervalSince1970) }
            result = .retry(answer: answer, retryAfter: response.response.retryAfter ?? reset)
        } else if response.status >= 500 {
            result = .retry(answer: answer)
        } else {
            result = .refused(answer: answer)
        }
    }
}
