import Foundation
import GoCompat

/// GitHub's REST API (v3) on loopback for tests: git references (tags), deployments and
/// deployment statuses of repositories the test registers, with GitHub's authentication,
/// validation and error bodies.
///
/// Wire format (docs.github.com/rest/git/refs, /rest/deployments/deployments,
/// /rest/deployments/statuses, /rest/using-the-rest-api/troubleshooting-the-rest-api; object
/// shapes from github/rest-api-description's `deployment`, `deployment-status` and `git-ref`
/// schemas):
/// - `Authorization: Bearer <token>`, `token <token>` or basic `user:<token>`; none →
///   401 `Requires authentication`, another token → 401 `Bad credentials`.
/// - Errors are `{"message":…,"documentation_url":…,"status":"<code>"}`; a body that is not
///   JSON → 400 `Problems parsing JSON`, not an object → 400 `Body should be a JSON object`; a
///   required field missing → 422 `Invalid request.\n\n"sha" wasn't supplied.`; a repository the
///   test did not add → 404 `Not Found`.
/// - Rate limits: 403 (or 429, see `rateLimitStatus`) with `x-ratelimit-remaining: 0`,
///   `x-ratelimit-reset` (epoch seconds) and `retry-after`.
///
/// Simpler than GitHub: any 40-hex SHA is a commit, tag updates without `force` are taken too
/// (fast-forward is not checked), `auto_merge` and `required_contexts` are kept but not acted on.
public final class FakeGitHubAPI: FakeReceiverServer {
    /// The token the fake accepts.
    public let token: String
    public let core: ReceiverCore<GitHubState>

    /// `login` is the creator of deployments and statuses; `rateLimitStatus` is what
    /// ``FakeReceiverMode/rateLimited(retryAfter:)`` answers (GitHub uses 403 and 429).
    public init(token: String = "ghp_moonbaseTestToken0123456789abcdef", login: String = "moonbase-bot", rateLimitStatus: Int = 403) {
        self.token = token
        core = ReceiverCore(
            name: "FakeGitHubAPI", domain: GitHubState(token: token, login: login),
            behavior: ReceiverBehavior(
                answer: { FakeGitHubAPI.answer($0, &$1) },
                failing: { FakeGitHubAPI.failing(status: $0, $1) },
                rateLimited: { FakeGitHubAPI.rateLimited(retryAfter: $0, status: rateLimitStatus, $1) }))
    }

    // MARK: Repositories

    /// A repository the API knows (owner and name in any case, as GitHub's).
    public func addRepository(owner: String, name: String) {
        core.withDomain { state in
            let key = GitHubState.key(owner, name)
            if state.repositories[key] == nil { state.repositories[key] = GitHubRepositoryState(owner: owner, name: name) }
        }
    }

    /// Points a ref at `sha`: `heads/main`, `tags/dev` or the full `refs/heads/main`. A
    /// deployment's `ref` resolves through these.
    public func setRef(owner: String, repo: String, ref: String, sha: String) {
        core.withDomain { state in
            let key = GitHubState.key(owner, repo)
            if state.repositories[key] == nil { state.repositories[key] = GitHubRepositoryState(owner: owner, name: repo) }
            state.repositories[key]?.refs[ref.hasPrefix("refs/") ? ref : "refs/" + ref] = sha
        }
    }

    /// The tags: name (without `refs/tags/`) → SHA.
    public func tags(owner: String, repo: String) -> [String: String] {
        var tags: [String: String] = [:]
        for (ref, sha) in refs(owner: owner, repo: repo) where ref.hasPrefix("refs/tags/") {
            tags[String(ref.dropFirst("refs/tags/".count))] = sha
        }
        return tags
    }

    /// Every ref: `refs/…` → SHA.
    public func refs(owner: String, repo: String) -> [String: String] {
        core.withDomain { $0.repositories[GitHubState.key(owner, repo)]?.refs ?? [:] }
    }

    /// The deployments, oldest first, each with its statuses.
    public func deployments(owner: String, repo: String) -> [FakeGitHubAPI.Deployment] {
        core.withDomain { $0.repositories[GitHubState.key(owner, repo)]?.deployments ?? [] }
    }

