import Foundation
import GoCompat

/// sprig's `semver` and `semverCompare`, with Masterminds/semver v3 parsing and constraint
/// rules (`^`, `~`, `x` wildcards, `a - b` ranges, `,`/space for AND, `||` for OR, and
/// pre-releases only matching constraints that name a pre-release).
enum SprigSemver {
    static let functions: [Function] = [
        Function("semver", .exactly(1)) { a in
            do { return try SemanticVersion(try a[0].asString()).value } catch let e as SemanticVersion.ParseError {
                throw FunctionError(e.message)
            }
        },
        Function("semverCompare", .exactly(2)) { a in
            do {
                let constraints = try SemverConstraints(try a[0].asString())
                let version = try SemanticVersion(try a[1].asString())
                return .bool(constraints.check(version))
            } catch let e as SemanticVersion.ParseError {
                throw FunctionError(e.message)
            }
        },
    ]
}

struct SemanticVersion: Sendable {
    struct ParseError: Error { let message: String }

    var major: UInt64, minor: UInt64, patch: UInt64
    var prerelease: String, metadata: String, original: String

    private static let pattern = regex(
        #"^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?$"#)

    init(_ text: String) throws(ParseError) {
        guard let m = SemanticVersion.pattern.groups(in: text) else { throw ParseError(message: "Invalid Semantic Version") }
        func number(_ s: String) throws(ParseError) -> UInt64 {
            let digits = s.hasPrefix(".") ? String(s.dropFirst()) : s
            if digits.isEmpty { return 0 }
            guard let n = UInt64(digits) else {
                throw ParseError(message: "Error parsing version segment: strconv.ParseUint: parsing \(GoQuote.quote(digits)): value out of range")
            }
            return n
        }
        major = try number(m[1])
        minor = try number(m[2])
        patch = try number(m[3])
        prerelease = m[5]
        metadata = m[8]
        original = text
        if !prerelease.isEmpty {
            for part in prerelease.split(separator: ".", omittingEmptySubsequences: false)
            where part.allSatisfy(\.isASCIIDigit) && part.count > 1 && part.hasPrefix("0") {
                throw ParseError(message: "Version segment starts with 0")
            }
        }
    }

    /// The template value: Go's `*semver.Version`, with its accessors as fields.
    var value: Value {
        .record(Record(typeName: "*semver.Version", fields: [
            ("Major", .uint(UInt(major))), ("Minor", .uint(UInt(minor))), ("Patch", .uint(UInt(patch))),
            ("Prerelease", .string(prerelease)), ("Metadata", .string(metadata)), ("Original", .string(original)),
        ]))
    }

    var description: String {
        var s = "\(major).\(minor).\(patch)"
        if !prerelease.isEmpty { s += "-" + prerelease }
        if !metadata.isEmpty { s += "+" + metadata }
        return s
    }

    func compare(_ o: SemanticVersion) -> Int {
        for (a, b) in [(major, o.major), (minor, o.minor), (patch, o.patch)] where a != b { return a < b ? -1 : 1 }
        if prerelease == o.prerelease { return 0 }
        if prerelease.isEmpty { return 1 }
        if o.prerelease.isEmpty { return -1 }
        return SemanticVersion.comparePrerelease(prerelease, o.prerelease)
    }

    static func comparePrerelease(_ v: String, _ o: String) -> Int {
        let s = v.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let t = o.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        for i in 0..<max(s.count, t.count) {
            let d = comparePart(i < s.count ? s[i] : "", i < t.count ? t[i] : "")
            if d != 0 { return d }
        }
        return 0
    }

    private static func comparePart(_ s: String, _ o: String) -> Int {
        if s == o { return 0 }
        if s.isEmpty { return o.isEmpty ? 1 : -1 }
        if o.isEmpty { return 1 }
        switch (UInt64(s), UInt64(o)) {
        case (nil, nil): return String.goLess(o, s) ? 1 : -1
        case (_?, nil): return -1
        case (nil, _?): return 1
        case (let a?, let b?): return a > b ? 1 : -1
        }
    }
}

struct SemverConstraints {
    private struct Constraint {
        var version: SemanticVersion
        var original: String
        var op: String
        var minorDirty = false, patchDirty = false, dirty = false
    }

    private var groups: [[Constraint]] = []
    private var containsPre: [Bool] = []

