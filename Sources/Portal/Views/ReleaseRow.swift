import Foundation
import MoonbaseStore
import ReleaseModel

/// One release event as a row of a release table.
public struct ReleaseRow: Sendable {
    public var event: ReleaseEvent

    public init(_ event: ReleaseEvent) {
        self.event = event
    }

    func context(now: Date) -> [String: Any] {
        var context: [String: Any] = [
            "id": event.id,
            "service": event.service, "serviceURL": Links.service(event.service),
            "environment": event.environment, "environmentURL": Links.environment(event.environment),
            "artifactID": event.artifactID,
            "intent": event.intent.text,
            "state": event.state.rawValue,
            "by": event.releasedBy.name.isEmpty ? event.releasedBy.email : event.releasedBy.name,
            "age": PortalFormat.age(event.requestedAt, now: now),
            "at": PortalFormat.timestamp(event.requestedAt),
            "atISO": PortalFormat.iso8601(event.requestedAt),
        ]
        if case .rollback = event.intent { context["rollback"] = true }
        if !event.reason.isEmpty { context["reason"] = event.reason }
        if !event.message.isEmpty, event.state == .refused || event.state == .failed { context["message"] = event.message }
        if let commit = event.commit { context["commit"] = PortalFormat.shortCommit(commit) }
        return context
    }

    /// A release table's context (the `release-table` partial); `live` tables get new
    /// releases pushed to them while the page is open.
    static func table(_ events: [ReleaseEvent], now: Date, live: Bool = false) -> [String: Any] {
        ["releases": events.map { ReleaseRow($0).context(now: now) }, "live": live]
    }
}

/// The portal's URLs.
enum Links {
    static func service(_ name: String) -> String { "/services/" + PortalFormat.escaped(name) }
    static func environment(_ name: String) -> String { "/environments/" + PortalFormat.escaped(name) }
    static func squad(_ name: String) -> String { "/squads/" + PortalFormat.escaped(name) }
}

/// Page links for a list shown `limit` at a time.
struct Pager {
    var total: Int
    var limit: Int
    var offset: Int
    /// The page's URL, ending with `?` or `&`, to which `<parameter>=<offset>` is appended.
    var base: String
    var parameter = "offset"

    var context: [String: Any] {
        var context: [String: Any] = [
            "total": total,
            "from": total == 0 ? 0 : offset + 1,
            "to": min(offset + limit, total),
        ]
        if offset > 0 { context["previous"] = base + "\(parameter)=\(max(0, offset - limit))" }
        if offset + limit < total { context["next"] = base + "\(parameter)=\(offset + limit)" }
        return context
    }
}

/// A query string from the given parameters, empty values left out; ends with `?` or `&` so
/// that one more parameter can follow.
func queryBase(_ path: String, _ parameters: [(String, String?)]) -> String {
    let pairs = parameters.compactMap { name, value -> String? in
        guard let value, !value.isEmpty else { return nil }
        return name + "=" + PortalFormat.escaped(value)
    }
    return path + "?" + pairs.map { $0 + "&" }.joined()
}