    /// Returns the SHA once the tag exists (and, with `sha`, points there); throws after `timeout`.
    @discardableResult
    public func waitForTag(_ name: String, owner: String, repo: String, sha: String? = nil, timeout: Duration) async throws -> String {
        let key = GitHubState.key(owner, repo)
        return try await core.waitFor("tag \(name) in \(owner)/\(repo)\(sha.map { " at \($0)" } ?? "")", timeout: timeout) { state in
            guard let found = state.repositories[key]?.refs["refs/tags/\(name)"], sha == nil || found == sha else { return nil }
            return found
        }
    }

    /// Returns the deployments once there are `count` with at least `statuses` statuses each;
    /// throws after `timeout`.
    @discardableResult
    public func waitForDeployments(count: Int, withStatuses statuses: Int = 0, owner: String, repo: String, timeout: Duration) async throws -> [FakeGitHubAPI.Deployment] {
        let key = GitHubState.key(owner, repo)
        return try await core.waitFor("\(count) deployment(s) with \(statuses)+ status(es) in \(owner)/\(repo)", timeout: timeout) { state in
            let deployments = state.repositories[key]?.deployments ?? []
            return deployments.filter { $0.statuses.count >= statuses }.count >= count ? deployments : nil
        }
    }

    // MARK: What the client did
}

// MARK: - State

struct GitHubRepositoryState: Sendable {
    var owner: String
    var name: String
    /// `refs/tags/dev` → SHA.
    var refs: [String: String] = [:]
    var deployments: [FakeGitHubAPI.Deployment] = []
}

public struct GitHubState: Sendable {
    var token: String
    var login: String
    /// By `owner/name` lowercased.
    var repositories: [String: GitHubRepositoryState] = [:]
    var nextDeploymentID = 1
    var nextStatusID = 1
    /// Requests counted against the (pretend) rate limit of 5,000 an hour.
    var used = 0

    init(token: String, login: String) {
        self.token = token
        self.login = login
    }

    static func key(_ owner: String, _ name: String) -> String {
        "\(owner)/\(name)".lowercased()
    }
}

/// Where answers point: the API's base and the repository's URL.
struct GitHubContext {
    var base: String
    var repositoryURL: String
    var login: String
    var used: Int
}

// MARK: - Answers

extension FakeGitHubAPI {
    static let states = ["error", "failure", "inactive", "in_progress", "queued", "pending", "success"]

    static let docs = (
        rest: "https://docs.github.com/rest",
        createRef: "https://docs.github.com/rest/git/refs#create-a-reference",
        getRef: "https://docs.github.com/rest/git/refs#get-a-reference",
        updateRef: "https://docs.github.com/rest/git/refs#update-a-reference",
        deleteRef: "https://docs.github.com/rest/git/refs#delete-a-reference",
        createDeployment: "https://docs.github.com/rest/deployments/deployments#create-a-deployment",
        listDeployments: "https://docs.github.com/rest/deployments/deployments#list-deployments",
        getDeployment: "https://docs.github.com/rest/deployments/deployments#get-a-deployment",
        createStatus: "https://docs.github.com/rest/deployments/statuses#create-a-deployment-status",
        listStatuses: "https://docs.github.com/rest/deployments/statuses#list-deployment-statuses",
        rateLimits: "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api"
    )

