import Testing
import GoTemplate

/// The public API and the limits that keep hostile templates from hurting the process.
@Suite struct TemplateTests {
    @Test func parsesOnceAndExecutesManyTimes() throws {
        let template = try Template(name: "t", text: "hello {{.name}}")
        #expect(try template.execute(["name": "a"]) == "hello a")
        #expect(try template.execute(["name": "b"]) == "hello b")
    }

    @Test func executesConcurrently() async throws {
        let template = try Template(name: "t", text: #"{{range .}}{{printf "%03d" .}}{{end}}"#)
        try await withThrowingTaskGroup(of: String.self) { group in
            for i in 0..<32 {
                group.addTask { try template.execute(.list([.int(i), .int(i + 1)])) }
            }
            var outputs: [String] = []
            for try await output in group { outputs.append(output) }
            #expect(outputs.count == 32)
            #expect(outputs.allSatisfy { $0.count == 6 })
        }
    }

    @Test func executesAssociatedTemplatesByName() throws {
        let template = try Template(name: "main", text: #"{{define "a"}}A{{.}}{{end}}{{define "b"}}B{{template "a" .}}{{end}}main"#)
        #expect(try template.execute(templateNamed: "b", data: 1) == "BA1")
        #expect(try template.execute(.null) == "main")
        #expect(template.templateNames == ["a", "b", "main"])
        #expect(throws: TemplateError.self) { try template.execute(templateNamed: "zzz", data: .null) }
    }

    @Test func functionsOverrideBuiltins() throws {
        let functions = FunctionMap([Function("len", arity: .exactly(1)) { _ in "custom" }])
        let template = try Template(name: "t", text: "{{len .}}", functions: functions)
        #expect(try template.execute([1, 2]) == "custom")
    }

    @Test func overriddenAndDoesNotShortCircuit() throws {
        let functions = FunctionMap([Function("and", arity: .atLeast(0)) { args in .int(args.count) }])
        let template = try Template(name: "t", text: "{{and false 1 2}}", functions: functions)
        #expect(try template.execute(.null) == "3")
    }

    @Test func breakIsAnIdentifierWhenAFunctionHasItsName() throws {
        let functions = FunctionMap([Function("break", arity: .exactly(0)) { _ in "brk" }])
        let template = try Template(name: "t", text: "{{break}}", functions: functions)
        #expect(try template.execute(.null) == "brk")
    }

    @Test func functionErrorsAreReportedWithTheirName() throws {
        struct Custom: Error, CustomStringConvertible { var description: String { "custom failure" } }
        let functions = FunctionMap([Function("bad", arity: .exactly(0)) { _ in throw Custom() }])
        let template = try Template(name: "t", text: "{{bad}}", functions: functions)
        #expect(throws: TemplateError(#"template: t:1:2: executing "t" at <bad>: error calling bad: custom failure"#, name: "t", line: 1, column: 2)) {
            try template.execute(.null)
        }
    }

    @Test func errorsDescribeThemselvesAsGoDoes() {
        #expect(throws: TemplateError(#"template: t:1: function "foo" not defined"#, name: "t", line: 1)) {
            try Template(name: "t", text: "{{foo}}")
        }
        #expect(throws: TemplateError("template: t:2: unexpected EOF", name: "t", line: 2)) {
            try Template(name: "t", text: "{{if .x}}\n")
        }
        #expect(throws: TemplateError(#"template: t:1:5: executing "t" at <.a.b>: nil pointer evaluating interface {}.b"#, name: "t", line: 1, column: 5)) {
            try Template(name: "t", text: "{{ .a.b }}").execute(["a": nil])
        }
    }

    @Test func deepTemplateRecursionIsAnError() throws {
        let template = try Template(name: "t", text: #"{{define "r"}}{{if true}}{{with .}}{{template "r" .}}{{end}}{{end}}{{end}}{{template "r" 1}}"#)
        #expect(throws: TemplateError.self) { try template.execute(.null) }
        do {
            _ = try template.execute(.null)
        } catch {
            #expect("\(error)".hasSuffix("exceeded maximum template depth (1000)"))
        }
    }

    @Test func deepNestingIsAParseError() {
        let parens = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        #expect(throws: TemplateError.self) { try Template(name: "t", text: "{{" + parens + "}}") }
        let ifs = String(repeating: "{{if 1}}", count: 5000) + String(repeating: "{{end}}", count: 5000)
        #expect(throws: TemplateError.self) { try Template(name: "t", text: ifs) }
    }

    @Test func moderateNestingWorks() throws {
        let parens = String(repeating: "(", count: 100) + "1" + String(repeating: ")", count: 100)
        #expect(try Template(name: "t", text: "{{" + parens + "}}").execute(.null) == "1")
        let ifs = String(repeating: "{{if 1}}", count: 100) + "x" + String(repeating: "{{end}}", count: 100)
        #expect(try Template(name: "t", text: ifs).execute(.null) == "x")
    }

    @Test func hugeRangesEndInAnError() throws {
        let template = try Template(name: "t", text: "{{range .}}{{end}}")
        #expect(throws: TemplateError.self) { try template.execute(.int(Int.max)) }
        let printing = try Template(name: "t", text: "{{range .}}xxxxxxxxxxxxxxxx{{end}}")
        #expect(throws: TemplateError.self) { try printing.execute(.int(Int.max)) }
    }

    @Test func hugePaddingIsBounded() throws {
        let template = try Template(name: "t", text: #"{{printf "%1000000d" 1}}"#)
        #expect(try template.execute(.null).count == 1_000_000)
    }

    @Test func errorsCarryTheirPositionAsFields() {
        let execution = #expect(throws: TemplateError.self) {
            try Template(name: "deploy.yaml", text: "a\nb\n  {{ .x.y }}").execute(["x": 1])
        }
        #expect(execution?.name == "deploy.yaml")
        #expect(execution?.line == 3)
        #expect(execution?.column == 7)
        let parse = #expect(throws: TemplateError.self) { try Template(name: "svc.tmpl", text: "\n\n{{ end }}") }
        #expect(parse?.name == "svc.tmpl")
        #expect(parse?.line == 3)
        #expect(parse?.column == nil)
    }

    @Test func recordsEvaluateFieldsByName() throws {
        let vars = Value.record(Record(typeName: "main.Vars", fields: [("Env", "prod"), ("Replicas", 3)]))
        let template = try Template(name: "t", text: "{{.Vars.Env}}/{{.Vars.Replicas}}")
        #expect(try template.execute(["Vars": vars]) == "prod/3")
        #expect(throws: TemplateError(#"template: t:1:2: executing "t" at <.Nope>: can't evaluate field Nope in type main.Vars"#, name: "t", line: 1, column: 2)) {
            try Template(name: "t", text: "{{.Nope}}").execute(vars)
        }
    }
}

