import Foundation
import MoonbaseStore
import ReleaseModel

/// Told what the ``ReleaseQueue`` does, for metrics. Called on the queue's actor: return quickly.
public protocol ReleaseQueueObserver: Sendable {
    /// A release reached its outcome (``ReleaseEvent/State/released``, `unchanged` or `failed`)
    /// `latency` after it was enqueued.
    func releaseFinished(_ release: QueuedRelease, state: ReleaseEvent.State, latency: Duration)

    /// A push of `releases` commits finished, or failed, after `duration`.
    func pushFinished(releases: Int, succeeded: Bool, duration: Duration)
}
