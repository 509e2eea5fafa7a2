import Foundation
import Logging

/// Where a kind of object lives in the REST API.
public struct APIResource: Sendable, Hashable, CustomStringConvertible {
    /// `/api/v1` or `/apis/<group>/<version>`.
    public var groupVersion: String
    /// The plural resource name, e.g. `deployments`.
    public var plural: String

    public static let deployments = APIResource(groupVersion: "/apis/apps/v1", plural: "deployments")
    public static let statefulSets = APIResource(groupVersion: "/apis/apps/v1", plural: "statefulsets")
    public static let daemonSets = APIResource(groupVersion: "/apis/apps/v1", plural: "daemonsets")
    public static let jobs = APIResource(groupVersion: "/apis/batch/v1", plural: "jobs")
    public static let pods = APIResource(groupVersion: "/api/v1", plural: "pods")
    public static let kustomizations = APIResource(groupVersion: "/apis/kustomize.toolkit.fluxcd.io/v1", plural: "kustomizations")

    /// All namespaces' objects, or one namespace's.
    public func collectionPath(namespace: String? = nil) -> String {
        guard let namespace else { return "\(groupVersion)/\(plural)" }
        return "\(groupVersion)/namespaces/\(namespace)/\(plural)"
    }

    public func objectPath(namespace: String, name: String) -> String {
        "\(collectionPath(namespace: namespace))/\(name)"
    }

    public var description: String { plural }
}

/// What an informer tells its handler.
public enum InformerEvent<Object: KubernetesObject>: Sendable {
    /// The object appeared after the first LIST.
    case added(Object)
    /// The object changed (a watch event, or a relist that found a newer version).
    case updated(Object)
    /// The object is gone (a DELETED event, or a relist that no longer finds it).
    case deleted(namespace: String, name: String)
}

/// Follows one resource the way client-go's reflector does: LIST (in pages), then WATCH from the list's
/// resourceVersion with bookmarks, WATCH again from the last version seen when the stream
/// ends, LIST again when the server answers `410 Gone` (the version was compacted away), and
/// back off exponentially, with jitter, when the server cannot be reached.
///
/// Objects that exist at the first LIST are only remembered unless the caller asks for them.
/// A relist reports what changed while the watch was down, so a
/// restart of the API server loses nothing. The informer keeps each object's resourceVersion,
/// not the object, so memory grows with the number of objects by a few dozen bytes each.
public struct Informer<Object: KubernetesObject>: Sendable {
    public var client: KubernetesClient
    public var resource: APIResource
    /// Nil for every namespace.
    public var namespace: String?
    /// How long the server keeps a watch open (client-go picks 5–10 minutes at random).
    public var watchTimeout: ClosedRange<Int>
    /// Objects per page of a LIST (client-go's pager reads 500).
    public var pageSize: Int
    public var backoff: Backoff
    /// A resource the cluster may not serve (a custom resource whose definition is not
    /// installed): when the first LIST answers 404, the informer says so once and stops.
    public var mayBeAbsent = false
    var logger: Logger

    public init(
        client: KubernetesClient, resource: APIResource, namespace: String? = nil, watchTimeout: ClosedRange<Int> = 300...600,
        pageSize: Int = 500, backoff: Backoff = Backoff(), logger: Logger
    ) {
        self.client = client
        self.resource = resource
        self.namespace = namespace
        self.watchTimeout = watchTimeout
        self.pageSize = max(1, pageSize)
        self.backoff = backoff
        self.logger = logger
    }

