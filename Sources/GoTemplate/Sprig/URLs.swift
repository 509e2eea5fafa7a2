import Foundation

/// sprig's `urlParse` and `urlJoin`, following Go's `net/url` for the common shapes
/// (`scheme://user:pass@host:port/path?query#fragment` and opaque `scheme:rest`).
enum SprigURLs {
    static let functions: [Function] = [
        Function("urlParse", .exactly(1)) { a in
            let u = GoURL(parsing: try a[0].asString())
            return .map([
                "scheme": .string(u.scheme), "host": .string(u.host), "hostname": .string(u.hostname),
                "path": .string(u.path), "query": .string(u.rawQuery), "opaque": .string(u.opaque),
                "fragment": .string(u.fragment), "userinfo": .string(u.userinfo ?? ""),
            ])
        },
        Function("urlJoin", .exactly(1)) { a in
            let d = try a[0].asMap()
            func field(_ key: String) -> String {
                guard let v = d[key] else { return "" }
                return v.sprigString
            }
            var u = GoURL()
            u.scheme = field("scheme")
            u.host = field("host")
            u.path = field("path")
            u.rawQuery = field("query")
            u.opaque = field("opaque")
            u.fragment = field("fragment")
            let userinfo = field("userinfo")
            u.userinfo = userinfo.isEmpty ? nil : userinfo
            return .string(u.string)
        },
    ]
}

struct GoURL {
    var scheme = "", opaque = "", host = "", path = "", rawQuery = "", fragment = ""
    var userinfo: String?

    init() {}

    init(parsing text: String) {
        var rest = Substring(text)
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...]).removingPercentEncoding ?? String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        if let colon = rest.firstIndex(of: ":"), colon != rest.startIndex,
           rest[..<colon].first?.isLetter == true,
           rest[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) {
            scheme = rest[..<colon].lowercased()
            rest = rest[rest.index(after: colon)...]
        }
        if let q = rest.firstIndex(of: "?") {
            rawQuery = String(rest[rest.index(after: q)...])
            rest = rest[..<q]
        }
        if !rest.hasPrefix("/") && !scheme.isEmpty {
            opaque = String(rest)
            return
        }
        if rest.hasPrefix("//") && !(scheme.isEmpty && rest.hasPrefix("///")) {
            var authority = rest.dropFirst(2)
            if let slash = authority.firstIndex(of: "/") {
                rest = authority[slash...]
                authority = authority[..<slash]
            } else {
                rest = ""
            }
            if let at = authority.lastIndex(of: "@") {
                userinfo = String(authority[..<at])
                authority = authority[authority.index(after: at)...]
            }
            host = String(authority)
        }
        path = String(rest).removingPercentEncoding ?? String(rest)
    }

    /// `URL.Hostname()`: the host without port or IPv6 brackets.
    var hostname: String {
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            return String(host[host.index(after: host.startIndex)..<close])
        }
        if let colon = host.lastIndex(of: ":") { return String(host[..<colon]) }
        return host
    }

    /// `URL.String()`.
    var string: String {
        var s = ""
        if !scheme.isEmpty { s += scheme + ":" }
        if !opaque.isEmpty {
            s += opaque
        } else {
            if !scheme.isEmpty || !host.isEmpty || userinfo != nil {
                if !host.isEmpty || !path.isEmpty || userinfo != nil { s += "//" }
                if let userinfo { s += userinfo + "@" }
                s += host
            }
            let escaped = path.addingPercentEncoding(withAllowedCharacters: GoURL.pathCharacters) ?? path
            if !escaped.isEmpty && !escaped.hasPrefix("/") && !host.isEmpty { s += "/" }
            s += escaped
        }
        if !rawQuery.isEmpty { s += "?" + rawQuery }
        if !fragment.isEmpty { s += "#" + (fragment.addingPercentEncoding(withAllowedCharacters: GoURL.fragmentCharacters) ?? fragment) }
        return s
    }

    private static let pathCharacters = CharacterSet(charactersIn:
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/")
    private static let fragmentCharacters = CharacterSet(charactersIn:
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/?")
}
