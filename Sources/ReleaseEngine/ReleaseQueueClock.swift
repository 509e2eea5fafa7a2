import Foundation

/// The time the release queue reads: the wall clock for what it records (when an event
/// finished, how long after its request), and waits between retries.
public struct ReleaseQueueClock: Sendable {
    public var now: @Sendable () -> Date
    public var sleep: @Sendable (Duration) async throws -> Void

    public init(now: @escaping @Sendable () -> Date, sleep: @escaping @Sendable (Duration) async throws -> Void) {
        self.now = now
        self.sleep = sleep
    }

    public static let system = ReleaseQueueClock(now: { Date() }, sleep: { try await Task.sleep(for: $0) })
}
