import Foundation
import MoonbaseStore

/// `/notifications`: for the platform team, each receiver's numbers (pending, delivered, dead,
/// failed attempts, latency) and the deliveries, filterable, with what the receiver answered;
/// admins can send dead deliveries again.
public struct NotificationsView: PortalView {
    public static let template = "notifications"
    public let title = "Notifications"

    /// The configured receivers, in order; receivers that only the store knows (configured
    /// once) follow.
    public var receivers: [String]
    public var statistics: [ReceiverStatistics]
    public var deliveries: [NotificationDelivery]
    public var filter: DeliveryFilter
    public var offset: Int
    public var limit: Int
    /// Whether the viewer may retry dead deliveries.
    public var canRetry: Bool

    public init(
        receivers: [String], statistics: [ReceiverStatistics], deliveries: [NotificationDelivery], filter: DeliveryFilter, offset: Int, limit: Int,
        canRetry: Bool
    ) {
        self.receivers = receivers
        self.statistics = statistics
        self.deliveries = deliveries
        self.filter = filter
        self.offset = offset
        self.limit = limit
        self.canRetry = canRetry
    }

    public func context(now: Date) -> [String: Any] {
        let known = Dictionary(statistics.map { ($0.receiver, $0) }, uniquingKeysWith: { first, _ in first })
        let names = receivers + statistics.map(\.receiver).filter { !receivers.contains($0) }
        let state = filter.state?.rawValue
        // The store gives no total: a full page may have a next one.
        let total = offset + deliveries.count + (deliveries.count == limit ? 1 : 0)
        return [
            "receivers": names.map { name -> [String: Any] in
                let numbers = known[name]
                var row: [String: Any] = [
                    "name": name, "configured": receivers.contains(name), "pending": numbers?.pending ?? 0,
                    "delivered": numbers?.delivered ?? 0, "dead": numbers?.dead ?? 0, "failedAttempts": numbers?.failedAttempts ?? 0,
                    "meanLatency": Self.milliseconds(numbers?.meanLatency), "maximumLatency": Self.milliseconds(numbers?.maximumLatency),
                ]
                if let last = numbers?.lastDeliveredAt { row["lastDelivered"] = PortalFormat.age(last, now: now) }
                return row
            },
            "hasReceivers": !names.isEmpty,
            "receiverOptions": names.map { ["name": $0, "selected": $0 == filter.receiver] as [String: Any] },
            "stateOptions": NotificationDelivery.State.allCases.map { ["name": $0.rawValue, "selected": $0.rawValue == state] as [String: Any] },
            "state": state ?? "",
            "receiver": filter.receiver ?? "",
            "canRetry": canRetry,
            "deliveries": deliveries.map { delivery -> [String: Any] in
                var row: [String: Any] = [
                    "id": delivery.id, "state": delivery.state.rawValue, "dead": delivery.state == .dead, "receiver": delivery.receiver,
                    "target": delivery.target, "type": delivery.event.type.rawValue, "subject": delivery.event.subject,
                    "eventID": delivery.event.id, "attempts": delivery.attempts, "created": PortalFormat.timestamp(delivery.createdAt),
                    "age": PortalFormat.age(delivery.createdAt, now: now), "answer": delivery.answer,
                ]
                if delivery.state == .pending, delivery.attempts > 0 {
                    row["nextAttempt"] = PortalFormat.timestamp(delivery.nextAttemptAt)
                }
                return row
            },
            "pager": Pager(
                total: total, limit: limit, offset: offset,
                base: queryBase("/notifications", [("state", state), ("receiver", filter.receiver)])
            ).context,
        ]
    }

    static func milliseconds(_ seconds: TimeInterval?) -> String {
        seconds.map { String(format: "%.0f ms", $0 * 1000) } ?? "–"
    }
}
