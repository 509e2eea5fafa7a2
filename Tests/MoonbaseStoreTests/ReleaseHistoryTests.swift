import Foundation
import MoonbaseStore
import SQLiteStore
import ReleaseModel
import Testing

@Suite struct ReleaseHistoryTests {
    let folder: TemporaryFolder
    let store: SQLiteStore

    init() throws {
        folder = try TemporaryFolder()
        store = try SQLiteStore(path: folder.databasePath)
    }

    static let alice = Person(name: "Alice", email: "alice@example.com")
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    func event(
        _ number: Int, service: String = "product", environment: String = "dev", intent: Intent = .releaseArtifact,
        state: ReleaseEvent.State = .released
    ) -> ReleaseEvent {
        ReleaseEvent(
            id: "event-\(service)-\(environment)-\(number)", service: service, environment: environment,
            namespace: environment, artifactID: "master-\(number)-plan", intent: intent, releasedBy: Self.alice,
            state: state, commit: state == .released ? "commit\(number)" : nil,
            requestedAt: Self.start.addingTimeInterval(Double(number) * 60),
            finishedAt: Self.start.addingTimeInterval(Double(number) * 60 + 1))
    }

    @Test func recordsAnEventAndItsOutcome() async throws {
        let requested = ReleaseEvent(
            id: "r1", service: "product", environment: "prod", namespace: "payments", artifactID: "master-abc-def",
            intent: .rollback(previousArtifactID: "master-old-def"), releasedBy: Self.alice,
            reason: "the new one leaks memory", requestedAt: Self.start)
        try await store.recordReleaseEvent(requested)
        #expect(try await store.releaseEvent(id: "r1") == requested)

        let finished = try await store.finishReleaseEvent(
            id: "r1", state: .released, commit: "0123abcd", message: "", at: Self.start.addingTimeInterval(2))
        #expect(finished.state == .released)
        #expect(finished.commit == "0123abcd")
        #expect(finished.finishedAt == Self.start.addingTimeInterval(2))
        #expect(finished.intent == .rollback(previousArtifactID: "master-old-def"))
        #expect(finished.reason == "the new one leaks memory")
        #expect(try await store.releaseEvent(id: "r1") == finished)

        let refused = try await store.finishReleaseEvent(
            id: "r1", state: .refused, commit: nil, message: "branch restriction", at: Self.start)
        #expect(refused.commit == nil && refused.message == "branch restriction")

        await #expect(throws: StoreError.releaseEventNotFound(id: "nope")) {
            try await store.finishReleaseEvent(id: "nope", state: .failed, commit: nil, message: "", at: Date())
        }
        await #expect(throws: StoreError.releaseEventExists(id: "r1")) {
            try await store.recordReleaseEvent(requested)
        }
    }

    @Test func everyIntentRoundTrips() async throws {
        let intents: [Intent] = [
            .releaseArtifact, .releaseBranch(branch: "feature/x"), .promote(fromEnvironment: "dev"),
            .rollback(previousArtifactID: "a-b-c"), .autoRelease,
        ]
        for (number, intent) in intents.enumerated() {
            try await store.recordReleaseEvent(event(number, intent: intent))
        }
        let history = try await store.releaseHistory(service: "product", environment: "dev", limit: 10, offset: 0)
        #expect(history.events.map(\.intent) == intents.reversed())
    }

    @Test func historyIsPagedNewestFirstPerServiceAndEnvironment() async throws {
        for number in 0..<7 {
            try await store.recordReleaseEvent(event(number))
        }
        try await store.recordReleaseEvent(event(100, environment: "prod"))
        try await store.recordReleaseEvent(event(101, service: "other"))

        let first = try await store.releaseHistory(service: "product", environment: "dev", limit: 3, offset: 0)
        #expect(first.total == 7)
        #expect(first.events.map(\.id) == ["event-product-dev-6", "event-product-dev-5", "event-product-dev-4"])
        let second = try await store.releaseHistory(service: "product", environment: "dev", limit: 3, offset: 3)
        #expect(second.events.map(\.id) == ["event-product-dev-3", "event-product-dev-2", "event-product-dev-1"])
        let last = try await store.releaseHistory(service: "product", environment: "dev", limit: 3, offset: 6)
        #expect(last.events.map(\.id) == ["event-product-dev-0"])
        let prod = try await store.releaseHistory(service: "product", environment: "prod", limit: 3, offset: 0)
        #expect(prod.events.map(\.id) == ["event-product-prod-100"] && prod.total == 1)
        let none = try await store.releaseHistory(service: "nothing", environment: "dev", limit: 3, offset: 0)
        #expect(none.events.isEmpty && none.total == 0)
    }

    @Test func eventsAtTheSameTimeKeepTheirRecordedOrder() async throws {
        for number in 0..<3 {
            var same = event(number)
            same.requestedAt = Self.start
            try await store.recordReleaseEvent(same)
        }
        let history = try await store.releaseHistory(service: "product", environment: "dev", limit: 10, offset: 0)
        #expect(history.events.map(\.id) == ["event-product-dev-2", "event-product-dev-1", "event-product-dev-0"])
    }

    @Test func recentEventsSpanEverything() async throws {
        try await store.recordReleaseEvent(event(1, service: "a"))
        try await store.recordReleaseEvent(event(3, service: "b", environment: "prod"))
        try await store.recordReleaseEvent(event(2, service: "c", state: .failed))
        let recent = try await store.recentReleaseEvents(limit: 2)
        #expect(recent.map(\.id) == ["event-b-prod-3", "event-c-dev-2"])
    }

    @Test func replaceHistoryRebuildsReleasesAndKeepsOtherAttempts() async throws {
        try await store.recordReleaseEvent(event(1))
        try await store.recordReleaseEvent(event(2))
        try await store.recordReleaseEvent(event(3, state: .failed))
        try await store.recordReleaseEvent(event(4, state: .refused))

        // The config repository knows releases 1 and 5 (say 2 was lost in a force push).
        var fromGit = [event(5), event(1)]
        fromGit[1].releasedBy = Person(name: "Bob", email: "bob@example.com")
        try await store.replaceHistory(fromGit)

        let history = try await store.releaseHistory(service: "product", environment: "dev", limit: 10, offset: 0)
        #expect(history.events.map(\.id) == [
            "event-product-dev-5", "event-product-dev-4", "event-product-dev-3", "event-product-dev-1",
        ])
        #expect(history.events.last?.releasedBy.name == "Bob")
        #expect(try await store.releaseEvent(id: "event-product-dev-2") == nil)

        // Rebuilding again from the same history gives the same result.
        try await store.replaceHistory(fromGit)
        let again = try await store.releaseHistory(service: "product", environment: "dev", limit: 10, offset: 0)
        #expect(again == history)
    }
}
