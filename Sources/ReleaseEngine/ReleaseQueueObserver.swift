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

    /// The queue could not do `operation` (it logged the error with the release id).
    func queueOperationFailed(_ operation: ReleaseQueueOperation)
}

/// The bookkeeping the release queue does beside committing and pushing; when one fails the
/// queue logs it, counts it and carries on where that is safe (see ``ReleaseQueue``).
public enum ReleaseQueueOperation: String, Sendable, CaseIterable {
    case markCommitted = "mark-committed"
    case markPushed = "mark-pushed"
    case markFailed = "mark-failed"
    case requeue
    case finishEvent = "finish-event"
    case readReleaseCommits = "read-release-commits"
    case discardUncommittedChanges = "discard-uncommitted-changes"
    case dropUnpushedCommits = "drop-unpushed-commits"
    case pushRecoveredCommits = "push-recovered-commits"
}
