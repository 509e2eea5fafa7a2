import AsyncHTTPClient
import Foundation
import NIOCore
import Testing

/// A small browser for the portal's tests: keeps cookies, posts forms, never follows redirects
/// (so that tests see each 303 and where it points).
final class PortalBrowser: @unchecked Sendable {
    struct Page {
        var status: Int
        var headers: [(String, String)]
        var body: String

        func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }

        var location: String? { header("Location") }

        /// The value of the hidden input `name` in the page's first form that has one.
        func hiddenInput(_ name: String) -> String? {
            guard let range = body.range(of: "name=\"\(name)\" value=\"") else { return nil }
            let rest = body[range.upperBound...]
            return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
        }
    }

    let base: URL
    let client = HTTPClient(configuration: .init(redirectConfiguration: .disallow))
    /// Cookies by name, as the server last set them.
    var cookies: [String: String] = [:]
    /// Every Set-Cookie header received, in order.
    var setCookieHeaders: [String] = []

    init(base: URL) {
        self.base = base
    }

    deinit {
        try? client.syncShutdown()
    }

    func get(_ path: String) async throws -> Page {
        try await send("GET", path, body: nil)
    }

    /// Posts `fields` as application/x-www-form-urlencoded.
    func post(_ path: String, _ fields: [(String, String)]) async throws -> Page {
        let body = fields.map { name, value in
            name + "=" + (value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        }.joined(separator: "&")
        return try await send("POST", path, body: body)
    }

    /// Signs in with `token`, the way a person does: loads the form, then posts it.
    func signIn(token: String, next: String = "/") async throws -> Page {
        let form = try await get("/sign-in?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
        let formToken = try #require(form.hiddenInput("form"))
        return try await post("/sign-in", [("form", formToken), ("next", next), ("token", token)])
    }

    /// Reads a server-sent event stream until a line contains `marker` (or 20 seconds pass),
    /// returning what arrived and checking the stream's content type. `afterOpening` runs once
    /// the server has started the stream (its `retry:` line arrived), so what it causes is sure
    /// to be followed.
    func readEvents(
        from path: String, until marker: String, afterOpening: @escaping @Sendable () async throws -> Void = {}
    ) async throws -> String {
        var request = HTTPClientRequest(url: base.absoluteString + path)
        request.headers.add(name: "Cookie", value: cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; "))
        let response = try await client.execute(request, timeout: .seconds(20))
        #expect(response.headers.first(name: "Content-Type") == "text/event-stream")
        return try await withThrowingTaskGroup(of: String.self) { group in
            group.addTask {
                var seen = ""
                var opened = false
                for try await buffer in response.body {
                    seen += String(buffer: buffer)
                    if !opened, seen.contains("retry:") {
                        opened = true
                        try await afterOpening()
                    }
                    if seen.contains(marker) { break }
                }
                return seen
            }
            group.addTask {
                try await Task.sleep(for: .seconds(20))
                return "(no \(marker) within 20 seconds)"
            }
            let first = try await group.next() ?? ""
            group.cancelAll()
            return first
        }
    }

    func send(_ method: String, _ path: String, body: String?) async throws -> Page {
        var request = HTTPClientRequest(url: base.absoluteString + path)
        request.method = .init(rawValue: method)
        if !cookies.isEmpty {
            request.headers.add(name: "Cookie", value: cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; "))
        }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await client.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        for header in response.headers["Set-Cookie"] {
            setCookieHeaders.append(header)
            let pair = header.split(separator: ";", maxSplits: 1)[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { continue }
            let name = String(pair[0]).trimmingCharacters(in: .whitespaces)
            let value = String(pair[1])
            if value.isEmpty || header.lowercased().contains("max-age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        return Page(
            status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
            body: String(buffer: bytes))
    }
}