    static func answer(_ request: RecordedRequest, _ state: inout GitHubState) -> ReceiverAnswer {
        guard let authorization = request.header("Authorization") else {
            return error(401, "Requires authentication", docs: docs.rest, used: state.used)
        }
        guard token(from: authorization) == state.token else {
            return error(401, "Bad credentials", docs: docs.rest, used: state.used)
        }
        state.used += 1
        let segments = request.path.split(separator: "/").map { $0.removingPercentEncoding ?? String($0) }
        guard segments.count >= 3, segments[0] == "repos" else { return error(404, "Not Found", docs: docs.rest, used: state.used) }
        let key = GitHubState.key(segments[1], segments[2])
        guard let repository = state.repositories[key] else { return error(404, "Not Found", docs: docs.rest, used: state.used) }
        let base = "http://" + (request.header("Host") ?? "127.0.0.1")
        let context = GitHubContext(
            base: base, repositoryURL: "\(base)/repos/\(repository.owner)/\(repository.name)", login: state.login, used: state.used)
        let rest = Array(segments.dropFirst(3))
        let route = rest.joined(separator: "/")
        switch request.method {
        case "POST" where route == "git/refs":
            return createRef(request, &state.repositories[key]!, context)
        case "GET" where route.hasPrefix("git/ref/"):
            return getRef(String(route.dropFirst("git/ref/".count)), state.repositories[key]!, context)
        case "PATCH" where route.hasPrefix("git/refs/"):
            return updateRef(String(route.dropFirst("git/refs/".count)), request, &state.repositories[key]!, context)
        case "DELETE" where route.hasPrefix("git/refs/"):
            return deleteRef(String(route.dropFirst("git/refs/".count)), &state.repositories[key]!, context)
        case "POST" where route == "deployments":
            return createDeployment(request, key, &state, context)
        case "GET" where route == "deployments":
            return listDeployments(request, state.repositories[key]!, context)
        case "GET" where rest.count == 2 && rest[0] == "deployments":
            guard let deployment = state.repositories[key]!.deployments.first(where: { String($0.id) == rest[1] }) else {
                return error(404, "Not Found", docs: docs.getDeployment, used: context.used)
            }
            return json(deploymentJSON(deployment, context), context)
        case "POST" where rest.count == 3 && rest[0] == "deployments" && rest[2] == "statuses":
            return createStatus(rest[1], request, key, &state, context)
        case "GET" where rest.count == 3 && rest[0] == "deployments" && rest[2] == "statuses":
            guard let deployment = state.repositories[key]!.deployments.first(where: { String($0.id) == rest[1] }) else {
                return error(404, "Not Found", docs: docs.listStatuses, used: context.used)
            }
            let page = Self.page(deployment.statuses.reversed(), request)
            return json(.array(page.map { statusJSON($0, of: deployment, context) }), context)
        default:
            return error(404, "Not Found", docs: docs.rest, used: context.used)
        }
    }

    /// `Bearer <token>`, `token <token>`, or basic `user:<token>` (the scheme in any case).
    static func token(from authorization: String) -> String? {
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        let credentials = parts[1].trimmingCharacters(in: .whitespaces)
        switch parts[0].lowercased() {
        case "bearer", "token":
            return credentials
        case "basic":
            guard let data = Data(base64Encoded: credentials), let pair = String(data: data, encoding: .utf8),
                  let colon = pair.firstIndex(of: ":")
            else { return nil }
            return String(pair[pair.index(after: colon)...])
        default:
            return nil
        }
    }

    // MARK: Git references

    /// POST /repos/{owner}/{repo}/git/refs `{"ref":"refs/tags/<name>","sha":…}` → 201.
    static func createRef(_ request: RecordedRequest, _ repository: inout GitHubRepositoryState, _ context: GitHubContext) -> ReceiverAnswer {
        let (body, refusal) = object(request, docs: docs.createRef, context)
        if let refusal { return refusal }
        let ref = body["ref"]?.textValue
        let sha = body["sha"]?.textValue
        let missing = [("ref", ref), ("sha", sha)].filter { $0.1 == nil }.map { $0.0 }
        guard let ref, let sha else { return notSupplied(missing, docs: docs.createRef, context) }
        // "If it doesn't start with 'refs' and have at least two slashes, it will be rejected."
        guard ref.hasPrefix("refs/"), ref.filter({ $0 == "/" }).count >= 2 else {
            return error(422, "Reference update failed", docs: docs.createRef, used: context.used)
        }
        guard isSHA(sha) else { return error(422, "Object does not exist", docs: docs.createRef, used: context.used) }
        guard repository.refs[ref] == nil else { return error(422, "Reference already exists", docs: docs.createRef, used: context.used) }
        repository.refs[ref] = sha
        let url = "\(context.repositoryURL)/git/\(ref)"
        return json(refJSON(ref, sha: sha, context), context, status: 201, headers: [(name: "Location", value: url)])
    }

