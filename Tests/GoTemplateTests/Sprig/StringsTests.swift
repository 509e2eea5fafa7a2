import Testing
import TestSupport
@testable import GoTemplate

/// sprig's strings.go functions; cases from sprig's strings_test.go and its documentation.
@Suite struct StringsTests {
    @Test(arguments: [
        FunctionCase("trim", ["   5.00   "], "5.00"),
        FunctionCase("trim", ["\t\n x \u{A0}"], "x"),
        FunctionCase("trimAll", ["$", "$5.00$"], "5.00"),
        FunctionCase("trimall", ["$", "$5.00$"], "5.00"),
        FunctionCase("trimAll", ["-_", "-_a-b_-"], "a-b"),
        FunctionCase("trimPrefix", ["$", "$5.00"], "5.00"),
        FunctionCase("trimPrefix", ["x", "abc"], "abc"),
        FunctionCase("trimSuffix", ["$", "5.00$"], "5.00"),
        FunctionCase("trimSuffix", ["-", "a--"], "a-"),
        FunctionCase("trim", [1], error: "wrong type for value; expected string; got int"),
        FunctionCase("upper", ["hello"], "HELLO"),
        FunctionCase("upper", ["straße"], "STRAßE"),
        FunctionCase("lower", ["HELLO ÀÉ"], "hello àé"),
        FunctionCase("title", ["hello world"], "Hello World"),
        FunctionCase("title", ["hello-world foo_bar"], "Hello-World Foo_bar"),
        FunctionCase("title", ["élan vital"], "Élan Vital"),
        FunctionCase("untitle", ["Hello World"], "hello world"),
        FunctionCase("untitle", ["First Try"], "first try"),
        FunctionCase("substr", [0, 3, "fooo"], "foo"),
        FunctionCase("substr", [0, 10, "foo"], "foo"),
        FunctionCase("substr", [1, 3, "hello"], "el"),
        FunctionCase("substr", [-1, 2, "hello"], "he"),
        FunctionCase("substr", [2, -1, "hello"], "llo"),
        FunctionCase("substr", [4, 2, "hello"], error: "runtime error: slice bounds out of range [4:2]"),
        FunctionCase("substr", [-1, 10, "abc"], error: "runtime error: slice bounds out of range [:10] with length 3"),
        FunctionCase("substr", ["0", 1, "abc"], error: "wrong type for value; expected int; got string"),
        FunctionCase("repeat", [3, "hello"], "hellohellohello"),
        FunctionCase("repeat", [0, "x"], ""),
        FunctionCase("repeat", [-1, "x"], error: "strings: negative Repeat count"),
        FunctionCase("nospace", ["h e l l o "], "hello"),
        FunctionCase("nospace", ["a\tb\nc"], "abc"),
        FunctionCase("trunc", [3, "foooooo"], "foo"),
        FunctionCase("trunc", [-3, "baaaaaar"], "aar"),
        FunctionCase("trunc", [-999, "baaaaaar"], "baaaaaar"),
        FunctionCase("trunc", [0, "baaaaaz"], ""),
        FunctionCase("trunc", [10, "short"], "short"),
        FunctionCase("abbrev", [5, "hello world"], "he..."),
        FunctionCase("abbrev", [3, "hello"], "hello"),
        FunctionCase("abbrev", [20, "hello"], "hello"),
        FunctionCase("abbrevboth", [5, 10, "1234 5678 9123"], "...5678..."),
        FunctionCase("abbrevboth", [0, 4, "abcdefg"], "a..."),
        FunctionCase("abbrevboth", [1, 5, "abcdefghij"], "abcdefghij"),
        FunctionCase("initials", ["First Try"], "FT"),
        FunctionCase("initials", ["  hello  world "], "hw"),
        FunctionCase("initials", [""], ""),
        FunctionCase("wrap", [5, "Hello World"], "Hello\nWorld"),
        FunctionCase("wrap", [10, "a verylongwordhere b"], "a\nverylongwordhere\nb"),
        FunctionCase("wrapWith", [5, "\t", "Hello World"], "Hello\tWorld"),
        FunctionCase("wrapWith", [10, "\n", "a verylongwordhere b"], "a\nverylongwo\nrdhere b"),
        FunctionCase("contains", ["cat", "fair catch"], true),
        FunctionCase("contains", ["dog", "fair catch"], false),
        FunctionCase("contains", ["", "x"], true),
        FunctionCase("hasPrefix", ["cat", "catch"], true),
        FunctionCase("hasPrefix", ["dog", "catch"], false),
        FunctionCase("hasSuffix", ["cat", "ducat"], true),
        FunctionCase("hasSuffix", ["cat", "cattle"], false),
        FunctionCase("quote", ["a", "b", "c"], #""a" "b" "c""#),
        FunctionCase("quote", [#""a""#, "b", "c"], #""\"a\"" "b" "c""#),
        FunctionCase("quote", [1, 2, 3], #""1" "2" "3""#),
        FunctionCase("quote", [nil], ""),
        FunctionCase("quote", ["a\nb\t\\"], #""a\nb\t\\""#),
        FunctionCase("quote", ["héllo", "\u{7}"], #""héllo" "\a""#),
        FunctionCase("quote", ["\u{1}\u{A0}"], #""\x01\u00a0""#),
        FunctionCase("squote", ["a", "b", "c"], "'a' 'b' 'c'"),
        FunctionCase("squote", [1, 2, 3], "'1' '2' '3'"),
        FunctionCase("squote", [nil], ""),
        FunctionCase("cat", ["a", "b", "c"], "a b c"),
        FunctionCase("cat", ["a", "b", nil], "a b"),
        FunctionCase("cat", [1, 2.5, true, [1, 2]], "1 2.5 true [1 2]"),
        FunctionCase("cat", [], ""),
        FunctionCase("indent", [4, "a\nb\nc"], "    a\n    b\n    c"),
        FunctionCase("indent", [2, ""], "  "),
        FunctionCase("nindent", [4, "a\nb\nc"], "\n    a\n    b\n    c"),
        FunctionCase("replace", [" ", "-", "I Am Henry VIII"], "I-Am-Henry-VIII"),
        FunctionCase("replace", ["", "-", "ab"], "-a-b-"),
        FunctionCase("replace", ["aa", "b", "aaaaa"], "bba"),
        FunctionCase("plural", ["one anchovy", "many anchovies", 1], "one anchovy"),
        FunctionCase("plural", ["one anchovy", "many anchovies", 2], "many anchovies"),
        FunctionCase("plural", ["one anchovy", "many anchovies", 0], "many anchovies"),
        FunctionCase("snakecase", ["FirstName"], "first_name"),
        FunctionCase("snakecase", ["HTTPServer"], "http_server"),
        FunctionCase("snakecase", ["NoHTTPS"], "no_https"),
        FunctionCase("snakecase", ["GO_PATH"], "go_path"),
        FunctionCase("snakecase", ["GO PATH"], "go_path"),
        FunctionCase("snakecase", ["GO-PATH"], "go_path"),
        // xstrings 1.3.3, as sprig 3.2.3 requires (checked with tools/sprig-oracle).
        FunctionCase("snakecase", ["HTTP2XX"], "http2_xx"),
        FunctionCase("snakecase", ["Duration2m3s"], "duration_2m3s"),
        FunctionCase("snakecase", ["Bld4Floor3rd"], "bld4_floor_3rd"),
        FunctionCase("snakecase", ["ÄÖü"], "ä_öü"),
        FunctionCase("kebabcase", ["SomeHTTPRequest2Go"], "some-http-request2-go"),
        FunctionCase("camelcase", ["a"], "A"),
        FunctionCase("camelcase", ["foo-bar baz"], "FooBarBaz"),
        FunctionCase("snakecase", ["http2xx"], "http_2xx"),
        FunctionCase("snakecase", ["HTTP20xOK"], "http_20x_ok"),
        FunctionCase("kebabcase", ["FirstName"], "first-name"),
        FunctionCase("kebabcase", ["HTTPServer"], "http-server"),
        FunctionCase("kebabcase", ["GO_PATH"], "go-path"),
        FunctionCase("camelcase", ["http_server"], "HttpServer"),
        FunctionCase("camelcase", ["_camel_case"], "_CamelCase"),
        FunctionCase("camelcase", ["no_camel_case"], "NoCamelCase"),
        FunctionCase("camelcase", ["camel_case_"], "CamelCase_"),
        FunctionCase("camelcase", ["a__b"], "A_B"),
        FunctionCase("swapcase", ["This Is A.Test"], "tHIS iS a.tEST"),
        FunctionCase("swapcase", ["hello World"], "HELLO wORLD"),
        FunctionCase("toString", [1], "1"),
        FunctionCase("toString", ["s"], "s"),
        FunctionCase("toString", [nil], "<nil>"),
        FunctionCase("toString", [[1, 2]], "[1 2]"),
        FunctionCase("toString", [1.5], "1.5"),
        FunctionCase("hello", [], "Hello!"),
    ])
    func stringFunction(_ c: FunctionCase) { c.check() }

    @Test func shuffleKeepsTheCharacters() throws {
        let shuffled = try #require(try call("shuffle", "hello world").stringValue)
        #expect(shuffled.sorted() == "hello world".sorted())
    }

    @Test(arguments: ["randAlphaNum", "randAlpha", "randNumeric", "randAscii"])
    func randomStringsHaveTheRequestedLength(_ name: String) throws {
        let s = try #require(try call(name, 5).stringValue)
        #expect(s.count == 5)
        #expect(try call(name, 0) == "")
        #expect(try call(name, -1) == "")
    }

    @Test func randomStringsUseTheirAlphabet() throws {
        let alpha = try #require(try call("randAlpha", 200).stringValue)
        #expect(alpha.allSatisfy { $0.isASCII && $0.isLetter })
        let numeric = try #require(try call("randNumeric", 200).stringValue)
        #expect(numeric.allSatisfy { $0.isASCII && $0.isNumber })
        let ascii = try #require(try call("randAscii", 200).stringValue)
        #expect(ascii.unicodeScalars.allSatisfy { (32...126).contains($0.value) })
    }
}

/// Character classes follow Go's unicode package (general categories), not Swift's properties.
@Suite struct UnicodeClassTests {
    @Test(arguments: [
        FunctionCase("snakecase", ["Ⓐbc五"], "Ⓐ_bc_五"),
        FunctionCase("snakecase", ["ÉtéDéjà"], "été_déjà"),
        FunctionCase("swapcase", ["ǅx"], "ǆX"),
        FunctionCase("title", ["ǆemal 1st"], "ǅemal 1st"),
        FunctionCase("regexReplaceAll", ["a", "a", "[$ü]"], "[]"),
        FunctionCase("regexReplaceAll", ["(?P<x1>a)", "a", "[$x1]"], "[a]"),
    ])
    func categoryRule(_ c: FunctionCase) { c.check() }
}
