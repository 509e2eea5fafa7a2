import Foundation
import GoCompat
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

// MARK: - What every fake receiver shares

/// How a fake receiver answers; a test switches it at any time, so a receiver can go down and
/// come back while the product code retries.
public enum FakeReceiverMode: Sendable, Hashable, CustomStringConvertible {
    /// Answers as the real system does.
    case healthy
    /// Answers every request with this HTTP status and the system's own error body (500, 502,
    /// 503, …), changing nothing.
    case failing(status: Int)
    /// Answers as the system does when a client sends too much: Slack 429 with `Retry-After`,
    /// GitHub 403 (or 429) with its `x-ratelimit-*` headers, changing nothing.
    case rateLimited(retryAfter: Int)
    /// Takes the request and sends nothing back until the mode changes (the held requests are
    /// then answered in the new mode) or the server stops (they get a 503).
    case stalled

    public var description: String {
        switch self {
        case .healthy: "healthy"
        case .failing(let status): "failing(status: \(status))"
        case .rateLimited(let seconds): "rateLimited(retryAfter: \(seconds))"
        case .stalled: "stalled"
        }
    }
}

/// A request a fake receiver took, whatever it answered.
public struct RecordedRequest: Sendable, Hashable, CustomStringConvertible {
    public struct Header: Sendable, Hashable {
        /// As the client spelled it.
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// 1 for the first request the fake took, then 2, 3, …
    public var sequence: Int
    /// `GET`, `POST`, `PATCH`, …
    public var method: String
    /// The path as sent, e.g. `/api/chat.postMessage`.
    public var path: String
    /// The query string as sent, without `?`.
    public var rawQuery: String?
    /// The query parameters, decoded (`+` is a space); the last one wins when a name repeats.
    public var query: [String: String]
    /// Every header in the order sent.
    public var headers: [Header]
    /// The body's bytes as sent.
    public var body: [UInt8]
    /// The body parsed, when it is JSON.
    public var json: JSONValue?
    /// The body decoded, when it is `application/x-www-form-urlencoded`.
    public var form: [String: String]?
    /// What the fake answered; nil while the request is held (``FakeReceiverMode/stalled``).
    public var status: Int?
    /// Whether the fake held it in ``FakeReceiverMode/stalled`` mode at some point.
    public var wasStalled: Bool

    public init(
        sequence: Int, method: String, path: String, rawQuery: String?, headers: [Header], body: [UInt8], status: Int? = nil,
        wasStalled: Bool = false
    ) {
        self.sequence = sequence
        self.method = method
        self.path = path
        self.rawQuery = rawQuery
        self.query = rawQuery.map(FormEncoding.dictionary) ?? [:]
        self.headers = headers
        self.body = body
        self.status = status
        self.wasStalled = wasStalled
        let mediaType = headers.first { $0.name.lowercased() == "content-type" }.map { ReceiverMediaType($0.value) }
        if let mediaType, mediaType.isForm {
            form = FormEncoding.dictionary(String(decoding: body, as: UTF8.self))
        } else if mediaType?.isJSON == true || body.first == UInt8(ascii: "{") || body.first == UInt8(ascii: "[") {
            json = try? JSONValue.parse(body)
        }
    }

    /// The first header of that name, the name in any case.
    public func header(_ name: String) -> String? {
        let name = name.lowercased()
        return headers.first { $0.name.lowercased() == name }?.value
    }

    /// The body as UTF-8 text.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// `path?query`.
    public var target: String { rawQuery.map { "\(path)?\($0)" } ?? path }

    /// `POST /api/chat.postMessage → 200`.
    public var description: String {
        "\(method) \(target)" + (status.map { " → \($0)" } ?? (wasStalled ? " (held)" : " (in progress)"))
    }

    /// Whether it counts as arrived for the waits: answered, or held by a stalled fake.
    var settled: Bool { status != nil || wasStalled }
}

/// Why a fake receiver could not do what a test asked, e.g. what a wait expected and what
/// arrived instead.
public struct FakeReceiverError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }

    public init(message: String) {
        self.message = message
    }
}

// MARK: - Wire helpers

