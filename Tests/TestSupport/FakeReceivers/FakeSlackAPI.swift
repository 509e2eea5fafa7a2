import Foundation
import GoCompat

/// The Slack Web API on loopback for tests: `chat.postMessage`, `chat.update` and
/// `users.lookupByEmail` with Slack's arguments, authentication and answers.
///
/// Wire format (Slack Web API docs, docs.slack.dev/apis/web-api and
/// docs.slack.dev/reference/methods/…; errors as slack-ruby/slack-api-ref lists them):
/// - Methods are `POST <base>/api/<method>`; arguments as JSON (`Content-Type: application/json;
///   charset=utf-8`, the token then only in `Authorization: Bearer xoxb-…`), as
///   `application/x-www-form-urlencoded` (the token may also be the `token` argument) or in the
///   query string; `attachments` and `blocks` in a form are JSON in a string.
/// - Every answer is HTTP 200 with `{"ok":true,…}` or `{"ok":false,"error":"<code>"}`: no token
///   `not_authed`, another token `invalid_auth`; no `Content-Type` `missing_post_type`, another
///   type `invalid_post_type`, a charset but utf-8 or iso-8859-1 `invalid_charset`; JSON
///   without a charset is taken with the warning `missing_charset`.
/// - Rate limits (docs.slack.dev/apis/web-api/rate-limits): HTTP 429, `Retry-After: <seconds>`,
///   `{"ok":false,"error":"ratelimited"}`.
///
/// Channels given by name (`#releases-prod` or `releases-prod`) get a stable `C…` id; a user id
/// (`U…`) as channel is a direct message in a `D…` channel (chat.postMessage docs, "Channels").
/// `chat.update` takes ids only, not names (its docs: for a direct message the `D…` id).
///
/// Simpler than Slack: every channel exists unless ``markChannelUnknown(_:)`` says otherwise,
/// the bot is in all of them, multipart bodies are not read (`invalid_form_data`).
public final class FakeSlackAPI: FakeReceiverServer {
    /// The bot token the fake accepts.
    public let token: String
    public let core: ReceiverCore<SlackWorkspace>
    /// Methods are at `<base>/chat.postMessage`.
    public static let basePath = "/api"

    public init(token: String = "xoxb-1234567890-0987654321-moonbase") {
        self.token = token
        core = ReceiverCore(
            name: "FakeSlackAPI", domain: SlackWorkspace(token: token, epoch: Int(Date().timeIntervalSince1970)),
            behavior: ReceiverBehavior(
                answer: { FakeSlackAPI.answer($0, &$1) },
                failing: { FakeSlackAPI.failing(status: $0, $1) },
                rateLimited: { FakeSlackAPI.rateLimited(retryAfter: $0, $1) }))
    }

    // MARK: The workspace

    /// A member `users.lookupByEmail` finds (the email in any case).
    public func addUser(email: String, id: String, name: String? = nil) {
        let user = User(id: id, email: email, name: name ?? String(email.prefix { $0 != "@" }))
        core.withDomain { $0.users[email.lowercased()] = user }
    }

    /// Gives the channel `name` (without `#`) the id `id` instead of the one the fake makes.
    public func addChannel(_ name: String, id: String) {
        core.withDomain { $0.channelIDs[SlackWorkspace.channelName(name)] = id }
    }

    /// From now on posting to `channel` (a name, with or without `#`, or an id) answers
    /// `channel_not_found`.
    public func markChannelUnknown(_ channel: String) {
        core.withDomain { workspace in
            let value = channel.trimmingCharacters(in: .whitespaces)
            if SlackWorkspace.isID(value, prefixes: "CGDUW") {
                workspace.unknown.insert(value)
            } else {
                let name = SlackWorkspace.channelName(value)
                workspace.unknown.insert(name)
                workspace.unknown.insert(workspace.lookup(name))
            }
        }
    }

    /// The id the fake uses for `channel`: a name's `C…`, a user's `D…`, an id itself.
    public func channelID(for channel: String) -> String {
        core.withDomain { $0.lookup(channel) }
    }

    /// Every message posted, in order.
    public var messages: [Message] { core.withDomain { $0.messages } }