    private static let ops = #"=||!=|>|<|>=|=>|<=|=<|~|~>|\^"#
    private static let cv = #"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"#
    private static let constraintRegex = regex(#"^\s*("# + ops + #")\s*("# + cv + #")\s*$"#)
    private static let rangeRegex = regex(#"\s*("# + cv + #")\s+-\s+("# + cv + #")\s*"#)
    private static let findRegex = regex("(" + ops + #")\s*("# + cv + ")")
    private static let validRegex = regex(#"^(\s*("# + ops + #")\s*("# + cv + #")\s*)((?:\s+|,\s*)("# + ops + #")\s*("# + cv + #")\s*)*$"#)

    init(_ text: String) throws(SemanticVersion.ParseError) {
        var c = text
        for m in SemverConstraints.rangeRegex.allGroups(in: text) {
            if let r = c.range(of: m[0]) { c.replaceSubrange(r, with: ">= \(m[1]), <= \(m[11]) ") }
        }
        for part in c.components(separatedBy: "||") {
            guard SemverConstraints.validRegex.groups(in: part) != nil else {
                throw SemanticVersion.ParseError(message: "improper constraint: \(part)")
            }
            var found = SemverConstraints.findRegex.allGroups(in: part).map { $0[0] }
            if found.isEmpty { found = [part] }
            var group: [Constraint] = []
            var hasPre = false
            for s in found {
                let constraint = try SemverConstraints.parse(s)
                if !constraint.version.prerelease.isEmpty { hasPre = true }
                group.append(constraint)
            }
            groups.append(group)
            containsPre.append(hasPre)
        }
    }

    private static func parse(_ s: String) throws(SemanticVersion.ParseError) -> Constraint {
        if s.isEmpty {
            return Constraint(version: try SemanticVersion("0.0.0"), original: s, op: "", dirty: true)
        }
        guard let m = constraintRegex.groups(in: s) else { throw SemanticVersion.ParseError(message: "improper constraint: \(s)") }
        func isX(_ p: String) -> Bool { ["x", "X", "*"].contains(p) }
        var version = m[2]
        var c = Constraint(version: try SemanticVersion("0.0.0"), original: m[2], op: m[1])
        if isX(m[3]) || m[3].isEmpty {
            version = "0.0.0" + m[6]
            c.dirty = true
        } else if isX(String(m[4].dropFirst())) || m[4].isEmpty {
            c.minorDirty = true
            c.dirty = true
            version = m[3] + ".0.0" + m[6]
        } else if isX(String(m[5].dropFirst())) || m[5].isEmpty {
            c.dirty = true
            c.patchDirty = true
            version = m[3] + m[4] + ".0" + m[6]
        }
        do { c.version = try SemanticVersion(version) } catch { throw SemanticVersion.ParseError(message: "constraint parser error") }
        return c
    }

    func check(_ v: SemanticVersion) -> Bool {
        groups.indices.contains { i in groups[i].allSatisfy { SemverConstraints.check(v, $0, includePre: containsPre[i]) } }
    }

    private static func check(_ v: SemanticVersion, _ c: Constraint, includePre: Bool) -> Bool {
        if !v.prerelease.isEmpty && !includePre { return false }
        let con = c.version
        switch c.op {
        case "", "=":
            return c.dirty ? tilde(v, c) : v.compare(con) == 0
        case "!=":
            if c.dirty {
                if con.major != v.major { return true }
                if c.minorDirty { return false }
                if con.minor != v.minor { return true }
                if c.patchDirty {
                    if !v.prerelease.isEmpty || !con.prerelease.isEmpty {
                        return SemanticVersion.comparePrerelease(v.prerelease, con.prerelease) != 0
                    }
                    return false
                }
            }
            return v.compare(con) != 0
        case ">":
            if !c.dirty { return v.compare(con) == 1 }
            if v.major > con.major { return true }
            if v.major < con.major || c.minorDirty { return false }
            if c.patchDirty { return v.minor > con.minor }
            return v.compare(con) == 1
        case "<":
            return v.compare(con) < 0
        case ">=", "=>":
            return v.compare(con) >= 0
        case "<=", "=<":
            if !c.dirty { return v.compare(con) <= 0 }
            if v.major > con.major { return false }
            if v.major == con.major && v.minor > con.minor && !c.minorDirty { return false }
            return true
        case "~", "~>":
            return tilde(v, c)
        case "^":
            if v.compare(con) < 0 { return false }
            if con.major > 0 || c.minorDirty { return v.major == con.major }
            if v.major > 0 { return false }
            if con.minor > 0 || c.patchDirty { return v.minor == con.minor }
            if v.minor > 0 { return false }
            return con.patch == v.patch
        default:
            return false
        }
    }

    private static func tilde(_ v: SemanticVersion, _ c: Constraint) -> Bool {
        let con = c.version
        if v.compare(con) < 0 { return false }
        if con.major == 0 && con.minor == 0 && con.patch == 0 && !c.minorDirty && !c.patchDirty { return true }
        if v.major != con.major { return false }
        if v.minor != con.minor && !c.minorDirty { return false }
        return true
    }
}

/// A compiled pattern that is known to be valid (the semver grammars above).
private func regex(_ pattern: String) -> NSRegularExpression {
    // The patterns are constants checked by the tests; a failure here is a programming error.
    // swiftlint:disable:next force_try
    try! NSRegularExpression(pattern: pattern)
}

extension NSRegularExpression {
    /// The capture groups of the first match ("" for groups that did not take part).
    func groups(in s: String) -> [String]? {
        let ns = s as NSString
        guard let m = firstMatch(in: s, range: NSRange(location: 0, length: ns.length)) else { return nil }
        return (0..<m.numberOfRanges).map { m.range(at: $0).location == NSNotFound ? "" : ns.substring(with: m.range(at: $0)) }
    }

    func allGroups(in s: String) -> [[String]] {
        let ns = s as NSString
        return matches(in: s, range: NSRange(location: 0, length: ns.length)).map { m in
            (0..<m.numberOfRanges).map { m.range(at: $0).location == NSNotFound ? "" : ns.substring(with: m.range(at: $0)) }
        }
    }
}