/// `application/x-www-form-urlencoded` as the WHATWG URL standard's
/// `application/x-www-form-urlencoded` parser reads it: pairs split on `&`, names and values on
/// the first `=`, `+` is a space, then percent-decoding.
public enum FormEncoding {
    public static func decode(_ text: String) -> [(name: String, value: String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (name: unescape(parts[0]), value: parts.count > 1 ? unescape(parts[1]) : "")
        }
    }

    /// The pairs by name; the last one wins when a name repeats.
    public static func dictionary(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for pair in decode(text) { values[pair.name] = pair.value }
        return values
    }

    /// The inverse, for tests that post forms: every byte but `A-Z a-z 0-9 * - . _` escaped,
    /// spaces as `+`.
    public static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
    }

    static func unescape(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "*"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"):
                escaped.append(Character(Unicode.Scalar(byte)))
            case UInt8(ascii: " "):
                escaped.append("+")
            default:
                escaped += "%" + Hex.byte(byte).uppercased()
            }
        }
        return escaped
    }
}

/// A `Content-Type` value: the media type lowercased, and its parameters.
struct ReceiverMediaType: Sendable {
    var type: String
    var parameters: [String: String]

    init(_ value: String) {
        let parts = value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        type = parts.first?.lowercased() ?? ""
        var parameters: [String: String] = [:]
        for part in parts.dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            parameters[pair[0].lowercased()] = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        self.parameters = parameters
    }

    var charset: String? { parameters["charset"] }
    /// `*/json` or `*/*+json` (RFC 6839 structured syntax suffix).
    var isJSON: Bool { type.hasSuffix("/json") || type.hasSuffix("+json") }
    var isForm: Bool { type == "application/x-www-form-urlencoded" }
}

/// Lowercase hexadecimal.
enum Hex {
    static let digits = Array("0123456789abcdef")

    static func byte(_ byte: UInt8) -> String {
        String([digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]])
    }

    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map(byte).joined()
    }

    /// nil when the text is not an even number of hex digits.
    static func decode(_ text: String) -> [UInt8]? {
        let characters = Array(text.lowercased())
        guard characters.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(characters.count / 2)
        var index = 0
        while index < characters.count {
            guard let high = digits.firstIndex(of: characters[index]), let low = digits.firstIndex(of: characters[index + 1]) else { return nil }
            bytes.append(UInt8(high << 4 | low))
            index += 2
        }
        return bytes
    }
}

/// RFC 3339 in UTC, whole seconds (`2012-07-20T01:19:13Z`), as GitHub writes times.
enum ReceiverTime {
    static func string(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}

extension JSONValue {
    /// An object from members in order.
    static func members(_ members: [(String, JSONValue)]) -> JSONValue {
        .object(members.map { JSONValue.Member($0.0, $0.1) })
    }

    /// The number as an Int64, when this is an integer.
    var int64Value: Int64? {
        if case .number(let text) = self { return Int64(text) }
        return nil
    }

    var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The members when this is an object.
    var objectMembers: [Member]? {
        if case .object(let members) = self { return members }
        return nil
    }
}

/// What a fake sends back.
struct ReceiverAnswer: Sendable {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// JSON as the systems send it: compact, `<`, `>` and `&` not escaped.
    static func json(
        _ value: JSONValue, status: Int = 200, contentType: String = "application/json; charset=utf-8",
        headers: [(name: String, value: String)] = []
    ) -> ReceiverAnswer {
        ReceiverAnswer(
            status: status, headers: [(name: "Content-Type", value: contentType)] + headers, body: Array(value.goCompact(escapeHTML: false).utf8))
    }

    static func text(_ text: String, status: Int, headers: [(name: String, value: String)] = []) -> ReceiverAnswer {
        ReceiverAnswer(status: status, headers: [(name: "Content-Type", value: "text/plain; charset=utf-8")] + headers, body: Array(text.utf8))
    }