    /// The messages in `channel` (a name, with or without `#`, a `C…`/`D…` id, or a user id for
    /// the direct messages to that user), in order.
    public func messages(in channel: String) -> [Message] {
        core.withDomain { workspace in
            let id = workspace.lookup(channel)
            return workspace.messages.filter { $0.channelID == id }
        }
    }

    /// Returns the messages (in `channel`, or all) once there are at least `count`; throws after
    /// `timeout`.
    @discardableResult
    public func waitForMessages(count: Int, in channel: String? = nil, timeout: Duration) async throws -> [Message] {
        try await core.waitFor("\(count) message(s)\(channel.map { " in \($0)" } ?? "")", timeout: timeout) { workspace in
            let messages = channel.map { channel in workspace.messages.filter { $0.channelID == workspace.lookup(channel) } } ?? workspace.messages
            return messages.count >= count ? messages : nil
        }
    }

    // MARK: What the client did
}

// MARK: - State

/// The fake workspace: users, channels and messages.
public struct SlackWorkspace: Sendable {
    static let teamID = "T0MOONBASE1"
    static let botID = "B0MOONBASE1"
    static let botUserID = "U0MOONBASE1"

    var token: String
    /// By email, lowercased.
    var users: [String: FakeSlackAPI.User] = [:]
    /// Channel name (without `#`) → id.
    var channelIDs: [String: String] = [:]
    /// Names and ids that answer `channel_not_found`.
    var unknown: Set<String> = []
    var messages: [FakeSlackAPI.Message] = []
    /// Seconds of every ts; the counter makes its fraction, so they increase.
    var epoch: Int
    var counter = 0

    init(token: String, epoch: Int) {
        self.token = token
        self.epoch = epoch
    }

    /// The next `ts`: `<seconds>.<6 digits>`, unique and increasing.
    mutating func nextTS() -> String {
        counter += 1
        let fraction = String(counter)
        return "\(epoch).\(String(repeating: "0", count: max(0, 6 - fraction.count)))\(fraction)"
    }

    /// The channel a post goes to; nil for `channel_not_found`. `idsOnly` for `chat.update`.
    mutating func resolve(_ given: String, idsOnly: Bool) -> String? {
        let value = given.trimmingCharacters(in: .whitespaces)
        if Self.isID(value, prefixes: "CGD") {
            return unknown.contains(value) ? nil : value
        }
        if Self.isID(value, prefixes: "UW") {
            guard !idsOnly, !unknown.contains(value) else { return nil }
            return Self.stableID("D", value)
        }
        let name = Self.channelName(value)
        guard !idsOnly, !name.isEmpty, !unknown.contains(name) else { return nil }
        let id = channelIDs[name] ?? Self.stableID("C", name)
        guard !unknown.contains(id) else { return nil }
        channelIDs[name] = id
        return id
    }

    /// The id for a name, a user or an id, without creating anything.
    func lookup(_ given: String) -> String {
        let value = given.trimmingCharacters(in: .whitespaces)
        if Self.isID(value, prefixes: "CGD") { return value }
        if Self.isID(value, prefixes: "UW") { return Self.stableID("D", value) }
        let name = Self.channelName(value)
        return channelIDs[name] ?? Self.stableID("C", name)
    }

    static func channelName(_ value: String) -> String {
        value.hasPrefix("#") ? String(value.dropFirst()) : value
    }

    /// Slack ids: a type letter, then upper-case letters and digits (channel names are lower
    /// case, so they never look like one).
    static func isID(_ value: String, prefixes: String) -> Bool {
        guard value.count >= 9, let first = value.first, prefixes.contains(first) else { return false }
        return value.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) }
    }

    /// `prefix` and 10 base-36 characters of the FNV-1a hash of `key`: the same key, the same id.
    static func stableID(_ prefix: Character, _ key: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        var characters: [Character] = [prefix]
        for _ in 0..<10 {
            characters.append(alphabet[Int(hash % 36)])
            hash /= 36
        }
        return String(characters)
    }
}

/// A method call's arguments, token and what was wrong with its shape.
struct SlackCall {
    var arguments: [String: JSONValue] = [:]
    var token: String?
    var warnings: [String] = []
    /// An error code that ends the call before authentication.
    var error: String?

