import Foundation
import GoTemplate
@testable import ShuttleKit
import Testing
import TestSupport

/// shuttle's own template functions; cases from pkg/templates/funcs_test.go and spec §4.
@Suite struct ShuttleFunctionsTests {
    static let input: Value = ["a": "Easy!", "b": ["c": 2, "h": "ewff"]]
    static let nested: Value = ["a": ["b": ["c": [4, "c"]]]]
    static func pair(_ key: String, _ value: Value) -> Value {
        .record(Record(typeName: "templates.KeyValuePair", fields: [("Key", .string(key)), ("Value", value)]))
    }

    @Test(arguments: [
        FunctionCase("strConst", ["log.console.as.json"], "LOG_CONSOLE_AS_JSON"),
        FunctionCase("strConst", ["plain"], "PLAIN"),
        FunctionCase("string", ["b.h", input], "ewff"),
        FunctionCase("string", ["b.c", input], "2"),
        FunctionCase("string", ["b", input], "map[c:2 h:ewff]"),
        FunctionCase("string", ["missing", input], ""),
        FunctionCase("int", ["b.c", input], 2),
        FunctionCase("int", ["missing", input], 0),
        FunctionCase("int", ["b.h", input], error: "interface conversion: interface {} is string, not int"),
        FunctionCase("get", ["b", nil], nil),
        FunctionCase("get", ["b", [:]], nil),
        FunctionCase("get", ["b", input], ["c": 2, "h": "ewff"]),
        FunctionCase("get", ["a.b.c", nested], [4, "c"]),
        FunctionCase("get", ["a.x.c", nested], nil),
        FunctionCase("get", ["a.b.c.d", nested], nil),
        FunctionCase("get", ["a.b", ["a": 1.5]], nil),
        FunctionCase("get", ["a", ["a": false]], false),
        FunctionCase("get", [1, input], error: "wrong type for value; expected string; got int"),
        FunctionCase("array", ["b", nil], []),
        FunctionCase("array", ["b", ["b": nil]], []),
        FunctionCase("array", ["b", ["b": ["a"]]], ["a"]),
        FunctionCase("array", ["b", ["b": [["name": "a", "field": "b"]]]], [["name": "a", "field": "b"]]),
        FunctionCase("array", ["a", ["a": ["b", "d", "e", "g", "h", "f", "i", "s", "k", "c"]]], ["b", "d", "e", "g", "h", "f", "i", "s", "k", "c"]),
        FunctionCase("array", ["a", ["a": ["b": "b", "d": "d", "e": "e", "g": "g", "h": "h", "f": "f", "c": "c"]]], ["b", "c", "d", "e", "f", "g", "h"]),
        FunctionCase("array", ["a", ["a": "scalar"]], []),
        FunctionCase("objectArray", ["b", nil], []),
        FunctionCase("objectArray", ["b", [:]], []),
        FunctionCase("objectArray", ["b", input], [pair("c", 2), pair("h", "ewff")]),
        FunctionCase("objectArray", ["a", ["a": ["s": 19, "b": 2, "k": 11]]], [pair("b", 2), pair("k", 11), pair("s", 19)]),
        FunctionCase("objectArray", ["a", ["a": "b"]], []),
        FunctionCase("is", [1, 1], true),
        FunctionCase("is", ["a", "b"], false),
        FunctionCase("is", [1, 1.0], false),
        FunctionCase("is", [1, "1"], false),
        FunctionCase("is", [nil, nil], true),
        FunctionCase("is", [[1], [1]], error: "runtime error: comparing uncomparable type []interface {}"),
        FunctionCase("is", [[1], "x"], false),
        FunctionCase("isnt", [1, 2], true),
        FunctionCase("isnt", ["a", "a"], false),
        FunctionCase("trim", ["  padded \n"], "padded"),
        FunctionCase("upperFirst", ["hello world"], "Hello world"),
        FunctionCase("upperFirst", ["h"], "H"),
        FunctionCase("upperFirst", [""], ""),
        FunctionCase("upperFirst", ["Already"], "Already"),
        FunctionCase("rightPad", ["ab", 5], "ab   "),
        FunctionCase("rightPad", ["abcdef", 3], "abcdef"),
        FunctionCase("rightPad", ["é", 3], "é  "),
        FunctionCase("rightPad", ["x", 0], "x"),
    ])
    func shuttleFunction(_ c: FunctionCase) { c.check() }

