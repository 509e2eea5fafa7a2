import GoCompat
import Testing

/// Hex, quoting, floats and Go's Unicode classes.
@Suite struct TextTests {
    @Test func hexEncodesAndDecodesEitherCase() {
        #expect(Hex.encode([0x00, 0x0f, 0xab, 0xff]) == "000fabff")
        #expect(Hex.encode([0xab], uppercase: true) == "AB")
        #expect(Hex.decode("000FabfF") == [0x00, 0x0f, 0xab, 0xff])
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
        #expect(Hex.digits(0xe9, width: 4) == "00e9")
    }

    @Test func stringsQuoteAsStrconvQuotes() throws {
        #expect(GoQuote.quote("a\"b\\\n\u{07}\u{1b}é\u{2028}") == #""a\"b\\\n\a\x1bé\u2028""#)
        #expect(GoQuote.quote("é", asciiOnly: true) == #""\u00e9""#)
        #expect(try GoQuote.unquote(#""\x41\u00e9\101""#) == "AéA")
    }

    @Test("floats as encoding/json writes them", arguments: [
        (1.0, "1"), (0.1, "0.1"), (1e20, "100000000000000000000"), (1e21, "1e+21"), (1e-7, "1e-7"), (-2.5e-7, "-2.5e-7"), (123.456, "123.456"),
    ])
    func jsonFloats(value: Double, text: String) {
        #expect(GoFloat.json(value) == text)
    }

    @Test func nonFiniteFloatsAreNotJSON() {
        #expect(GoFloat.json(.nan) == nil)
        #expect(GoFloat.json(.infinity) == nil)
    }

    @Test func unicodeClassesAreGos() {
        #expect(Unicode.Scalar(0x85)!.isGoSpace)
        #expect(!Unicode.Scalar(0x1C)!.isGoSpace)  // a separator Swift counts as white space
        #expect(Unicode.Scalar("٣").isGoDigit)
        #expect(!Unicode.Scalar("Ⅷ").isGoDigit && Unicode.Scalar("Ⅷ").isGoNumber)
        #expect(" \t é \n".trimmingGoSpace() == "é")
    }
}

/// RE2 semantics on ICU, for templates and branch restrictions alike.
@Suite struct GoRegexTests {
    @Test("$ is the end of the text, not of a line, outside multi-line mode")
    func dollarEndsTheText() throws {
        #expect(try !GoRegex("^master$").matches("master\n"))
        #expect(try GoRegex("(?m)^master$").matches("x\nmaster\ny"))
    }

    @Test("\\d, \\w and \\s are ASCII, as in RE2")
    func asciiClasses() throws {
        #expect(try !GoRegex(#"^\d+$"#).matches("٣"))
        #expect(try !GoRegex(#"^\w+$"#).matches("é"))
        #expect(try GoRegex(#"^[\w-]+$"#).matches("feature-x_1"))
    }

    @Test("named groups in RE2's (?P<name>…) form, and Go's replacement templates")
    func namedGroups() throws {
        let regex = try GoRegex(#"(?P<kind>feature|fix)/(?P<name>\w+)"#)
        #expect(regex.replaceAll("feature/login", with: "${name} ($kind)", literal: false) == "login (feature)")
    }

    @Test func invalidPatternsAreRefused() {
        #expect(throws: GoRegex.CompileError.self) { try GoRegex("^(master$") }
    }
}