    /// GET /repos/{owner}/{repo}/git/ref/{ref}, the ref as `tags/<name>`.
    static func getRef(_ name: String, _ repository: GitHubRepositoryState, _ context: GitHubContext) -> ReceiverAnswer {
        let ref = name.hasPrefix("refs/") ? name : "refs/" + name
        guard let sha = repository.refs[ref] else { return error(404, "Not Found", docs: docs.getRef, used: context.used) }
        return json(refJSON(ref, sha: sha, context), context)
    }

    /// PATCH /repos/{owner}/{repo}/git/refs/{ref} `{"sha":…,"force":true}` → 200; 422
    /// `Reference does not exist` for a ref that is not there.
    static func updateRef(_ name: String, _ request: RecordedRequest, _ repository: inout GitHubRepositoryState, _ context: GitHubContext) -> ReceiverAnswer {
        let (body, refusal) = object(request, docs: docs.updateRef, context)
        if let refusal { return refusal }
        guard let sha = body["sha"]?.textValue else { return notSupplied(["sha"], docs: docs.updateRef, context) }
        if let force = body["force"], force.boolValue == nil {
            return invalidType("force", force, "boolean", docs: docs.updateRef, context)
        }
        let ref = name.hasPrefix("refs/") ? name : "refs/" + name
        guard repository.refs[ref] != nil else { return error(422, "Reference does not exist", docs: docs.updateRef, used: context.used) }
        guard isSHA(sha) else { return error(422, "Object does not exist", docs: docs.updateRef, used: context.used) }
        repository.refs[ref] = sha
        return json(refJSON(ref, sha: sha, context), context)
    }

    /// DELETE /repos/{owner}/{repo}/git/refs/{ref} → 204.
    static func deleteRef(_ name: String, _ repository: inout GitHubRepositoryState, _ context: GitHubContext) -> ReceiverAnswer {
        let ref = name.hasPrefix("refs/") ? name : "refs/" + name
        guard repository.refs.removeValue(forKey: ref) != nil else {
            return error(422, "Reference does not exist", docs: docs.deleteRef, used: context.used)
        }
        return ReceiverAnswer(status: 204, headers: rateHeaders(context.used))
    }

    /// The `git-ref` schema: `ref`, `node_id`, `url`, `object{sha,type,url}`.
    static func refJSON(_ ref: String, sha: String, _ context: GitHubContext) -> JSONValue {
        .members([
            ("ref", .string(ref)), ("node_id", .string(nodeID("Ref", ref))), ("url", .string("\(context.repositoryURL)/git/\(ref)")),
            ("object", .members([("sha", .string(sha)), ("type", .string("commit")), ("url", .string("\(context.repositoryURL)/git/commits/\(sha)"))])),
        ])
    }

    // MARK: Deployments