    @Test func shuttleFunctionsReplaceSprigsOnClashes() throws {
        #expect(try FunctionMap.sprig["get"]?.body([["k": "v"], "k"]) == "v")
        #expect(try FunctionMap.shuttle["get"]?.body(["k", ["k": "v"]]) == "v")
        #expect(try FunctionMap.sprig["int"]?.body(["5"]) == 5)
        #expect(FunctionMap.shuttle["int"]?.arity == .exactly(2))
        #expect(FunctionMap.shuttle["upper"] != nil)
    }

    @Test func getFilesListsADirectorySortedByName() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("moonbase-getfiles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "hello".write(to: dir.appendingPathComponent("b.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("a-dir"), withIntermediateDirectories: true)
        try "".write(to: dir.appendingPathComponent("C.txt"), atomically: true, encoding: .utf8)

        guard case .list(let entries) = try call("getFiles", .string(dir.path)) else {
            Issue.record("getFiles did not return a list")
            return
        }
        let records = entries.compactMap { entry -> Record? in
            if case .record(let r) = entry { return r }
            return nil
        }
        #expect(records.map { $0[field: "Name"] } == ["C.txt", "a-dir", "b.txt"])
        #expect(records.map { $0[field: "IsDir"] } == [false, true, false])
        #expect(records[2][field: "Size"] == 5)
        #expect(records[1][field: "Mode"]?.stringValue?.hasPrefix("d") == true)
        #expect(records[2][field: "Mode"]?.stringValue?.hasPrefix("-") == true)
        if case .time(let modified)? = records[2][field: "ModTime"] {
            #expect(abs(modified.date.timeIntervalSinceNow) < 60)
        } else {
            Issue.record("ModTime is not a time")
        }
        #expect(try call("getFiles", .string(dir.appendingPathComponent("missing").path)) == [])
    }

    @Test func fileContentAndExistence() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("moonbase-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("content.txt")
        try "line 1\nline 2\n".write(to: file, atomically: true, encoding: .utf8)

        #expect(try call("getFileContent", .string(file.path)) == "line 1\nline 2\n")
        #expect(try call("fileExists", .string(file.path)) == true)
        #expect(try call("fileExists", .string(dir.path)) == true)
        #expect(try call("fileExists", .string(dir.appendingPathComponent("nope").path)) == false)
        #expect(try call("fileExists", .string(file.appendingPathComponent("under-a-file").path)) == false)

        let missing = dir.appendingPathComponent("nope").path
        let error = #expect(throws: FunctionError.self) { try call("getFileContent", .string(missing)) }
        #expect(error?.message == "open \(missing): no such file or directory")
        let dirError = #expect(throws: FunctionError.self) { try call("getFileContent", .string(dir.path)) }
        #expect(dirError?.message == "read \(dir.path): is a directory")
    }
}

@Suite struct ShuttleFunctionEdgeTests {
    @Test(arguments: [
        FunctionCase("rightPad", ["x", .int(Int.min)], "%!(BADWIDTH)x"),
        FunctionCase("rightPad", ["x", 2_000_000], "%!(BADWIDTH)x"),
        FunctionCase("rightPad", ["x", -3], "x  "),
        FunctionCase("indent", [-1, "x"], error: "strings: negative Repeat count"),
    ])
    func edgeCase(_ c: FunctionCase) { c.check() }

    @Test func deeplyNestedJSONIsRefusedNotACrash() throws {
        let error = #expect(throws: FunctionError.self) { try call("mustFromJson", .string(String(repeating: "[", count: 20000))) }
        #expect(error?.message == "exceeded max depth")
        let deep = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(try call("toJson", call("mustFromJson", .string(deep))) == .string(deep))
    }
}

/// How shuttle's functions sit on top of sprig's, and that none can trap.
@Suite struct ShuttleFunctionMapTests {
    @Test func shuttleAddsItsFunctionsOnTopOfSprig() {
        let shuttleOwn = ["array", "fileExists", "fromYaml", "get", "getFileContent", "getFiles", "int", "is", "isnt",
                          "objectArray", "rightPad", "strConst", "string", "toYaml", "trim", "upperFirst"]
        for name in shuttleOwn { #expect(FunctionMap.shuttle[name] != nil, "missing shuttle function \(name)") }
        #expect(Set(FunctionMap.sprig.names).isSubset(of: Set(FunctionMap.shuttle.names)))
        #expect(FunctionMap.shuttle.names.count == FunctionMap.sprig.names.count + shuttleOwn.count - 3)
    }

    @Test func theDocumentationMentionsEveryFunction() throws {
        let docs = try String(contentsOfFile: #filePath.replacingOccurrences(
            of: "Tests/ShuttleKitTests/ShuttleFunctionsTests.swift", with: "docs/templates.md"), encoding: .utf8)
        for name in FunctionMap.shuttle.names {
            #expect(docs.contains("`\(name)") || docs.contains(" \(name)`") || docs.contains("`\(name)`"), "docs miss \(name)")
        }
    }