@Suite struct NestedExecutionTests {
    /// A function that executes another template, as Helm's `include` does.
    static func including(_ templates: @escaping @Sendable () -> Template?) -> FunctionMap {
        FunctionMap([Function("include", arity: .exactly(2)) { args in
            guard let template = templates(), case .string(let name) = args[0] else { throw FunctionError("bad include") }
            return .string(try template.execute(templateNamed: name, data: args[1]))
        }])
    }

    @Test func errorsFromNestedExecutionAreWrappedAsGoDoes() throws {
        let box = TemplateBox()
        let template = try Template(name: "t", text: #"{{define "x"}}{{.a.b}}{{end}}{{include "x" .}}"#,
                                    functions: Self.including { box.template })
        box.template = template
        #expect(throws: TemplateError(#"template: t:1:31: executing "t" at <include "x" .>: error calling include: template: t:1:18: executing "x" at <.a.b>: nil pointer evaluating interface {}.b"#, name: "t", line: 1, column: 31)) {
            try template.execute(["a": nil])
        }
    }

    @Test func deeplyRecursiveIncludeEndsInAnError() throws {
        let box = TemplateBox()
        let template = try Template(name: "t", text: #"{{define "r"}}{{if .}}{{include "r" .}}{{end}}{{end}}{{include "r" 1}}"#,
                                    functions: Self.including { box.template })
        box.template = template
        #expect(throws: TemplateError.self) { try template.execute(.null) }
    }
}

final class TemplateBox: @unchecked Sendable {
    var template: Template?
}
