import Foundation

/// A Go `regexp.Regexp` on top of NSRegularExpression.
public struct GoRegex: Sendable {
    public struct CompileError: Error, Sendable { public let message: String }

    let expression: NSRegularExpression
    let groupNames: [String: Int]

    /// `regexp.Compile`.
    public init(_ pattern: String) throws(CompileError) {
        let (translated, names) = GoRegex.translate(pattern)
        do {
            expression = try NSRegularExpression(pattern: translated)
        } catch {
            throw CompileError(message: "error parsing regexp: invalid or unsupported syntax: `\(pattern)`")
        }
        groupNames = names
    }

    /// RE2 → ICU: `(?P<name>` becomes `(?<name>`; `$` outside a class means `\z` unless the
    /// pattern turns on multi-line mode; `.` stops only at `\n` unless `(?s)`; `\d`, `\w`, `\s`
    /// are RE2's ASCII classes. Also collects the capture group names.
    static func translate(_ pattern: String) -> (String, [String: Int]) {
        let chars = Array(pattern)
        let multiline = pattern.range(of: #"\(\?[a-zA-Z]*m"#, options: .regularExpression) != nil
        let dotAll = pattern.range(of: #"\(\?[a-zA-Z]*s"#, options: .regularExpression) != nil
        let asciiClasses: [Character: (outside: String, inside: String?)] = [
            "d": ("[0-9]", "0-9"), "D": ("[^0-9]", nil),
            "w": ("[0-9A-Za-z_]", "0-9A-Za-z_"), "W": ("[^0-9A-Za-z_]", nil),
            "s": ("[\\t\\n\\f\\r ]", "\\t\\n\\f\\r "), "S": ("[^\\t\\n\\f\\r ]", nil),
        ]
        var out = ""
        var names: [String: Int] = [:]
        var group = 0
        var inClass = false
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\\" {
                if i + 1 < chars.count, let ascii = asciiClasses[chars[i + 1]] {
                    if !inClass {
                        out += ascii.outside
                        i += 2
                        continue
                    } else if let inside = ascii.inside {
                        out += inside
                        i += 2
                        continue
                    }
                }
                out.append(c)
                if i + 1 < chars.count { out.append(chars[i + 1]) }
                i += 2
                continue
            }
            if inClass {
                if c == "]" { inClass = false }
                if c == "[" && i + 1 < chars.count && chars[i + 1] == ":" {
                    // POSIX class such as [:alpha:]: copy through its closing ":]".
                    if let end = pattern.range(of: ":]", range: pattern.index(pattern.startIndex, offsetBy: i)..<pattern.endIndex) {
                        let endOffset = pattern.distance(from: pattern.startIndex, to: end.upperBound)
                        out += String(chars[i..<endOffset])
                        i = endOffset
                        continue
                    }
                }
                out.append(c)
                i += 1
                continue
            }
            switch c {
            case "[":
                inClass = true
                out.append(c)
                i += 1
                if i < chars.count && chars[i] == "^" { out.append("^"); i += 1 }
                if i < chars.count && chars[i] == "]" { out += "\\]"; i += 1 }
                continue
            case "(":
                if i + 1 < chars.count && chars[i + 1] == "?" {
                    var j = i + 2
                    if j < chars.count && chars[j] == "P" { j += 1 }
                    if j < chars.count && chars[j] == "<", let close = chars[j...].firstIndex(of: ">") {
                        group += 1
                        names[String(chars[(j + 1)..<close])] = group
                        out += "(?<" + String(chars[(j + 1)..<close]) + ">"
                        i = close + 1
                        continue
                    }
                } else {
                    group += 1
                }
            case "$" where !multiline:
                out += "\\z"
                i += 1
                continue
            case "." where !dotAll:
                out += "[^\\n]"
                i += 1
                continue
            default:
                break
            }
            out.append(c)
            i += 1
        }
        return (out, names)
    }

    public func matches(_ s: String) -> Bool {
        expression.firstMatch(in: s, range: NSRange(location: 0, length: (s as NSString).length)) != nil
    }

