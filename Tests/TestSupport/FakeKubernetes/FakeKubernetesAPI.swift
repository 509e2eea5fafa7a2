import Foundation
import GoCompat
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

// MARK: - Resources

/// The kinds of object the fake serves, each with the path, kind and list kind the real API
/// uses: Deployment, StatefulSet and DaemonSet in `apps/v1`, Job in `batch/v1`, Pod in core
/// `v1` (Kubernetes API reference, kubernetes.io/docs/reference/kubernetes-api/workload-resources)
/// and Flux's Kustomization in `kustomize.toolkit.fluxcd.io/v1` (fluxcd/kustomize-controller
/// `api/v1/kustomization_types.go`).
public enum KubernetesResource: String, Sendable, CaseIterable {
    case deployments, statefulSets, daemonSets, jobs, pods, kustomizations

    /// The API group; `""` for the core group.
    public var group: String {
        switch self {
        case .deployments, .statefulSets, .daemonSets: "apps"
        case .jobs: "batch"
        case .pods: ""
        case .kustomizations: "kustomize.toolkit.fluxcd.io"
        }
    }

    public var version: String { "v1" }

    /// `apps/v1`, `v1`, `kustomize.toolkit.fluxcd.io/v1`.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// `/apis/apps/v1`, `/api/v1`.
    public var pathPrefix: String { group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)" }

    /// The resource's name in paths: `deployments`, `statefulsets`, `daemonsets`, …
    public var plural: String { rawValue.lowercased() }

    public var kind: String {
        switch self {
        case .deployments: "Deployment"
        case .statefulSets: "StatefulSet"
        case .daemonSets: "DaemonSet"
        case .jobs: "Job"
        case .pods: "Pod"
        case .kustomizations: "Kustomization"
        }
    }

    /// `DeploymentList`, `PodList`, …
    public var listKind: String { kind + "List" }

    /// The collection: all namespaces when `namespace` is nil.
    public func path(namespace: String? = nil) -> String {
        guard let namespace else { return "\(pathPrefix)/\(plural)" }
        return "\(pathPrefix)/namespaces/\(namespace)/\(plural)"
    }

    /// One object.
    public func path(namespace: String, name: String) -> String {
        "\(path(namespace: namespace))/\(name)"
    }

    /// Custom resources are served as unstructured JSON: object keys sorted (Go encodes maps
    /// that way) and list items keep their kind and apiVersion.
    public var isCustomResource: Bool { self == .kustomizations }

    /// How errors name the resource: `deployments.apps`, `pods`.
    var qualifiedName: String { group.isEmpty ? plural : "\(plural).\(group)" }

    /// The object the API server sends in a BOOKMARK: the zero value of the type with only
    /// `metadata.resourceVersion` set, encoded as Go encodes it (fields without `omitempty`
    /// stay: a Deployment's `selector` is null and its template's `containers` too). The
    /// apiserver's cacher builds it with `newFunc()` and `versioner.UpdateObject`
    /// (staging/src/k8s.io/apiserver/pkg/storage/cacher); field tags from
    /// staging/src/k8s.io/api/{apps,batch,core}/v1/types.go. A custom resource's is unstructured:
    /// only apiVersion, kind and metadata.resourceVersion.
    func bookmarkObject(resourceVersion: Int) -> JSONValue {
        let rv = JSONValue.string(String(resourceVersion))
        if isCustomResource {
            return .object([.init("apiVersion", .string(apiVersion)), .init("kind", .string(kind)), .init("metadata", .object([.init("resourceVersion", rv)]))])
        }
        let emptyMeta = JSONValue.object([.init("creationTimestamp", .null)])
        let template = JSONValue.object([.init("metadata", emptyMeta), .init("spec", .object([.init("containers", .null)]))])
        let spec: [JSONValue.Member]
        let status: [JSONValue.Member]
        switch self {
        case .deployments:
            spec = [.init("selector", .null), .init("template", template), .init("strategy", .object([]))]
            status = []
        case .statefulSets:
            spec = [.init("selector", .null), .init("template", template), .init("serviceName", .string("")), .init("updateStrategy", .object([]))]
            status = [.init("replicas", .number("0")), .init("availableReplicas", .number("0"))]
        case .daemonSets:
            spec = [.init("selector", .null), .init("template", template), .init("updateStrategy", .object([]))]
            status = ["currentNumberScheduled", "numberMisscheduled", "desiredNumberScheduled", "numberReady"].map { .init($0, .number("0")) }
        case .jobs:
            spec = [.init("template", template)]
            status = []
        case .pods, .kustomizations:
            spec = [.init("containers", .null)]
            status = []
        }
        return .object([
            .init("kind", .string(kind)), .init("apiVersion", .string(apiVersion)),
            .init("metadata", .object([.init("resourceVersion", rv), .init("creationTimestamp", .null)])),
            .init("spec", .object(spec)), .init("status", .object(status)),
        ])
    }
}

/// A PATCH the fake received, whether it applied it or not.
public struct RecordedPatch: Sendable, Equatable {
    public var resource: KubernetesResource
    public var namespace: String
    public var name: String
    /// The `Content-Type` header as sent, e.g. `application/merge-patch+json`.
    public var contentType: String
    /// The request body as sent.
    public var body: String

    public init(resource: KubernetesResource, namespace: String, name: String, contentType: String, body: String) {
        self.resource = resource
        self.namespace = namespace
        self.name = name
        self.contentType = contentType
        self.body = body
    }

    /// The body parsed, when it is JSON.
    public var json: JSONValue? { try? JSONValue.parse(body) }
}

// MARK: - The fake

/// A Kubernetes API server on loopback for tests, speaking the real wire format (checked
/// against the Kubernetes API reference and the apiserver's sources, see
/// kubernetes.io/docs/reference/using-api/api-concepts): LIST, WATCH (chunked JSON lines with
/// bookmarks, `410 Expired` after compaction), GET, JSON merge PATCH (with a resourceVersion
/// precondition), pod logs, label and field selectors, bearer tokens, and `Status` objects for
/// every refusal.
///
/// Objects are kept as JSON. Like etcd, one counter versions every write across all
/// resources; every object gets `metadata.uid`, `resourceVersion`, `creationTimestamp` and a
/// `generation` that grows when its `spec` changes. Tests change the cluster with ``put(_:_:)``
/// and ``delete(_:namespace:name:)`` (what controllers and kubectl would do) and see what the
/// client did through ``requests`` and ``patches``.
///
/// Where the fake is simpler than the real server: merge patches only (JSON patches,
/// strategic merge and server-side apply are refused with 415), paging by `limit`/`continue`
/// only for lists that are not served from the watch cache (as the real one), no `managedFields`, logs are never followed, and a watch
/// from a resourceVersion newer than the server's starts from there instead of waiting.
///
/// Call ``stop()`` at the end of a test: it ends every watch and frees the port.
public final class FakeKubernetesAPI: Sendable {
    /// When set, every request must carry `Authorization: Bearer <token>`.
    public let requiredToken: String?
    let state = Mutex(State())

