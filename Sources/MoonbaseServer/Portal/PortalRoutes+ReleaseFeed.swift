import Foundation
import Hummingbird
import MoonbaseStore
import Portal
import ReleaseEngine
import ReleaseModel
import ServiceLifecycle

extension PortalRoutes {
    /// How often the feed looks for new releases, and how long one stream lasts before the
    /// browser reconnects (EventSource does so by itself).
    static let feedInterval: Duration = .seconds(1)
    static let feedLifetime: Duration = .seconds(300)

    /// `GET /events/releases`: server-sent events, one `release` event (`{"id":…,"html":…}`, the
    /// row as the home page renders it) for each new release or change of state, and one
    /// `cluster` event (`{"key":"<service>/<environment>","html":…}`, the cluster badge) for
    /// each release whose cluster state a daemon report may have changed.
    ///
    /// The feed reads the store rather than listening in-process, so that it sees the releases
    /// of every server sharing the store. It ends at graceful shutdown.
    func releaseFeed(_ request: Request, context: MoonbaseRequestContext) async throws -> Response {
        guard context.identity != nil || isPublic else {
            return Response(status: .unauthorized, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: "sign in to follow releases\n")))
        }
        let seenAtStart = Dictionary(try await store.recentReleaseEvents(limit: 25).map { ($0.id, $0.state) }, uniquingKeysWith: { $1 })
        let clusterSeqAtStart = try await store.clusterEvents(service: nil, environment: nil, limit: 1).first?.seq ?? 0
        let store = store
        let renderer = renderer
        let api = api
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-store", .xContentTypeOptions: "nosniff"],
            body: ResponseBody { writer in
                var seen = seenAtStart
                var clusterSeq = clusterSeqAtStart
                try await writer.write(ByteBuffer(string: "retry: 3000\n\n"))
                let end = ContinuousClock.now + Self.feedLifetime
                var quietTicks = 0
                while ContinuousClock.now < end, !Task.isCancelled, !Task.isShuttingDownGracefully {
                    try? await Task.sleep(for: Self.feedInterval)
                    let events = (try? await store.recentReleaseEvents(limit: 25)) ?? []
                    var chunk = ""
                    for event in events.reversed() where seen[event.id] != event.state {
                        seen[event.id] = event.state
                        chunk += "event: release\ndata: \(Self.feedData(event, html: renderer.releaseRow(ReleaseRow(event))))\n\n"
                    }
                    let (badges, seq) = await Self.changedClusterBadges(after: clusterSeq, store: store, cluster: api.cluster)
                    clusterSeq = seq
                    for badge in badges {
                        chunk += "event: cluster\ndata: \(Self.feedData(["key": badge.key, "html": renderer.clusterBadge(badge)]))\n\n"
                    }
                    quietTicks = chunk.isEmpty ? quietTicks + 1 : 0
                    // A comment now and then keeps proxies from closing an idle stream.
                    if quietTicks >= 15 {
                        chunk = ": still here\n\n"
                        quietTicks = 0
                    }
                    if !chunk.isEmpty { try await writer.write(ByteBuffer(string: chunk)) }
                }
                try await writer.finish(nil)
            })
    }

    /// The cluster badges the reports after `seq` may have changed, and the newest seq: the
    /// services a workload report names, and every service of an environment whose Flux
    /// state changed (a new applied revision turns its pending releases into applied ones).
    static func changedClusterBadges(after seq: Int64, store: any MoonbaseStore, cluster: ClusterFeedback) async -> ([ClusterBadge], Int64) {
        let reports = (try? await store.clusterEvents(after: seq, limit: 2000)) ?? []
        guard let newest = reports.last?.seq else { return ([], seq) }
        var releases: [ClusterFeedback.Release] = []
        for service in Set(reports.map(\.event.service).filter { !$0.isEmpty }).sorted() {
            releases += (try? await store.catalogEntry(service: service))?.deployments.values.map(ClusterFeedback.Release.init) ?? []
        }
        for environment in Set(reports.filter { $0.event.service.isEmpty }.map(\.event.environment)).sorted() {
            let deployments = (try? await store.deployments(environment: environment, criticalOnly: false, limit: 500, offset: 0))?.deployments ?? []
            releases += deployments.map(ClusterFeedback.Release.init)
        }
        let states = (try? await cluster.states(of: Array(Set(releases)))) ?? []
        let badges = states.map { ClusterBadge(service: $0.service, environment: $0.environment, state: $0.state) }
        return (badges.sorted { $0.key < $1.key }, newest)
    }

    /// One event's data: JSON on a single line.
    static func feedData(_ event: ReleaseEvent, html: String) -> String {
        feedData(["id": event.id, "html": html])
    }

    static func feedData(_ object: [String: String]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
