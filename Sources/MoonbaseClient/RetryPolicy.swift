/// How often and how patiently a call is tried again (see ``ClientError`` for which failures
/// qualify): exponential backoff from `initialDelay`, doubling, with up to 25% jitter so
/// many CI jobs hitting a restarting server do not retry in step.
public struct RetryPolicy: Sendable {
    public var attempts: Int
    public var initialDelay: Duration

    public init(attempts: Int, initialDelay: Duration) {
        self.attempts = max(1, attempts)
        self.initialDelay = initialDelay
    }

    /// Three attempts, 0.25 s then 0.5 s apart.
    public static let standard = RetryPolicy(attempts: 3, initialDelay: .milliseconds(250))
    public static let none = RetryPolicy(attempts: 1, initialDelay: .zero)

    func delay(beforeAttempt attempt: Int) -> Duration {
        let base = initialDelay * (1 << (attempt - 2))
        return base + base * Double.random(in: 0...0.25)
    }
}
