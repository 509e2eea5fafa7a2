import Foundation
import MoonbaseStore

/// A system notifications are delivered to: decides which targets an event has there (none
/// when it does not want it) and delivers to one target.
public protocol NotificationReceiver: Sendable {
    /// Names it in the store, listings and metrics: `slack`, `github`, `grafana`, a webhook's name.
    var name: String { get }

    /// The targets `event` goes to (channels, tags, one `""` for a receiver with one target).
    func targets(for event: OutboxEvent) -> [String]

    /// Delivers `delivery` (to its target); errors are answers, never thrown.
    func deliver(_ delivery: NotificationDelivery, context: DeliveryContext) async -> DeliveryResult
}

/// What a receiver can look up while it delivers.
public struct DeliveryContext: Sendable {
    /// The CloudEvents `source`: the server's public URL.
    public var source: String
    /// The answer of an earlier delivery of this receiver (event id and target), when it was
    /// delivered: Slack updates the message it posted for a release.
    public var deliveredAnswer: @Sendable (_ eventID: String, _ target: String) async -> String?

    public init(source: String, deliveredAnswer: @escaping @Sendable (_ eventID: String, _ target: String) async -> String?) {
        self.source = source
        self.deliveredAnswer = deliveredAnswer
    }
}

/// How one attempt went, as the receiver's answer says.
public enum DeliveryResult: Sendable, Hashable {
    /// Done; `answer` is kept (Slack's channel and timestamp, GitHub's deployment id).
    case delivered(answer: String)
    /// Failed; tried again later (not before `retryAfter` when the receiver asked for that).
    case retry(answer: String, retryAfter: TimeInterval? = nil)
    /// Failed in a way trying again cannot fix (the receiver refused the request itself).
    case refused(answer: String)
}