    /// POST /repos/{owner}/{repo}/deployments: `ref` required; `task` (`deploy`), `environment`
    /// (`production`), `description` (""), `auto_merge` (true), `required_contexts`, `payload`
    /// ({}), `transient_environment` (false), `production_environment` (true for `production`).
    static func createDeployment(_ request: RecordedRequest, _ key: String, _ state: inout GitHubState, _ context: GitHubContext) -> ReceiverAnswer {
        let (body, refusal) = object(request, docs: docs.createDeployment, context)
        if let refusal { return refusal }
        guard let ref = body["ref"]?.textValue else { return notSupplied(["ref"], docs: docs.createDeployment, context) }
        for (name, type) in [("task", "string"), ("environment", "string"), ("auto_merge", "boolean"), ("transient_environment", "boolean"), ("production_environment", "boolean")] {
            guard let value = body[name] else { continue }
            let fits = type == "string" ? value.textValue != nil : value.boolValue != nil
            if !fits { return invalidType(name, value, type, docs: docs.createDeployment, context) }
        }
        if let contexts = body["required_contexts"], contexts.arrayValue?.allSatisfy({ $0.textValue != nil }) != true {
            return invalidType("required_contexts", contexts, "array", docs: docs.createDeployment, context)
        }
        let repository = state.repositories[key]!
        let sha: String
        if isSHA(ref) {
            sha = ref
        } else if let found = repository.refs["refs/heads/\(ref)"] ?? repository.refs["refs/tags/\(ref)"] ?? repository.refs[ref] {
            sha = found
        } else {
            return error(422, "No ref found for: \(ref)", docs: docs.createDeployment, used: context.used)
        }
        let environment = body["environment"]?.textValue ?? "production"
        let description: String? = body["description"] == .null ? nil : body["description"]?.textValue ?? ""
        let now = ReceiverTime.string(Date())
        let deployment = FakeGitHubAPI.Deployment(
            id: state.nextDeploymentID, ref: ref, sha: sha, task: body["task"]?.textValue ?? "deploy", environment: environment,
            originalEnvironment: environment, description: description, payload: body["payload"] ?? .object([]),
            autoMerge: body["auto_merge"]?.boolValue ?? true, requiredContexts: body["required_contexts"]?.arrayValue?.compactMap(\.textValue),
            productionEnvironment: body["production_environment"]?.boolValue ?? (environment == "production"),
            transientEnvironment: body["transient_environment"]?.boolValue ?? false, createdAt: now, updatedAt: now)
        state.nextDeploymentID += 1
        state.repositories[key]!.deployments.append(deployment)
        return json(deploymentJSON(deployment, context), context, status: 201)
    }

    /// GET /repos/{owner}/{repo}/deployments?sha=&ref=&task=&environment=&per_page=&page=,
    /// newest first.
    static func listDeployments(_ request: RecordedRequest, _ repository: GitHubRepositoryState, _ context: GitHubContext) -> ReceiverAnswer {
        var deployments = Array(repository.deployments.reversed())
        if let sha = request.query["sha"], sha != "none" { deployments = deployments.filter { $0.sha == sha } }
        if let ref = request.query["ref"], ref != "none" { deployments = deployments.filter { $0.ref == ref } }
        if let task = request.query["task"], task != "none" { deployments = deployments.filter { $0.task == task } }
        if let environment = request.query["environment"], environment != "none" {
            deployments = deployments.filter { $0.environment == environment }
        }
        return json(.array(page(deployments, request).map { deploymentJSON($0, context) }), context)
    }

    /// POST /repos/{owner}/{repo}/deployments/{id}/statuses: `state` required; `log_url` (also
    /// sets `target_url`), `environment_url`, `description`, `environment` (changes the
    /// deployment's), `auto_inactive` (true: older successful deployments of the environment
    /// that are neither transient nor production get an `inactive` status).
    static func createStatus(_ id: String, _ request: RecordedRequest, _ key: String, _ state: inout GitHubState, _ context: GitHubContext) -> ReceiverAnswer {
        guard let index = state.repositories[key]!.deployments.firstIndex(where: { String($0.id) == id }) else {
            return error(404, "Not Found", docs: docs.createStatus, used: context.used)
        }
        let (body, refusal) = object(request, docs: docs.createStatus, context)
        if let refusal { return refusal }
        guard let given = body["state"] else { return notSupplied(["state"], docs: docs.createStatus, context) }
        guard let value = given.textValue, states.contains(value) else {
            return validationFailed([("DeploymentStatus", "state", "invalid")], docs: docs.createStatus, context)
        }
        for name in ["log_url", "target_url", "environment_url", "description", "environment"] {
            if let field = body[name], field.textValue == nil { return invalidType(name, field, "string", docs: docs.createStatus, context) }
        }
        if let field = body["auto_inactive"], field.boolValue == nil {
            return invalidType("auto_inactive", field, "boolean", docs: docs.createStatus, context)
        }
        let now = ReceiverTime.string(Date())
        var deployment = state.repositories[key]!.deployments[index]
        if let environment = body["environment"]?.textValue { deployment.environment = environment }
        let logURL = body["log_url"]?.textValue ?? body["target_url"]?.textValue ?? ""
        let status = FakeGitHubAPI.DeploymentStatus(
            id: state.nextStatusID, state: value, description: body["description"]?.textValue ?? "", environment: deployment.environment,
            logURL: logURL, environmentURL: body["environment_url"]?.textValue ?? "", targetURL: logURL,
            autoInactive: body["auto_inactive"]?.boolValue ?? true, createdAt: now)
        state.nextStatusID += 1
        deployment.statuses.append(status)
        deployment.updatedAt = now
        state.repositories[key]!.deployments[index] = deployment
        if value == "success", status.autoInactive {
            for other in state.repositories[key]!.deployments.indices where other < index {
                let older = state.repositories[key]!.deployments[other]
                guard older.environment == deployment.environment, !older.transientEnvironment, !older.productionEnvironment,
                      older.latestState == "success"
                else { continue }
                state.repositories[key]!.deployments[other].statuses.append(
                    FakeGitHubAPI.DeploymentStatus(
                        id: state.nextStatusID, state: "inactive", description: "", environment: older.environment, logURL: "", environmentURL: "",
                        targetURL: "", autoInactive: true, createdAt: now, automatic: true))
                state.repositories[key]!.deployments[other].updatedAt = now
                state.nextStatusID += 1
            }
        }
        return json(statusJSON(status, of: deployment, context), context, status: 201)
    }

