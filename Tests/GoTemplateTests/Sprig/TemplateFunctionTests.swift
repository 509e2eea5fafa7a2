import Testing
@testable import GoTemplate

/// sprig functions called from real templates, through `Template`: pipelines, argument order
/// and error reporting end to end.
@Suite struct TemplateFunctionTests {
    static let data: Value = [
        "Vars": ["docker": ["image": "app", "tag": "1.2.3"], "replicas": 3, "env": ["B": "2", "A": "1"], "list": ["x", "y"]],
        "Args": ["name": "world"],
        "Empty": "",
    ]

    @Test(arguments: [
        (#"{{ "hello" | upper | repeat 2 }}"#, "HELLOHELLO"),
        (#"{{ "hello" | substr 0 3 }}"#, "hel"),
        (#"{{ "fooo" | trunc 3 }}"#, "foo"),
        (#"{{ "a b c" | replace " " "-" }}"#, "a-b-c"),
        (#"{{ "I Am Henry VIII" | replace " " "-" }}"#, "I-Am-Henry-VIII"),
        (#"{{ "c" | cat "a" "b" }}"#, "a b c"),
        (#"{{ quote "a" 1 }}"#, #""a" "1""#),
        (#"{{ .Empty | default "foo" }}"#, "foo"),
        (#"{{ .Missing | default "123" }}"#, "123"),
        (#"{{ if contains "cat" "fair catch" }}1{{ end }}"#, "1"),
        (#"{{ "line1\nline2" | indent 2 }}"#, "  line1\n  line2"),
        (#"x:{{ "a: 1" | nindent 2 }}"#, "x:\n  a: 1"),
        (#"{{ list 1 2 3 | join "-" }}"#, "1-2-3"),
        (#"{{ list "c" "a" "b" | sortAlpha | join "" }}"#, "abc"),
        (#"{{ $v := "foo$bar$baz" | split "$" }}{{ $v._1 }}"#, "bar"),
        (#"{{ range $i, $e := until 3 }}{{ $i }}{{ $e }}{{ end }}"#, "001122"),
        (#"{{ seq 1 3 }}"#, "1 2 3"),
        (#"{{ 3 | add 1 2 }}"#, "6"),
        (#"{{ 3 | sub 14 }}"#, "11"),
        (#"{{ 4 | div 5 }}"#, "1"),
        (#"{{ 1 | mul "2" 3 "4" }}"#, "24"),
        (#"{{ 3 | addf 1.5 2.2 }}"#, "6.7"),
        (#"{{ 2 | divf 5 4 }}"#, "0.625"),
        (#"{{ max 1 5 3 }} {{ min 4 2 }}"#, "5 2"),
        (#"{{ list 1 2 3 | first }} {{ list 1 2 3 | last }} {{ list 1 2 3 | rest }}"#, "1 3 [2 3]"),
        (#"{{ list | first }}"#, "<no value>"),
        (#"{{ list 1 2 3 | has 2 }}"#, "true"),
        (#"{{ without (list 1 2 3 4) 1 }}"#, "[2 3 4]"),
        (#"{{ range (list 1 2 3 4 5 | chunk 2) }}{{ . | join "-" }}|{{ end }}"#, "1-2|3-4|5|"),
        (#"{{ $d := dict "a" 1 "b" 2 }}{{ $d.b }} {{ keys $d | sortAlpha }}"#, "2 [a b]"),
        (#"{{ $d := dict "one" 1 "two" 222222 }}{{ pick $d "two" }}"#, "map[two:222222]"),
        (#"{{ dict "a" 1 | toJson }}"#, #"{"a":1}"#),
        (#"{{ $d := dict "a" 1 }}{{ $d = set $d "b" 2 }}{{ $d.b }}"#, "2"),
        (#"{{ $d := dict "a" 1 "b" 2 }}{{ $d = unset $d "a" }}{{ keys $d }}"#, "[b]"),
        (#"{{ $m := merge (dict "a" 1) (dict "a" 2 "b" 3) }}{{ $m.a }}{{ $m.b }}"#, "13"),
        (#"{{ (fromJson "{\"foo\": 55}").foo }}"#, "55"),
        (#"{{ .Vars | toJson }}"#, #"{"docker":{"image":"app","tag":"1.2.3"},"env":{"A":"1","B":"2"},"list":["x","y"],"replicas":3}"#),
        (#"{{ b64enc "coffee" }} {{ "Y29mZmVl" | b64dec }}"#, "Y29mZmVl coffee"),
        (#"{{ sha256sum "Hello world!" | trunc 8 }}"#, "c0535e4b"),
        (#"{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }}"#, "-W-xxW-"),
        (#"{{ regexFindAll "a{2}" "aaaa" -1 | len }}"#, "2"),
        (#"{{ semverCompare "^1.2.0" "1.2.3" }}"#, "true"),
        (#"{{ (semver "1.2.3-beta.1+c0ff33").Prerelease }}"#, "beta.1"),
        (#"{{ toDate "2006-01-02" "2017-12-31" | date "02/01/2006" }}"#, "31/12/2017"),
        (#"{{ dateInZone "2006-01-02 15:04" 1560458379 "UTC" }}"#, "2019-06-13 20:39"),
        (#"{{ base "a/b/c.txt" }} {{ ext "c.txt" }} {{ dir "a/b/c" }}"#, "c.txt .txt a/b"),
        (#"{{ typeOf 1.5 }} {{ kindOf (list) }}"#, "float64 slice"),
        (#"{{ true | ternary "yes" "no" }}"#, "yes"),
        (#"{{ coalesce .Missing .Empty "x" }}"#, "x"),
        (#"{{ "http_server" | camelcase }} {{ "FirstName" | snakecase }} {{ "FirstName" | kebabcase }}"#, "HttpServer first_name first-name"),
    ])
    func sprigInATemplate(text: String, expected: String) throws {
        let template = try Template(name: "t", text: text, functions: .sprig)
        #expect(try template.execute(Self.data) == expected)
    }

    @Test(arguments: [
        (#"{{ 1 | first }}"#, "error calling first: Cannot find first on type int"),
        (#"{{ fail "boom" }}"#, "error calling fail: boom"),
        (#"{{ div 1 0 }}"#, "error calling div: runtime error: integer divide by zero"),
        (#"{{ upper 1 }}"#, "at <1>: expected string; found 1"),
        (#"{{ mustRegexFind "(" "x" }}"#, "error calling mustRegexFind: error parsing regexp"),
    ])
    func errorsReadAsGos(text: String, message: String) throws {
        let template = try Template(name: "t", text: text, functions: .sprig)
        let error = #expect(throws: (any Error).self) { try template.execute(Self.data) }
        #expect("\(error.map { "\($0)" } ?? "")".contains(message))
    }
}
