import Foundation
import Hummingbird
import MoonbaseStore
import Portal
import ReleaseModel
import ServiceLifecycle

extension PortalRoutes {
    /// How often the feed looks for new releases, and how long one stream lasts before the
    /// browser reconnects (EventSource does so by itself).
    static let feedInterval: Duration = .seconds(1)
    static let feedLifetime: Duration = .seconds(300)

    /// `GET /events/releases`: server-sent events, one `release` event (`{"id":…,"html":…}`, the
    /// row as the home page renders it) for each new release or change of state.
    ///
    /// The feed reads the store rather than listening in-process, so that it sees the releases
    /// of every server sharing the store. It ends at graceful shutdown.
    func releaseFeed(_ request: Request, context: MoonbaseRequestContext) async throws -> Response {
        guard context.identity != nil || isPublic else {
            return Response(status: .unauthorized, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: "sign in to follow releases\n")))
        }
        let seenAtStart = Dictionary(try await store.recentReleaseEvents(limit: 25).map { ($0.id, $0.state) }, uniquingKeysWith: { $1 })
        let store = store
        let renderer = renderer
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-store", .xContentTypeOptions: "nosniff"],
            body: ResponseBody { writer in
                var seen = seenAtStart
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
        let object = ["id": event.id, "html": html]
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