    /// The `deployment` schema's members, in its order.
    static func deploymentJSON(_ deployment: FakeGitHubAPI.Deployment, _ context: GitHubContext) -> JSONValue {
        let url = "\(context.repositoryURL)/deployments/\(deployment.id)"
        return .members([
            ("url", .string(url)), ("id", .number(String(deployment.id))), ("node_id", .string(nodeID("Deployment", String(deployment.id)))),
            ("sha", .string(deployment.sha)), ("ref", .string(deployment.ref)), ("task", .string(deployment.task)), ("payload", deployment.payload),
            ("original_environment", .string(deployment.originalEnvironment)), ("environment", .string(deployment.environment)),
            ("description", deployment.description.map { .string($0) } ?? .null), ("creator", creator(context)),
            ("created_at", .string(deployment.createdAt)), ("updated_at", .string(deployment.updatedAt)), ("statuses_url", .string("\(url)/statuses")),
            ("repository_url", .string(context.repositoryURL)), ("transient_environment", .bool(deployment.transientEnvironment)),
            ("production_environment", .bool(deployment.productionEnvironment)),
        ])
    }

    /// The `deployment-status` schema's members.
    static func statusJSON(_ status: FakeGitHubAPI.DeploymentStatus, of deployment: FakeGitHubAPI.Deployment, _ context: GitHubContext) -> JSONValue {
        let deploymentURL = "\(context.repositoryURL)/deployments/\(deployment.id)"
        return .members([
            ("url", .string("\(deploymentURL)/statuses/\(status.id)")), ("id", .number(String(status.id))),
            ("node_id", .string(nodeID("DeploymentStatus", String(status.id)))), ("state", .string(status.state)), ("creator", creator(context)),
            ("description", .string(status.description)), ("environment", .string(status.environment)), ("target_url", .string(status.targetURL)),
            ("created_at", .string(status.createdAt)), ("updated_at", .string(status.createdAt)), ("deployment_url", .string(deploymentURL)),
            ("repository_url", .string(context.repositoryURL)), ("environment_url", .string(status.environmentURL)), ("log_url", .string(status.logURL)),
        ])
    }

    /// A `simple-user`.
    static func creator(_ context: GitHubContext) -> JSONValue {
        .members([
            ("login", .string(context.login)), ("id", .number("1")), ("node_id", .string("MDQ6VXNlcjE=")), ("avatar_url", .string("")),
            ("gravatar_id", .string("")), ("url", .string("\(context.base)/users/\(context.login)")),
            ("html_url", .string("https://github.com/\(context.login)")), ("type", .string("User")), ("site_admin", .bool(false)),
        ])
    }

    // MARK: Shapes of answers

    /// `per_page` (30, at most 100) and `page` (1).
    static func page<T>(_ items: some Sequence<T>, _ request: RecordedRequest) -> [T] {
        let perPage = min(max(Int(request.query["per_page"] ?? "") ?? 30, 1), 100)
        let page = max(Int(request.query["page"] ?? "") ?? 1, 1)
        return Array(items.dropFirst((page - 1) * perPage).prefix(perPage))
    }

