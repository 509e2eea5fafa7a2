import Foundation
import GoCompat

/// sprig's defaults.go (default, empty, coalesce, all, any, ternary, the JSON functions) plus
/// `fail` (flow control) and Helm's `required`.
enum SprigDefaults {
    static let functions: [Function] = [
        Function("default", .atLeast(1)) { a in
            guard a.count > 1, !a[1].isGoEmpty else { return a[0] }
            return a[1]
        },
        Function("empty", .exactly(1)) { a in .bool(a[0].isGoEmpty) },
        Function("coalesce", .atLeast(0)) { a in a.first { !$0.isGoEmpty } ?? .null },
        Function("all", .atLeast(0)) { a in .bool(a.allSatisfy { !$0.isGoEmpty }) },
        Function("any", .atLeast(0)) { a in .bool(a.contains { !$0.isGoEmpty }) },
        Function("ternary", .exactly(3)) { a in try a[2].asBool() ? a[0] : a[1] },
        Function("fromJson", .exactly(1)) { a in (try? GoJSON.decode(try a[0].asString())) ?? .null },
        Function("mustFromJson", .exactly(1)) { a in
            do { return try GoJSON.decode(try a[0].asString()) } catch let error as GoJSON.DecodingError {
                throw FunctionError(error.message)
            }
        },
        Function("toJson", .exactly(1)) { a in .string((try? GoJSON.encode(a[0])) ?? "") },
        Function("mustToJson", .exactly(1)) { a in try json(a[0]) },
        Function("toPrettyJson", .exactly(1)) { a in .string((try? GoJSON.encode(a[0], indent: "  ")) ?? "") },
        Function("mustToPrettyJson", .exactly(1)) { a in try json(a[0], indent: "  ") },
        Function("toRawJson", .exactly(1)) { a in .string((try? GoJSON.encode(a[0], escapeHTML: false)) ?? "") },
        Function("mustToRawJson", .exactly(1)) { a in try json(a[0], escapeHTML: false) },
        Function("fail", .exactly(1)) { a in throw FunctionError(try a[0].asString()) },
        // Helm's `required`, not sprig's: nil or "" is an error with the given message.
        Function("required", .exactly(2)) { a in
            if a[1] == .null || a[1] == "" { throw FunctionError(try a[0].asString()) }
            return a[1]
        },
    ]

    private static func json(_ value: Value, escapeHTML: Bool = true, indent: String? = nil) throws -> Value {
        do {
            return .string(try GoJSON.encode(value, escapeHTML: escapeHTML, indent: indent))
        } catch {
            throw FunctionError(error.message)
        }
    }
}
