import Foundation
import MoonbaseStore
import SQLiteStore
import ReleaseModel
import Testing

@Suite struct ReleaseQueueTests {
    static let alice = Person(name: "Alice", email: "alice@example.com")

    func request(_ number: Int, environment: String = "dev") -> NewQueuedRelease {
        NewQueuedRelease(
            id: "release-\(number)", service: "product", environment: environment, namespace: "payments",
            artifactID: "master-\(number)-plan", intent: .promote(fromEnvironment: "staging"), actor: Self.alice,
            reason: "number \(number)", enqueuedAt: Date(timeIntervalSince1970: 1_800_000_000 + Double(number)))
    }

    @Test(arguments: StoreKind.available) func enqueuedRequestsCanBeReadBack(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { store, database in
            let queued = try await store.enqueue(request(1))
            #expect(queued.id == "release-1")
            #expect(queued.state == .queued)
            #expect(queued.intent == .promote(fromEnvironment: "staging"))
            #expect(queued.actor == Self.alice)
            #expect(queued.namespace == "payments")
            #expect(queued.reason == "number 1")
            #expect(queued.enqueuedAt == Date(timeIntervalSince1970: 1_800_000_001))
            #expect(queued.commit == nil && queued.attempts == 0)
            #expect(try await store.queuedRelease(id: "release-1") == queued)
            #expect(try await store.queuedRelease(id: "nope") == nil)
            await #expect(throws: StoreError.queuedReleaseExists(id: "release-1")) {
                try await store.enqueue(request(1))
            }
        }
    }

    @Test(arguments: StoreKind.available) func claimsOldestFirstAndMarksThemInProgress(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { store, database in
            for number in 1...5 { try await store.enqueue(request(number)) }
            let first = try await store.claimReleases(limit: 2)
            #expect(first.map(\.id) == ["release-1", "release-2"])
            #expect(first.allSatisfy { $0.state == .inProgress && $0.attempts == 1 })
            let second = try await store.claimReleases(limit: 10)
            #expect(second.map(\.id) == ["release-3", "release-4", "release-5"])
            #expect(try await store.claimReleases(limit: 10).isEmpty)
            #expect(try await store.claimReleases(limit: 0).isEmpty)
        }
    }

    @Test(arguments: StoreKind.available) func goesThroughCommittedToPushed(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { store, database in
            try await store.enqueue(request(1))
            _ = try await store.claimReleases(limit: 1)
            let committed = try await store.markCommitted(id: "release-1", commit: "abc123")
            #expect(committed.state == .committed && committed.commit == "abc123")
            let pushed = try await store.markPushed(id: "release-1")
            #expect(pushed.state == .pushed && pushed.commit == "abc123")
            #expect(try await store.queuedRelease(id: "release-1") == pushed)
        }
    }

    @Test(arguments: StoreKind.available) func failedRequestsKeepTheirMessage(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { store, database in
            try await store.enqueue(request(1))
            _ = try await store.claimReleases(limit: 1)
            let failed = try await store.markFailed(id: "release-1", message: "push rejected 3 times")
            #expect(failed.state == .failed && failed.message == "push rejected 3 times")
            #expect(try await store.unfinishedReleases().isEmpty)
        }
    }

    @Test(arguments: StoreKind.available) func refusesTransitionsOutOfOrder(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { store, database in
            try await store.enqueue(request(1))
            await #expect(throws: StoreError.invalidQueueTransition(id: "release-1", from: .queued, to: .committed)) {
                try await store.markCommitted(id: "release-1", commit: "abc")
            }
            await #expect(throws: StoreError.invalidQueueTransition(id: "release-1", from: .queued, to: .pushed)) {
                try await store.markPushed(id: "release-1")
            }
            _ = try await store.claimReleases(limit: 1)
            try await store.markPushed(id: "release-1")
            await #expect(throws: StoreError.invalidQueueTransition(id: "release-1", from: .pushed, to: .failed)) {
                try await store.markFailed(id: "release-1", message: "late")
            }
            await #expect(throws: StoreError.queuedReleaseNotFound(id: "nope")) {
                try await store.markPushed(id: "nope")
            }
        }
    }

    @Test(arguments: StoreKind.available) func requeuedRequestsAreClaimedAgain(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { store, database in
            try await store.enqueue(request(1))
            try await store.enqueue(request(2))
            _ = try await store.claimReleases(limit: 1)
            try await store.markCommitted(id: "release-1", commit: "lost")
            let requeued = try await store.requeue(id: "release-1")
            #expect(requeued.state == .queued && requeued.commit == nil)
            // It keeps its place: still the oldest.
            let claimed = try await store.claimReleases(limit: 1)
            #expect(claimed.map(\.id) == ["release-1"])
            #expect(claimed.first?.attempts == 2)
        }
    }

    @Test(arguments: StoreKind.available) func noRequestIsClaimedTwiceByConcurrentClaimers(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { store, database in
            let count = 200
            for number in 0..<count { try await store.enqueue(request(number)) }
            // A second store on the same database stands for a second process.
            let other = try await database.open()
            let stores = [store, other]
            let claims = try await withThrowingTaskGroup(of: [String].self) { group in
                for claimer in 0..<16 {
                    let claimingStore = stores[claimer % 2]
                    group.addTask {
                        var mine: [String] = []
                        while true {
                            let batch = try await claimingStore.claimReleases(limit: 3)
                            if batch.isEmpty { return mine }
                            mine += batch.map(\.id)
                        }
                    }
                }
                var all: [[String]] = []
                for try await claimed in group { all.append(claimed) }
                return all
            }
            let claimed = claims.flatMap { $0 }
            #expect(claimed.count == count)
            #expect(Set(claimed).count == count)
            #expect(try await store.unfinishedReleases().allSatisfy { $0.state == .inProgress && $0.attempts == 1 })
        }
    }

    @Test(arguments: StoreKind.available) func unfinishedRequestsSurviveAReopen(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { store, database in
            for number in 1...5 { try await store.enqueue(request(number)) }
            _ = try await store.claimReleases(limit: 3)
            try await store.markCommitted(id: "release-1", commit: "c1")
            try await store.markCommitted(id: "release-2", commit: "c2")
            try await store.markPushed(id: "release-2")
            try await store.markFailed(id: "release-5", message: "artifact gone")

            // The server stops between commit and push; a new one opens the database.
            let reopened = try await database.open()
            let unfinished = try await reopened.unfinishedReleases()
            #expect(unfinished.map(\.id) == ["release-1", "release-3", "release-4"])
            #expect(unfinished.map(\.state) == [.committed, .inProgress, .queued])
            #expect(unfinished.first?.commit == "c1")
            #expect(unfinished.first?.intent == .promote(fromEnvironment: "staging"))
        }
    }
}