    @Test(arguments: ShuttleFunctions.functions.map(\.name))
    func awkwardArgumentsNeverTrap(_ name: String) throws {
        FunctionRobustness.check(try #require(FunctionMap.shuttle[name]))
    }
}

/// shuttle's functions called from real templates: pipelines and argument order end to end.
@Suite struct ShuttleFunctionsInTemplatesTests {
    static let data: Value = [
        "Vars": ["docker": ["image": "app", "tag": "1.2.3"], "replicas": 3, "env": ["B": "2", "A": "1"], "list": ["x", "y"]],
        "Args": ["name": "world"],
        "Empty": "",
    ]

    @Test(arguments: [
        (#"{{ get "docker.image" .Vars }}"#, "app"),
        (#"{{ string "replicas" .Vars }}"#, "3"),
        (#"{{ int "replicas" .Vars | add 1 }}"#, "4"),
        (#"{{ range array "list" .Vars }}{{ . }};{{ end }}"#, "x;y;"),
        (#"{{ range objectArray "env" .Vars }}{{ .Key }}={{ .Value }} {{ end }}"#, "A=1 B=2 "),
        (#"{{ strConst "log.console.as.json" }}"#, "LOG_CONSOLE_AS_JSON"),
        (#"{{ if is .Args.name "world" }}hi{{ end }}{{ if isnt .Args.name "x" }}!{{ end }}"#, "hi!"),
        // yaml.v2's maps: the top one has string keys (shuttle unmarshals into map[string]interface{}),
        // those inside have interface keys, which JSON cannot encode (sprig's toJson then gives "").
        (#"{{ $v := fromYaml "docker: {image: app}" }}{{ typeOf $v }}|{{ typeOf $v.docker }}|{{ $v.docker.image }}|[{{ toJson $v }}]|{{ $v | toYaml | trim }}"#,
         "map[string]interface {}|map[interface {}]interface {}|app|[]|docker:\n  image: app"),
        (#"{{ $v := fromYaml "a: 1" }}{{ toJson $v }}|{{ hasKey $v "a" }}"#, #"{"a":1}|true"#),
        // `is` is Go's interface equality: an int64 is never an int, unlike `eq`.
        (#"{{ is 1 (add 0 1) }} {{ isnt 1 (add 0 1) }} {{ is (add 0 1) (int64 1) }} {{ eq 1 (add 0 1) }}"#, "false true true true"),
        (#"{{ .Vars.docker | toYaml }}"#, "image: app\ntag: 1.2.3\n"),
        (#"{{ (fromYaml "a: [1, 2]").a }}"#, "[1 2]"),
        (#"{{ upperFirst "build it" }}|{{ rightPad "ab" 4 }}|{{ trim "  x  " }}"#, "Build it|ab  |x"),
        (#"{{ get "docker.missing" .Vars }}"#, "<no value>"),
    ])
    func shuttleFunctionsInATemplate(text: String, expected: String) throws {
        let template = try Template(name: "t", text: text, functions: .shuttle)
        #expect(try template.execute(Self.data) == expected)
    }

    @Test(arguments: [
        (#"{{ mustToJson (fromYaml "a: {b: 1}") }}"#, "error calling mustToJson: json: unsupported type: map[interface {}]interface {}"),
        (#"{{ $v := fromYaml "a: {b: 1}" }}{{ hasKey $v.a "b" }}"#,
         "wrong type for value; expected map[string]interface {}; got map[interface {}]interface {}"),
    ])
    func nestedYAMLMapsAreRefusedWhereGoRefusesThem(text: String, message: String) throws {
        let template = try Template(name: "t", text: text, functions: .shuttle)
        #expect(throws: TemplateError.self) { try template.execute(Self.data) }
        do {
            _ = try template.execute(Self.data)
        } catch {
            #expect("\(error)".hasSuffix(message))
        }
    }
}