    public init(requiredToken: String? = nil) {
        self.requiredToken = requiredToken
    }

    // MARK: Serving

    /// Listens on 127.0.0.1 (port 0 picks a free one) and returns the server's URL.
    public func start(port: Int = 0) async throws -> URL {
        if let running = state.withLock({ $0.server?.port }) {
            return Self.url(port: running)
        }
        let responder = CallbackResponder { [weak self] (request: Request, context: FakeKubernetesRequestContext) -> Response in
            guard let self else { return Response(status: .serviceUnavailable) }
            return await self.respond(to: request, context: context)
        }
        let server = try await LoopbackServer.start(port: port, label: "FakeKubernetesAPI") { logger, onServerRunning in
            Application(
                responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: port)), onServerRunning: onServerRunning,
                logger: logger)
        }
        guard let server else {
            throw FakeKubernetesAPIError(message: "the fake Kubernetes API could not listen on 127.0.0.1:\(port)")
        }
        state.withLock {
            $0.server = server
            $0.lastPort = server.port
        }
        return Self.url(port: server.port)
    }

    /// Ends every watch stream (as an API server going away does) and stops listening.
    public func stop() async {
        let (server, watches, ready) = state.withLock { state in
            let server = state.server
            state.server = nil
            let watches = Array(state.watches.values)
            state.watches = [:]
            return (server, watches, state.takeSatisfiedWaiters())
        }
        for watch in watches { watch.end() }
        ready.resume()
        // Graceful: the ended watch responses are written out, idle connections closed.
        await server?.stop()
    }

    /// An API server restart: every watch ends, the history of changes is gone (a watch from
    /// an older resourceVersion gets `410 Expired`, as after the real server rebuilds its watch
    /// cache) and the server listens again on the same port. Objects and the resourceVersion
    /// counter stay, as they live in etcd.
    public func restart() async throws {
        let port = state.withLock { $0.lastPort } ?? 0
        await stop()
        compactHistory()
        _ = try await start(port: port)
    }

    /// Forgets the history of changes: a watch from any resourceVersion older than now is
    /// answered with a single ERROR event holding `410 Expired`, as after etcd's compaction.
    public func compactHistory() {
        state.withLock { state in
            state.history.removeAll()
            state.historyStart = state.resourceVersion
        }
    }

    /// Sends a BOOKMARK with the current resourceVersion to every open watch that asked for
    /// bookmarks (`allowWatchBookmarks=true`); the real server does this about once a minute.
    public func sendBookmark() {
        state.withLock { state in
            for watch in state.watches.values where watch.bookmarks {
                watch.send("BOOKMARK", watch.resource.bookmarkObject(resourceVersion: state.resourceVersion))
            }
        }
    }

    // MARK: The cluster

    /// Creates the object or replaces the one with its namespace and name, and tells watchers
    /// (ADDED or MODIFIED). The server fills in `kind`, `apiVersion`, `metadata.namespace`
    /// (`default`), `uid`, `resourceVersion`, `creationTimestamp` and `generation`; a `uid` or
    /// `creationTimestamp` given on creation is kept (as if a controller had created it
    /// earlier). Returns the object as stored.
    @discardableResult
    public func put(_ resource: KubernetesResource, _ object: JSONValue) -> JSONValue {
        let (stored, ready) = state.withLock { state in
            let stored = state.store(resource, object)
            return (stored, state.takeSatisfiedWaiters())
        }
        ready.resume()
        return stored
    }

    /// Deletes the object (DELETED to watchers, with the deletion's resourceVersion); nothing
    /// happens when there is none.
    public func delete(_ resource: KubernetesResource, namespace: String, name: String) {
        let ready = state.withLock { state in
            state.remove(resource, ObjectKey(namespace: namespace, name: name))
            return state.takeSatisfiedWaiters()
        }
        ready.resume()
    }

    /// The object as stored, with its kind and apiVersion.
    public func object(_ resource: KubernetesResource, namespace: String, name: String) -> JSONValue? {
        state.withLock { $0.objects[resource]?[ObjectKey(namespace: namespace, name: name)] }
    }

    /// Every stored object of a resource, ordered by namespace and name as etcd's keys are.
    public func objects(_ resource: KubernetesResource) -> [JSONValue] {
        state.withLock { $0.items(resource, namespace: nil, selector: ObjectSelector()) }
    }

    /// What `GET …/pods/{pod}/log?container=…` answers; `previous` is the log of the container's
    /// last terminated instance (`previous=true`).
    public func setLog(namespace: String, pod: String, container: String, previous: Bool = false, _ text: String) {
        state.withLock { $0.logs[LogKey(namespace: namespace, pod: pod, container: container, previous: previous)] = text }
    }

    // MARK: What the client did

    /// Every PATCH answered, in order, including refused ones.
    public var patches: [RecordedPatch] { state.withLock { $0.patches } }

    /// Every request as `METHOD /path?query`, in order: `GET /apis/apps/v1/deployments?watch=true&…`.
    public var requests: [String] { state.withLock { $0.requests } }

    /// Watch streams open now.
    public var openWatches: Int { state.withLock { $0.watches.count } }

    /// The resourceVersion of the latest write.
    public var resourceVersion: Int { state.withLock { $0.resourceVersion } }

    /// Returns once at least `count` watches are open; throws after `timeout`.
    public func waitForWatches(_ count: Int, timeout: Duration) async throws {
        try await waitForWatches(.atLeastOpenWatches(count), "at least \(count)", timeout: timeout)
    }

    /// Returns once at most `count` watches are open (0: every client went away); throws after
    /// `timeout`.
    public func waitForWatches(atMost count: Int, timeout: Duration) async throws {
        try await waitForWatches(.atMostOpenWatches(count), "at most \(count)", timeout: timeout)
    }

    private func waitForWatches(_ condition: Condition, _ expected: String, timeout: Duration) async throws {
        guard await wait(for: condition, timeout: timeout) else {
            let (open, requests) = state.withLock { ($0.watches.count, $0.requests) }
            throw FakeKubernetesAPIError(
                message: "expected \(expected) open watches within \(timeout), \(open) are open; requests: \(requests.joined(separator: ", "))")
        }
    }

    /// Returns once at least `count` PATCH requests were answered (their effect visible through
    /// ``object(_:namespace:name:)``); throws after `timeout`.
    public func waitForPatches(_ count: Int, timeout: Duration) async throws {
        guard await wait(for: .patches(count), timeout: timeout) else {
            throw FakeKubernetesAPIError(message: "expected \(count) patches within \(timeout), got \(patches.count)")
        }
    }

    static func url(port: Int) -> URL {
        URL(string: "http://127.0.0.1:\(port)")!
    }
}

