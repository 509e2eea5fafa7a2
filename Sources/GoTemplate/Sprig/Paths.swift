import Foundation
import GoCompat

/// sprig's path functions: Go's `path` package, and `path/filepath` (the same on Unix).
enum SprigPaths {
    static let functions: [Function] = ["", "os"].flatMap { prefix -> [Function] in
        func name(_ base: String) -> String { prefix.isEmpty ? base : prefix + base.prefix(1).uppercased() + base.dropFirst() }
        return [
            Function(name("base"), .exactly(1)) { a in .string(GoPath.base(try a[0].asString())) },
            Function(name("dir"), .exactly(1)) { a in .string(GoPath.dir(try a[0].asString())) },
            Function(name("clean"), .exactly(1)) { a in .string(GoPath.clean(try a[0].asString())) },
            Function(name("ext"), .exactly(1)) { a in .string(GoPath.ext(try a[0].asString())) },
            Function(name("isAbs"), .exactly(1)) { a in .bool(try a[0].asString().hasPrefix("/")) },
        ]
    }
}

/// Go's `path` package on slash-separated paths.
enum GoPath {
    /// `path.Clean`: the shortest equivalent path by lexical processing.
    static func clean(_ path: String) -> String {
        if path.isEmpty { return "." }
        let rooted = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !rooted {
                    parts.append(part)
                }
            default: parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        if rooted { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// `path.Base`: the last element, trailing slashes removed; "" → ".", all slashes → "/".
    static func base(_ path: String) -> String {
        if path.isEmpty { return "." }
        var p = Substring(path)
        while p.hasSuffix("/") { p = p.dropLast() }
        if p.isEmpty { return "/" }
        if let slash = p.lastIndex(of: "/") { p = p[p.index(after: slash)...] }
        return String(p)
    }

    /// `path.Dir`: everything but the last element, cleaned.
    static func dir(_ path: String) -> String {
        let prefix: Substring
        if let slash = path.lastIndex(of: "/") { prefix = path[...slash] } else { prefix = "" }
        return clean(String(prefix))
    }

    /// `path.Ext`: the suffix from the final dot of the final element.
    static func ext(_ path: String) -> String {
        for i in path.indices.reversed() {
            if path[i] == "/" { break }
            if path[i] == "." { return String(path[i...]) }
        }
        return ""
    }
}

/// sprig's OS functions (`env`, `expandenv`) and `uuidv4`, `randBytes`.
enum SprigSystem {
    static let functions: [Function] = [
        Function("env", .exactly(1)) { a in .string(ProcessInfo.processInfo.environment[try a[0].asString()] ?? "") },
        Function("expandenv", .exactly(1)) { a in
            let environment = ProcessInfo.processInfo.environment
            return .string(expand(try a[0].asString()) { environment[$0] ?? "" })
        },
        Function("uuidv4", .exactly(0)) { _ in .string(UUID().uuidString.lowercased()) },
        Function("randBytes", .exactly(1)) { a in
            let count = try a[0].asInt()
            guard count >= 0, count <= 1 << 24 else { throw FunctionError("randBytes: invalid count \(count)") }
            var generator = SystemRandomNumberGenerator()
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            return .string(Data(bytes).base64EncodedString())
        },
    ]

    /// Go's `os.Expand`: `$NAME` (letters, digits, underscore), `${NAME}`, and the special
    /// one-character names (`$1`, `$*` …); a lone `$` stays.
    static func expand(_ s: String, _ lookup: (String) -> String) -> String {
        let b = Array(s.utf8)
        var out: [UInt8] = []
        var i = 0
        func isNameByte(_ c: UInt8) -> Bool {
            c == UInt8(ascii: "_") || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
        }
        while i < b.count {
            guard b[i] == UInt8(ascii: "$"), i + 1 < b.count else {
                out.append(b[i]); i += 1; continue
            }
            let c = b[i + 1]
            let special = "*#$@!?-0123456789".utf8.contains(c)
            if c == UInt8(ascii: "{") {
                if i + 3 < b.count, "*#$@!?-0123456789".utf8.contains(b[i + 2]), b[i + 3] == UInt8(ascii: "}") {
                    out += Array(lookup(String(Character(Unicode.Scalar(b[i + 2])))).utf8)
                    i += 4
                } else if let close = b[(i + 2)...].firstIndex(of: UInt8(ascii: "}")) {
                    // "${}" is bad syntax and is dropped.
                    if close > i + 2 { out += Array(lookup(String(goBytes: b[(i + 2)..<close])).utf8) }
                    i = close + 1
                } else {
                    i += 2  // Bad syntax: Go drops the "${".
                }
            } else if special {
                out += Array(lookup(String(Character(Unicode.Scalar(c)))).utf8)
                i += 2
            } else if isNameByte(c) {
                var j = i + 1
                while j < b.count, isNameByte(b[j]) { j += 1 }
                out += Array(lookup(String(goBytes: b[(i + 1)..<j])).utf8)
                i = j
            } else {
                out.append(b[i]); i += 1
            }
        }
        return String(goBytes: out)
    }
}
