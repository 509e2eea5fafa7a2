import Foundation
import ReleaseModel

/// What a change job staged in the working clone: the commit message for it, and what to
/// answer its caller.
public struct StagedChange<Value: Sendable>: Sendable {
    public var message: String
    public var value: Value

    public init(message: String, value: Value) {
        self.message = message
        self.value = value
    }
}

/// A change that went through the writer: the job's value and the pushed commit (nil when the
/// job staged nothing new, e.g. a policy applied twice).
public struct PushedChange<Value: Sendable>: Sendable {
    public var value: Value
    public var commit: String?
}

extension ReleaseQueue {
    /// Runs `job` as the repository's one writer, between release batches, and answers when
    /// its commit is pushed.
    ///
    /// The writer refreshes the clone, runs `job` (which reads at `HEAD` and stages its
    /// change), commits what it staged and pushes without rebasing. When the push is rejected
    /// because the remote moved, the commit is dropped, the clone refreshed and `job` run again
    /// on the new `HEAD` (up to ``maximumAttempts`` times): a change is recomputed, never
    /// replayed blindly. When `job` throws, what it staged is discarded and the error
    /// returned.
    public func change<Value: Sendable>(
        _ job: @escaping @Sendable (any ReleaseRepository) async throws(ReleaseError) -> StagedChange<Value>
    ) async throws(ReleaseError) -> PushedChange<Value> {
        let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<Result<PushedChange<Value>, ReleaseError>, Never>) in
            pendingChanges.append { queue in
                continuation.resume(returning: await queue.run(job))
            }
            kick()
        }
        return try outcome.get()
    }

    private func run<Value: Sendable>(
        _ job: @Sendable (any ReleaseRepository) async throws(ReleaseError) -> StagedChange<Value>
    ) async -> Result<PushedChange<Value>, ReleaseError> {
        var attempt = 1
        while true {
            do {
                // Nothing a failed earlier write left staged may ride along with this change.
                try await repository.discardUncommittedChanges()
                try await repository.refresh()
            } catch {
                return .failure(.repository(error))
            }
            let staged: StagedChange<Value>
            let commit: String?
            do {
                staged = try await job(repository)
                commit = try await commitStaged(message: staged.message)
            } catch {
                do {
                    try await repository.discardUncommittedChanges()
                } catch let discardError {
                    failed(.discardUncommittedChanges, release: nil, discardError)
                }
                return .failure(error)
            }
            guard let commit else { return .success(PushedChange(value: staged.value, commit: nil)) }
            do {
                try await repository.pushWithoutRebasing()
                pushes += 1
                return .success(PushedChange(value: staged.value, commit: commit))
            } catch {
                await dropUnpushedCommitsOrStop()
                if let stopReason { return .failure(.writerStopped(stopReason)) }
                guard case .remoteMoved = error, attempt < maximumAttempts else { return .failure(.repository(error)) }
                attempt += 1
            }
        }
    }

    private func commitStaged(message: String) async throws(ReleaseError) -> String? {
        do {
            return try await repository.commit(message: message)
        } catch {
            throw .repository(error)
        }
    }
}
