import Crypto
import Foundation
import GoCompat

/// A receiver of Moonbase's signed webhooks on loopback for tests: takes `POST` on any path,
/// checks the signature, reads the body as a CloudEvent and drops duplicates by `id`.
///
/// What it checks, in order (answers are `{"error":"…"}` JSON):
/// 1. `POST` (else 405).
/// 2. With a ``secret``: `X-Moonbase-Timestamp: <Unix seconds>` within ``tolerance`` seconds
///    of now and `X-Moonbase-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`
///    (Moonbase's scheme, the shape of Stripe's and Slack's signing); else 401.
/// 3. `Content-Type: application/cloudevents+json` (CloudEvents HTTP binding, structured
///    mode: github.com/cloudevents/spec `cloudevents/bindings/http-protocol-binding.md`), a
///    charset only `utf-8`; else 415.
/// 4. A JSON object with the REQUIRED attributes `specversion` ("1.0"), `id`, `source` and
///    `type` as non-empty strings, `time` (when there) RFC 3339, not both `data` and
///    `data_base64` (`cloudevents/spec.md`, `cloudevents/formats/json-format.md`); else 400.
///
/// Then 200 `{"id":…,"duplicate":false}`; a duplicate (an `id` seen before) is answered the same
/// with `"duplicate":true` and kept apart in ``duplicates``.
public final class FakeWebhookReceiver: FakeReceiverServer {
    public static let signatureHeader = "X-Moonbase-Signature"
    public static let timestampHeader = "X-Moonbase-Timestamp"
    /// What structured-mode CloudEvents are sent as.
    public static let contentType = "application/cloudevents+json; charset=utf-8"

    public let core: ReceiverCore<WebhookState>

    /// Without a secret, signatures are not checked. `tolerance`: how far (seconds) the
    /// timestamp may be from now.
    public init(secret: String? = nil, tolerance: Int = 300) {
        core = ReceiverCore(
            name: "FakeWebhookReceiver", domain: WebhookState(secret: secret, tolerance: tolerance),
            behavior: ReceiverBehavior(
                answer: { FakeWebhookReceiver.answer($0, &$1) },
                failing: { FakeWebhookReceiver.failing(status: $0, $1) },
                rateLimited: { FakeWebhookReceiver.rateLimited(retryAfter: $0, $1) }))
    }

    /// The shared secret signatures are checked against; nil: not checked.
    public var secret: String? {
        get { core.withDomain { $0.secret } }
        set { core.withDomain { $0.secret = newValue } }
    }

    /// How far, in seconds, `X-Moonbase-Timestamp` may be from now.
    public var tolerance: Int {
        get { core.withDomain { $0.tolerance } }
        set { core.withDomain { $0.tolerance = newValue } }
    }

    // MARK: Signing

    /// `sha256=<hex HMAC-SHA256 over "<timestamp>.<body>">`, the value of `X-Moonbase-Signature`.
    public static func signature(for body: some Sequence<UInt8>, timestamp: Int, secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: signedBytes(body, timestamp: timestamp), using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + Hex.encode(mac)
    }

    /// The headers a signed delivery carries: `Content-Type`, `X-Moonbase-Timestamp`,
    /// `X-Moonbase-Signature`.
    public static func headers(for body: some Sequence<UInt8>, secret: String, timestamp: Int = Int(Date().timeIntervalSince1970)) -> [(name: String, value: String)] {
        [
            (name: "Content-Type", value: contentType), (name: timestampHeader, value: String(timestamp)),
            (name: signatureHeader, value: signature(for: body, timestamp: timestamp, secret: secret)),
        ]
    }

    static func signedBytes(_ body: some Sequence<UInt8>, timestamp: Int) -> [UInt8] {
        Array("\(timestamp).".utf8) + Array(body)
    }

    // MARK: Events

