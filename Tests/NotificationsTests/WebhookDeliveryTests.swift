import Foundation
import MoonbaseStore
import Notifications
import ReleaseModel
import TestSupport
import Testing

@Suite(.timeLimit(.minutes(2))) struct WebhookDeliveryTests {
    static func webhook(_ url: URL, secret: String = "s3cret", events: Set<NotificationType> = [], environments: Set<String> = []) -> WebhookReceiver {
        var settings = WebhookSettings(name: "audit", url: url.appendingPathComponent("moonbase"), secret: secret)
        settings.events = events
        settings.environments = environments
        return WebhookReceiver(settings, http: OutboundHTTP(timeout: 5))
    }

    @Test func anEventArrivesAsASignedCloudEvent() async throws {
        let fixture = try OutboxFixture()
        let receiver = FakeWebhookReceiver(secret: "s3cret")
        let url = try await receiver.start()
        defer { Task { await receiver.stop() } }
        let event = OutboxFixture.released()
        try await fixture.write([event])
        let (events, deliveries) = try await fixture.running(fixture.dispatcher([Self.webhook(url)])) {
            (try await receiver.waitForEvents(count: 1, timeout: .seconds(10)), try await fixture.waitUntilSettled("audit"))
        }
        let received = try #require(events.first)
        #expect(received.id == event.id)
        #expect(received.type == "released")
        #expect(received.specversion == "1.0")
        #expect(received.source == "https://moonbase.example.com")
        #expect(received.subject == "payments/prod")
        #expect(received.datacontenttype == "application/json")
        #expect(received.data?["artifact"]?["id"]?.textValue == "master-1234abcd-1")
        #expect(received.data?["release"]?["releasedBy"]?["email"]?.textValue == "bob@lunar.app")
        let request = try #require(receiver.requests.first)
        #expect(request.header("Content-Type") == "application/cloudevents+json; charset=utf-8")
        #expect(request.header("X-Moonbase-Event") == "released")
        #expect(receiver.rejected.isEmpty, "the receiver refused the signature: \(receiver.rejected)")
        #expect(deliveries.map(\.state) == [.delivered])
        #expect(deliveries.first?.attempts == 1)
    }

    @Test func aWrongSecretIsRefusedAndDeadLettered() async throws {
        let fixture = try OutboxFixture()
        let receiver = FakeWebhookReceiver(secret: "the-right-one")
        let url = try await receiver.start()
        defer { Task { await receiver.stop() } }
        try await fixture.write([OutboxFixture.released()])
        let deliveries = try await fixture.running(fixture.dispatcher([Self.webhook(url, secret: "a-wrong-one")])) {
            try await fixture.waitUntilSettled("audit")
        }
        // 401 is the receiver saying no: not retried.
        #expect(deliveries.map(\.state) == [.dead])
        #expect(deliveries.first?.answer.hasPrefix("HTTP 401") == true)
        #expect(receiver.events.isEmpty)
    }

    @Test func onlyTheWantedEventsAndEnvironmentsAreSent() async throws {
        let fixture = try OutboxFixture()
        let receiver = FakeWebhookReceiver(secret: "s3cret")
        let url = try await receiver.start()
        defer { Task { await receiver.stop() } }
        let wanted = OutboxFixture.released(environment: "prod")
        try await fixture.write([
            OutboxFixture.released(environment: "dev"), wanted,
            OutboxFixture.rollout(.rolloutSucceeded, releaseID: "x"),
            OutboxEvent(type: .artifactCreated, time: Date(), data: NotificationData(service: "payments", artifact: OutboxFixture.artifact())),
        ])
        let dispatcher = fixture.dispatcher([Self.webhook(url, events: [.released, .artifactCreated], environments: ["prod"])])
        let deliveries = try await fixture.running(dispatcher) { try await fixture.waitUntilSettled("audit") }
        #expect(deliveries.count == 2)
        #expect(receiver.uniqueEventIDs.count == 2)
        #expect(receiver.events.map(\.type) == ["released", "artifact.created"])
        #expect(receiver.events.first?.id == wanted.id)
    }

    @Test func aReceiverThatIsDownGetsEverythingInOrderOnceItRecovers() async throws {
        let fixture = try OutboxFixture()
        let receiver = FakeWebhookReceiver(secret: "s3cret")
        let url = try await receiver.start()
        defer { Task { await receiver.stop() } }
        receiver.mode = .failing(status: 503)
        let events = (0..<5).map { _ in OutboxFixture.released() }
        for event in events { try await fixture.write([event]) }
        try await fixture.running(fixture.dispatcher([Self.webhook(url)])) {
            // Failing for a while: several attempts of the first event, none of the others.
            _ = try await receiver.waitForRequests(count: 4, timeout: .seconds(10))
            #expect(Set(receiver.requests.compactMap { $0.json?["id"]?.textValue }) == [events[0].id])
            receiver.mode = .healthy
            _ = try await receiver.waitForEvents(count: 5, timeout: .seconds(10))
            _ = try await fixture.waitUntilSettled("audit")
        }
        #expect(receiver.uniqueEventIDs == events.map(\.id))
        let first = try #require(try await fixture.store.deliveries(DeliveryFilter(receiver: "audit"), limit: 10, offset: 0).last)
        #expect(first.attempts >= 4)
        #expect(first.state == .delivered)
    }

    @Test func attemptsAreMadeInBatchesThatAFailureEnds() async throws {
        let fixture = try OutboxFixture()
        let receiver = FakeWebhookReceiver(secret: "s3cret")
        let url = try await receiver.start()
        defer { Task { await receiver.stop() } }
        let events = (0..<4).map { _ in OutboxFixture.released() }
        try await fixture.write(events)
        let dispatcher = fixture.dispatcher([Self.webhook(url)])
        try await dispatcher.fanOut()
        // A batch holds all four, or as many as a second allows on a busy machine.
        var batches: [Int] = []
        while case let attempted = try await dispatcher.deliverDue(Self.webhook(url)), attempted > 0 { batches.append(attempted) }
        #expect(batches.reduce(0, +) == 4, "\(batches)")
        #expect(try await fixture.store.deliveries(DeliveryFilter(state: .delivered), limit: 10, offset: 0).count == 4)

        // A failure ends the batch: what follows is not attempted, so nothing overtakes it.
        try await fixture.write((0..<3).map { _ in OutboxFixture.released() })
        try await dispatcher.fanOut()
        receiver.mode = .failing(status: 503)
        #expect(try await dispatcher.deliverDue(Self.webhook(url)) == 1)
        let pending = try await fixture.store.deliveries(DeliveryFilter(state: .pending), limit: 10, offset: 0)
        #expect(pending.map(\.attempts) == [0, 0, 1])
        #expect(receiver.requests.count == 5)
    }

    @Test func aStalledReceiverHoldsUpOnlyItself() async throws {
        let fixture = try OutboxFixture()
        let stalled = FakeWebhookReceiver(secret: "s3cret")
        let healthy = FakeWebhookReceiver(secret: "s3cret")
        let stalledURL = try await stalled.start()
        let healthyURL = try await healthy.start()
        defer { Task { await stalled.stop(); await healthy.stop() } }
        stalled.mode = .stalled
        var slow = WebhookSettings(name: "slow", url: stalledURL, secret: "s3cret")
        slow.events = []
        let receivers: [any NotificationReceiver] = [
            WebhookReceiver(slow, http: OutboundHTTP(timeout: 30)), Self.webhook(healthyURL),
        ]
        try await fixture.write((0..<3).map { _ in OutboxFixture.released() })
        try await fixture.running(fixture.dispatcher(receivers)) {
            _ = try await healthy.waitForEvents(count: 3, timeout: .seconds(10))
            _ = try await stalled.waitForRequests(count: 1, timeout: .seconds(10))
            #expect(stalled.heldRequests == 1)
            stalled.mode = .healthy
            _ = try await stalled.waitForEvents(count: 3, timeout: .seconds(20))
        }
    }

    @Test func retriesStopWhenTheWindowCloses() async throws {
        let fixture = try OutboxFixture()
        let receiver = FakeWebhookReceiver(secret: "s3cret")
        let url = try await receiver.start()
        defer { Task { await receiver.stop() } }
        receiver.mode = .failing(status: 500)
        try await fixture.write([OutboxFixture.released()])
        let schedule = RetrySchedule(firstDelay: 0.05, maximumDelay: 0.1, retryFor: 0.5)
        let deliveries = try await fixture.running(fixture.dispatcher([Self.webhook(url)], schedule: schedule)) {
            try await fixture.waitUntilSettled("audit")
        }
        let delivery = try #require(deliveries.first)
        #expect(delivery.state == .dead)
        #expect(delivery.answer.contains("gave up after"))
        #expect(delivery.answer.contains("HTTP 500"))
        // Revived, it is delivered once the receiver works again.
        receiver.mode = .healthy
        let now = Date()
        #expect(try await fixture.store.retryDeliveries(ids: [delivery.id], receiver: nil, at: now, retryUntil: now.addingTimeInterval(60)) == 1)
        let retried = try await fixture.running(fixture.dispatcher([Self.webhook(url)])) { try await fixture.waitUntilSettled("audit") }
        #expect(retried.map(\.state) == [.delivered])
        #expect(receiver.uniqueEventIDs.count == 1)
    }

    @Test func eventsAreMarkedSeenWhenNothingIsConfigured() async throws {
        let fixture = try OutboxFixture()
        try await fixture.write([OutboxFixture.released()])
        #expect(try await fixture.dispatcher([]).fanOut() == 1)
        #expect(try await fixture.store.eventsAwaitingFanOut(limit: 10).isEmpty)
        #expect(try await fixture.store.deliveries(DeliveryFilter(), limit: 10, offset: 0).isEmpty)
    }

    @Test func theSameEventWrittenTwiceIsDeliveredOnce() async throws {
        let fixture = try OutboxFixture()
        let event = OutboxFixture.released()
        try await fixture.write([event])
        try await fixture.write([event])
        let receiver = FakeWebhookReceiver(secret: "s3cret")
        let url = try await receiver.start()
        defer { Task { await receiver.stop() } }
        let deliveries = try await fixture.running(fixture.dispatcher([Self.webhook(url)])) { try await fixture.waitUntilSettled("audit") }
        #expect(deliveries.count == 1)
        #expect(receiver.deliveries.count == 1)
    }
}
