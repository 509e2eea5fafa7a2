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
                    let reports = (try? await store.clusterEvents(service: nil, environment: nil, limit: 50)) ?? []
                    let services = Set(reports.filter { $0.seq > clusterSeq && !$0.event.service.isEmpty }.map(\.event.service))
                    clusterSeq = max(clusterSeq, reports.first?.seq ?? clusterSeq)
                    for service in services.sorted() {
                        let deployments = (try? await store.catalogEntry(service: service))?.deployments.values.map(ClusterFeedback.Release.init) ?? []
                        for entry in (try? await api.cluster.states(of: deployments, service: service)) ?? [] {
                            let badge = ClusterBadge(service: entry.service, environment: entry.environment, state: entry.state)
                            chunk += "event: cluster\ndata: \(Self.feedData(["key": badge.key, "html": renderer.clusterBadge(badge)]))\n\n"
                        }
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

    /// One event's data: JSON on a single line.
    static func feedData(_ event: ReleaseEvent, html: String) -> String {
        feedData(["id": event.id, "html": html])
    }

    static func feedData(_ object: [String: String]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