/// Why the fake could not do what a test asked.
public struct FakeKubernetesAPIError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}

/// The request context: Hummingbird's, plus the connection, so a watch ends when its client
/// goes away even while no event is being written.
struct FakeKubernetesRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

// MARK: - State

struct ObjectKey: Hashable, Comparable, Sendable {
    var namespace: String
    var name: String

    static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
        (lhs.namespace, lhs.name) < (rhs.namespace, rhs.name)
    }
}

struct LogKey: Hashable, Sendable {
    var namespace: String
    var pod: String
    var container: String
    var previous: Bool
}

/// One write, as the watch cache keeps it: the object after it (for a deletion, the last state
/// with the deletion's resourceVersion) and before it.
struct Change: Sendable {
    enum Kind: String, Sendable { case added = "ADDED", modified = "MODIFIED", deleted = "DELETED" }
    var kind: Kind
    var resource: KubernetesResource
    var key: ObjectKey
    var object: JSONValue
    var previous: JSONValue?
    var resourceVersion: Int
}

/// An open watch stream.
struct Watch: Sendable {
    var resource: KubernetesResource
    var namespace: String?
    var selector: ObjectSelector
    var bookmarks: Bool
    var continuation: AsyncStream<ByteBuffer>.Continuation
    var timeout: Task<Void, Never>?

    /// Writes one event; a custom resource's object with its keys sorted.
    func send(_ type: String, _ object: JSONValue) {
        continuation.yield(ByteBuffer(string: FakeKubernetesAPI.eventLine(type: type, object: resource.isCustomResource ? object.sortedKeys() : object)))
    }

    /// Ends the response (the chunked body's last chunk). Never called with the state locked:
    /// finishing runs the stream's termination handler, which locks it.
    func end() {
        timeout?.cancel()
        continuation.finish()
    }

    /// What this watcher is told about a change, if anything. An object that starts or stops
    /// matching the selector arrives as ADDED or DELETED, as the apiserver's cacheWatcher does.
    func event(for change: Change) -> (type: String, object: JSONValue)? {
        guard change.resource == resource, namespace == nil || change.key.namespace == namespace else { return nil }
        let matchedBefore = change.previous.map(selector.matches) ?? false
        if change.kind == .deleted {
            return matchedBefore ? ("DELETED", change.object) : nil
        }
        let matchesNow = selector.matches(change.object)
        switch (matchedBefore, matchesNow) {
        case (true, true): return (change.kind.rawValue, change.object)
        case (false, true): return ("ADDED", change.object)
        case (true, false):
            var gone = change.previous!
            gone.setField("metadata", "resourceVersion", to: .string(String(change.resourceVersion)))
            return ("DELETED", gone)
        case (false, false): return nil
        }
    }
}

/// Something a test or a request is waiting for.
enum Condition: Sendable {
    case atLeastOpenWatches(Int)
    case atMostOpenWatches(Int)
    case resourceVersion(Int)
    /// PATCH requests answered (applied or refused).
    case patches(Int)

    func holds(in state: State) -> Bool {
        switch self {
        case .atLeastOpenWatches(let count): state.watches.count >= count
        case .atMostOpenWatches(let count): state.watches.count <= count
        case .resourceVersion(let version): state.resourceVersion >= version
        case .patches(let count): state.patches.count >= count
        }
    }
}

struct Waiter: Sendable {
    var condition: Condition
    var continuation: CheckedContinuation<Bool, Never>
    var timeout: Task<Void, Never>?
}

extension [Waiter] {
    func resume() {
        for waiter in self {
            waiter.timeout?.cancel()
            waiter.continuation.resume(returning: true)
        }
    }
}

struct State {
    /// etcd's revision: one counter for every write of every resource.
    var resourceVersion = 0
    var objects: [KubernetesResource: [ObjectKey: JSONValue]] = [:]
    /// Every change with a resourceVersion above `historyStart`.
    var history: [Change] = []
    var historyStart = 0
    var watches: [Int: Watch] = [:]
    var nextID = 0
    var waiters: [Int: Waiter] = [:]
    var logs: [LogKey: String] = [:]
    var patches: [RecordedPatch] = []
    var requests: [String] = []
    var server: LoopbackServer?
    var lastPort: Int?

    mutating func makeID() -> Int {
        nextID += 1
        return nextID
    }

    // MARK: Writes

    /// Creates or replaces an object with the fields the server owns filled in.
    mutating func store(_ resource: KubernetesResource, _ object: JSONValue, now: Date = Date()) -> JSONValue {
        let given = object.field("metadata") ?? .object([])
        let namespace = given.field("namespace")?.textValue ?? "default"
        guard let name = given.field("name")?.textValue, !name.isEmpty else {
            preconditionFailure("FakeKubernetesAPI.put: a \(resource.kind) needs metadata.name: \(object.goCompact())")
        }
        let key = ObjectKey(namespace: namespace, name: name)
        let previous = objects[resource]?[key]
        let old = previous?.field("metadata")
        resourceVersion += 1

        var generation = 1
        if let previous {
            generation = previous.field("metadata", "generation")?.intValue ?? 1
            if !(previous.field("spec") ?? .null).sameJSON(as: object.field("spec") ?? .null) { generation += 1 }
        }
        var metadata = given
        metadata.setField("namespace", to: .string(namespace))
        metadata.setField("uid", to: old?.field("uid") ?? given.field("uid") ?? .string(UUID().uuidString.lowercased()))
        metadata.setField("resourceVersion", to: .string(String(resourceVersion)))
        metadata.setField("generation", to: .number(String(generation)))
        metadata.setField(
            "creationTimestamp", to: old?.field("creationTimestamp") ?? given.field("creationTimestamp").flatMap { $0 == .null ? nil : $0 }
                ?? .string(KubernetesTime.string(now)))

        var stored = object
        stored.setField("kind", to: .string(resource.kind))
        stored.setField("apiVersion", to: .string(resource.apiVersion))
        stored.setField("metadata", to: metadata.ordered(Self.metadataOrder))
        stored = stored.ordered(["kind", "apiVersion", "metadata", "spec", "status"])
        if objects[resource] == nil { objects[resource] = [:] }
        objects[resource]![key] = stored
        record(Change(kind: previous == nil ? .added : .modified, resource: resource, key: key, object: stored, previous: previous, resourceVersion: resourceVersion))
        return stored
    }