    init(_ request: RecordedRequest) {
        for (name, value) in request.query where name != "token" {
            arguments[name] = .string(value)
        }
        if let authorization = request.header("Authorization") {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                token = parts[1].trimmingCharacters(in: .whitespaces)
            } else {
                // Present but not a bearer token: it cannot be validated.
                token = authorization
            }
        }
        guard request.method == "POST", !request.body.isEmpty else { return }
        guard let contentType = request.header("Content-Type") else {
            error = "missing_post_type"
            return
        }
        let media = ReceiverMediaType(contentType)
        if let charset = media.charset, !["utf-8", "iso-8859-1"].contains(charset.lowercased()) {
            error = "invalid_charset"
            return
        }
        switch media.type {
        case "application/json":
            guard let members = request.json?.objectMembers else {
                error = "invalid_arguments"
                return
            }
            // A token in a JSON body is not read: JSON calls carry it in the Authorization header.
            for member in members where member.key != "token" {
                arguments[member.key] = member.value
            }
            if media.charset == nil { warnings.append("missing_charset") }
        case "application/x-www-form-urlencoded":
            for pair in FormEncoding.decode(request.bodyText) {
                if pair.name == "token" {
                    if token == nil { token = pair.value }
                } else {
                    arguments[pair.name] = .string(pair.value)
                }
            }
        case "multipart/form-data", "text/plain":
            error = "invalid_form_data"
        default:
            error = "invalid_post_type"
        }
    }

    /// A string argument (a number's literal too, for a `ts` sent as a JSON number).
    func string(_ name: String) -> String? {
        switch arguments[name] {
        case .string(let text)?: text
        case .number(let text)?: text
        default: nil
        }
    }

    /// `attachments` or `blocks`: a JSON array, or (in forms and query strings) one encoded in a
    /// string. `valid` is false when it is something else.
    func array(_ name: String) -> (value: [JSONValue]?, valid: Bool) {
        switch arguments[name] {
        case nil, .null?: return (nil, true)
        case .array(let items)?: return (items, true)
        case .string(let text)?:
            if text.isEmpty { return (nil, true) }
            guard let items = (try? JSONValue.parse(text))?.arrayValue else { return (nil, false) }
            return (items, true)
        default: return (nil, false)
        }
    }
}

// MARK: - Answers

extension FakeSlackAPI {
    static func answer(_ request: RecordedRequest, _ workspace: inout SlackWorkspace) -> ReceiverAnswer {
        let method = request.path.hasPrefix("/api/") ? String(request.path.dropFirst(5)) : request.path
        guard ["chat.postMessage", "chat.update", "users.lookupByEmail"].contains(method) else {
            return .json(.members([("ok", .bool(false)), ("error", .string("unknown_method")), ("req_method", .string(method))]), status: 404)
        }
        let call = SlackCall(request)
        if let error = call.error { return failure(error) }
        guard let token = call.token, !token.isEmpty else { return failure("not_authed") }
        guard token == workspace.token else { return failure("invalid_auth") }
        switch method {
        case "chat.postMessage": return postMessage(call, &workspace)
        case "chat.update": return update(call, &workspace)
        default: return lookupByEmail(call, workspace)
        }
    }

    /// chat.postMessage: `channel` and one of `text`, `attachments`, `blocks`
    /// (docs.slack.dev/reference/methods/chat.postMessage).
    static func postMessage(_ call: SlackCall, _ workspace: inout SlackWorkspace) -> ReceiverAnswer {
        guard let given = call.string("channel"), let channelID = workspace.resolve(given, idsOnly: false) else {
            return failure("channel_not_found")
        }
        let attachments = call.array("attachments")
        guard attachments.valid else { return failure("invalid_attachments") }
        let blocks = call.array("blocks")
        guard blocks.valid else { return failure("invalid_blocks") }
        let text = call.string("text")
        guard hasContent(text, attachments.value, blocks.value) else { return failure("no_text") }
        if (attachments.value?.count ?? 0) > 100 { return failure("too_many_attachments") }
        let message = FakeSlackAPI.Message(
            channelID: channelID, channel: given, ts: workspace.nextTS(), threadTS: call.string("thread_ts"), text: text,
            attachments: attachments.value.map { .array(numbered($0)) }, blocks: blocks.value.map { .array($0) },
            username: call.string("username"))
        workspace.messages.append(message)
        return success([("channel", .string(channelID)), ("ts", .string(message.ts)), ("message", messageJSON(message))], warnings: call.warnings)
    }

