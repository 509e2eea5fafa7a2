import Foundation
import Logging
import MoonbaseStore

/// Delivers the outbox: fans each new event out into one delivery per receiver and target,
/// then delivers each receiver's deliveries one at a time, oldest first, so a receiver sees
/// events in the order they happened and a slow or dead receiver holds up only itself.
///
/// At least once: a delivery is marked delivered after the receiver answered, so a crash in
/// between sends it again after restart, with the same event id for the receiver to drop the
/// duplicate. Failures are retried with exponential backoff and jitter until the delivery's
/// retry window closes, then dead-lettered (`moonbase notifications retry` revives them).
/// Releases never wait for any of it: the outbox is read from the store.
public struct NotificationDispatcher: Sendable {
    let store: any NotificationStore
    let receivers: [any NotificationReceiver]
    let source: String
    let schedule: RetrySchedule
    /// How often the store is asked for new events and deliveries when there is nothing to do.
    let pollInterval: Duration
    let observer: (any NotificationObserver)?
    let logger: Logger
    let now: @Sendable () -> Date

    public init(
        store: any NotificationStore, receivers: [any NotificationReceiver], source: String, schedule: RetrySchedule = RetrySchedule(),
        pollInterval: Duration = .milliseconds(200), observer: (any NotificationObserver)? = nil,
        logger: Logger = Logger(label: "moonbase.notifications"), now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.receivers = receivers
        self.source = source
        self.schedule = schedule
        self.pollInterval = pollInterval
        self.observer = observer
        self.logger = logger
        self.now = now
    }

    /// The receivers' names, in the order they were configured.
    public var receiverNames: [String] { receivers.map(\.name) }

    /// Fans out and delivers until the task is cancelled.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await fanOutLoop() }
            for receiver in receivers {
                group.addTask { await deliveryLoop(receiver) }
            }
        }
    }

    // MARK: Fan-out

    /// Fans out every event waiting; returns how many there were.
    @discardableResult
    public func fanOut() async throws -> Int {
        var total = 0
        while true {
            let events = try await store.eventsAwaitingFanOut(limit: 100)
            guard !events.isEmpty else { return total }
            // One transaction for the lot: the store's writer is the releases' too.
            let fannedOut = events.map { event in
                (eventID: event.id, deliveries: receivers.flatMap { receiver in
                    receiver.targets(for: event).map { NewDelivery(receiver: receiver.name, target: $0) }
                })
            }
            let at = now()
            try await store.fanOut(fannedOut, at: at, retryUntil: at.addingTimeInterval(schedule.retryFor))
            total += events.count
            if events.count < 100 { return total }
        }
    }

    private func fanOutLoop() async {
        while !Task.isCancelled {
            do {
                try await fanOut()
            } catch is CancellationError {
                return
            } catch {
                logger.error("notifications: cannot fan out the outbox", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: pollInterval)
        }
    }

    // MARK: Delivery

    private func deliveryLoop(_ receiver: any NotificationReceiver) async {
        while !Task.isCancelled {
            let delivered: Bool
            do {
                delivered = try await deliverNext(receiver)
            } catch is CancellationError {
                return
            } catch {
                logger.error("notifications: cannot read or update deliveries", metadata: ["receiver": "\(receiver.name)", "error": "\(error)"])
                delivered = false
            }
            if !delivered { try? await Task.sleep(for: pollInterval) }
        }
    }

    /// Attempts the receiver's oldest pending delivery when it is due; false when there was
    /// none due.
    @discardableResult
    public func deliverNext(_ receiver: any NotificationReceiver) async throws -> Bool {
        guard let delivery = try await store.nextDelivery(receiver: receiver.name), delivery.nextAttemptAt <= now() else { return false }
        let store = self.store
        let name = receiver.name
        let context = DeliveryContext(source: source) { eventID, target in
            try? await store.deliveries(DeliveryFilter(state: .delivered, receiver: name, eventID: eventID), limit: 50, offset: 0)
                .first { $0.target == target }?.answer
        }
        let started = ContinuousClock.now
        let result = await receiver.deliver(delivery, context: context)
        // Stopping mid-request: the delivery stays pending for the next start, attempt uncounted.
        try Task.checkCancellation()
        let latency = (ContinuousClock.now - started).seconds
        let at = now()
        let outcome: DeliveryOutcome
        switch result {
        case .delivered(let answer):
            outcome = .delivered(answer: answer, latency: latency)
            observer?.notificationDelivered(receiver: name, latency: latency, delay: max(0, at.timeIntervalSince(delivery.event.time)))
        case .retry(let answer, let retryAfter):
            if at >= delivery.retryUntil {
                outcome = .dead(answer: "gave up after \(delivery.attempts + 1) attempts: \(answer)")
            } else {
                let delay = max(schedule.delay(afterFailure: delivery.attempts + 1), retryAfter ?? 0)
                outcome = .retry(answer: answer, nextAttempt: at.addingTimeInterval(delay))
            }
        case .refused(let answer):
            outcome = .dead(answer: answer)
        }
        if case .delivered = outcome {} else {
            let dead = if case .dead = outcome { true } else { false }
            observer?.notificationFailed(receiver: name, dead: dead)
            logger.warning(
                dead ? "notifications: delivery given up" : "notifications: delivery failed; will retry",
                metadata: [
                    "receiver": "\(name)", "delivery": "\(delivery.id)", "event": "\(delivery.event.type.rawValue)",
                    "event-id": "\(delivery.event.id)", "attempts": "\(delivery.attempts + 1)", "answer": "\(result.answer)",
                ])
        }
        try await store.recordAttempt(delivery: delivery.id, outcome: outcome, at: at)
        return true
    }
}

/// When failed deliveries are tried again: exponential backoff from ``firstDelay`` doubling up
/// to ``maximumDelay``, each delay drawn between half and all of it (jitter, so receivers that
/// come back are not hit by every retry at once), for ``retryFor`` after the delivery was
/// created (or revived by `moonbase notifications retry`).
public struct RetrySchedule: Sendable, Hashable {
    public var firstDelay: TimeInterval
    public var maximumDelay: TimeInterval
    public var retryFor: TimeInterval

    public init(firstDelay: TimeInterval = 1, maximumDelay: TimeInterval = 300, retryFor: TimeInterval = 24 * 60 * 60) {
        self.firstDelay = firstDelay
        self.maximumDelay = maximumDelay
        self.retryFor = retryFor
    }

    /// The delay after the `failures`th failed attempt (1 for the first).
    public func delay(afterFailure failures: Int) -> TimeInterval {
        let exponent = Double(min(max(failures - 1, 0), 30))
        let full = min(maximumDelay, firstDelay * pow(2, exponent))
        return Double.random(in: (full / 2)...max(full / 2, full))
    }
}

extension DeliveryResult {
    var answer: String {
        switch self {
        case .delivered(let answer), .retry(let answer, _), .refused(let answer): answer
        }
    }
}

extension Duration {
    var seconds: TimeInterval {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