    /// Go's `FindAllStringSubmatchIndex` rules: successive non-overlapping matches, skipping an
    /// empty match right after the previous match; `limit` < 0 means all.
    public func allMatches(_ s: String, limit: Int) -> [NSTextCheckingResult] {
        if limit == 0 { return [] }
        var results: [NSTextCheckingResult] = []
        var previousEnd = -1
        for m in expression.matches(in: s, range: NSRange(location: 0, length: (s as NSString).length)) {
            if m.range.length == 0 && m.range.location == previousEnd {
                previousEnd = m.range.location
                continue
            }
            previousEnd = m.range.location + m.range.length
            results.append(m)
            if limit > 0 && results.count == limit { break }
        }
        return results
    }

    public func findAll(in s: String, limit: Int) -> [String] {
        let ns = s as NSString
        return allMatches(s, limit: limit).map { ns.substring(with: $0.range) }
    }

    public func replaceAll(_ s: String, with template: String, literal: Bool) -> String {
        let ns = s as NSString
        var out = ""
        var last = 0
        for m in allMatches(s, limit: -1) {
            out += ns.substring(with: NSRange(location: last, length: m.range.location - last))
            out += literal ? template : expand(template, m, ns)
            last = m.range.location + m.range.length
        }
        out += ns.substring(from: last)
        return out
    }

    /// Go's `Regexp.Expand`: `$1`, `${1}`, `$name`, `${name}`, `$$`; the longest run of letters,
    /// digits and underscores is the name, so `$1W` names group "1W" (which is empty).
    private func expand(_ template: String, _ m: NSTextCheckingResult, _ ns: NSString) -> String {
        let t = Array(template.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        func isNameScalar(_ c: Unicode.Scalar) -> Bool {
            c == "_" || c.isGoLetter || c.isGoDigit
        }
        func group(_ name: String) -> String {
            let index: Int?
            if let n = Int(name), name.allSatisfy(\.isASCIIDigit) { index = n } else { index = groupNames[name] }
            guard let index, index < m.numberOfRanges else { return "" }
            let r = m.range(at: index)
            return r.location == NSNotFound ? "" : ns.substring(with: r)
        }
        while i < t.count {
            guard t[i] == "$", i + 1 < t.count else { out.append(t[i]); i += 1; continue }
            if t[i + 1] == "$" { out.append("$"); i += 2; continue }
            if t[i + 1] == "{" {
                var j = i + 2
                while j < t.count, isNameScalar(t[j]) { j += 1 }
                if j < t.count, t[j] == "}", j > i + 2 {
                    out.append(contentsOf: group(String(String.UnicodeScalarView(t[(i + 2)..<j]))).unicodeScalars)
                    i = j + 1
                } else {
                    out.append(t[i]); i += 1
                }
                continue
            }
            var j = i + 1
            while j < t.count, isNameScalar(t[j]) { j += 1 }
            if j == i + 1 { out.append(t[i]); i += 1; continue }
            out.append(contentsOf: group(String(String.UnicodeScalarView(t[(i + 1)..<j]))).unicodeScalars)
            i = j
        }
        return String(out)
    }

    /// Go's `Regexp.Split`.
    public func split(_ s: String, limit n: Int) -> [String] {
        if n == 0 { return [] }
        let ns = s as NSString
        if expression.pattern.isEmpty == false && ns.length == 0 { return [""] }
        var parts: [String] = []
        var begin = 0, end = 0
        for m in allMatches(s, limit: n) {
            if n > 0 && parts.count == n - 1 { break }
            end = m.range.location
            if m.range.location + m.range.length != 0 {
                parts.append(ns.substring(with: NSRange(location: begin, length: end - begin)))
            }
            begin = m.range.location + m.range.length
        }
        if end != ns.length { parts.append(ns.substring(from: begin)) }
        return parts
    }

    /// `regexp.QuoteMeta`.
    public static func quoteMeta(_ s: String) -> String {
        var out = ""
        for c in s {
            if "\\.+*?()|[]{}^$".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
