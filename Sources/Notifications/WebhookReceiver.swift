import Crypto
import Foundation
import GoCompat
import MoonbaseStore
import ReleaseModel

/// A generic webhook: each event it wants is POSTed as a CloudEvent in structured mode,
/// signed with the webhook's secret so the receiver can check it came from Moonbase and is
/// not a replay:
///
/// ```
/// Content-Type: application/cloudevents+json; charset=utf-8
/// X-Moonbase-Event: released
/// X-Moonbase-Delivery: 1234
/// X-Moonbase-Timestamp: 1733580000
/// X-Moonbase-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the secret>
/// ```
///
/// The timestamp is part of what is signed, so a receiver that refuses old timestamps (five
/// minutes is usual) refuses replays. 2xx is delivered; 408, 425, 429 and 5xx are retried;
/// another 4xx is the receiver refusing the event, which is not retried.
public struct WebhookReceiver: NotificationReceiver {
    public let settings: WebhookSettings
    let http: OutboundHTTP

    public init(_ settings: WebhookSettings, http: OutboundHTTP) {
        self.settings = settings
        self.http = http
    }

    public var name: String { settings.name }

    public func targets(for event: OutboxEvent) -> [String] {
        guard settings.events.isEmpty || settings.events.contains(event.type) else { return [] }
        if let environment = event.data.environment, !settings.environments.isEmpty, !settings.environments.contains(environment) {
            return []
        }
        return [""]
    }

    public func deliver(_ delivery: NotificationDelivery, context: DeliveryContext) async -> DeliveryResult {
        let body: Data
        do {
            body = try Self.body(delivery.event.cloudEvent(source: context.source))
        } catch {
            return .refused(answer: "cannot encode the event: \(error)")
        }
        let timestamp = String(Int(Date().timeIntervalSince1970))
        let headers = [
            ("Content-Type", "application/cloudevents+json; charset=utf-8"),
            ("X-Moonbase-Event", delivery.event.type.rawValue),
            ("X-Moonbase-Delivery", String(delivery.id)),
            ("X-Moonbase-Timestamp", timestamp),
            ("X-Moonbase-Signature", Self.signature(body: body, timestamp: timestamp, secret: settings.secret)),
        ]
        do {
            return try await http.send(.POST, settings.url.absoluteString, headers: headers, body: body).result
        } catch {
            return .retry(answer: OutboundHTTP.describe(error))
        }
    }

    /// The JSON of a CloudEvent, keys sorted.
    public static func body(_ event: CloudEvent) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(event)
    }

    /// `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`.
    public static func signature(body: Data, timestamp: String, secret: String) -> String {
        var signed = Data("\(timestamp).".utf8)
        signed.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + Hex.encode(mac)
    }
}
