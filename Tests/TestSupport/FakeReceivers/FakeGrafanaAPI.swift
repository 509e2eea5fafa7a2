import Foundation
import GoCompat

/// Grafana's annotations HTTP API on loopback for tests.
///
/// Wire format (grafana/grafana docs/sources/developers/http_api/annotations.md, and
/// pkg/api/annotations.go for what the handlers refuse):
/// - `POST /api/annotations/graphite` `{"what":…,"tags":[…],"when":<epoch seconds>,"data":…}`
///   → 200 `{"message":"Graphite annotation added","id":N}`; `when` left out is now; `tags`
///   may also be one space-separated string (Graphite before 0.10.0). An empty `what`, tags
///   missing or not strings → 400 `{"message":"Failed to save Graphite annotation"}`; a body
///   that does not bind → 400 `{"message":"bad request data"}`.
/// - `POST /api/annotations` `{"dashboardUID","panelId","time","timeEnd","tags","text"}` (epoch
///   milliseconds) → 200 `{"message":"Annotation added","id":N}`; no `text` → 400
///   `{"message":"Failed to save annotation"}`.
/// - `Authorization: Bearer <service account token or API key>`: none → 401
///   `{"message":"Unauthorized","messageId":"auth.unauthorized","statusCode":401,"traceID":""}`,
///   another → 401 with `"message":"Invalid API key","messageId":"api-key.invalid"` (Grafana's
///   errutil public errors; older versions sent only `message`).
public final class FakeGrafanaAPI: FakeReceiverServer {
    /// The key (service account token) the fake accepts.
    public let apiKey: String
    public let core: ReceiverCore<GrafanaState>

    public init(apiKey: String = "glsa_moonbaseTestKey_0123abcd") {
        self.apiKey = apiKey
        core = ReceiverCore(
            name: "FakeGrafanaAPI", domain: GrafanaState(apiKey: apiKey),
            behavior: ReceiverBehavior(
                answer: { FakeGrafanaAPI.answer($0, &$1) },
                failing: { FakeGrafanaAPI.failing(status: $0, $1) },
                rateLimited: { FakeGrafanaAPI.rateLimited(retryAfter: $0, $1) }))
    }

    // MARK: Annotations

    /// Every annotation added, in order.
    public var annotations: [FakeGrafanaAPI.Annotation] { core.withDomain { $0.annotations } }

    /// Returns the annotations once there are at least `count`; throws after `timeout`.
    @discardableResult
    public func waitForAnnotations(count: Int, timeout: Duration) async throws -> [FakeGrafanaAPI.Annotation] {
        try await core.waitFor("\(count) annotation(s)", timeout: timeout) { state in
            state.annotations.count >= count ? state.annotations : nil
        }
    }

    // MARK: What the client did
}

public struct GrafanaState: Sendable {
    var apiKey: String
    var annotations: [FakeGrafanaAPI.Annotation] = []
    var nextID = 1

    init(apiKey: String) {
        self.apiKey = apiKey
    }
}