    /// chat.update: `channel` (an id) and `ts` of a message there, and new content; what is
    /// left out stays (docs.slack.dev/reference/methods/chat.update).
    static func update(_ call: SlackCall, _ workspace: inout SlackWorkspace) -> ReceiverAnswer {
        guard let given = call.string("channel"), let channelID = workspace.resolve(given, idsOnly: true) else {
            return failure("channel_not_found")
        }
        guard let ts = call.string("ts"), let index = workspace.messages.firstIndex(where: { $0.channelID == channelID && $0.ts == ts }) else {
            return failure("message_not_found")
        }
        let attachments = call.array("attachments")
        guard attachments.valid else { return failure("invalid_attachments") }
        let blocks = call.array("blocks")
        guard blocks.valid else { return failure("invalid_blocks") }
        let text = call.string("text")
        guard hasContent(text, attachments.value, blocks.value) else { return failure("no_text") }
        var message = workspace.messages[index]
        if let text { message.text = text }
        if let items = attachments.value { message.attachments = .array(numbered(items)) }
        if let items = blocks.value { message.blocks = .array(items) }
        message.updates += 1
        workspace.messages[index] = message
        return success(
            [("channel", .string(channelID)), ("ts", .string(ts)), ("text", .string(message.text ?? "")), ("message", messageJSON(message))],
            warnings: call.warnings)
    }

    /// users.lookupByEmail: `email` (docs.slack.dev/reference/methods/users.lookupByEmail).
    static func lookupByEmail(_ call: SlackCall, _ workspace: SlackWorkspace) -> ReceiverAnswer {
        guard let email = call.string("email"), !email.isEmpty else {
            return .json(.members([
                ("ok", .bool(false)), ("error", .string("invalid_arguments")),
                ("response_metadata", .members([("messages", .array([.string("[ERROR] missing required field: email")]))])),
            ]))
        }
        guard let user = workspace.users[email.lowercased()] else { return failure("users_not_found") }
        let profile = JSONValue.members([
            ("real_name", .string(user.name)), ("display_name", .string(user.name)), ("real_name_normalized", .string(user.name)),
            ("display_name_normalized", .string(user.name)), ("email", .string(user.email)), ("team", .string(SlackWorkspace.teamID)),
        ])
        let json = JSONValue.members([
            ("id", .string(user.id)), ("team_id", .string(SlackWorkspace.teamID)), ("name", .string(user.name)), ("deleted", .bool(false)),
            ("real_name", .string(user.name)), ("tz", .string("Europe/Copenhagen")), ("profile", profile), ("is_admin", .bool(false)),
            ("is_owner", .bool(false)), ("is_bot", .bool(false)), ("is_app_user", .bool(false)), ("updated", .number(String(workspace.epoch))),
        ])
        return success([("user", json)], warnings: call.warnings)
    }

    static func hasContent(_ text: String?, _ attachments: [JSONValue]?, _ blocks: [JSONValue]?) -> Bool {
        !(text ?? "").isEmpty || !(attachments ?? []).isEmpty || !(blocks ?? []).isEmpty
    }

    /// Slack numbers a message's attachments: `"id": 1`, 2, … (the docs' example answer).
    static func numbered(_ attachments: [JSONValue]) -> [JSONValue] {
        attachments.enumerated().map { index, attachment in
            guard var members = attachment.objectMembers, !members.contains(where: { $0.key == "id" }) else { return attachment }
            members.insert(JSONValue.Member("id", .number(String(index + 1))), at: 0)
            return .object(members)
        }
    }

