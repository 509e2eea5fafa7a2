import Foundation
import GoCompat

/// sprig's regular-expression functions, on NSRegularExpression (ICU) with Go's RE2 surface:
/// `(?P<name>…)` groups, `$` meaning end of text outside multi-line mode, Go's rules for empty
/// matches next to a previous match, and Go's `$1`/`${1}`/`$name` replacement templates.
enum SprigRegex {
    static let functions: [Function] = [
        Function("regexMatch", .exactly(2)) { a in
            let (pattern, text) = (try a[0].asString(), try a[1].asString())
            return .bool((try? GoRegex(pattern))?.matches(text) ?? false)
        },
        Function("mustRegexMatch", .exactly(2)) { a in
            .bool(try compile(try a[0].asString(), must: true).matches(try a[1].asString()))
        },
        Function("regexFindAll", .exactly(3)) { a in try findAll(a, must: false) },
        Function("mustRegexFindAll", .exactly(3)) { a in try findAll(a, must: true) },
        Function("regexFind", .exactly(2)) { a in
            .string(try compile(try a[0].asString(), must: false).findAll(in: try a[1].asString(), limit: 1).first ?? "")
        },
        Function("mustRegexFind", .exactly(2)) { a in
            .string(try compile(try a[0].asString(), must: true).findAll(in: try a[1].asString(), limit: 1).first ?? "")
        },
        Function("regexReplaceAll", .exactly(3)) { a in
            .string(try compile(try a[0].asString(), must: false).replaceAll(try a[1].asString(), with: try a[2].asString(), literal: false))
        },
        Function("mustRegexReplaceAll", .exactly(3)) { a in
            .string(try compile(try a[0].asString(), must: true).replaceAll(try a[1].asString(), with: try a[2].asString(), literal: false))
        },
        Function("regexReplaceAllLiteral", .exactly(3)) { a in
            .string(try compile(try a[0].asString(), must: false).replaceAll(try a[1].asString(), with: try a[2].asString(), literal: true))
        },
        Function("mustRegexReplaceAllLiteral", .exactly(3)) { a in
            .string(try compile(try a[0].asString(), must: true).replaceAll(try a[1].asString(), with: try a[2].asString(), literal: true))
        },
        Function("regexSplit", .exactly(3)) { a in
            .strings(try compile(try a[0].asString(), must: false).split(try a[1].asString(), limit: try a[2].asInt()))
        },
        Function("mustRegexSplit", .exactly(3)) { a in
            .strings(try compile(try a[0].asString(), must: true).split(try a[1].asString(), limit: try a[2].asInt()))
        },
        Function("regexQuoteMeta", .exactly(1)) { a in .string(GoRegex.quoteMeta(try a[0].asString())) },
    ]

    private static func findAll(_ a: [Value], must: Bool) throws -> Value {
        let re = try compile(try a[0].asString(), must: must)
        return .strings(re.findAll(in: try a[1].asString(), limit: try a[2].asInt()))
    }

    /// `regexp.Compile` (the must variants return its error) or `regexp.MustCompile` (the plain
    /// variants panic with `regexp: Compile(…): …`).
    private static func compile(_ pattern: String, must: Bool) throws(FunctionError) -> GoRegex {
        do {
            return try GoRegex(pattern)
        } catch {
            if must { throw FunctionError(error.message) }
            let quoted = GoQuote.canBackquote(pattern) ? "`" + pattern + "`" : GoQuote.quote(pattern)
            throw FunctionError("regexp: Compile(\(quoted)): " + error.message)
        }
    }
}
