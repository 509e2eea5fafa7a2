import Foundation
import ReleaseModel

/// The notification outbox: events written in the same transaction as what caused them
/// (the write methods' `notifying:` argument), then fanned out into one delivery per receiver
/// and target and delivered, at least once and in order per receiver, by the dispatcher.
public protocol NotificationStore: Sendable {
    /// Events not fanned out yet, oldest first.
    func eventsAwaitingFanOut(limit: Int) async throws -> [OutboxEvent]

    /// Creates each event's deliveries (keyed by event id), due at `at` and retried until
    /// `retryUntil`, and marks the events fanned out, in one transaction; an event already
    /// fanned out is left as it is.
    func fanOut(_ deliveries: [(eventID: String, deliveries: [NewDelivery])], at: Date, retryUntil: Date) async throws

    /// The oldest `limit` pending deliveries of `receiver`, oldest first, due or not: a
    /// receiver gets its events in order.
    func pendingDeliveries(receiver: String, limit: Int) async throws -> [NotificationDelivery]

    /// Records attempts, in one transaction.
    func recordAttempts(_ attempts: [DeliveryAttempt]) async throws

    /// What `receiver` answered when it delivered event `eventID` to `target`; nil when that
    /// delivery does not exist or is not delivered.
    func deliveredAnswer(eventID: String, receiver: String, target: String) async throws -> String?

    /// Deliveries, newest first, filtered, `limit` from `offset`.
    func deliveries(_ filter: DeliveryFilter, limit: Int, offset: Int) async throws -> [NotificationDelivery]

    /// Makes dead deliveries pending again, due at `at`, with a new retry window: those of
    /// `ids`, or every dead one of `receiver` (every receiver when nil) when `ids` is empty.
    /// Returns how many.
    @discardableResult
    func retryDeliveries(ids: [Int64], receiver: String?, at: Date, retryUntil: Date) async throws -> Int

    /// Per receiver: how many deliveries are pending, delivered and dead, failed attempts and
    /// delivery latency.
    func deliveryStatistics() async throws -> [ReceiverStatistics]
}

/// A notification to write with the event that causes it (the CloudEvent without its source,
/// which the sender stamps).
public struct OutboxEvent: Sendable, Hashable {
    /// The CloudEvent id: the idempotency key. Writing an event whose id exists does nothing.
    public var id: String
    public var type: NotificationType
    public var subject: String
    public var time: Date
    public var data: NotificationData

    public init(id: String = UUID().uuidString.lowercased(), type: NotificationType, time: Date, data: NotificationData) {
        self.id = id
        self.type = type
        self.subject = data.environment.map { "\(data.service)/\($0)" } ?? data.service
        self.time = time
        self.data = data
    }

    /// The CloudEvent receivers get, from `source`.
    public func cloudEvent(source: String) -> CloudEvent {
        CloudEvent(id: id, source: source, type: type, subject: subject, time: time, data: data)
    }
}

/// One receiver's target for one event: a Slack channel, a webhook URL, a GitHub tag.
public struct NewDelivery: Sendable, Hashable {
    public var receiver: String
    public var target: String

    public init(receiver: String, target: String) {
        self.receiver = receiver
        self.target = target
    }
}

/// A delivery of one event to one receiver's target, and how it went.
public struct NotificationDelivery: Sendable, Hashable, Identifiable {
    public enum State: String, Sendable, Hashable, CaseIterable {
        /// Not delivered yet (maybe retried later: see ``nextAttemptAt``).
        case pending
        case delivered
        /// Given up: the receiver refused it for good, or kept failing for the retry window.
        case dead
    }

    /// Increasing in the order deliveries were created.
    public var id: Int64
    public var event: OutboxEvent
    public var receiver: String
    public var target: String
    public var state: State
    public var attempts: Int
    public var createdAt: Date
    /// Retries stop (the delivery is dead) once an attempt fails after this.
    public var retryUntil: Date
    public var nextAttemptAt: Date
    /// When it was delivered or given up.
    public var finishedAt: Date?
    /// How long the successful attempt took.
    public var latency: TimeInterval?
    /// What the receiver answered last (status and the start of the body), or what went wrong.
    public var answer: String

    public init(
        id: Int64, event: OutboxEvent, receiver: String, target: String, state: State, attempts: Int, createdAt: Date,
        retryUntil: Date, nextAttemptAt: Date, finishedAt: Date?, latency: TimeInterval?, answer: String
    ) {
        self.id = id
        self.event = event
        self.receiver = receiver
        self.target = target
        self.state = state
        self.attempts = attempts
        self.createdAt = createdAt
        self.retryUntil = retryUntil
        self.nextAttemptAt = nextAttemptAt
        self.finishedAt = finishedAt
        self.latency = latency
        self.answer = answer
    }
}

/// One attempt of a delivery, to record.
public struct DeliveryAttempt: Sendable, Hashable {
    public var delivery: Int64
    public var outcome: DeliveryOutcome
    /// When the attempt ended.
    public var at: Date

    public init(delivery: Int64, outcome: DeliveryOutcome, at: Date) {
        self.delivery = delivery
        self.outcome = outcome
        self.at = at
    }
}

/// How one attempt went.
public enum DeliveryOutcome: Sendable, Hashable {
    case delivered(answer: String, latency: TimeInterval)
    /// Failed; tried again at `nextAttempt`.
    case retry(answer: String, nextAttempt: Date)
    /// Failed for good.
    case dead(answer: String)
}

/// Which deliveries to list.
public struct DeliveryFilter: Sendable, Hashable {
    public var state: NotificationDelivery.State?
    public var receiver: String?
    public var eventID: String?

    public init(state: NotificationDelivery.State? = nil, receiver: String? = nil, eventID: String? = nil) {
        self.state = state
        self.receiver = receiver
        self.eventID = eventID
    }
}

/// One receiver's numbers.
public struct ReceiverStatistics: Sendable, Hashable {
    public var receiver: String
    public var pending: Int
    public var delivered: Int
    public var dead: Int
    /// Attempts that failed, whether retried later or not.
    public var failedAttempts: Int
    /// Mean and worst latency of delivered deliveries.
    public var meanLatency: TimeInterval?
    public var maximumLatency: TimeInterval?
    public var lastDeliveredAt: Date?

    public init(
        receiver: String, pending: Int, delivered: Int, dead: Int, failedAttempts: Int, meanLatency: TimeInterval?,
        maximumLatency: TimeInterval?, lastDeliveredAt: Date?
    ) {
        self.receiver = receiver
        self.pending = pending
        self.delivered = delivered
        self.dead = dead
        self.failedAttempts = failedAttempts
        self.meanLatency = meanLatency
        self.maximumLatency = maximumLatency
        self.lastDeliveredAt = lastDeliveredAt
    }
}