    /// The body as a JSON object (`{}` when empty), or the 400 GitHub answers.
    static func object(_ request: RecordedRequest, docs: String, _ context: GitHubContext) -> (JSONValue, ReceiverAnswer?) {
        if request.body.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\t") }) {
            return (.object([]), nil)
        }
        guard let parsed = try? JSONValue.parse(request.body) else {
            return (.null, error(400, "Problems parsing JSON", docs: docs, used: context.used))
        }
        guard parsed.objectMembers != nil else {
            return (.null, error(400, "Body should be a JSON object", docs: docs, used: context.used))
        }
        return (parsed, nil)
    }

    /// 422 `Invalid request.\n\n"sha" wasn't supplied.` (GitHub's schema validation).
    static func notSupplied(_ names: [String], docs: String, _ context: GitHubContext) -> ReceiverAnswer {
        let quoted = names.map { "\"\($0)\"" }.joined(separator: ", ")
        let verb = names.count == 1 ? "wasn't" : "weren't"
        return error(422, "Invalid request.\n\n\(quoted) \(verb) supplied.", docs: docs, used: context.used)
    }

    /// 422 `Invalid request.\n\nFor 'properties/force', "yes" is not a boolean.`
    static func invalidType(_ name: String, _ value: JSONValue, _ type: String, docs: String, _ context: GitHubContext) -> ReceiverAnswer {
        error(422, "Invalid request.\n\nFor 'properties/\(name)', \(value.goCompact(escapeHTML: false)) is not a \(type).", docs: docs, used: context.used)
    }

    /// 422 `Validation Failed` with its `errors` (docs: "Client errors").
    static func validationFailed(_ errors: [(resource: String, field: String, code: String)], docs: String, _ context: GitHubContext) -> ReceiverAnswer {
        let list = JSONValue.array(errors.map { .members([("resource", .string($0.resource)), ("code", .string($0.code)), ("field", .string($0.field))]) })
        return error(422, "Validation Failed", docs: docs, used: context.used, errors: list)
    }

    /// `{"message":…,"errors"?:…,"documentation_url":…,"status":"<code>"}`.
    static func error(_ status: Int, _ message: String, docs: String, used: Int, errors: JSONValue? = nil) -> ReceiverAnswer {
        var members: [(String, JSONValue)] = [("message", .string(message))]
        if let errors { members.append(("errors", errors)) }
        members.append(("documentation_url", .string(docs)))
        members.append(("status", .string(String(status))))
        return .json(.members(members), status: status, headers: githubHeaders(used))
    }

    static func json(_ value: JSONValue, _ context: GitHubContext, status: Int = 200, headers: [(name: String, value: String)] = []) -> ReceiverAnswer {
        .json(value, status: status, headers: githubHeaders(context.used) + headers)
    }

    static func githubHeaders(_ used: Int) -> [(name: String, value: String)] {
        [(name: "X-GitHub-Media-Type", value: "github.v3; format=json")] + rateHeaders(used)
    }

    /// The rate-limit headers on every answer (docs: rate limits for the REST API).
    static func rateHeaders(_ used: Int, remaining: Int? = nil, reset: Int? = nil) -> [(name: String, value: String)] {
        let reset = reset ?? Int(Date().timeIntervalSince1970) + 3600
        return [
            (name: "x-ratelimit-limit", value: "5000"), (name: "x-ratelimit-remaining", value: String(remaining ?? max(0, 5000 - used))),
            (name: "x-ratelimit-reset", value: String(reset)), (name: "x-ratelimit-used", value: String(min(used, 5000))),
            (name: "x-ratelimit-resource", value: "core"),
        ]
    }

    static func isSHA(_ text: String) -> Bool {
        text.count == 40 && text.allSatisfy(\.isHexDigit)
    }

    static func nodeID(_ kind: String, _ key: String) -> String {
        Data("\(kind):\(key)".utf8).base64EncodedString()
    }

    /// An outage: the status and `{"message":"Server Error"}` (500), `Service Unavailable`
    /// (503), or the status's reason.
    static func failing(status: Int, _ request: RecordedRequest) -> ReceiverAnswer {
        let message =
            switch status {
            case 500: "Server Error"
            default: ReceiverAnswer.reasonPhrase(status).isEmpty ? "Server Error" : ReceiverAnswer.reasonPhrase(status)
            }
        return .json(.members([("message", .string(message))]), status: status)
    }

    /// Primary rate limit exceeded (docs: troubleshooting the REST API): 403 or 429,
    /// `x-ratelimit-remaining: 0`, `x-ratelimit-reset` when it lifts, and `retry-after`.
    static func rateLimited(retryAfter seconds: Int, status: Int, _ request: RecordedRequest) -> ReceiverAnswer {
        let reset = Int(Date().timeIntervalSince1970) + seconds
        return .json(
            .members([
                ("message", .string("API rate limit exceeded for user ID 1.")), ("documentation_url", .string(docs.rateLimits)),
                ("status", .string(String(status))),
            ]),
            status: status,
            headers: [(name: "X-GitHub-Media-Type", value: "github.v3; format=json")] + rateHeaders(5000, remaining: 0, reset: reset)
                + [(name: "retry-after", value: String(seconds))])
    }
}