extension FakeGrafanaAPI {
    static func answer(_ request: RecordedRequest, _ state: inout GrafanaState) -> ReceiverAnswer {
        let route = (request.method, request.path.hasSuffix("/") ? String(request.path.dropLast()) : request.path)
        guard route == ("POST", "/api/annotations/graphite") || route == ("POST", "/api/annotations") else {
            return message("Not found", status: 404)
        }
        guard let authorization = request.header("Authorization") else {
            return unauthorized(message: "Unauthorized", id: "auth.unauthorized")
        }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", parts[1].trimmingCharacters(in: .whitespaces) == state.apiKey else {
            return unauthorized(message: "Invalid API key", id: "api-key.invalid")
        }
        // web.Bind: the body must decode into the command.
        guard let body = try? JSONValue.parse(request.body), body.objectMembers != nil else {
            return message("bad request data", status: 400)
        }
        return route.1 == "/api/annotations/graphite" ? graphite(body, &state) : annotation(body, &state)
    }

    /// PostGraphiteAnnotation: `what` required, `tags` an array of strings or a string,
    /// `when` seconds (0 or missing: now), text `what\ndata`.
    static func graphite(_ body: JSONValue, _ state: inout GrafanaState) -> ReceiverAnswer {
        let what: String
        switch body["what"] {
        case nil, .null?: what = ""
        case .string(let text)?: what = text
        default: return message("bad request data", status: 400)
        }
        let data: String
        switch body["data"] {
        case nil, .null?: data = ""
        case .string(let text)?: data = text
        default: return message("bad request data", status: 400)
        }
        let when: Int64
        switch body["when"] {
        case nil, .null?: when = 0
        case let value?:
            guard let seconds = value.int64Value else { return message("bad request data", status: 400) }
            when = seconds
        }
        guard !what.isEmpty else { return message("Failed to save Graphite annotation", status: 400) }
        let tags: [String]
        switch body["tags"] {
        case .string(let text)?:
            tags = text.isEmpty ? [] : text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        case .array(let items)?:
            let strings = items.compactMap(\.textValue)
            guard strings.count == items.count else { return message("Failed to save Graphite annotation", status: 400) }
            tags = strings
        default:
            return message("Failed to save Graphite annotation", status: 400)
        }
        let time = when == 0 ? now() : when * 1000
        let id = state.nextID
        state.nextID += 1
        state.annotations.append(
            FakeGrafanaAPI.Annotation(id: id, kind: .graphite, text: data.isEmpty ? what : "\(what)\n\(data)", what: what, data: data, tags: tags, time: time))
        return .json(.members([("message", .string("Graphite annotation added")), ("id", .number(String(id)))]), contentType: "application/json")
    }

    /// PostAnnotation: `text` required; `time` and `timeEnd` epoch milliseconds (0 or missing:
    /// now), `tags`, `dashboardUID`, `dashboardId`, `panelId`.
    static func annotation(_ body: JSONValue, _ state: inout GrafanaState) -> ReceiverAnswer {
        func integer(_ key: String) -> (value: Int64?, valid: Bool) {
            guard let value = body[key], value != .null else { return (nil, true) }
            guard let number = value.int64Value else { return (nil, false) }
            return (number, true)
        }
        let time = integer("time")
        let timeEnd = integer("timeEnd")
        let dashboardID = integer("dashboardId")
        let panelID = integer("panelId")
        guard time.valid, timeEnd.valid, dashboardID.valid, panelID.valid else { return message("bad request data", status: 400) }
        var tags: [String] = []
        switch body["tags"] {
        case nil, .null?: break
        case .array(let items)?:
            tags = items.compactMap(\.textValue)
            guard tags.count == items.count else { return message("bad request data", status: 400) }
        default: return message("bad request data", status: 400)
        }
        let text: String
        switch body["text"] {
        case nil, .null?: text = ""
        case .string(let value)?: text = value
        default: return message("bad request data", status: 400)
        }
        let dashboardUID: String?
        switch body["dashboardUID"] {
        case nil, .null?: dashboardUID = nil
        case .string(let value)?: dashboardUID = value
        default: return message("bad request data", status: 400)
        }
        guard !text.isEmpty else { return message("Failed to save annotation", status: 400) }
        let start = (time.value ?? 0) == 0 ? now() : time.value!
        let id = state.nextID
        state.nextID += 1
        state.annotations.append(
            FakeGrafanaAPI.Annotation(
                id: id, kind: .annotation, text: text, tags: tags, time: start, timeEnd: timeEnd.value.flatMap { $0 == 0 ? nil : $0 },
                dashboardUID: dashboardUID, dashboardID: dashboardID.value.map { Int($0) }, panelID: panelID.value.map { Int($0) }))
        return .json(.members([("message", .string("Annotation added")), ("id", .number(String(id)))]), contentType: "application/json")
    }

    static func now() -> Int64 {
        Int64(Date().timeIntervalSince1970 * 1000)
    }

    /// `{"message":…}` as Grafana's response.Error writes it (no `error` member in production).
    static func message(_ text: String, status: Int) -> ReceiverAnswer {
        .json(.members([("message", .string(text))]), status: status, contentType: "application/json")
    }

    /// Grafana's public error: `message`, `messageId`, `statusCode`, `traceID`.
    static func unauthorized(message: String, id: String) -> ReceiverAnswer {
        .json(
            .members([("message", .string(message)), ("messageId", .string(id)), ("statusCode", .number("401")), ("traceID", .string(""))]),
            status: 401, contentType: "application/json")
    }

    /// An outage: 500 `Internal Server Error` (response.Error's default), otherwise the status's
    /// reason.
    static func failing(status: Int, _ request: RecordedRequest) -> ReceiverAnswer {
        let reason = ReceiverAnswer.reasonPhrase(status)
        return message(status == 500 || reason.isEmpty ? "Internal Server Error" : reason, status: status)
    }

    /// Grafana itself has no API rate limit (a proxy in front of it may): 429 and `Retry-After`.
    static func rateLimited(retryAfter seconds: Int, _ request: RecordedRequest) -> ReceiverAnswer {
        .json(
            .members([("message", .string("Too Many Requests"))]), status: 429, contentType: "application/json",
            headers: [(name: "Retry-After", value: String(seconds))])
    }
}

// MARK: - What it keeps

extension FakeGrafanaAPI {
    /// An annotation the fake Grafana keeps.
    public struct Annotation: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable {
            /// `POST /api/annotations/graphite`.
            case graphite
            /// `POST /api/annotations`.
            case annotation
        }

        public var id: Int
        public var kind: Kind
        /// What Grafana shows: a Graphite event's `what`, a newline and its `data` (when there is
        /// data); an annotation's `text`.
        public var text: String
        /// The Graphite event's `what` and `data`.
        public var what: String?
        public var data: String?
        public var tags: [String]
        /// Epoch milliseconds (a Graphite `when` is seconds, kept ×1000 as Grafana does).
        public var time: Int64
        public var timeEnd: Int64?
        public var dashboardUID: String?
        public var dashboardID: Int?
        public var panelID: Int?

        public init(
            id: Int, kind: Kind, text: String, what: String? = nil, data: String? = nil, tags: [String], time: Int64, timeEnd: Int64? = nil,
            dashboardUID: String? = nil, dashboardID: Int? = nil, panelID: Int? = nil
        ) {
            self.id = id
            self.kind = kind
            self.text = text
            self.what = what
            self.data = data
            self.tags = tags
            self.time = time
            self.timeEnd = timeEnd
            self.dashboardUID = dashboardUID
            self.dashboardID = dashboardID
            self.panelID = panelID
        }
    }
}