    var response: Response {
        var fields = HTTPFields()
        for header in headers {
            guard let name = HTTPField.Name(header.name) else { continue }
            fields.append(HTTPField(name: name, value: header.value))
        }
        return Response(
            status: HTTPResponse.Status(code: status, reasonPhrase: Self.reasonPhrase(status)), headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// RFC 9110's reason phrases (and 429's, RFC 6585).
    static func reasonPhrase(_ code: Int) -> String {
        switch code {
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 409: "Conflict"
        case 413: "Content Too Large"
        case 415: "Unsupported Media Type"
        case 422: "Unprocessable Entity"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: ""
        }
    }
}

// MARK: - The server and its state

/// How one kind of fake answers. Each closure runs with the fake's state locked: it must not
/// call back into the fake.
struct ReceiverBehavior<Domain: Sendable>: Sendable {
    /// The answer in ``FakeReceiverMode/healthy`` mode; it may change the fake's state.
    var answer: @Sendable (RecordedRequest, inout Domain) -> ReceiverAnswer
    /// The answer in ``FakeReceiverMode/failing(status:)`` mode (and 503 while stopping).
    var failing: @Sendable (Int, RecordedRequest) -> ReceiverAnswer
    /// The answer in ``FakeReceiverMode/rateLimited(retryAfter:)`` mode.
    var rateLimited: @Sendable (Int, RecordedRequest) -> ReceiverAnswer
}

struct ReceiverWaiter<Domain: Sendable>: Sendable {
    var condition: @Sendable (ReceiverState<Domain>) -> Bool
    var continuation: CheckedContinuation<Bool, Never>
    var timeout: Task<Void, Never>?
}

struct ReceiverState<Domain: Sendable>: Sendable {
    var domain: Domain
    var mode: FakeReceiverMode = .healthy
    var requests: [RecordedRequest] = []
    /// Requests held in stalled mode, by their index in `requests`.
    var held: [Int: CheckedContinuation<Bool, Never>] = [:]
    var waiters: [Int: ReceiverWaiter<Domain>] = [:]
    var nextID = 0
    var server: LoopbackServer?
    var lastPort: Int?
    var stopping = false

    init(domain: Domain) {
        self.domain = domain
    }

    mutating func makeID() -> Int {
        nextID += 1
        return nextID
    }

    mutating func takeSatisfiedWaiters() -> [ReceiverWaiter<Domain>] {
        let now = self
        let ready = waiters.filter { $0.value.condition(now) }
        for id in ready.keys { waiters[id] = nil }
        return Array(ready.values)
    }
}

/// The part every fake receiver shares: a Hummingbird server on 127.0.0.1, every request
/// recorded, the mode switch, held requests, and waits that resume when something arrives (no
/// polling). The fake's own state (`Domain`) sits under the same lock, so an answer and the
/// change it makes are seen together.
/// What every fake receiver offers beside its own API: serving on loopback, its mode, the
/// requests it was sent, and waiting for them.
public protocol FakeReceiverServer: AnyObject, Sendable {
    associatedtype Domain: Sendable
    var core: ReceiverCore<Domain> { get }
    /// The path of the API under the server (`/api` for Slack's Web API).
    static var basePath: String { get }
}

extension FakeReceiverServer {
    public static var basePath: String { "" }

    /// Listens on 127.0.0.1 (port 0 picks a free one) and returns the API's base URL.
    @discardableResult
    public func start(port: Int = 0) async throws -> URL {
        loopbackURL(port: try await core.start(port: port), path: Self.basePath)
    }

    /// Answers held requests with 503 and stops listening.
    public func stop() async {
        await core.stop()
    }

    /// Stops, then listens on the same port again; what it keeps stays.
    @discardableResult
    public func restart() async throws -> URL {
        loopbackURL(port: try await core.restart(), path: Self.basePath)
    }

    /// How the fake answers; see ``FakeReceiverMode``.
    public var mode: FakeReceiverMode {
        get { core.mode }
        set { core.mode = newValue }
    }

    /// Every request, in the order they came, with what the fake answered.
    public var requests: [RecordedRequest] { core.requests }

    /// Requests held now by ``FakeReceiverMode/stalled`` mode.
    public var heldRequests: Int { core.heldRequests }

    /// Returns every request once at least `count` were answered or are held; throws after
    /// `timeout`, naming what arrived.
    @discardableResult
    public func waitForRequests(count: Int, timeout: Duration) async throws -> [RecordedRequest] {
        try await core.waitForRequests(count: count, matching: nil, timeout: timeout)
    }

    /// The same for the requests `matching` accepts.
    @discardableResult
    public func waitForRequests(count: Int, matching: @escaping @Sendable (RecordedRequest) -> Bool, timeout: Duration) async throws -> [RecordedRequest] {
        try await core.waitForRequests(count: count, matching: matching, timeout: timeout)
    }
}

/// The server, mode and recording shared by the fakes (its workings are internal).
public final class ReceiverCore<Domain: Sendable>: Sendable {
    let name: String
    let behavior: ReceiverBehavior<Domain>
    let state: Mutex<ReceiverState<Domain>>

    init(name: String, domain: Domain, behavior: ReceiverBehavior<Domain>) {
        self.name = name
        self.behavior = behavior
        state = Mutex(ReceiverState(domain: domain))
    }

    /// Listens on 127.0.0.1 (port 0 picks a free one) and returns the port.
    func start(port: Int) async throws -> Int {
        if let running = state.withLock({ $0.server?.port }) { return running }
        state.withLock { $0.stopping = false }
        let responder = CallbackResponder { [weak self] (request: Request, _: BasicRequestContext) -> Response in
            guard let self else { return Response(status: .serviceUnavailable) }
            return await self.handle(request)
        }
        let server = try await LoopbackServer.start(port: port, label: name) { logger, onServerRunning in
            Application(
                responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: port)), onServerRunning: onServerRunning,
                logger: logger)
        }
        guard let server else { throw FakeReceiverError(message: "\(name) could not listen on 127.0.0.1:\(port)") }
        state.withLock {
            $0.server = server
            $0.lastPort = server.port
        }
        return server.port
    }

