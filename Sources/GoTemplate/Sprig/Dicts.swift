import Foundation
import GoCompat

/// sprig's dictionary functions (dict.go).
///
/// Go maps are references: sprig's `set`, `unset`, `merge*` change the map they are given and
/// templates rely on that (`{{ $_ := set $d "k" 1 }}`). `Value.map` is a Swift value, so these
/// functions return the changed map and declare `changesArgument`, so the evaluator writes the
/// result back into the variable they were given.
enum SprigDicts {
    static let functions: [Function] = [
        Function("dict", .atLeast(0)) { a in
            var dict: [String: Value] = [:]
            var i = 0
            while i < a.count {
                dict[a[i].sprigString] = i + 1 < a.count ? a[i + 1] : ""
                i += 2
            }
            return .map(dict)
        },
        Function("get", .exactly(2)) { a in (try a[0].asMap())[try a[1].asString()] ?? "" },
        Function("set", .exactly(3), changesArgument: 0) { a in
            if a[0] == .null { throw FunctionError("assignment to entry in nil map") }
            var d = try a[0].asMap()
            d[try a[1].asString()] = a[2]
            return .map(d)
        },
        Function("unset", .exactly(2), changesArgument: 0) { a in
            var d = try a[0].asMap()
            d[try a[1].asString()] = nil
            return .map(d)
        },
        Function("hasKey", .exactly(2)) { a in .bool((try a[0].asMap())[try a[1].asString()] != nil) },
        Function("pluck", .atLeast(1)) { a in
            let key = try a[0].asString()
            var found: [Value] = []
            for dict in a.dropFirst() { if let v = (try dict.asMap())[key] { found.append(v) } }
            return .list(found)
        },
        Function("keys", .atLeast(0)) { a in
            var keys: [String] = []
            for dict in a { keys += (try dict.asMap()).keys.sorted(by: String.goLess) }
            return .strings(keys)
        },
        Function("pick", .atLeast(1)) { a in
            let dict = try a[0].asMap()
            var picked: [String: Value] = [:]
            for key in a.dropFirst() {
                let k = try key.asString()
                if let v = dict[k] { picked[k] = v }
            }
            return .map(picked)
        },
        Function("omit", .atLeast(1)) { a in
            var dict = try a[0].asMap()
            for key in a.dropFirst() { dict[try key.asString()] = nil }
            return .map(dict)
        },
        Function("values", .exactly(1)) { a in
            let dict = try a[0].asMap()
            return .list(dict.keys.sorted(by: String.goLess).compactMap { dict[$0] })
        },
        Function("dig", .atLeast(0)) { a in
            if a.count < 3 { throw FunctionError("dig needs at least three arguments") }
            guard case .map(let dict) = a[a.count - 1], dict.kind == .stringToInterface else {
                throw interfaceConversionError(a[a.count - 1], to: "map[string]interface {}")
            }
            let fallback = a[a.count - 2]
            var keys: [String] = []
            for key in a.dropLast(2) {
                guard case .string(let k) = key else {
                    throw interfaceConversionError(key, to: "string")
                }
                keys.append(k)
            }
            return try dig(dict.entries, keys[...], fallback)
        },
        Function("merge", .atLeast(1), changesArgument: 0) { a in try merge(a, overwrite: false) },
        Function("mustMerge", .atLeast(1), changesArgument: 0) { a in try merge(a, overwrite: false) },
        Function("mergeOverwrite", .atLeast(1), changesArgument: 0) { a in try merge(a, overwrite: true) },
        Function("mustMergeOverwrite", .atLeast(1), changesArgument: 0) { a in try merge(a, overwrite: true) },
        Function("deepCopy", .exactly(1)) { a in a[0] },
        Function("mustDeepCopy", .exactly(1)) { a in a[0] },
    ]

    private static func dig(_ dict: [String: Value], _ keys: ArraySlice<String>, _ fallback: Value) throws -> Value {
        guard let key = keys.first else { return fallback }
        guard let step = dict[key] else { return fallback }
        if keys.count == 1 { return step }
        guard case .map(let next) = step, next.kind == .stringToInterface else {
            throw interfaceConversionError(step, to: "map[string]interface {}")
        }
        return try dig(next.entries, keys.dropFirst(), fallback)
    }

    private static func merge(_ a: [Value], overwrite: Bool) throws -> Value {
        var dst = try a[0].asMap()
        for src in a.dropFirst() { merge(into: &dst, try src.asMap(), overwrite: overwrite) }
        return .map(dst)
    }

    /// mergo's `Merge`/`MergeWithOverwrite` on maps: nested maps merge key by key; otherwise a
    /// source value fills a missing or empty destination (or always replaces it with overwrite),
    /// except that a non-empty destination is never replaced by a source map or list; nil sources are skipped.
    static func merge(into dst: inout [String: Value], _ src: [String: Value], overwrite: Bool) {
        for (key, value) in src {
            if value == .null { continue }
            let existing = dst[key]
            if case .map(let srcMap) = value, case .map(var dstMap)? = existing {
                merge(into: &dstMap.entries, srcMap.entries, overwrite: overwrite)
                dst[key] = .map(dstMap)
                continue
            }
            guard let existing, !existing.isGoEmpty else {
                dst[key] = value
                continue
            }
            switch value {
            case .map: continue
            case .list: if overwrite, case .list = existing { dst[key] = value }
            default: if overwrite { dst[key] = value }
            }
        }
    }
}
