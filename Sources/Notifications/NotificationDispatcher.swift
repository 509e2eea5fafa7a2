import Foundation
import Logging
import MoonbaseStore

/// Delivers the outbox: fans each new event out into one delivery per receiver and target,
/// then delivers each receiver's deliveries one at a time, oldest first, so a receiver sees
/// events in the order they happened and a slow or dead receiver holds up only itself.
///
/// At least once: a delivery is marked delivered after the receiver answered (a batch of
/// attempts in one transaction), so a crash in between sends it again after restart, with the
/// same event id for the receiver to drop the duplicate. Failures are retried with exponential
/// backoff and jitter until the delivery's retry window closes, then dead-lettered
/// (`moonbase notifications retry` revives them).
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
            let attempted: Int
            do {
                attempted = try await deliverDue(receiver)
            } catch is CancellationError {
                return
            } catch {
                logger.error("notifications: cannot read or update deliveries", metadata: ["receiver": "\(receiver.name)", "error": "\(error)"])
                attempted = 0
            }
            if attempted == 0 { try? await Task.sleep(for: pollInterval) }
        }
    }

    /// Attempts the receiver's pending deliveries, oldest first, while they are due: up to
    /// ``batchSize`` of them, or as many as a second allows. A failed attempt ends the batch, so
    /// that nothing overtakes it. The attempts are recorded together, in one transaction (the
    /// store's writer is the releases' too); a crash before that sends them again. Returns how
    /// many were attempted: 0 when none was due.
    @discardableResult
    public func deliverDue(_ receiver: any NotificationReceiver) async throws -> Int {
        let name = receiver.name
        let batch = try await store.pendingDeliveries(receiver: name, limit: Self.batchSize)
        let deadline = ContinuousClock.now + .seconds(1)
        var attempts: [DeliveryAttempt] = []
        // Answers of this batch's deliveries, not recorded yet: a Slack update may need the
        // message posted a moment earlier.
        var answers: [String: String] = [:]
        for delivery in batch {
            guard delivery.nextAttemptAt <= now(), ContinuousClock.now < deadline, !Task.isCancelled else { break }
            let store = self.store
            let answered = answers
            let context = DeliveryContext(source: source) { eventID, target in
                if let answer = answered[Self.answerKey(eventID, target)] { return answer }
                return try? await store.deliveredAnswer(eventID: eventID, receiver: name, target: target)
            }
            let started = ContinuousClock.now
            let result = await receiver.deliver(delivery, context: context)
            // Stopping mid-request: the delivery stays pending for the next start, attempt uncounted.
            if Task.isCancelled { break }
            let attempt = self.attempt(delivery, result: result, latency: (ContinuousClock.now - started).seconds)
            attempts.append(attempt)
            if case .delivered(let answer, _) = attempt.outcome { answers[Self.answerKey(delivery.event.id, delivery.target)] = answer }
            if case .retry = attempt.outcome { break }
        }
        guard !attempts.isEmpty else {
            try Task.checkCancellation()
            return 0
        }
        // Recorded even when stopping: in a task of its own, which the cancellation does not reach.
        let store = self.store
        let recorded = attempts
        try await Task { try await store.recordAttempts(recorded) }.value
        return attempts.count
    }

    /// How many deliveries one batch attempts at most.
    static let batchSize = 50

    private static func answerKey(_ eventID: String, _ target: String) -> String { "\(eventID)\u{0}\(target)" }

    /// The attempt `result` makes of `delivery`: delivered, retried after the backoff, or dead
    /// when refused or out of retry window.
    private func attempt(_ delivery: NotificationDelivery, result: DeliveryResult, latency: TimeInterval) -> DeliveryAttempt {
        let name = delivery.receiver
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
        return DeliveryAttempt(delivery: delivery.id, outcome: outcome, at: at)
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