    /// Answers the held requests with 503 and stops listening.
    func stop() async {
        let (server, held) = state.withLock { state in
            state.stopping = true
            let server = state.server
            state.server = nil
            let held = Array(state.held.values)
            state.held = [:]
            return (server, held)
        }
        for continuation in held { continuation.resume(returning: true) }
        await server?.stop()
    }

    /// Stops, then listens again on the same port (connections refused in between).
    func restart() async throws -> Int {
        let port = state.withLock { $0.lastPort } ?? 0
        await stop()
        return try await start(port: port)
    }

    var mode: FakeReceiverMode {
        get { state.withLock { $0.mode } }
        set {
            let released = state.withLock { state -> [CheckedContinuation<Bool, Never>] in
                state.mode = newValue
                if case .stalled = newValue { return [] }
                let held = Array(state.held.values)
                state.held = [:]
                return held
            }
            for continuation in released { continuation.resume(returning: true) }
        }
    }

    var requests: [RecordedRequest] { state.withLock { $0.requests } }

    var heldRequests: Int { state.withLock { $0.held.count } }

    /// Reads or changes the fake's own state; waits its change satisfies resume.
    func withDomain<T: Sendable>(_ body: (inout Domain) -> T) -> T {
        let (result, ready) = state.withLock { state in
            (body(&state.domain), state.takeSatisfiedWaiters())
        }
        Self.resume(ready)
        return result
    }

    // MARK: Requests

    func handle(_ request: Request) async -> Response {
        var request = request
        let body: [UInt8]
        do {
            body = Array(try await request.collectBody(upTo: 16 << 20).readableBytesView)
        } catch {
            return ReceiverAnswer.text("request body too large", status: 413).response
        }
        var headers: [RecordedRequest.Header] = []
        // HTTP/1's Host header arrives as the request's authority, not among its fields.
        if let authority = request.head.authority {
            headers.append(RecordedRequest.Header(name: "Host", value: authority))
        }
        for field in request.headers {
            headers.append(RecordedRequest.Header(name: field.name.rawName, value: field.value))
        }
        let recorded = RecordedRequest(
            sequence: 0, method: request.method.rawValue, path: request.uri.path, rawQuery: request.uri.query, headers: headers, body: body)
        let index = state.withLock { state -> Int in
            var recorded = recorded
            recorded.sequence = state.requests.count + 1
            state.requests.append(recorded)
            return state.requests.count - 1
        }
        while true {
            await holdWhileStalled(index)
            let outcome = state.withLock { state -> (ReceiverAnswer, [ReceiverWaiter<Domain>])? in
                let stopping = state.stopping || Task.isCancelled
                if case .stalled = state.mode, !stopping { return nil }
                let recorded = state.requests[index]
                let answer: ReceiverAnswer
                switch state.mode {
                case _ where stopping: answer = behavior.failing(503, recorded)
                case .failing(let status): answer = behavior.failing(status, recorded)
                case .rateLimited(let seconds): answer = behavior.rateLimited(seconds, recorded)
                case .healthy, .stalled: answer = behavior.answer(recorded, &state.domain)
                }
                state.requests[index].status = answer.status
                return (answer, state.takeSatisfiedWaiters())
            }
            if let outcome {
                Self.resume(outcome.1)
                return outcome.0.response
            }
        }
    }

