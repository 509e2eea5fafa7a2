import Testing

/// Parse and execution errors: Go's wording, template name, line and column.
extension Conformance {
    static let errors: [Case] = [
        Case("unclosed action", #"{{.a"#, #""#, err: #"template: t:1: unclosed action"#),
        Case("unclosed action multiline", #"{{if\#n\#n.a"#, #""#, err: #"template: t:3: unclosed action started at t:1"#),
        Case("unclosed action spans lines", #"a\#n{{.a\#n\#n"#, #""#, err: #"template: t:4: unclosed action started at t:2"#),
        Case("unexpected EOF", #"{{if true}}\#nx\#n"#, #""#, err: #"template: t:3: unexpected EOF"#),
        Case("unexpected right brace", #"{{.a}"#, #""#, err: #"template: t:1: bad character U+007D '}'"#),
        Case("unexpected brace in operand", #"{{}}"#, #""#, err: #"template: t:1: missing value for command"#),
        Case("empty action", #"{{ }}"#, #""#, err: #"template: t:1: missing value for command"#),
        Case("unexpected close paren", #"{{)}}"#, #""#, err: #"template: t:1: unexpected right paren"#), // manual
        Case("unclosed paren", #"{{(1}}"#, #""#, err: #"template: t:1: unclosed left paren"#),
        Case("unclosed paren EOF", #"{{(1"#, #""#, err: #"template: t:1: unclosed action"#),
        Case("empty parens", #"{{()}}"#, #""#, err: #"template: t:1: missing value for parenthesized pipeline"#),
        Case("unexpected pipe", #"{{|}}"#, #""#, err: #"template: t:1: unexpected "|" in command"#),
        Case("pipe at end", #"{{.a |}}"#, #"@std"#, out: #"1"#),
        Case("double pipe", #"{{.a || .b}}"#, #"@std"#, err: #"template: t:1: unexpected "|" in command"#),
        Case("unrecognized character", #"{{\#u{1}}}"#, #""#, err: #"template: t:1: unrecognized character in action: U+0001"#),
        Case("unicode in action", #"{{☺}}"#, #""#, err: #"template: t:1: unrecognized character in action: U+263A '☺'"#),
        Case("bad character after identifier", #"{{print%}}"#, #""#, err: #"template: t:1: bad character U+0025 '%'"#),
        Case("comma outside range", #"{{1,2}}"#, #""#, err: #"template: t:1: unexpected "," in operand"#),
        Case("colon without equals", #"{{$x : 1}}"#, #""#, err: #"template: t:1: undefined variable "$x""#),
        Case("assign without variable", #"{{= 1}}"#, #""#, err: #"template: t:1: unexpected "=" in command"#),
        Case("declare without variable", #"{{:= 1}}"#, #""#, err: #"template: t:1: unexpected ":=" in command"#),
        Case("missing value for command", #"{{$x :=}}"#, #""#, err: #"template: t:1: missing value for command"#),
        Case("unexpected keyword in operand", #"{{print if}}"#, #""#, err: #"template: t:1: unexpected <if> in operand"#),
        Case("unexpected end in pipeline", #"{{print end}}"#, #""#, err: #"template: t:1: unexpected <end> in operand"#),
        Case("unexpected EOF with delim text", #"{{if true}}{{end"#, #""#, err: #"template: t:1: unclosed action"#),
        Case("error on line 3", #"a\#nb\#n{{.a.b}}"#, #"{"a": null}"#, err: #"template: t:3:4: executing "t" at <.a.b>: nil pointer evaluating interface {}.b"#),
        Case("error column on line 2", #"x\#n  {{ .a.b }}"#, #"{"a": null}"#, err: #"template: t:2:7: executing "t" at <.a.b>: nil pointer evaluating interface {}.b"#),
        Case("nil pointer evaluating", #"{{ .a.b }}"#, #"{"a": null}"#, err: #"template: t:1:5: executing "t" at <.a.b>: nil pointer evaluating interface {}.b"#),
        Case("can't evaluate field in map value", #"{{.a.b}}"#, #"{"a": 1}"#, err: #"template: t:1:4: executing "t" at <.a.b>: can't evaluate field b in type interface {}"#),
        Case("error names template file", #"x: {{.a.b}}"#, #"{"a": "s"}"#, err: #"template: deployment.yaml:1:7: executing "deployment.yaml" at <.a.b>: can't evaluate field b in type interface {}"#, name: "deployment.yaml"),
        Case("parse error names template file", #"{{.a"#, #""#, err: #"template: deployment.yaml:1: unclosed action"#, name: "deployment.yaml"),
        Case("error context is whole command", #"{{index .list 9}}"#, #"@std"#, err: #"template: t:1:2: executing "t" at <index .list 9>: error calling index: index out of range: 9"#),
        Case("error context nested", #"{{print (index .list 9)}}"#, #"@std"#, err: #"template: t:1:9: executing "t" at <index .list 9>: error calling index: index out of range: 9"#),
        Case("error context pipeline", #"{{.list | index .list 9}}"#, #"@std"#, err: #"template: t:1:10: executing "t" at <index .list 9>: error calling index: index out of range: 9"#),
        Case("error in range node", #"{{range .b}}{{end}}"#, #"@std"#, err: #"template: t:1:8: executing "t" at <.b>: range can't iterate over two"#),
        Case("error in if after text", #"line1\#n{{if .a}}{{.a.b}}{{end}}"#, #"{"a": 1}"#, err: #"template: t:2:13: executing "t" at <.a.b>: can't evaluate field b in type interface {}"#),
        Case("wrong number of args", #"{{len}}"#, #""#, err: #"template: t:1:2: executing "t" at <len>: wrong number of args for len: want 1 got 0"#),
        Case("error calling", #"{{fail}}"#, #""#, err: #"template: t:1:2: executing "t" at <fail>: error calling fail: boom"#),
        Case("error calling with args", #"{{upper 1}}"#, #""#, err: #"template: t:1:2: executing "t" at <upper 1>: error calling upper: upper wants a string"#),
        Case("error calling in pipeline", #"{{1 | upper}}"#, #""#, err: #"template: t:1:6: executing "t" at <upper>: error calling upper: upper wants a string"#),
        Case("undefined function", #"{{foo}}"#, #""#, err: #"template: t:1: function "foo" not defined"#),
        Case("undefined function line 2", #"a\#n{{foo}}"#, #""#, err: #"template: t:2: function "foo" not defined"#),
        Case("undefined variable", #"{{$foo}}"#, #""#, err: #"template: t:1: undefined variable "$foo""#),
        Case("unexpected EOF in define", #"{{define "a"}}\#n{{if true}}"#, #""#, err: #"template: t:2: unexpected EOF"#),
        Case("non executable command", #"{{.a | 1}}"#, #"@std"#, err: #"template: t:1: non executable command in pipeline stage 2"#),
        Case("non executable stage 3", #"{{.a | print | true}}"#, #"@std"#, err: #"template: t:1: non executable command in pipeline stage 3"#),
        Case("template name not string", #"{{template .a}}"#, #""#, err: #"template: t:1: unexpected ".a" in template clause"#),
        Case("template name bad quote", #"{{template "a\q"}}"#, #""#, err: #"template: t:1: invalid syntax"#),
        Case("long token quoted", #"{{"abcdefghijklmnop" (}}"#, #""#, err: #"template: t:1: unclosed left paren"#),
        Case("long token in error", #"{{if true}}{{else abcdefghijklmnop}}{{end}}"#, #""#, err: #"template: t:1: unexpected "abcdefghij"... in else"#),
        Case("error after output", #"ok{{.a.b}}"#, #"{"a": null}"#, err: #"template: t:1:6: executing "t" at <.a.b>: nil pointer evaluating interface {}.b"#),
        Case("recursion limit", #"{{define "r"}}{{template "r"}}{{end}}{{template "r"}}"#, #""#, err: #"template: t:1:25: executing "r" at <{{template "r"}}>: exceeded maximum template depth (1000)"#), // manual
    ]
}

@Suite struct ConformanceErrors {
    @Test(arguments: Conformance.errors) func errors(_ c: Case) { c.check() }
}