    mutating func remove(_ resource: KubernetesResource, _ key: ObjectKey) {
        guard let previous = objects[resource]?.removeValue(forKey: key) else { return }
        resourceVersion += 1
        var gone = previous
        gone.setField("metadata", "resourceVersion", to: .string(String(resourceVersion)))
        record(Change(kind: .deleted, resource: resource, key: key, object: gone, previous: previous, resourceVersion: resourceVersion))
    }

    /// Keeps the change and tells every watcher it concerns, in resourceVersion order (the
    /// state is locked, so no other write interleaves).
    mutating func record(_ change: Change) {
        history.append(change)
        for watch in watches.values {
            if let event = watch.event(for: change) {
                watch.send(event.type, event.object)
            }
        }
    }

    /// ObjectMeta's fields in the order Go writes them.
    static let metadataOrder = [
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers", "managedFields",
    ]

    // MARK: Reads

    func items(_ resource: KubernetesResource, namespace: String?, selector: ObjectSelector) -> [JSONValue] {
        (objects[resource] ?? [:])
            .filter { namespace == nil || $0.key.namespace == namespace }
            .sorted { $0.key < $1.key }
            .map(\.value)
            .filter(selector.matches)
    }

    /// The objects as they were at `version` (which must be at or after `historyStart`): the
    /// changes since undone, newest first.
    func items(_ resource: KubernetesResource, namespace: String?, selector: ObjectSelector, at version: Int) -> [JSONValue] {
        var objects = self.objects[resource] ?? [:]
        for change in history.reversed() where change.resourceVersion > version && change.resource == resource {
            switch change.kind {
            case .added: objects[change.key] = nil
            case .modified, .deleted: objects[change.key] = change.previous
            }
        }
        return objects
            .filter { namespace == nil || $0.key.namespace == namespace }
            .sorted { $0.key < $1.key }
            .map(\.value)
            .filter(selector.matches)
    }

    // MARK: Waiting

    mutating func takeSatisfiedWaiters() -> [Waiter] {
        let now = self
        let ready = waiters.filter { $0.value.condition.holds(in: now) }
        for id in ready.keys { waiters[id] = nil }
        return Array(ready.values)
    }
}

extension FakeKubernetesAPI {
    /// Suspends until `condition` holds or `timeout` passes; true when it held.
    func wait(for condition: Condition, timeout: Duration) async -> Bool {
        let id = state.withLock { $0.makeID() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let holds = state.withLock { state in
                    if condition.holds(in: state) { return true }
                    state.waiters[id] = Waiter(condition: condition, continuation: continuation)
                    return false
                }
                if holds {
                    continuation.resume(returning: true)
                    return
                }
                let timer = Task { [weak self] in
                    try? await Task.sleep(for: timeout)
                    self?.giveUp(waiter: id)
                }
                let resolved = state.withLock { state in
                    guard state.waiters[id] != nil else { return true }
                    state.waiters[id]?.timeout = timer
                    return false
                }
                if resolved { timer.cancel() }
            }
        } onCancel: {
            giveUp(waiter: id)
        }
    }

    func giveUp(waiter id: Int) {
        let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
        waiter?.timeout?.cancel()
        waiter?.continuation.resume(returning: false)
    }

    /// Ends one watch: its timeout passed, its client went away, or the server stops.
    func endWatch(_ id: Int) {
        let (watch, ready) = state.withLock { state in
            (state.watches.removeValue(forKey: id), state.takeSatisfiedWaiters())
        }
        watch?.end()
        ready.resume()
    }
}

// MARK: - HTTP

/// A request's target, parsed as the apiserver's request info does.
enum Route {
    case collection(KubernetesResource, namespace: String?)
    case object(KubernetesResource, namespace: String, name: String)
    case log(namespace: String, pod: String)

    init?(path: String) {
        let parts = path.split(separator: "/").map(String.init)
        let rest: ArraySlice<String>
        let group: String
        if parts.count >= 2, parts[0] == "api", parts[1] == "v1" {
            group = ""
            rest = parts[2...]
        } else if parts.count >= 3, parts[0] == "apis", parts[2] == "v1" {
            group = parts[1]
            rest = parts[3...]
        } else {
            return nil
        }
        let segments = Array(rest)
        func resource(_ plural: String) -> KubernetesResource? {
            KubernetesResource.allCases.first { $0.group == group && $0.plural == plural }
        }
        switch segments.count {
        case 1:
            guard let resource = resource(segments[0]) else { return nil }
            self = .collection(resource, namespace: nil)
        case 3 where segments[0] == "namespaces":
            guard let resource = resource(segments[2]) else { return nil }
            self = .collection(resource, namespace: segments[1])
        case 4 where segments[0] == "namespaces":
            guard let resource = resource(segments[2]) else { return nil }
            self = .object(resource, namespace: segments[1], name: segments[3])
        case 5 where segments[0] == "namespaces" && segments[4] == "log":
            guard resource(segments[2]) == .pods else { return nil }
            self = .log(namespace: segments[1], pod: segments[3])
        default:
            return nil
        }
    }
}

extension FakeKubernetesAPI {
    func respond(to request: Request, context: FakeKubernetesRequestContext) async -> Response {
        state.withLock { $0.requests.append("\(request.method) \(request.uri)") }
        if let requiredToken, !Self.bearer(request.headers[.authorization], is: requiredToken) {
            // staging/src/k8s.io/apiserver/pkg/endpoints/filters/authentication.go: Unauthorized
            return Self.status(code: 401, reason: "Unauthorized", message: "Unauthorized")
        }
        let query = Query(request)
        switch (Route(path: request.uri.path), request.method) {
        case (.collection(let resource, let namespace), .get):
            if query.flag("watch") {
                return watch(resource, namespace: namespace, query: query, context: context)
            }
            return await list(resource, namespace: namespace, query: query)
        case (.object(let resource, let namespace, let name), .get):
            guard let object = object(resource, namespace: namespace, name: name) else {
                return Self.notFound(resource, name)
            }
            return Self.json(Self.encoded(object, resource))
        case (.object(let resource, let namespace, let name), .patch):
            return await patch(resource, namespace: namespace, name: name, request: request)
        case (.log(let namespace, let pod), .get):
            return log(namespace: namespace, pod: pod, query: query)
        case (.some, _):
            return Self.status(code: 405, reason: "MethodNotAllowed", message: "the server does not allow this method on the requested resource", details: .object([]))
        case (.none, _):
            return Self.status(code: 404, reason: "NotFound", message: "the server could not find the requested resource", details: .object([]))
        }
    }

    /// `Authorization: Bearer <token>`, the scheme in any case (as the apiserver's bearer
    /// token authenticator reads it).
    static func bearer(_ header: String?, is token: String) -> Bool {
        guard let header else { return false }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        return parts.count == 2 && parts[0].lowercased() == "bearer" && parts[1].trimmingCharacters(in: .whitespaces) == token
    }

    // MARK: LIST