    /// Returns at once unless the fake is stalled; then when the mode changes, the server
    /// stops or the request's task is cancelled.
    func holdWhileStalled(_ index: Int) async {
        while true {
            let wasHeld = await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                    let (holding, ready) = state.withLock { state -> (Bool, [ReceiverWaiter<Domain>]) in
                        guard case .stalled = state.mode, !state.stopping, !Task.isCancelled else { return (false, []) }
                        state.held[index] = continuation
                        state.requests[index].wasStalled = true
                        return (true, state.takeSatisfiedWaiters())
                    }
                    Self.resume(ready)
                    if !holding { continuation.resume(returning: false) }
                }
            } onCancel: {
                self.release(index)
            }
            if !wasHeld { return }
        }
    }

    func release(_ index: Int) {
        let continuation = state.withLock { $0.held.removeValue(forKey: index) }
        continuation?.resume(returning: true)
    }

    // MARK: Waiting

    /// Returns once `count` requests that `matching` accepts were answered or are held;
    /// throws after `timeout`, naming what arrived.
    func waitForRequests(count: Int, matching: (@Sendable (RecordedRequest) -> Bool)?, timeout: Duration) async throws -> [RecordedRequest] {
        let counted: @Sendable (RecordedRequest) -> Bool = { $0.settled && (matching?($0) ?? true) }
        if await wait(timeout: timeout, until: { $0.requests.filter(counted).count >= count }) {
            return state.withLock { $0.requests.filter(counted) }
        }
        let all = requests
        let which = matching == nil ? "" : "matching "
        throw FakeReceiverError(
            message: "\(name): expected \(count) \(which)request(s) within \(timeout), \(all.filter(counted).count) arrived; "
                + "every request: [\(all.map(\.description).joined(separator: ", "))]")
    }

    /// Returns what `value` finds in the fake's state once it finds something; throws after
    /// `timeout` with `expected` and the requests that came.
    func waitFor<T: Sendable>(_ expected: String, timeout: Duration, _ value: @escaping @Sendable (Domain) -> T?) async throws -> T {
        if await wait(timeout: timeout, until: { value($0.domain) != nil }), let found = state.withLock({ value($0.domain) }) {
            return found
        }
        throw FakeReceiverError(
            message: "\(name): expected \(expected) within \(timeout); every request: [\(requests.map(\.description).joined(separator: ", "))]")
    }

    /// Suspends until `condition` holds or `timeout` passes; true when it held.
    func wait(timeout: Duration, until condition: @escaping @Sendable (ReceiverState<Domain>) -> Bool) async -> Bool {
        let id = state.withLock { $0.makeID() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let holds = state.withLock { state -> Bool in
                    if condition(state) { return true }
                    state.waiters[id] = ReceiverWaiter(condition: condition, continuation: continuation)
                    return false
                }
                if holds {
                    continuation.resume(returning: true)
                    return
                }
                let timer = Task { [weak self] in
                    try? await Task.sleep(for: timeout)
                    self?.giveUp(waiter: id)
                }
                let resolved = state.withLock { state -> Bool in
                    guard state.waiters[id] != nil else { return true }
                    state.waiters[id]?.timeout = timer
                    return false
                }
                if resolved { timer.cancel() }
            }
        } onCancel: {
            giveUp(waiter: id)
        }
    }

    func giveUp(waiter id: Int) {
        let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
        waiter?.timeout?.cancel()
        waiter?.continuation.resume(returning: false)
    }

    static func resume(_ waiters: [ReceiverWaiter<Domain>]) {
        for waiter in waiters {
            waiter.timeout?.cancel()
            waiter.continuation.resume(returning: true)
        }
    }
}

/// `http://127.0.0.1:<port>`.
func loopbackURL(port: Int, path: String = "") -> URL {
    URL(string: "http://127.0.0.1:\(port)\(path)")!
}
