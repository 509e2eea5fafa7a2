import Foundation

/// Told what the ``NotificationDispatcher`` does, for metrics. Return quickly.
public protocol NotificationObserver: Sendable {
    /// A delivery to `receiver` succeeded: the request took `latency`, and `delay` passed
    /// since the event happened.
    func notificationDelivered(receiver: String, latency: TimeInterval, delay: TimeInterval)

    /// An attempt to `receiver` failed; `dead` when the delivery was given up.
    func notificationFailed(receiver: String, dead: Bool)
}