    func list(_ resource: KubernetesResource, namespace: String?, query: Query) async -> Response {
        let selector: ObjectSelector
        do { selector = try ObjectSelector(labels: query["labelSelector"], fields: query["fieldSelector"], resource: resource) } catch {
            return Self.status(code: 400, reason: "BadRequest", message: error.message)
        }
        let requested = query["resourceVersion"] ?? ""
        var exactly: Int?
        if !requested.isEmpty, requested != "0" {
            guard let version = Int(requested) else { return Self.invalidResourceVersion(requested) }
            // Not older than `version`: wait briefly for it, then 504 as the watch cache does
            // (storage/errors.go NewTooLargeResourceVersionError, cacher's 3 s block).
            if !(await wait(for: .resourceVersion(version), timeout: .seconds(3))) {
                let current = state.withLock { $0.resourceVersion }
                return Self.status(
                    code: 504, reason: "Timeout", message: "Timeout: Too large resource version: \(version), current: \(current)",
                    details: .object([
                        .init("causes", .array([.object([.init("reason", .string("ResourceVersionTooLarge")), .init("message", .string("Too large resource version"))])])),
                        .init("retryAfterSeconds", .number("1")),
                    ]))
            }
            if query["resourceVersionMatch"] == "Exact" { exactly = version }
        }
        // Paging (limit and continue) as etcd-backed lists do; a list from the watch cache
        // (resourceVersion "0") ignores limit, as the real cacher does.
        var start: String?
        if let token = query["continue"], !token.isEmpty {
            guard let decoded = ContinueToken(token) else {
                return Self.status(code: 400, reason: "BadRequest", message: "continue key is not valid: illegal base64 data at input byte 0")
            }
            exactly = decoded.resourceVersion
            start = decoded.start
        }
        let limit = requested == "0" ? nil : query["limit"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil }
        let listed: Result<(items: [JSONValue], version: Int), Expired> = state.withLock { state in
            guard let version = exactly else {
                return .success((state.items(resource, namespace: namespace, selector: selector), state.resourceVersion))
            }
            guard version >= state.historyStart else { return .failure(Expired(requested: version, oldest: state.historyStart)) }
            return .success((state.items(resource, namespace: namespace, selector: selector, at: version), version))
        }
        switch listed {
        case .failure(let expired):
            if start != nil {
                return Self.status(
                    code: 410, reason: "Expired",
                    message: "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.")
            }
            return Self.status(code: 410, reason: "Expired", message: expired.message)
        case .success(let (all, version)):
            var items = all
            if let start {
                let parts = start.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let first = ObjectKey(namespace: parts[0], name: parts.count > 1 ? parts[1] : "")
                items = items.filter { !(Self.objectKey(of: $0) < first) }
            }
            var metadata: [JSONValue.Member] = [.init("resourceVersion", .string(String(version)))]
            if let limit, items.count > limit {
                let next = Self.objectKey(of: items[limit])
                metadata.append(.init("continue", .string(ContinueToken(resourceVersion: version, start: "\(next.namespace)/\(next.name)").text)))
                metadata.append(.init("remainingItemCount", .number(String(items.count - limit))))
                items = Array(items.prefix(limit))
            }
            // Items of a typed list carry no kind or apiVersion (kubernetes/kubernetes#3030);
            // a custom resource's, served unstructured, do.
            let encodedItems = items.map { item -> JSONValue in
                if resource.isCustomResource { return item }
                var item = item
                item.setField("kind", to: nil)
                item.setField("apiVersion", to: nil)
                return item
            }
            let list = JSONValue.object([
                .init("kind", .string(resource.listKind)),
                .init("apiVersion", .string(resource.apiVersion)),
                .init("metadata", .object(metadata)),
                .init("items", .array(encodedItems)),
            ])
            return Self.json(resource.isCustomResource ? list.sortedKeys() : list)
        }
    }

    /// Where an object is in a list and its pages.
    static func objectKey(of object: JSONValue) -> ObjectKey {
        ObjectKey(namespace: object.field("metadata", "namespace")?.textValue ?? "", name: object.field("metadata", "name")?.textValue ?? "")
    }

    // MARK: WATCH

