import Testing
@testable import GoTemplate

/// One conformance case: a template, its data (JSON with a few extensions, see `TestData`) and
/// what Go's text/template produces for it, output or error message.
///
/// Expected values come from running the same cases through Go (tools/template-oracle), except
/// where a case's name ends in "(go1.22+)" or similar: those features postdate the Go used there
/// and their expectations follow Go's documentation.
struct Case: Sendable, CustomTestStringConvertible {
    enum Expected: Sendable { case output(String), error(String) }

    let name: String
    let template: String
    let data: String
    let expected: Expected
    var templateName = "t"
    var delims = ("{{", "}}")
    var exec: String?

    init(_ name: String, _ template: String, _ data: String, out: String, name templateName: String = "t",
         delims: (String, String) = ("{{", "}}"), exec: String? = nil) {
        self.name = name
        self.template = template
        self.data = data
        self.expected = .output(out)
        self.templateName = templateName
        self.delims = delims
        self.exec = exec
    }

    init(_ name: String, _ template: String, _ data: String, err: String, name templateName: String = "t",
         delims: (String, String) = ("{{", "}}"), exec: String? = nil) {
        self.name = name
        self.template = template
        self.data = data
        self.expected = .error(err)
        self.templateName = templateName
        self.delims = delims
        self.exec = exec
    }

    var testDescription: String { name }

    /// Parses and executes the case, returning the output or the error's message.
    func run() -> Result<String, TemplateError> {
        do {
            let template = try Template(name: templateName, text: self.template, leftDelimiter: delims.0,
                                        rightDelimiter: delims.1, functions: TestData.functions)
            let value = try TestData.parse(data)
            if let exec {
                return .success(try template.execute(templateNamed: exec, data: value))
            }
            return .success(try template.execute(value))
        } catch let error as TemplateError {
            return .failure(error)
        } catch {
            return .failure(TemplateError("unexpected error \(error)"))
        }
    }

    func check() {
        let result = run()
        switch (expected, result) {
        case (.output(let want), .success(let got)):
            #expect(got == want, "template: \(template)")
        case (.error(let want), .failure(let got)):
            #expect(got.description == want, "template: \(template)")
        case (.output(let want), .failure(let got)):
            Issue.record("expected output \(want.debugDescription), got error \(got.description.debugDescription); template: \(template)")
        case (.error(let want), .success(let got)):
            Issue.record("expected error \(want.debugDescription), got output \(got.debugDescription); template: \(template)")
        }
    }
}

/// Test data: JSON text with extensions that the Go oracle understands too:
/// `{"$uint": 5}`, `{"$float": 2}`, `{"$Person": {...}}` (a `main.Person` record with fields
/// Name, Age, Tags, Meta, Extra) and `{"$func": "add"}` (a function value for `call`).
enum TestData {
    struct ParseError: Error {}

    static let functions = FunctionMap([
        Function("upper", arity: .exactly(1)) { args in
            guard case .string(let s) = args[0] else { throw FunctionError("upper wants a string") }
            return .string(s.uppercased())
        },
        Function("add", arity: .exactly(2)) { args in
            guard case .int(let a) = args[0], case .int(let b) = args[1] else { throw FunctionError("add wants ints") }
            return .int(a &+ b)
        },
        Function("fail", arity: .exactly(0)) { _ in throw FunctionError("boom") },
        Function("join", arity: .atLeast(0)) { args in
            .string(args.map { GoPrinter.sprint([$0]) }.joined(separator: ","))
        },
        Function("echo", arity: .exactly(1)) { args in args[0] },
        Function("list", arity: .atLeast(0)) { args in .list(args) },
        Function("f0", arity: .exactly(0)) { _ in "F0" },
    ])

    /// Shared data sets, named by a case's data `@name`. One line each (tools/template-oracle reads them).
    static let named: [String: String] = [
        "@std": #"{"a": 1, "b": "two", "f": 1.5, "t": true, "n": null, "u": {"$uint": 7}, "list": [1, 2, 3], "strs": ["x", "y", "z"], "empty": [], "emptymap": {}, "map": {"one": 1, "two": 2, "three": 3}, "nested": {"inner": {"deep": "down"}, "list": [{"name": "a"}, {"name": "b"}]}, "person": {"$Person": {"Name": "Ann", "Age": 42, "Tags": ["x", "y"], "Meta": {"k": "v"}, "Extra": null}}, "zero": 0, "neg": -3, "big": 9223372036854775807, "html": "<a href=\"x\">&'</a>", "mixed": [1, "a", null, 2.5, true], "fn": {"$func": "add"}, "failfn": {"$func": "fail"}, "space": " x ", "fl": {"$float": 3}, "sci": 1e21, "tiny": 0.000001}"#,
        "@exec": #"{"X": "x", "SI": [3, 4, 5], "SIEmpty": [], "SB": [true, false], "MXI": {"one": 1}, "Empty0": null, "Empty1": 3, "Empty2": "empty2", "Empty3": [7, 8], "Empty4": {"$Person": {"Name": "UinEmpty"}}, "Uthree": {"$uint": 3}, "Ufour": {"$uint": 4}, "Three": 3, "NegOne": -1, "S": "xyz", "FloatZero": 0.0, "Str": "foozle", "NIL": null, "mapOfThree": {"three": 3}}"#,
        "@person": #"{"$Person": {"Name": "Bob", "Age": 7, "Tags": [1, "two"], "Meta": {"a": {"b": 1}}, "Extra": {"x": [1]}}}"#,
    ]

