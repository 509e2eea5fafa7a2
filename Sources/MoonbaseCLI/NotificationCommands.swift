import ArgumentParser
import Foundation
import GoCompat
import MoonbaseServer
import MoonbaseStore

extension NotificationDelivery.State: ExpressibleByArgument {}

/// `moonbase notifications list|retry`: the outbox's deliveries in the home's store.
struct NotificationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notifications",
        abstract: "List notification deliveries and retry dead ones.",
        subcommands: [List.self, Retry.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Per receiver, how many deliveries are pending, delivered and dead; then the newest deliveries.")

        @OptionGroup var options: HomeOptions

        @Option(name: .long, help: "Only deliveries in this state: pending, delivered or dead.")
        var state: NotificationDelivery.State?

        @Option(name: .long, help: "Only deliveries to this receiver (slack, github, grafana, a webhook's name).")
        var receiver: String?

        @Option(name: .long, help: "How many deliveries to list.")
        var limit = 50

        func run() async throws {
            guard limit > 0 else { throw ValidationError("--limit must be positive, got \(limit)") }
            let store = try MoonbaseHome.openStore(try options.configuration())
            let format = ISO8601DateFormatter()
            print("RECEIVER\tPENDING\tDELIVERED\tDEAD\tFAILED ATTEMPTS\tMEAN LATENCY")
            for statistics in try await store.deliveryStatistics() where receiver == nil || statistics.receiver == receiver {
                let latency = statistics.meanLatency.map { String(format: "%.0f ms", $0 * 1000) } ?? "-"
                print("\(statistics.receiver)\t\(statistics.pending)\t\(statistics.delivered)\t\(statistics.dead)\t\(statistics.failedAttempts)\t\(latency)")
            }
            print("")
            print("ID\tSTATE\tRECEIVER\tTARGET\tEVENT\tSUBJECT\tATTEMPTS\tCREATED\tANSWER")
            let filter = DeliveryFilter(state: state, receiver: receiver)
            for delivery in try await store.deliveries(filter, limit: limit, offset: 0) {
                let target = delivery.target.isEmpty ? "-" : delivery.target
                print([
                    String(delivery.id), delivery.state.rawValue, delivery.receiver, target, delivery.event.type.rawValue, delivery.event.subject,
                    String(delivery.attempts), format.string(from: delivery.createdAt), delivery.answer.isEmpty ? "-" : delivery.answer,
                ].joined(separator: "\t"))
            }
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make dead deliveries pending again, with a new retry window; a running server delivers them.")

        @OptionGroup var options: HomeOptions

        @Argument(help: "The deliveries' ids (see `moonbase notifications list --state dead`).")
        var ids: [Int64] = []

        @Flag(name: .long, help: "Every dead delivery (of --receiver, when given).")
        var all = false

        @Option(name: .long, help: "With --all: only this receiver's.")
        var receiver: String?

        func validate() throws {
            if ids.isEmpty, !all { throw ValidationError("name the deliveries to retry, or pass --all") }
            if !ids.isEmpty, all { throw ValidationError("pass either delivery ids or --all, not both") }
            if receiver != nil, !all { throw ValidationError("--receiver goes with --all") }
        }

        func run() async throws {
            let configuration = try options.configuration()
            let store = try MoonbaseHome.openStore(configuration)
            let now = Date()
            let count = try await store.retryDeliveries(
                ids: ids, receiver: receiver, at: now, retryUntil: now.addingTimeInterval(configuration.notifications.retry.retryFor))
            try await store.recordAudit(NewAuditEntry(actor: "moonbase notifications retry", action: "notifications.retry", details: .object([
                .init("deliveries", .array(ids.map { .number(String($0)) })), .init("receiver", .string(receiver ?? "")),
                .init("count", .number(String(count))),
            ])))
            if count == 0, !ids.isEmpty {
                throw ValidationError("no dead delivery with id \(ids.map(String.init).joined(separator: ", ")) (see `moonbase notifications list --state dead`)")
            }
            print("\(count) \(count == 1 ? "delivery" : "deliveries") will be retried")
        }
    }
}