    /// `?watch=true`: 200 and one JSON event per line for as long as the watch lasts.
    /// Without a resourceVersion (or "0") it starts with an ADDED event per object; from N it
    /// replays the changes after N, or — when N is older than the history kept — sends a
    /// single ERROR event with `410 Expired` and ends (the cacher's `newErrWatcher`).
    func watch(_ resource: KubernetesResource, namespace: String?, query: Query, context: FakeKubernetesRequestContext) -> Response {
        let selector: ObjectSelector
        do { selector = try ObjectSelector(labels: query["labelSelector"], fields: query["fieldSelector"], resource: resource) } catch {
            return Self.status(code: 400, reason: "BadRequest", message: error.message)
        }
        let requested = query["resourceVersion"] ?? ""
        var from: Int?
        if !requested.isEmpty, requested != "0" {
            guard let version = Int(requested) else { return Self.invalidResourceVersion(requested) }
            from = version
        }
        let (stream, continuation) = AsyncStream.makeStream(of: ByteBuffer.self)
        let id = state.withLock { $0.makeID() }
        continuation.onTermination = { [weak self] _ in self?.endWatch(id) }
        let watch = Watch(resource: resource, namespace: namespace, selector: selector, bookmarks: query.flag("allowWatchBookmarks"), continuation: continuation)

        let started: Result<[Waiter], Expired> = state.withLock { state in
            if let from, from < state.historyStart {
                return .failure(Expired(requested: from, oldest: state.historyStart))
            }
            if let from {
                for change in state.history where change.resourceVersion > from {
                    if let event = watch.event(for: change) { watch.send(event.type, event.object) }
                }
            } else {
                for object in state.items(resource, namespace: namespace, selector: selector) {
                    watch.send("ADDED", object)
                }
            }
            state.watches[id] = watch
            return .success(state.takeSatisfiedWaiters())
        }
        switch started {
        case .failure(let expired):
            let status = Self.statusObject(code: 410, reason: "Expired", message: expired.message)
            continuation.yield(ByteBuffer(string: Self.eventLine(type: "ERROR", object: status)))
            continuation.finish()
        case .success(let ready):
            ready.resume()
            if let seconds = query["timeoutSeconds"].flatMap(Int.init), seconds > 0 {
                let timer = Task { [weak self] in
                    guard (try? await Task.sleep(for: .seconds(seconds))) != nil else { return }
                    self?.endWatch(id)
                }
                let ended = state.withLock { state in
                    guard state.watches[id] != nil else { return true }
                    state.watches[id]?.timeout = timer
                    return false
                }
                if ended { timer.cancel() }
            }
            context.channel.closeFuture.whenComplete { [weak self] _ in self?.endWatch(id) }
        }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(asyncSequence: stream))
    }

    /// One watch event as the apiserver writes it: `{"type":…,"object":…}` and a newline.
    static func eventLine(type: String, object: JSONValue) -> String {
        JSONValue.object([.init("type", .string(type)), .init("object", object)]).goCompact() + "\n"
    }

    // MARK: PATCH

    /// Applies the patch, then records it: once ``patches`` lists it (and `waitForPatches`
    /// returns), the object shows its effect.
    func patch(_ resource: KubernetesResource, namespace: String, name: String, request: Request) async -> Response {
        var request = request
        let body = (try? await request.collectBody(upTo: 8 << 20)).map { String(buffer: $0) } ?? ""
        let contentType = request.headers[.contentType] ?? ""
        let response = applyPatch(resource, namespace: namespace, name: name, contentType: contentType, body: body)
        let recorded = state.withLock {
            $0.patches.append(RecordedPatch(resource: resource, namespace: namespace, name: name, contentType: contentType, body: body))
            return $0.takeSatisfiedWaiters()
        }
        recorded.resume()
        return response
    }

    func applyPatch(_ resource: KubernetesResource, namespace: String, name: String, contentType: String, body: String) -> Response {
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard mediaType == "application/merge-patch+json" else {
            return Self.unsupportedPatch(resource, mediaType: mediaType)
        }
        let patch: JSONValue
        do { patch = try JSONValue.parse(body) } catch {
            return Self.status(code: 400, reason: "BadRequest", message: "error decoding patch: \(error)")
        }
        guard case .object = patch else {
            return Self.status(code: 400, reason: "BadRequest", message: "error decoding patch: a merge patch must be a JSON object")
        }
        let key = ObjectKey(namespace: namespace, name: name)
        let outcome: PatchOutcome = state.withLock { state in
            guard let current = state.objects[resource]?[key] else { return .notFound }
            if let precondition = patch.field("metadata", "resourceVersion")?.textValue,
               precondition != current.field("metadata", "resourceVersion")?.textValue {
                return .conflict
            }
            var patched = current.mergePatched(with: patch)
            // What the server owns; status only changes through the status subresource.
            for path in [["kind"], ["apiVersion"], ["status"], ["metadata", "name"], ["metadata", "namespace"], ["metadata", "uid"],
                         ["metadata", "resourceVersion"], ["metadata", "generation"], ["metadata", "creationTimestamp"]] {
                patched.setField(path, to: current.field(path))
            }
            if patched.sameJSON(as: current) { return .unchanged(current) }
            let stored = state.store(resource, patched)
            return .patched(stored, state.takeSatisfiedWaiters())
        }
        switch outcome {
        case .notFound:
            return Self.notFound(resource, name)
        case .conflict:
            // apimachinery errors.NewConflict with storage's OptimisticLockErrorMsg.
            return Self.status(
                code: 409, reason: "Conflict",
                message: "Operation cannot be fulfilled on \(resource.qualifiedName) \"\(name)\": the object has been modified; please apply your changes to the latest version and try again",
                details: Self.details(resource, name))
        case .unchanged(let object):
            return Self.json(Self.encoded(object, resource))
        case .patched(let object, let ready):
            ready.resume()
            return Self.json(Self.encoded(object, resource))
        }
    }

    enum PatchOutcome: Sendable {
        case notFound, conflict
        case unchanged(JSONValue)
        case patched(JSONValue, [Waiter])
    }

    /// 415 as the patch handler answers (endpoints/handlers/patch.go,
    /// negotiation.NewUnsupportedMediaTypeError). The patch types a built-in resource accepts
    /// include strategic merge, a custom resource's do not; this fake applies merge patches only
    /// and says so when asked for one of the others.
    static func unsupportedPatch(_ resource: KubernetesResource, mediaType: String) -> Response {
        var accepted = ["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"]
        if resource.isCustomResource { accepted.removeAll { $0 == "application/strategic-merge-patch+json" } }
        var message = "the body of the request was in an unknown format - accepted media types include: \(accepted.joined(separator: ", "))"
        if accepted.contains(mediaType) {
            message = "the body of the request was in an unknown format - accepted media types include: application/merge-patch+json (the fake Kubernetes API applies merge patches only, not \(mediaType))"
        }
        return status(code: 415, reason: "UnsupportedMediaType", message: message)
    }

    // MARK: Logs

    /// `GET …/pods/{pod}/log`: the container's log as text/plain, its last `tailLines` lines.
    /// The container is chosen and refused as the apiserver's `LogLocation` does
    /// (pkg/registry/core/pod/strategy.go), and a container that never ran is refused with the
    /// kubelet's words (pkg/kubelet/kubelet_pods.go validateContainerLogStatus); both answer 400.
    func log(namespace: String, pod: String, query: Query) -> Response {
        guard let object = object(.pods, namespace: namespace, name: pod) else {
            return Self.notFound(.pods, pod)
        }
        let containers = (object.field("spec", "containers")?.arrayValue ?? []).compactMap { $0.field("name")?.textValue }
        let initContainers = (object.field("spec", "initContainers")?.arrayValue ?? []).compactMap { $0.field("name")?.textValue }
        var container = query["container"] ?? ""
        if container.isEmpty {
            switch containers.count {
            case 1:
                container = containers[0]
            case 0:
                return Self.status(code: 400, reason: "BadRequest", message: "a container name must be specified for pod \(pod)")
            default:
                var message = "a container name must be specified for pod \(pod), choose one of: [\(containers.joined(separator: " "))]"
                if !initContainers.isEmpty { message += " or one of the init containers: [\(initContainers.joined(separator: " "))]" }
                return Self.status(code: 400, reason: "BadRequest", message: message)
            }
        } else if !(containers + initContainers).contains(container) {
            return Self.status(code: 400, reason: "BadRequest", message: "container \(container) is not valid for pod \(pod)")
        }
        let previous = query.flag("previous")
        if let refusal = Self.kubeletRefusal(object, container: container, pod: pod, previous: previous) {
            return Self.status(code: 400, reason: "BadRequest", message: refusal)
        }
        var text = state.withLock { $0.logs[LogKey(namespace: namespace, pod: pod, container: container, previous: previous)] } ?? ""
        if let tail = query["tailLines"].flatMap(Int.init), tail >= 0 {
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.last == "" { lines.removeLast() }
            text = lines.suffix(tail).map { $0 + "\n" }.joined()
        }
        return Response(status: .ok, headers: [.contentType: "text/plain"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// Why the kubelet would not serve the log of a container that has not run. Pods without
    /// container statuses are served whatever their state.
    static func kubeletRefusal(_ pod: JSONValue, container: String, pod name: String, previous: Bool) -> String? {
        let statuses = (pod.field("status", "containerStatuses")?.arrayValue ?? []) + (pod.field("status", "initContainerStatuses")?.arrayValue ?? [])
        guard !statuses.isEmpty else { return nil }
        guard let status = statuses.first(where: { $0.field("name")?.textValue == container }) else {
            return "container \"\(container)\" in pod \"\(name)\" is not available"
        }
        let lastTerminated = status.field("lastState", "terminated")
        if previous {
            return lastTerminated == nil ? "previous terminated container \"\(container)\" in pod \"\(name)\" not found" : nil
        }
        if status.field("state", "running") != nil || status.field("state", "terminated") != nil || lastTerminated != nil { return nil }
        guard let waiting = status.field("state", "waiting") else {
            return "container \"\(container)\" in pod \"\(name)\" is waiting to start - no logs yet"
        }
        switch waiting.field("reason")?.textValue ?? "" {
        case "ErrImagePull": return "container \"\(container)\" in pod \"\(name)\" is waiting to start: image can't be pulled"
        case "ImagePullBackOff": return "container \"\(container)\" in pod \"\(name)\" is waiting to start: trying and failing to pull image"
        case let reason: return "container \"\(container)\" in pod \"\(name)\" is waiting to start: \(reason)"
        }
    }

    // MARK: Answers

    /// A single object as the API returns it; custom resources with their keys sorted.
    static func encoded(_ object: JSONValue, _ resource: KubernetesResource) -> JSONValue {
        resource.isCustomResource ? object.sortedKeys() : object
    }

    /// JSON as the apiserver writes it: Go's encoding (HTML characters escaped) and a newline.
    static func json(_ value: JSONValue, code: Int = 200) -> Response {
        Response(
            status: httpStatus(code), headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: value.goCompact() + "\n")))
    }

    /// The status line the apiserver (Go's net/http) writes, reason phrase included.
    static func httpStatus(_ code: Int) -> HTTPResponse.Status {
        switch code {
        case 200: .ok
        case 400: .badRequest
        case 401: .unauthorized
        case 404: .notFound
        case 405: .methodNotAllowed
        case 409: .conflict
        case 410: .gone
        case 415: .unsupportedMediaType
        case 504: .gatewayTimeout
        default: HTTPResponse.Status(code: code)
        }
    }

    /// A `Status` object (apimachinery meta/v1 types.go: kind, apiVersion, metadata, status,
    /// message, reason, details, code).
    static func statusObject(code: Int, reason: String, message: String, details: JSONValue? = nil) -> JSONValue {
        var members: [JSONValue.Member] = [
            .init("kind", .string("Status")), .init("apiVersion", .string("v1")), .init("metadata", .object([])),
            .init("status", .string("Failure")), .init("message", .string(message)), .init("reason", .string(reason)),
        ]
        if let details { members.append(.init("details", details)) }
        members.append(.init("code", .number(String(code))))
        return .object(members)
    }

    static func status(code: Int, reason: String, message: String, details: JSONValue? = nil) -> Response {
        json(statusObject(code: code, reason: reason, message: message, details: details), code: code)
    }

    /// StatusDetails for an object: name, group (omitted for the core group), kind (the
    /// resource, as apimachinery's errors put it).
    static func details(_ resource: KubernetesResource, _ name: String) -> JSONValue {
        var members: [JSONValue.Member] = [.init("name", .string(name))]
        if !resource.group.isEmpty { members.append(.init("group", .string(resource.group))) }
        members.append(.init("kind", .string(resource.plural)))
        return .object(members)
    }

    /// apimachinery errors.NewNotFound: `deployments.apps "x" not found`.
    static func notFound(_ resource: KubernetesResource, _ name: String) -> Response {
        status(code: 404, reason: "NotFound", message: "\(resource.qualifiedName) \"\(name)\" not found", details: details(resource, name))
    }

    static func invalidResourceVersion(_ version: String) -> Response {
        status(code: 400, reason: "BadRequest", message: "invalid resource version \"\(version)\"")
    }
}

