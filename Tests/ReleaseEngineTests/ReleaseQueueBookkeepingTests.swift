import Foundation
import GRDB
import InMemoryLogging
import Logging
import MoonbaseStore
import ReleaseEngine
import ReleaseModel
@testable import SQLiteStore
import Synchronization
import Testing

/// The queue never swallows a failure: store and git bookkeeping that fails is logged with the
/// release id and counted, and a clone that cannot be cleaned up stops the writer loudly.
/// The failures are real: a SQLite trigger that aborts an update, a remote hook that refuses the
/// push and leaves the clone's index locked.
@Suite struct ReleaseQueueBookkeepingTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    struct Instrumented {
        let queue: ReleaseQueue
        let flow: ReleaseFlow
        let logs: InMemoryLogHandler
        let observer: CountingObserver
        let clock: StoppedClock
    }

    static func instrument(_ fixture: ReleaseFixture) async -> Instrumented {
        let logs = InMemoryLogHandler()
        let observer = CountingObserver()
        let clock = StoppedClock()
        let queue = ReleaseQueue(
            repository: ConfigReleaseRepository(fixture.repository), store: fixture.store, clock: clock.clock, logger: Logger(label: "test") { _ in logs }
        )
        await queue.observe(with: observer)
        let flow = ReleaseFlow(repository: ConfigReleaseRepository(fixture.repository), store: fixture.store, queue: queue)
        return Instrumented(queue: queue, flow: flow, logs: logs, observer: observer, clock: clock)
    }

    @Test func eventsAreFinishedAtTheInjectedClocksTime() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }
        let instrumented = await Self.instrument(fixture)
        let id = try await fixture.storeArtifact(sha: "a1a1a1a1a1a1")

        guard case .released(let releaseID, _) = try await instrumented.flow.release(fixture.request(id)) else {
            Issue.record("expected a release")
            return
        }
        #expect(try await fixture.store.releaseEvent(id: releaseID)?.finishedAt == Self.start)
    }

    @Test func aStoreUpdateThatFailsIsLoggedWithTheReleaseIDCountedAndRepairedOnRestart() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }
        try await fixture.store.pool.write { db in
            try db.execute(sql: """
                CREATE TRIGGER refuse_pushed BEFORE UPDATE OF state ON release_queue WHEN NEW.state = 'pushed'
                BEGIN SELECT RAISE(ABORT, 'disk on fire'); END
                """)
        }
        let instrumented = await Self.instrument(fixture)
        let id = try await fixture.storeArtifact(sha: "b2b2b2b2b2b2")

        // The release is pushed, so it is released, although the queue could not record that.
        guard case .released(let releaseID, let commit) = try await instrumented.flow.release(fixture.request(id)) else {
            Issue.record("expected a release")
            return
        }
        #expect(try await fixture.remoteArtifactID() == id)
        #expect(instrumented.observer.failures.withLock { $0 } == [.markPushed])
        let entry = try #require(instrumented.logs.entries.first { $0.level == .error })
        #expect(entry.metadata["operation"] == "mark-pushed")
        #expect(entry.metadata["release-id"] == "\(releaseID)")
        #expect(entry.metadata["error"].map { "\($0)".contains("disk on fire") } == true)
        #expect(try await fixture.store.queuedRelease(id: releaseID)?.state == .committed)

        // The next start finds the commit on the remote and records the release as pushed.
        try await fixture.store.pool.write { db in try db.execute(sql: "DROP TRIGGER refuse_pushed") }
        let restarted = try await fixture.reopen()
        let report = try await restarted.queue.recover()
        #expect(report.pushed == [releaseID])
        #expect(try await restarted.store.queuedRelease(id: releaseID)?.state == .pushed)
        #expect(try await restarted.store.releaseEvent(id: releaseID)?.commit == commit)
    }

    @Test func aCloneThatCannotBeCleanedUpStopsTheWriterAndTheReleaseIsKeptForTheRestart() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }
        // The remote refuses the push and, doing so, leaves the clone's index locked, so that
        // `git reset --hard` (dropping the refused commit) fails too.
        let lock = fixture.clonePath.appendingPathComponent(".git/index.lock")
        let hook = fixture.remote.appendingPathComponent("hooks/pre-receive")
        try FileManager.default.createDirectory(at: hook.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("#!/bin/sh\ntouch '\(lock.path)'\necho 'refused' >&2\nexit 1\n".utf8).write(to: hook)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
        let instrumented = await Self.instrument(fixture)
        let id = try await fixture.storeArtifact(sha: "c3c3c3c3c3c3")
        let head = try await fixture.remoteGit(["rev-parse", "master"])

        await #expect {
            try await instrumented.flow.release(fixture.request(id))
        } throws: { error in
            guard case ReleaseError.writerStopped(let reason) = error else { return false }
            return reason.contains("index.lock")
        }
        #expect(await instrumented.queue.stopReason != nil)
        #expect(instrumented.observer.failures.withLock { $0 } == Array(repeating: .dropUnpushedCommits, count: 4))
        #expect(instrumented.clock.sleeps.withLock { $0 } == [.milliseconds(100), .milliseconds(500), .seconds(2)])
        #expect(instrumented.logs.entries.contains { $0.level == .critical })
        #expect(try await fixture.remoteGit(["rev-parse", "master"]) == head)
        // Later requests are kept, not lost, and their callers told at once.
        let later = try await fixture.storeArtifact(sha: "d4d4d4d4d4d4")
        await #expect(throws: ReleaseError.self) { try await instrumented.flow.release(fixture.request(later)) }
        let queued = try await fixture.store.releaseHistory(service: "product", environment: "dev", limit: 10, offset: 0).events
        #expect(queued.map(\.state) == [.requested, .requested])

        // Repaired and restarted, the writer drops the refused commit and releases both in order.
        try FileManager.default.removeItem(at: lock)
        try FileManager.default.removeItem(at: hook)
        let restarted = try await fixture.reopen()
        _ = try await restarted.queue.recover()
        await restarted.queue.drain()
        #expect(try await restarted.remoteArtifactID() == later)
        let events = try await restarted.store.releaseHistory(service: "product", environment: "dev", limit: 10, offset: 0).events
        #expect(events.map(\.state) == [.released, .released])
    }
}

final class CountingObserver: ReleaseQueueObserver {
    let failures = Mutex<[ReleaseQueueOperation]>([])
    func releaseFinished(_ release: QueuedRelease, state: ReleaseEvent.State, latency: Duration) {}
    func pushFinished(releases: Int, succeeded: Bool, duration: Duration) {}
    func queueOperationFailed(_ operation: ReleaseQueueOperation) { failures.withLock { $0.append(operation) } }
}

/// A clock that stands still at ``start`` and records the waits instead of sleeping.
final class StoppedClock: Sendable {
    let sleeps = Mutex<[Duration]>([])
    var clock: ReleaseQueueClock {
        ReleaseQueueClock(now: { ReleaseQueueBookkeepingTests.start }, sleep: { [self] duration in
            self.sleeps.withLock { $0.append(duration) }
        })
    }
}
