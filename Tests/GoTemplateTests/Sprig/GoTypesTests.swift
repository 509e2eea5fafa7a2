import Testing
@testable import GoTemplate

/// Go's integer types and argument type checks as the reference (Go text/template + sprig v3)
/// shows them: literals and `len` are `int`, sprig's arithmetic is `int64`, and an argument of
/// the wrong type is refused before the call, at the argument. Every expectation was checked
/// against Go 1.19 and sprig 3.2.3 with tools/sprig-oracle, except range over an integer (Go 1.22).
@Suite struct GoTypesTests {
    static let data: Value = ["n": 3, "s": "x", "m": ["k": "v"], "nothing": nil]

    static func render(_ text: String) throws -> String {
        try Template(name: "t", text: text, functions: .sprig).execute(data)
    }

    @Test(arguments: [
        (#"{{ printf "%T" 1 }} {{ printf "%T" .n }} {{ printf "%T" (len "ab") }} {{ printf "%T" (atoi "2") }}"#, "int int int int"),
        (#"{{ printf "%T" (add 1 2) }} {{ printf "%T" (int64 1) }} {{ printf "%T" (max 1 2) }} {{ printf "%T" (toDecimal "7") }}"#,
         "int64 int64 int64 int64"),
        (#"{{ typeOf (sub 3 1) }} {{ kindOf (mul 2 2) }} {{ typeOf (int "3") }} {{ typeOf (randInt 1 2) }}"#, "int64 int64 int int"),
        (#"{{ range until 2 }}{{ printf "%T " . }}{{ end }}"#, "int int "),
        // eq and lt compare basic kinds, so an int64 equals an int of the same value.
        (#"{{ eq 3 (add 1 2) }} {{ lt (add 1 1) 3 }} {{ eq (int64 2) 2 }}"#, "true true true"),
        (#"{{ typeIs "int64" (add1 1) }} {{ typeIs "int" (add1 1) }}"#, "true false"),
        (#"{{ add 1 2 | toJson }} {{ (add 1 2) | toString }} {{ printf "%d|%v" (add 1 2) (int64 4) }}"#, "3 3 3|4"),
        (#"{{ range $i := (int64 2) }}{{ printf "%T" $i }}{{ end }}"#, "int64int64"),
        (#"{{ duration (int64 95) }} {{ duration 95 }} {{ duration "95" }}"#, "1m35s 0s 1m35s"),
        // An integral float constant is an int where Go wants one.
        (#"{{ repeat 2.0 "x" }} {{ camelcase "a" }} {{ camelcase "foo-bar baz" }}"#, "xx A FooBarBaz"),
    ])
    func integerTypes(text: String, expected: String) throws {
        #expect(try Self.render(text) == expected)
    }

    @Test(arguments: [
        (#"{{ typeOf (splitList "," "a,b") }}|{{ typeOf (toStrings (list 1)) }}|{{ typeOf (keys (dict "a" 1)) }}"#,
         "[]string|[]string|[]string"),
        (#"{{ typeOf (sortAlpha (list "b" "a")) }}|{{ typeOf (regexFindAll "a" "aa" -1) }}|{{ typeOf (regexSplit "a" "bab" -1) }}"#,
         "[]string|[]string|[]string"),
        (#"{{ typeOf (until 2) }}|{{ typeOf (untilStep 0 4 2) }}|{{ kindOf (until 2) }}"#, "[]int|[]int|slice"),
        (#"{{ typeOf (split "," "a,b") }}|{{ (split "," "a,b")._1 }}|{{ kindOf (split "," "a") }}"#, "map[string]string|b|map"),
        // What sprig builds anew is []interface {} again, whatever it started from.
        (#"{{ typeOf (dict) }}|{{ typeOf (list) }}|{{ typeOf (append (splitList "," "a") "b") }}|{{ typeOf (rest (until 3)) }}"#,
         "map[string]interface {}|[]interface {}|[]interface {}|[]interface {}"),
        (#"{{ printf "%#v" (splitList "," "a") }}|{{ printf "%#v" (until 2) }}|{{ printf "%#v" (split "," "a") }}"#,
         #"[]string{"a"}|[]int{0, 1}|map[string]string{"_0":"a"}"#),
        (#"{{ splitList "," "a,b" | toJson }}|{{ split "," "a,b" | toJson }}|{{ join "-" (until 3) }}"#, #"["a","b"]|{"_0":"a","_1":"b"}|0-1-2"#),
    ])
    func typedSlicesAndMaps(text: String, expected: String) throws {
        #expect(try Self.render(text) == expected)
    }

    @Test func aMapOfAnotherTypeIsNotADictionary() throws {
        #expect(throws: TemplateError.self) { try Self.render(#"{{ hasKey (split "," "a") "_0" }}"#) }
        do {
            _ = try Self.render(#"{{ hasKey (split "," "a") "_0" }}"#)
        } catch {
            #expect("\(error)".hasSuffix("wrong type for value; expected map[string]interface {}; got map[string]string"))
        }
    }

    @Test(arguments: [
        // A literal of the wrong kind is judged by its syntax.
        (#"{{ upper 1 }}"#, #"template: t:1:9: executing "t" at <1>: expected string; found 1"#),
        (#"{{ repeat "a" "b" }}"#, #"template: t:1:10: executing "t" at <"a">: expected integer; found "a""#),
        (#"{{ repeat 2.5 "b" }}"#, #"template: t:1:10: executing "t" at <2.5>: expected integer; found 2.5"#),
        (#"{{ upper nil }}"#, #"template: t:1:9: executing "t" at <nil>: cannot assign nil to string"#),
        // Any other value by its Go type: an int64 is not an int.
        (#"{{ upper .n }}"#, #"template: t:1:9: executing "t" at <.n>: wrong type for value; expected string; got int"#),
        (#"{{ repeat (add 1 1) "a" }}"#,
         #"template: t:1:17: executing "t" at <1>: wrong type for value; expected int; got int64"#),
        (#"{{ upper .missing }}"#, #"template: t:1:9: executing "t" at <.missing>: invalid value; expected string"#),
        (#"{{ upper .nothing }}"#, #"template: t:1:9: executing "t" at <.nothing>: wrong type for value; expected string; got interface {}"#),
        (#"{{ repeat 2 .n }}"#, #"template: t:1:12: executing "t" at <.n>: wrong type for value; expected string; got int"#),
        // Arguments are checked in order against sprig's own signatures, whatever the body reads first.
        (#"{{ replace 1 2 3 }}"#, #"template: t:1:11: executing "t" at <1>: expected string; found 1"#),
        (#"{{ repeat 1 1 }}"#, #"template: t:1:12: executing "t" at <1>: expected string; found 1"#),
        (#"{{ regexMatch 1 "a" }}"#, #"template: t:1:14: executing "t" at <1>: expected string; found 1"#),
        (#"{{ fromJson .n }}"#, #"template: t:1:12: executing "t" at <.n>: wrong type for value; expected string; got int"#),
        (#"{{ hasKey 1 1 }}"#, #"template: t:1:10: executing "t" at <1>: can't handle 1 for arg of type map[string]interface {}"#),
        (#"{{ 1 | upper }}"#, #"template: t:1:7: executing "t" at <upper>: wrong type for value; expected string; got int"#),
    ])
    func argumentsOfTheWrongType(text: String, message: String) throws {
        #expect(throws: TemplateError.self) { try Self.render(text) }
        do {
            _ = try Self.render(text)
        } catch {
            #expect("\(error)" == message)
        }
    }
}