    /// The first delivery of each event, in arrival order.
    public var events: [FakeWebhookReceiver.Event] { core.withDomain { $0.deliveries.filter { !$0.isDuplicate } } }

    /// Every accepted delivery, duplicates included, in arrival order.
    public var deliveries: [FakeWebhookReceiver.Event] { core.withDomain { $0.deliveries } }

    /// The deliveries of an `id` that had arrived before.
    public var duplicates: [FakeWebhookReceiver.Event] { core.withDomain { $0.deliveries.filter(\.isDuplicate) } }

    /// The ids of ``events``, in arrival order.
    public var uniqueEventIDs: [String] { events.map(\.id) }

    /// The requests refused with a 4xx (bad signature, old timestamp, not a CloudEvent, …).
    public var rejected: [RecordedRequest] { core.requests.filter { ($0.status ?? 0) >= 400 && ($0.status ?? 0) < 500 } }

    /// Returns ``events`` once there are at least `count` distinct events; throws after `timeout`.
    @discardableResult
    public func waitForEvents(count: Int, timeout: Duration) async throws -> [FakeWebhookReceiver.Event] {
        try await core.waitFor("\(count) distinct event(s)", timeout: timeout) { state in
            let events = state.deliveries.filter { !$0.isDuplicate }
            return events.count >= count ? events : nil
        }
    }

    /// Returns ``deliveries`` once at least `count` were accepted; throws after `timeout`.
    @discardableResult
    public func waitForDeliveries(count: Int, timeout: Duration) async throws -> [FakeWebhookReceiver.Event] {
        try await core.waitFor("\(count) accepted deliveries", timeout: timeout) { state in
            state.deliveries.count >= count ? state.deliveries : nil
        }
    }

    // MARK: What the client did
}

public struct WebhookState: Sendable {
    var secret: String?
    var tolerance: Int
    var deliveries: [FakeWebhookReceiver.Event] = []
    var seen: Set<String> = []

    init(secret: String?, tolerance: Int) {
        self.secret = secret
        self.tolerance = tolerance
    }
}

extension FakeWebhookReceiver {
    static func answer(_ request: RecordedRequest, _ state: inout WebhookState) -> ReceiverAnswer {
        guard request.method == "POST" else {
            return refuse(405, "only POST takes deliveries", headers: [(name: "Allow", value: "POST")])
        }
        let timestampText = request.header(timestampHeader)?.trimmingCharacters(in: .whitespaces)
        let timestamp = timestampText.flatMap { Int($0) }
        if let secret = state.secret {
            guard let signature = request.header(signatureHeader)?.trimmingCharacters(in: .whitespaces), let timestampText else {
                return refuse(401, "missing \(signatureHeader) or \(timestampHeader)")
            }
            guard let timestamp else { return refuse(401, "\(timestampHeader) is not Unix seconds: \(timestampText)") }
            let now = Int(Date().timeIntervalSince1970)
            guard abs(now - timestamp) <= state.tolerance else {
                return refuse(401, "\(timestampHeader) \(timestamp) is more than \(state.tolerance) s from now (\(now))")
            }
            guard signature.hasPrefix("sha256="), let mac = Hex.decode(String(signature.dropFirst("sha256=".count))), mac.count == 32,
                  HMAC<SHA256>.isValidAuthenticationCode(
                      mac, authenticating: signedBytes(request.body, timestamp: timestamp), using: SymmetricKey(data: Data(secret.utf8)))
            else {
                return refuse(401, "\(signatureHeader) does not match the body")
            }
        }
        let media = ReceiverMediaType(request.header("Content-Type") ?? "")
        guard media.type == "application/cloudevents+json" else {
            return refuse(415, "expected Content-Type application/cloudevents+json, got \(request.header("Content-Type") ?? "none")")
        }
        if let charset = media.charset, charset.lowercased() != "utf-8" {
            return refuse(415, "expected charset utf-8, got \(charset)")
        }
        guard let event = try? JSONValue.parse(request.body), event.objectMembers != nil else {
            return refuse(400, "the body is not a JSON object")
        }
        func attribute(_ name: String) -> String? {
            guard let text = event[name]?.textValue, !text.isEmpty else { return nil }
            return text
        }
        guard let specversion = attribute("specversion"), specversion == "1.0" else { return refuse(400, "specversion must be \"1.0\"") }
        for name in ["id", "source", "type"] where attribute(name) == nil {
            return refuse(400, "the required attribute \(name) is missing or not a non-empty string")
        }
        let time: String?
        switch event["time"] {
        case nil, .null?:
            time = nil
        case .string(let text)? where isRFC3339(text):
            time = text
        default:
            return refuse(400, "time is not an RFC 3339 timestamp")
        }
        if event["data"] != nil, event["data_base64"] != nil {
            return refuse(400, "data and data_base64 are both present")
        }
        let id = attribute("id")!
        let duplicate = !state.seen.insert(id).inserted
        state.deliveries.append(
            FakeWebhookReceiver.Event(
                id: id, source: attribute("source")!, type: attribute("type")!, specversion: specversion, subject: event["subject"]?.textValue,
                time: time, datacontenttype: event["datacontenttype"]?.textValue, data: event["data"], event: event, path: request.path,
                timestamp: timestamp, requestSequence: request.sequence, isDuplicate: duplicate))
        return .json(.members([("id", .string(id)), ("duplicate", .bool(duplicate))]), contentType: "application/json")
    }

