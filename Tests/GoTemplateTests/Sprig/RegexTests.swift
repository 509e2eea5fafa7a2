import Testing
import TestSupport
@testable import GoTemplate

/// sprig's regex.go functions; cases from regex_test.go plus RE2 behaviour checks.
@Suite struct RegexTests {
    static let email = "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}"

    @Test(arguments: [
        FunctionCase("regexMatch", [.string(email), "test@acme.com"], true),
        FunctionCase("regexMatch", [.string(email), "Test@Acme.Com"], true),
        FunctionCase("regexMatch", [.string(email), "test"], false),
        FunctionCase("regexMatch", [.string(email), "test.com"], false),
        FunctionCase("mustRegexMatch", [.string(email), "test@acme"], false),
        FunctionCase("mustRegexMatch", [.string(email), "test@acme.com"], true),
        FunctionCase("regexMatch", ["^Hello$", "Hello\n"], false),
        FunctionCase("regexMatch", ["(?m)^b$", "a\nb\nc"], true),
        FunctionCase("regexMatch", ["[$]", "a$"], true),
        FunctionCase("regexMatch", ["(", "x"], false),
        FunctionCase("regexFindAll", ["a{2}", "aa", -1], ["aa"]),
        FunctionCase("regexFindAll", ["a{2}", "aaaaaaaa", 1], ["aa"]),
        FunctionCase("regexFindAll", ["a{2}", "aaaa", -1], ["aa", "aa"]),
        FunctionCase("regexFindAll", ["a{2}", "none", -1], []),
        FunctionCase("regexFindAll", ["a*", "baaac", -1], ["", "aaa", ""]),
        FunctionCase("regexFindAll", ["[0-9]+", "a1b22c333", 2], ["1", "22"]),
        FunctionCase("mustRegexFindAll", ["a{2}", "aaaa", -1], ["aa", "aa"]),
        FunctionCase("regexFind", ["fo.?", "foorbar"], "foo"),
        FunctionCase("regexFind", ["fo.?", "foo foe fome"], "foo"),
        FunctionCase("regexFind", ["fo.?", "none"], ""),
        FunctionCase("mustRegexFind", ["fo.?", "foorbar"], "foo"),
        FunctionCase("regexReplaceAll", ["a(x*)b", "-ab-axxb-", "T"], "-T-T-"),
        FunctionCase("regexReplaceAll", ["a(x*)b", "-ab-axxb-", "$1"], "--xx-"),
        FunctionCase("regexReplaceAll", ["a(x*)b", "-ab-axxb-", "$1W"], "---"),
        FunctionCase("regexReplaceAll", ["a(x*)b", "-ab-axxb-", "${1}W"], "-W-xxW-"),
        FunctionCase("regexReplaceAll", ["a(x*)b", "-ab-", "$$1\\n"], "-$1\\n-"),
        FunctionCase("regexReplaceAll", ["(?P<first>\\w+) (?P<last>\\w+)", "John Smith", "${last} ${first}"], "Smith John"),
        FunctionCase("regexReplaceAll", ["(?P<first>\\w+) (?P<last>\\w+)", "John Smith", "$last"], "Smith"),
        FunctionCase("regexReplaceAll", ["x*", "abc", "-"], "-a-b-c-"),
        FunctionCase("mustRegexReplaceAll", ["a(x*)b", "-ab-axxb-", "${1}W"], "-W-xxW-"),
        FunctionCase("regexReplaceAllLiteral", ["a(x*)b", "-ab-axxb-", "T"], "-T-T-"),
        FunctionCase("regexReplaceAllLiteral", ["a(x*)b", "-ab-axxb-", "$1"], "-$1-$1-"),
        FunctionCase("regexReplaceAllLiteral", ["a(x*)b", "-ab-axxb-", "${1}"], "-${1}-${1}-"),
        FunctionCase("mustRegexReplaceAllLiteral", ["a(x*)b", "-ab-axxb-", "$1"], "-$1-$1-"),
        FunctionCase("regexSplit", ["a", "banana", -1], ["b", "n", "n", ""]),
        FunctionCase("regexSplit", ["a", "banana", 0], []),
        FunctionCase("regexSplit", ["a", "banana", 1], ["banana"]),
        FunctionCase("regexSplit", ["a", "banana", 2], ["b", "nana"]),
        FunctionCase("regexSplit", ["z+", "pizza", -1], ["pi", "a"]),
        FunctionCase("regexSplit", ["z+", "pizza", 0], []),
        FunctionCase("regexSplit", ["z+", "pizza", 1], ["pizza"]),
        FunctionCase("regexSplit", ["z+", "pizza", 2], ["pi", "a"]),
        FunctionCase("mustRegexSplit", ["/", "foo/bar/baz", -1], ["foo", "bar", "baz"]),
        FunctionCase("regexSplit", [",", "", -1], [""]),
        FunctionCase("regexMatch", ["a.b", "a\rb"], true),
        FunctionCase("regexMatch", ["a.b", "a\nb"], false),
        FunctionCase("regexMatch", ["(?s)a.b", "a\nb"], true),
        FunctionCase("regexMatch", ["^\\w+$", "é"], false),
        FunctionCase("regexFind", ["\\w+", "héllo"], "h"),
        FunctionCase("regexMatch", ["^\\d+$", "١٢"], false),
        FunctionCase("regexFindAll", ["[\\w-]+", "a-b c", -1], ["a-b", "c"]),
        FunctionCase("regexSplit", ["\\s+", "a \t b\u{A0}c", -1], ["a", "b\u{A0}c"]),
        FunctionCase("regexReplaceAll", ["[^\\d]", "a1b2", ""], "12"),
        FunctionCase("regexQuoteMeta", ["1.2.3"], "1\\.2\\.3"),
        FunctionCase("regexQuoteMeta", ["pretzel"], "pretzel"),
        FunctionCase("regexQuoteMeta", ["[a](b){c}^$*+?|\\"], "\\[a\\]\\(b\\)\\{c\\}\\^\\$\\*\\+\\?\\|\\\\"),
    ])
    func regexFunction(_ c: FunctionCase) { c.check() }

    @Test func invalidPatternsFailAsGoReportsThem() throws {
        let must = #expect(throws: FunctionError.self) { try call("mustRegexFind", "(", "x") }
        #expect(must?.message.hasPrefix("error parsing regexp: ") == true)
        let plain = #expect(throws: FunctionError.self) { try call("regexFind", "(", "x") }
        #expect(plain?.message.hasPrefix("regexp: Compile(`(`): error parsing regexp: ") == true)
        #expect(throws: FunctionError.self) { try call("mustRegexMatch", "a(b", "x") }
        #expect(throws: FunctionError.self) { try call("regexSplit", "[", "x", -1) }
    }
}