/// A watch or exact list from a resourceVersion the server no longer keeps.
struct Expired: Error {
    var requested: Int
    var oldest: Int

    /// The watch cache's words (cacher/watch_cache.go): the requested version and the oldest
    /// one a watch can still start from.
    var message: String { "too old resource version: \(requested) (\(oldest))" }
}

/// A request's query parameters (percent-decoded; `+` read as a space, as Go's url package does).
/// A list's continue token as the apiserver makes it (storage/continue.go): base64 of
/// `{"v":"meta.k8s.io/v1","rv":N,"start":"<key>"}`, the snapshot's version and where the next
/// page starts.
struct ContinueToken {
    var resourceVersion: Int
    var start: String

    init(resourceVersion: Int, start: String) {
        self.resourceVersion = resourceVersion
        self.start = start
    }

    init?(_ text: String) {
        guard let data = Data(base64Encoded: text), let json = try? JSONValue.parse(data),
              json.field("v")?.textValue == "meta.k8s.io/v1",
              case .number(let version)? = json.field("rv"), let resourceVersion = Int(version),
              let start = json.field("start")?.textValue
        else { return nil }
        self.init(resourceVersion: resourceVersion, start: start)
    }

    var text: String {
        let json = JSONValue.object([
            .init("v", .string("meta.k8s.io/v1")), .init("rv", .number(String(resourceVersion))), .init("start", .string(start)),
        ])
        return Data(json.goCompact().utf8).base64EncodedString()
    }
}

struct Query {
    let values: [String: String]

    init(_ request: Request) {
        var values: [String: String] = [:]
        for (key, value) in request.uri.queryParameters {
            values[String(key)] = String(value).replacingOccurrences(of: "+", with: " ")
        }
        self.values = values
    }

    subscript(_ key: String) -> String? { values[key] }

    /// A boolean parameter as Go's strconv.ParseBool reads it (`true`, `1`, `t`, …).
    func flag(_ key: String) -> Bool {
        ["1", "t", "T", "true", "TRUE", "True"].contains(values[key] ?? "")
    }
}

// MARK: - Selectors

/// A label selector (`app=x,tier!=db,env in (a,b),!legacy`) and a field selector
/// (`metadata.name=x`) as LIST and WATCH take them.
struct ObjectSelector: Sendable {
    enum Label: Sendable {
        case equals(String, String), notEquals(String, String), exists(String), notExists(String)
        case `in`(String, Set<String>), notIn(String, Set<String>)
    }

    var labels: [Label] = []
    var fields: [(path: [String], equals: Bool, value: String)] = []

    struct Invalid: Error {
        var message: String
    }

    init() {}