    /// RFC 3339 date-time, with or without fractional seconds.
    static func isRFC3339(_ text: String) -> Bool {
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return plain.date(from: text) != nil || fractional.date(from: text) != nil
    }

    static func refuse(_ status: Int, _ reason: String, headers: [(name: String, value: String)] = []) -> ReceiverAnswer {
        .json(.members([("error", .string(reason))]), status: status, contentType: "application/json", headers: headers)
    }

    static func failing(status: Int, _ request: RecordedRequest) -> ReceiverAnswer {
        let reason = ReceiverAnswer.reasonPhrase(status)
        return refuse(status, reason.isEmpty ? "failing on purpose" : reason)
    }

    static func rateLimited(retryAfter seconds: Int, _ request: RecordedRequest) -> ReceiverAnswer {
        refuse(429, "Too Many Requests", headers: [(name: "Retry-After", value: String(seconds))])
    }
}

// MARK: - What it keeps

extension FakeWebhookReceiver {
    /// A CloudEvent a ``FakeWebhookReceiver`` took: its signature checked, its attributes read.
    public struct Event: Sendable, Hashable {
        public var id: String
        public var source: String
        public var type: String
        public var specversion: String
        public var subject: String?
        /// RFC 3339, as sent.
        public var time: String?
        public var datacontenttype: String?
        /// `data` as sent (nil when the event has none).
        public var data: JSONValue?
        /// The whole event as sent.
        public var event: JSONValue
        /// The path it was posted to.
        public var path: String
        /// `X-Moonbase-Timestamp`, Unix seconds.
        public var timestamp: Int?
        /// The ``RecordedRequest/sequence`` of the request that carried it.
        public var requestSequence: Int
        /// An event with this `id` had arrived before.
        public var isDuplicate: Bool

        public init(
            id: String, source: String, type: String, specversion: String, subject: String?, time: String?, datacontenttype: String?,
            data: JSONValue?, event: JSONValue, path: String, timestamp: Int?, requestSequence: Int, isDuplicate: Bool
        ) {
            self.id = id
            self.source = source
            self.type = type
            self.specversion = specversion
            self.subject = subject
            self.time = time
            self.datacontenttype = datacontenttype
            self.data = data
            self.event = event
            self.path = path
            self.timestamp = timestamp
            self.requestSequence = requestSequence
            self.isDuplicate = isDuplicate
        }
    }
}
