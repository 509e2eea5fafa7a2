import Foundation
import Logging
import MoonbaseStore
import ReleaseModel

/// A release that went through the queue: committed and pushed, or found already in place.
public struct FinishedRelease: Sendable, Hashable {
    /// The release id (the queue entry's and its release event's).
    public var id: String
    /// ``ReleaseEvent/State/released`` or ``ReleaseEvent/State/unchanged``.
    public var state: ReleaseEvent.State
    /// The pushed commit of a released release.
    public var commit: String?
}

/// The one writer of a config repository. Releases are enqueued in the store's durable queue;
/// the writer claims them in batches and, per batch, refreshes the repository once, commits the
/// releases with one `git fast-import` (skipping those already in place, see
/// ``ConfigRepository/commitReleases(_:)``), pushes once, then records the outcome on the queue
/// entry and on its release event. Many concurrent callers therefore cost
/// one fetch and one push between them.
///
/// A push that fails (the remote moved and the commits do not rebase, or git failed) drops the
/// batch's local commits and requeues its releases, up to ``maximumAttempts`` claims each.
///
/// Other changes of the repository (policies) go through the same writer with
/// ``change(_:)``: they run between batches, never during one.
///
/// Bookkeeping that fails (recording an outcome in the store, reading commits back) is logged
/// with the release id and counted (``ReleaseQueueObserver/queueOperationFailed(_:)``); the
/// queue carries on, because the store is re-checked against git on the next start
/// (``recover()``). Dropping the local commits of a failed batch is the exception: they would
/// ride along with the next push, so it is retried, and when it keeps failing the writer stops
/// (``stopReason``) and every caller is told, until a restart recovers.
public actor ReleaseQueue {
    let repository: any ReleaseRepository
    let store: any ReleaseStore
    /// How many releases one batch claims at most.
    public let batchSize: Int
    /// How many times a release is claimed before it is marked failed.
    public let maximumAttempts: Int
    /// Waits between attempts to drop a failed batch's commits; then the writer stops.
    static let dropRetryDelays: [Duration] = [.milliseconds(100), .milliseconds(500), .seconds(2)]
    let clock: ReleaseQueueClock
    let logger: Logger
    /// Why the writer stopped, once it has: it takes no more work until the server restarts.
    public private(set) var stopReason: String?

    private var waiters: [String: [CheckedContinuation<Result<FinishedRelease, ReleaseError>, Never>]] = [:]
    /// Releases whose caller will wait for them (their outcome is kept until it does).
    private var expected: Set<String> = []
    private var outcomes: [String: Result<FinishedRelease, ReleaseError>] = [:]
    private var worker: Task<Void, Never>?
    private var wakeUp = false
    /// Changes waiting for the writer (see ``change(_:)``), oldest first.
    var pendingChanges: [@Sendable (ReleaseQueue) async -> Void] = []
    /// Pushes made (for tests and metrics).
    public internal(set) var pushes = 0
    private var observer: (any ReleaseQueueObserver)?

    public init(
        repository: any ReleaseRepository, store: any ReleaseStore, batchSize: Int = 100, maximumAttempts: Int = 3,
        clock: ReleaseQueueClock = .system, logger: Logger = Logger(label: "moonbase.release-queue")
    ) {
        self.repository = repository
        self.store = store
        self.batchSize = max(1, batchSize)
        self.maximumAttempts = max(1, maximumAttempts)
        self.clock = clock
        self.logger = logger
    }

    /// Reports what the queue does to `observer` from now on.
    public func observe(with observer: any ReleaseQueueObserver) {
        self.observer = observer
    }

    // MARK: Enqueueing and waiting

    /// Records the release event (requested) and enqueues the release; answers at once.
    @discardableResult
    public func submit(_ request: NewQueuedRelease) async throws(ReleaseError) -> QueuedRelease {
        let event = ReleaseEvent(
            id: request.id, service: request.service, environment: request.environment, namespace: request.namespace,
            artifactID: request.artifactID, intent: request.intent, releasedBy: request.actor, reason: request.reason,
            requestedAt: request.enqueuedAt
        )
        let store = self.store
        try await ReleaseError.store { try await store.recordReleaseEvent(event) }
        let queued: QueuedRelease
        do {
            queued = try await ReleaseError.store { try await store.enqueue(request) }
        } catch {
            await finishEvent(request.id, state: .failed, commit: nil, message: error.description)
            throw error
        }
        kick()
        return queued
    }

    /// Enqueues the release and answers when it is pushed (or found already in place).
    public func release(_ request: NewQueuedRelease) async throws(ReleaseError) -> FinishedRelease {
        expected.insert(request.id)
        do {
            try await submit(request)
        } catch {
            expected.remove(request.id)
            throw error
        }
        if let stopReason {
            expected.remove(request.id)
            throw .writerStopped(stopReason)
        }
        return try await waitUntilFinished(id: request.id)
    }

    /// Waits for a release submitted by this queue to finish.
    public func waitUntilFinished(id: String) async throws(ReleaseError) -> FinishedRelease {
        expected.remove(id)
        if let outcome = outcomes.removeValue(forKey: id) { return try outcome.get() }
        if let stopReason, worker == nil { throw .writerStopped(stopReason) }
        let outcome = await withCheckedContinuation { continuation in
            waiters[id, default: []].append(continuation)
        }
        return try outcome.get()
    }

    /// Waits until the writer has nothing left to do.
    public func drain() async {
        while let worker {
            await worker.value
        }
    }

    private func resolve(_ id: String, _ outcome: Result<FinishedRelease, ReleaseError>) {
        if let continuations = waiters.removeValue(forKey: id) {
            for continuation in continuations { continuation.resume(returning: outcome) }
        } else if expected.contains(id) {
            outcomes[id] = outcome
        }
    }

    // MARK: The writer

    /// Starts the writer when it is idle (after recovery, or when entries were queued by another
    /// process sharing the store).
    public func startWriter() {
        kick()
    }

    func kick() {
        wakeUp = true
        if worker == nil, stopReason == nil {
            worker = Task { await self.work() }
        }
    }

    private func work() async {
        while stopReason == nil {
            wakeUp = false
            while !pendingChanges.isEmpty {
                let change = pendingChanges.removeFirst()
                await change(self)
            }
            let batch: [QueuedRelease]
            do {
                batch = try await store.claimReleases(limit: batchSize)
            } catch {
                // The store is unusable: the entries stay queued for the next kick or restart,
                // and whoever waits is told now rather than never.
                let failure = ReleaseError.store("\(error)")
                for id in Array(waiters.keys) { resolve(id, .failure(failure)) }
                if pendingChanges.isEmpty { break }
                continue
            }
            if batch.isEmpty {
                if wakeUp { continue }
                break
            }
            await process(batch)
        }
        if let stopReason {
            let failure = ReleaseError.writerStopped(stopReason)
            for id in Array(waiters.keys) { resolve(id, .failure(failure)) }
        }
        worker = nil
    }

    private func process(_ batch: [QueuedRelease]) async {
        do {
            try await repository.refresh()
        } catch {
            for release in batch { await retryOrFail(release, message: error.description) }
            return
        }
        var writes: [(release: QueuedRelease, write: ReleaseWrite)] = []
        var specs: [String: ArtifactSpec] = [:]
        for release in batch {
            do {
                let (write, spec) = try await write(release)
                writes.append((release, write))
                specs[release.id] = spec
            } catch {
                await fail(release, message: error.description)
            }
        }
        let results: [Result<String?, ReleaseRepositoryError>]
        do {
            results = try await repository.commitReleases(writes.map(\.write))
        } catch {
            await dropUnpushedCommitsOrStop()
            for (release, _) in writes { await retryOrFail(release, message: ReleaseError.repository(error).description) }
            return
        }
        var committed: [(release: QueuedRelease, commit: String)] = []
        // Already in place, possibly thanks to an earlier commit of this batch: only true once
        // that commit is pushed, so these finish with the push.
        var unchanged: [QueuedRelease] = []
        for ((release, _), result) in zip(writes, results) {
            switch result {
            case .success(let commit?):
                await attempt(.markCommitted, release: release.id) { try await $0.markCommitted(id: release.id, commit: commit) }
                committed.append((release, commit))
            case .success(nil):
                unchanged.append(release)
            case .failure(let error):
                await fail(release, message: ReleaseError.repository(error).description)
            }
        }
        guard !committed.isEmpty else {
            for release in unchanged { await finishUnchanged(release) }
            return
        }
        let pushStarted = clock.now()
        do {
            let result = try await repository.push()
            pushes += 1
            observer?.pushFinished(releases: committed.count, succeeded: true, duration: since(pushStarted))
            let commits = result.attempts > 1 ? await rebased(committed) : committed.map(\.commit)
            for ((release, _), commit) in zip(committed, commits) {
                // The event (and its notification) first: recovery finishes it again, writing
                // nothing twice, when a crash comes before the queue entry is marked.
                let released = Notifications.release(.released, release, spec: specs[release.id], commit: commit, message: nil, at: clock.now())
                await finishEvent(release.id, state: .released, commit: commit, message: "", notifying: [released])
                await attempt(.markPushed, release: release.id) { try await $0.markPushed(id: release.id) }
                report(release, .released)
                resolve(release.id, .success(FinishedRelease(id: release.id, state: .released, commit: commit)))
            }
            for release in unchanged { await finishUnchanged(release) }
        } catch {
            observer?.pushFinished(releases: committed.count, succeeded: false, duration: since(pushStarted))
            await dropUnpushedCommitsOrStop()
            for release in committed.map(\.release) + unchanged { await retryOrFail(release, message: error.description) }
        }
    }

    private func finishUnchanged(_ release: QueuedRelease) async {
        await attempt(.markPushed, release: release.id) { try await $0.markPushed(id: release.id) }
        await finishEvent(release.id, state: .unchanged, commit: nil, message: "Environment '\(release.environment)' is already up-to-date")
        report(release, .unchanged)
        resolve(release.id, .success(FinishedRelease(id: release.id, state: .unchanged, commit: nil)))
    }

    /// What one release writes: the artifact's files for the environment and its commit message.
    private func write(_ release: QueuedRelease) async throws(ReleaseError) -> (ReleaseWrite, ArtifactSpec) {
        let store = self.store
        guard let artifact = try await ReleaseError.store({ try await store.artifact(service: release.service, id: release.artifactID) }) else {
            throw .artifactNotFound(service: release.service, artifactID: release.artifactID, intent: release.intent)
        }
        let files = try await ReleaseError.store {
            try await store.artifactFiles(service: release.service, id: release.artifactID, environment: release.environment)
        }
        guard !files.isEmpty else { throw .unknownEnvironment(release.environment, artifactID: release.artifactID) }
        let message = ReleaseCommitMessage(
            service: release.service, environment: release.environment, artifactID: release.artifactID,
            releasedBy: release.actor,
            createdBy: Person(name: artifact.spec.application.authorName, email: artifact.spec.application.authorEmail),
            intent: release.intent, reason: release.reason
        )
        let write = ReleaseWrite(
            environment: release.environment, namespace: release.namespace, service: release.service,
            files: files.map { ReleaseFile(path: $0.path, contents: $0.content) }, artifactJSON: artifact.specJSON, message: message.text
        )
        return (write, artifact.spec)
    }

    /// The commits of a batch after the push rebased them: matched by service, environment and
    /// artifact id among the newest release commits (the old id when none matches).
    private func rebased(_ committed: [(release: QueuedRelease, commit: String)]) async -> [String] {
        let recent: [ReleaseCommit]
        do {
            recent = try await repository.releaseCommits(limit: committed.count)
        } catch {
            failed(.readReleaseCommits, release: nil, error)
            return committed.map(\.commit)
        }
        var remaining = Array(recent.reversed())
        return committed.map { release, commit in
            guard let index = remaining.firstIndex(where: {
                $0.message.service == release.service && $0.message.environment == release.environment
                    && $0.message.artifactID == release.artifactID
            }) else { return commit }
            return remaining.remove(at: index).commit
        }
    }

    private func retryOrFail(_ release: QueuedRelease, message: String) async {
        if release.attempts < maximumAttempts,
           await attempt(.requeue, release: release.id, { try await $0.requeue(id: release.id) }) != nil {
            wakeUp = true
            return
        }
        await fail(release, message: message)
    }

    private func fail(_ release: QueuedRelease, message: String) async {
        await attempt(.markFailed, release: release.id) { try await $0.markFailed(id: release.id, message: message) }
        let failed = Notifications.release(.releaseFailed, release, spec: await spec(of: release), commit: nil, message: message, at: clock.now())
        await finishEvent(release.id, state: .failed, commit: nil, message: message, notifying: [failed])
        report(release, .failed)
        resolve(release.id, .failure(.releaseFailed(id: release.id, message: message)))
    }

    private func report(_ release: QueuedRelease, _ state: ReleaseEvent.State) {
        guard let observer else { return }
        observer.releaseFinished(release, state: state, latency: since(release.enqueuedAt))
    }

    func finishEvent(_ id: String, state: ReleaseEvent.State, commit: String?, message: String, notifying: [OutboxEvent] = []) async {
        let at = clock.now()
        await attempt(.finishEvent, release: id) {
            try await $0.finishReleaseEvent(id: id, state: state, commit: commit, message: message, at: at, notifying: notifying)
        }
    }

    /// The artifact of a release, for its notification; nil when the store cannot say.
    func spec(of release: QueuedRelease) async -> ArtifactSpec? {
        try? await store.artifact(service: release.service, id: release.artifactID)?.spec
    }

    private func since(_ start: Date) -> Duration {
        .seconds(max(0, clock.now().timeIntervalSince(start)))
    }

    // MARK: Failures

    /// Runs a store call; a failure is logged with the release id and counted, and gives nil.
    @discardableResult
    func attempt<T: Sendable>(
        _ operation: ReleaseQueueOperation, release id: String?, _ body: (any ReleaseStore) async throws -> T
    ) async -> T? {
        do {
            return try await body(store)
        } catch {
            failed(operation, release: id, error)
            return nil
        }
    }

    func failed(_ operation: ReleaseQueueOperation, release id: String?, _ error: any Error) {
        var metadata: Logger.Metadata = ["operation": "\(operation.rawValue)", "error": "\(error)"]
        if let id { metadata["release-id"] = "\(id)" }
        logger.error("release queue: \(operation.rawValue) failed", metadata: metadata)
        observer?.queueOperationFailed(operation)
    }

    /// Drops the local commits a failed batch or change left, retrying; when that keeps failing
    /// the writer stops, so that those commits are never pushed with later work.
    func dropUnpushedCommitsOrStop() async {
        for delay in Self.dropRetryDelays + [nil] {
            do {
                try await repository.dropUnpushedCommits()
                return
            } catch {
                failed(.dropUnpushedCommits, release: nil, error)
                guard let delay else {
                    stopReason = "could not drop the config repository clone's unpushed commits: \(error)"
                    logger.critical("release queue: writer stopped; restart moonbase to recover", metadata: ["error": "\(error)"])
                    return
                }
                try? await clock.sleep(delay)
            }
        }
    }
}