    static func parse(_ text: String) throws -> Value {
        if text.isEmpty { return .null }
        if let named = named[text] { return try parse(named) }
        var parser = JSONParser(bytes: Array(text.utf8))
        let value = try parser.parseValue()
        return try convert(value)
    }

    private indirect enum JSON {
        case null, bool(Bool), number(String), string(String), array([JSON]), object([(String, JSON)])
    }

    private static func convert(_ json: JSON) throws -> Value {
        switch json {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let n):
            if !n.contains(where: { ".eE".contains($0) }), let i = Int(n) { return .int(i) }
            guard let d = Double(n) else { throw ParseError() }
            return .float(d)
        case .string(let s): return .string(s)
        case .array(let items): return .list(try items.map(convert))
        case .object(let pairs):
            if pairs.count == 1 {
                let (key, inner) = pairs[0]
                switch (key, inner) {
                case ("$uint", .number(let n)): return .uint(UInt(n) ?? 0)
                case ("$float", .number(let n)): return .float(Double(n) ?? 0)
                case ("$func", .string(let name)):
                    guard let f = functions[name] else { throw ParseError() }
                    return .function(f)
                case ("$Person", .object(let fields)):
                    let dict = Dictionary(fields, uniquingKeysWith: { a, _ in a })
                    return .record(Record(typeName: "main.Person", fields: [
                        ("Name", try dict["Name"].map(convert) ?? ""),
                        ("Age", try dict["Age"].map(convert) ?? 0),
                        ("Tags", try dict["Tags"].map(convert) ?? .list([])),
                        ("Meta", try dict["Meta"].map(convert) ?? .map([:])),
                        ("Extra", try dict["Extra"].map(convert) ?? .null),
                    ]))
                default: break
                }
            }
            var map: [String: Value] = [:]
            for (k, v) in pairs { map[k] = try convert(v) }
            return .map(map)
        }
    }

    private struct JSONParser {
        let bytes: [UInt8]
        var i = 0

        mutating func skipSpace() {
            while i < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[i]) { i += 1 }
        }

        mutating func parseValue() throws -> JSON {
            skipSpace()
            guard i < bytes.count else { throw ParseError() }
            switch bytes[i] {
            case UInt8(ascii: "n"): i += 4; return .null
            case UInt8(ascii: "t"): i += 4; return .bool(true)
            case UInt8(ascii: "f"): i += 5; return .bool(false)
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "["):
                i += 1
                var items: [JSON] = []
                skipSpace()
                if bytes[i] == UInt8(ascii: "]") { i += 1; return .array([]) }
                while true {
                    items.append(try parseValue())
                    skipSpace()
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    guard bytes[i] == UInt8(ascii: "]") else { throw ParseError() }
                    i += 1
                    return .array(items)
                }
            case UInt8(ascii: "{"):
                i += 1
                var pairs: [(String, JSON)] = []
                skipSpace()
                if bytes[i] == UInt8(ascii: "}") { i += 1; return .object([]) }
                while true {
                    skipSpace()
                    let key = try parseString()
                    skipSpace()
                    guard bytes[i] == UInt8(ascii: ":") else { throw ParseError() }
                    i += 1
                    pairs.append((key, try parseValue()))
                    skipSpace()
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    guard bytes[i] == UInt8(ascii: "}") else { throw ParseError() }
                    i += 1
                    return .object(pairs)
                }
            default:
                let start = i
                while i < bytes.count, "+-0123456789.eE".utf8.contains(bytes[i]) { i += 1 }
                return .number(String(decoding: bytes[start..<i], as: UTF8.self))
            }
        }

        mutating func parseString() throws -> String {
            guard bytes[i] == UInt8(ascii: "\"") else { throw ParseError() }
            i += 1
            var out: [UInt8] = []
            while i < bytes.count {
                let c = bytes[i]
                i += 1
                if c == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
                if c == UInt8(ascii: "\\") {
                    let e = bytes[i]
                    i += 1
                    switch e {
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "u"):
                        let hex = String(decoding: bytes[i..<(i + 4)], as: UTF8.self)
                        i += 4
                        out.append(contentsOf: Array(String(Unicode.Scalar(UInt32(hex, radix: 16) ?? 0xFFFD) ?? "?").utf8))
                    default: out.append(e)
                    }
                } else {
                    out.append(c)
                }
            }
            throw ParseError()
        }
    }
}

/// The conformance case tables, one extension per topic (Conformance+Topic.swift).
enum Conformance {}