    /// Runs until the task is cancelled, calling `handle` for every change after the first LIST
    /// (and for the objects of that LIST too when `existing` is true) and `synced` once that
    /// LIST is in.
    public func run(
        existing: Bool = false, synced: @Sendable () async -> Void = {}, handle: @Sendable (InformerEvent<Object>) async -> Void
    ) async {
        var versions: [String: String] = [:]
        var listed = false
        var failures = 0
        var resourceVersion: String?
        let path = resource.collectionPath(namespace: namespace)
        while !Task.isCancelled {
            do {
                if resourceVersion == nil {
                    // Page by page (a consistent snapshot, as client-go's pager reads it), so a
                    // big cluster's list never sits in memory whole.
                    var fresh: [String: String] = [:]
                    var token: String?
                    var listVersion = ""
                    repeat {
                        var query = ["limit": String(pageSize)]
                        if let token { query["continue"] = token }
                        let page = try await client.get(path, query: query, as: ObjectList<Object>.self)
                        for item in page.items ?? [] {
                            fresh[item.key] = item.metadata.resourceVersion ?? ""
                            if !listed, existing {
                                await handle(.added(item))
                            } else if listed, versions[item.key] != item.metadata.resourceVersion {
                                await handle(versions[item.key] == nil ? .added(item) : .updated(item))
                            }
                        }
                        listVersion = page.metadata?.resourceVersion ?? listVersion
                        token = page.metadata?.continueToken.flatMap { $0.isEmpty ? nil : $0 }
                    } while token != nil
                    if listed {
                        for key in versions.keys where fresh[key] == nil {
                            let parts = key.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                            await handle(.deleted(namespace: parts[0], name: parts.count > 1 ? parts[1] : ""))
                        }
                    }
                    versions = fresh
                    resourceVersion = listVersion
                    failures = 0
                    if !listed {
                        listed = true
                        logger.info("listed", metadata: ["resource": "\(resource)", "objects": "\(fresh.count)"])
                        await synced()
                    }
                }
                let started = ContinuousClock.now
                var received = 0
                let seconds = Int.random(in: watchTimeout)
                let lines = try await client.watch(
                    path, query: ["resourceVersion": resourceVersion ?? "", "allowWatchBookmarks": "true", "timeoutSeconds": "\(seconds)"],
                    timeout: .seconds(seconds + 30))
                for try await line in lines {
                    received += 1
                    switch try WatchLine<Object>(line) {
                    case .object(let type, let object):
                        resourceVersion = object.metadata.resourceVersion ?? resourceVersion
                        switch type {
                        case "ADDED":
                            let known = versions[object.key] != nil
                            versions[object.key] = object.metadata.resourceVersion ?? ""
                            await handle(known ? .updated(object) : .added(object))
                        case "MODIFIED":
                            versions[object.key] = object.metadata.resourceVersion ?? ""
                            await handle(.updated(object))
                        case "DELETED":
                            versions[object.key] = nil
                            await handle(.deleted(namespace: object.metadata.namespace ?? "", name: object.metadata.name ?? ""))
                        default:
                            break
                        }
                    case .bookmark(let version):
                        resourceVersion = version
                    case .error(let status):
                        throw KubernetesAPIError(status: status.code, reason: status.reason ?? "", message: status.message ?? "watch error")
                    }
                }
                // A stream that closes at once and empty is a server in trouble, not a timeout.
                if received == 0, ContinuousClock.now - started < .seconds(1) {
                    failures += 1
                    try await Task.sleep(for: backoff.delay(afterFailures: failures))
                } else {
                    failures = 0
                }
            } catch let error as KubernetesAPIError where mayBeAbsent && !listed && error.status == 404 {
                logger.info("not served by this cluster; not watched", metadata: ["resource": "\(resource)", "error": "\(error)"])
                return
            } catch let error as KubernetesAPIError where error.isExpired {
                logger.info("resource version expired, listing again", metadata: ["resource": "\(resource)"])
                resourceVersion = nil
            } catch is CancellationError {
                return
            } catch {
                if Task.isCancelled { return }
                failures += 1
                let delay = backoff.delay(afterFailures: failures)
                logger.warning(
                    "watch failed, trying again", metadata: ["resource": "\(resource)", "error": "\(error)", "retryIn": "\(delay)"])
                try? await Task.sleep(for: delay)
            }
        }
    }
}

/// One line of a watch stream, decoded in one pass: the `type` says what `object` is.
enum WatchLine<Object: KubernetesObject>: Decodable {
    case object(type: String, Object)
    case bookmark(resourceVersion: String)
    case error(KubernetesStatus)

    private enum CodingKeys: String, CodingKey {
        case type, object
    }

    /// A BOOKMARK's object: only its resourceVersion counts.
    private struct Bookmark: Decodable {
        struct Metadata: Decodable { var resourceVersion: String? }
        var metadata: Metadata?
    }

    init(_ line: Data) throws {
        self = try JSONDecoder().decode(WatchLine.self, from: line)
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "BOOKMARK":
            self = .bookmark(resourceVersion: try container.decode(Bookmark.self, forKey: .object).metadata?.resourceVersion ?? "")
        case "ERROR":
            self = .error(try container.decode(KubernetesStatus.self, forKey: .object))
        default:
            self = .object(type: type, try container.decode(Object.self, forKey: .object))
        }
    }
}

/// Exponential backoff with jitter, as client-go's reflector waits between failed attempts
/// (0.8 s doubling to 30 s).
public struct Backoff: Sendable {
    public var initial: Duration
    public var maximum: Duration

    public init(initial: Duration = .milliseconds(800), maximum: Duration = .seconds(30)) {
        self.initial = initial
        self.maximum = maximum
    }

    public func delay(afterFailures failures: Int) -> Duration {
        let base = min(maximum, initial * Double(1 << min(max(failures - 1, 0), 16)))
        return base + base * Double.random(in: 0...0.2)
    }
}