    /// The `message` of an answer: a bot's message.
    static func messageJSON(_ message: FakeSlackAPI.Message) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("user", .string(SlackWorkspace.botUserID)), ("type", .string("message")), ("ts", .string(message.ts)),
            ("bot_id", .string(SlackWorkspace.botID)), ("text", .string(message.text ?? "")), ("team", .string(SlackWorkspace.teamID)),
        ]
        if let username = message.username { members.append(("username", .string(username))) }
        if let threadTS = message.threadTS { members.append(("thread_ts", .string(threadTS))) }
        if let attachments = message.attachments { members.append(("attachments", attachments)) }
        if let blocks = message.blocks { members.append(("blocks", blocks)) }
        return .members(members)
    }

    static func success(_ members: [(String, JSONValue)], warnings: [String]) -> ReceiverAnswer {
        var all: [(String, JSONValue)] = [("ok", .bool(true))] + members
        if !warnings.isEmpty {
            all.append(("warning", .string(warnings.joined(separator: ","))))
            all.append(("response_metadata", .members([("warnings", .array(warnings.map { .string($0) }))])))
        }
        return .json(.members(all))
    }

    /// `{"ok":false,"error":"<code>"}`, HTTP 200 as every Slack refusal.
    static func failure(_ code: String) -> ReceiverAnswer {
        .json(.members([("ok", .bool(false)), ("error", .string(code))]))
    }

    /// A Slack outage: the status with `internal_error` (500), `service_unavailable` (503) or
    /// `fatal_error`, codes from Slack's common error list.
    static func failing(status: Int, _ request: RecordedRequest) -> ReceiverAnswer {
        let code =
            switch status {
            case 500: "internal_error"
            case 503: "service_unavailable"
            default: "fatal_error"
            }
        return .json(.members([("ok", .bool(false)), ("error", .string(code))]), status: status)
    }

    /// docs.slack.dev/apis/web-api/rate-limits: 429 and `Retry-After`; the body's code is
    /// `ratelimited` (chat.update's error list).
    static func rateLimited(retryAfter seconds: Int, _ request: RecordedRequest) -> ReceiverAnswer {
        .json(.members([("ok", .bool(false)), ("error", .string("ratelimited"))]), status: 429, headers: [(name: "Retry-After", value: String(seconds))])
    }
}

// MARK: - What it keeps

extension FakeSlackAPI {
    /// A member of the fake workspace, found by `users.lookupByEmail`.
    public struct User: Sendable, Hashable {
        /// `U…` (or `W…` in Enterprise Grid).
        public var id: String
        public var email: String
        /// The handle, e.g. `spengler`.
        public var name: String

        public init(id: String, email: String, name: String) {
            self.id = id
            self.email = email
            self.name = name
        }
    }

    /// A message the fake Slack took with `chat.postMessage`, as `chat.update` left it.
    public struct Message: Sendable, Hashable {
        /// Where it was posted: `C…` for a channel, `D…` for a direct message.
        public var channelID: String
        /// The `channel` argument as given: `#releases-prod`, `releases-prod`, `C…`, `U…`.
        public var channel: String
        /// Its timestamp, the message's id within the channel (`1503435956.000247`).
        public var ts: String
        /// `thread_ts` when it is a reply.
        public var threadTS: String?
        public var text: String?
        /// The `attachments` array as posted, each with the `id` Slack numbers them with.
        public var attachments: JSONValue?
        public var blocks: JSONValue?
        public var username: String?
        /// How many times `chat.update` changed it.
        public var updates: Int

        public init(
            channelID: String, channel: String, ts: String, threadTS: String? = nil, text: String?, attachments: JSONValue? = nil,
            blocks: JSONValue? = nil, username: String? = nil, updates: Int = 0
        ) {
            self.channelID = channelID
            self.channel = channel
            self.ts = ts
            self.threadTS = threadTS
            self.text = text
            self.attachments = attachments
            self.blocks = blocks
            self.username = username
            self.updates = updates
        }

        /// The attachments as compact JSON.
        public var attachmentsJSON: String? { attachments.map { $0.goCompact(escapeHTML: false) } }

        /// The blocks as compact JSON.
        public var blocksJSON: String? { blocks.map { $0.goCompact(escapeHTML: false) } }

        /// Each attachment's value at `key` (`title`, `text`, `color`, …), in order.
        public func attachmentValues(_ key: String) -> [String] {
            (attachments?.arrayValue ?? []).compactMap { $0[key]?.textValue }
        }
    }
}