// MARK: - What it keeps

extension FakeGitHubAPI {
    /// A deployment status the fake GitHub keeps.
    public struct DeploymentStatus: Sendable, Hashable {
        public var id: Int
        /// `error`, `failure`, `inactive`, `in_progress`, `queued`, `pending` or `success`.
        public var state: String
        public var description: String
        public var environment: String
        public var logURL: String
        public var environmentURL: String
        /// The same as `logURL` when that was given (GitHub sets both from `log_url`).
        public var targetURL: String
        public var autoInactive: Bool
        public var createdAt: String
        /// Added by GitHub, not by a request: the `inactive` status `auto_inactive` gives older
        /// deployments of the environment.
        public var automatic: Bool

        public init(
            id: Int, state: String, description: String, environment: String, logURL: String, environmentURL: String, targetURL: String,
            autoInactive: Bool, createdAt: String, automatic: Bool = false
        ) {
            self.id = id
            self.state = state
            self.description = description
            self.environment = environment
            self.logURL = logURL
            self.environmentURL = environmentURL
            self.targetURL = targetURL
            self.autoInactive = autoInactive
            self.createdAt = createdAt
            self.automatic = automatic
        }
    }

    /// A deployment the fake GitHub keeps, with its statuses oldest first.
    public struct Deployment: Sendable, Hashable {
        public var id: Int
        /// The ref as requested: a branch, a tag or a SHA.
        public var ref: String
        /// What the ref pointed at.
        public var sha: String
        public var task: String
        /// The environment now (a status may change it).
        public var environment: String
        /// The environment it was created for.
        public var originalEnvironment: String
        public var description: String?
        public var payload: JSONValue
        public var autoMerge: Bool
        /// nil when the request left `required_contexts` out.
        public var requiredContexts: [String]?
        public var productionEnvironment: Bool
        public var transientEnvironment: Bool
        public var createdAt: String
        public var updatedAt: String
        public var statuses: [DeploymentStatus]

        public init(
            id: Int, ref: String, sha: String, task: String, environment: String, originalEnvironment: String, description: String?,
            payload: JSONValue, autoMerge: Bool, requiredContexts: [String]?, productionEnvironment: Bool, transientEnvironment: Bool,
            createdAt: String, updatedAt: String, statuses: [DeploymentStatus] = []
        ) {
            self.id = id
            self.ref = ref
            self.sha = sha
            self.task = task
            self.environment = environment
            self.originalEnvironment = originalEnvironment
            self.description = description
            self.payload = payload
            self.autoMerge = autoMerge
            self.requiredContexts = requiredContexts
            self.productionEnvironment = productionEnvironment
            self.transientEnvironment = transientEnvironment
            self.createdAt = createdAt
            self.updatedAt = updatedAt
            self.statuses = statuses
        }

        /// The state of the newest status.
        public var latestState: String? { statuses.last?.state }
    }
}