    init(labels labelSelector: String?, fields fieldSelector: String?, resource: KubernetesResource) throws(Invalid) {
        for term in Self.terms(labelSelector ?? "") {
            labels.append(try Self.label(term))
        }
        var supported = ["metadata.name", "metadata.namespace"]
        if resource == .pods { supported += ["spec.nodeName", "status.phase"] }
        for term in Self.terms(fieldSelector ?? "") {
            let (key, equals, value): (String, Bool, String)
            if let range = term.range(of: "!=") {
                (key, equals, value) = (String(term[..<range.lowerBound]), false, String(term[range.upperBound...]))
            } else if let range = term.range(of: "==") ?? term.range(of: "=") {
                (key, equals, value) = (String(term[..<range.lowerBound]), true, String(term[range.upperBound...]))
            } else {
                throw Invalid(message: "invalid selector: '\(fieldSelector ?? "")'; can't understand '\(term)'")
            }
            let trimmedKey = key.trimmingCharacters(in: .whitespaces)
            guard supported.contains(trimmedKey) else { throw Invalid(message: "field label not supported: \(trimmedKey)") }
            fields.append((trimmedKey.split(separator: ".").map(String.init), equals, value.trimmingCharacters(in: .whitespaces)))
        }
    }

    /// Splits on commas outside parentheses.
    static func terms(_ selector: String) -> [String] {
        var terms: [String] = []
        var current = ""
        var depth = 0
        for character in selector {
            switch character {
            case "(": depth += 1
            case ")": depth -= 1
            case "," where depth == 0:
                terms.append(current)
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        terms.append(current)
        return terms.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func label(_ term: String) throws(Invalid) -> Label {
        func values(_ list: Substring) throws(Invalid) -> Set<String> {
            let list = list.trimmingCharacters(in: .whitespaces)
            guard list.hasPrefix("("), list.hasSuffix(")") else { throw Invalid(message: "unable to parse requirement: found '\(list)', expected: '('") }
            return Set(list.dropFirst().dropLast().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        }
        let words = term.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        if words.count == 3, words[1] == "in" { return .in(String(words[0]), try values(words[2])) }
        if words.count == 3, words[1] == "notin" { return .notIn(String(words[0]), try values(words[2])) }
        if let range = term.range(of: "!=") {
            return .notEquals(term[..<range.lowerBound].trimmingCharacters(in: .whitespaces), term[range.upperBound...].trimmingCharacters(in: .whitespaces))
        }
        if let range = term.range(of: "==") ?? term.range(of: "=") {
            return .equals(term[..<range.lowerBound].trimmingCharacters(in: .whitespaces), term[range.upperBound...].trimmingCharacters(in: .whitespaces))
        }
        if term.hasPrefix("!") { return .notExists(term.dropFirst().trimmingCharacters(in: .whitespaces)) }
        guard !term.contains(" ") else { throw Invalid(message: "unable to parse requirement: \(term)") }
        return .exists(term)
    }

    func matches(_ object: JSONValue) -> Bool {
        var objectLabels: [String: String] = [:]
        if case .object(let members)? = object.field("metadata", "labels") {
            for member in members { objectLabels[member.key] = member.value.textValue }
        }
        for label in labels {
            switch label {
            case .equals(let key, let value): if objectLabels[key] != value { return false }
            case .notEquals(let key, let value): if objectLabels[key] == value { return false }
            case .exists(let key): if objectLabels[key] == nil { return false }
            case .notExists(let key): if objectLabels[key] != nil { return false }
            case .in(let key, let values): if !values.contains(objectLabels[key] ?? "\u{0}") { return false }
            case .notIn(let key, let values): if let value = objectLabels[key], values.contains(value) { return false }
            }
        }
        for field in fields {
            let value = object.field(field.path)?.textValue ?? ""
            if (value == field.value) != field.equals { return false }
        }
        return true
    }
}

// MARK: - JSON

extension JSONValue {
    /// The value at a path of object keys.
    func field(_ path: String...) -> JSONValue? { field(path) }

    func field(_ path: [String]) -> JSONValue? {
        var value: JSONValue? = self
        for key in path { value = value?[key] }
        return value
    }

    /// The string, when this is one.
    public var textValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The number as an Int, when this is an integer.
    public var intValue: Int? {
        if case .number(let text) = self { return Int(text) }
        return nil
    }

    /// Sets (or with nil removes) the value at a path, creating objects on the way. A new key
    /// goes last; an existing one keeps its place.
    mutating func setField(_ path: String..., to value: JSONValue?) { setField(path, to: value) }

    mutating func setField(_ path: [String], to value: JSONValue?) {
        guard let key = path.first else {
            if let value { self = value }
            return
        }
        var members: [Member] = []
        if case .object(let existing) = self { members = existing }
        let index = members.firstIndex { $0.key == key }
        if path.count == 1 {
            switch (index, value) {
            case (let index?, let value?): members[index].value = value
            case (let index?, nil): members.remove(at: index)
            case (nil, let value?): members.append(Member(key, value))
            case (nil, nil): break
            }
        } else {
            if index == nil, value == nil { return }
            var child = index.map { members[$0].value } ?? .object([])
            child.setField(Array(path.dropFirst()), to: value)
            if let index { members[index].value = child } else { members.append(Member(key, child)) }
        }
        self = .object(members)
    }

    /// RFC 7386 JSON merge patch: objects merge key by key, `null` removes a key, anything else
    /// replaces what was there.
    func mergePatched(with patch: JSONValue) -> JSONValue {
        guard case .object(let changes) = patch else { return patch }
        var members: [Member] = []
        if case .object(let existing) = self { members = existing }
        for change in changes {
            let index = members.firstIndex { $0.key == change.key }
            if change.value == .null {
                if let index { members.remove(at: index) }
            } else if let index {
                members[index].value = members[index].value.mergePatched(with: change.value)
            } else {
                members.append(Member(change.key, JSONValue.null.mergePatched(with: change.value)))
            }
        }
        return .object(members)
    }

    /// The same document with every object's keys sorted, as Go encodes a map.
    func sortedKeys() -> JSONValue {
        switch self {
        case .object(let members): .object(members.sorted { $0.key < $1.key }.map { Member($0.key, $0.value.sortedKeys()) })
        case .array(let items): .array(items.map { $0.sortedKeys() })
        default: self
        }
    }

    /// Equal as JSON, whatever the order of object keys.
    func sameJSON(as other: JSONValue) -> Bool {
        sortedKeys() == other.sortedKeys()
    }

    /// The object with `order`'s keys first, in that order, then the others as they were.
    func ordered(_ order: [String]) -> JSONValue {
        guard case .object(let members) = self else { return self }
        let known = order.compactMap { key in members.first { $0.key == key } }
        return .object(known + members.filter { !order.contains($0.key) })
    }
}

/// metav1.Time on the wire: RFC 3339 in UTC, whole seconds.
enum KubernetesTime {
    static func string(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
