import GoCompat

/// A parsed Go `text/template`: the main template and its associated `{{define}}`/`{{block}}`
/// templates. Immutable and `Sendable`: parse once, execute many times from any task.
public struct Template: Sendable {
    public let name: String
    private let program: Program

    /// Parses `text` (and its `{{define}}`s). Throws `TemplateError` with Go's message.
    public init(name: String, text: String, leftDelimiter: String = "{{", rightDelimiter: String = "}}",
                functions: FunctionMap = FunctionMap()) throws {
        try self.init(name: name, text: text, leftDelimiter: leftDelimiter, rightDelimiter: rightDelimiter,
                      functions: functions, limits: Limits())
    }

    init(name: String, text: String, leftDelimiter: String = "{{", rightDelimiter: String = "}}",
         functions: FunctionMap = FunctionMap(), limits: Limits) throws(TemplateError) {
        self.name = name
        let trees = try Stack.run { (limit) throws(TemplateError) in
            try Parser.parse(name: name, text: text, leftDelim: leftDelimiter, rightDelim: rightDelimiter,
                             stackLimit: limit, resolve: { (name) -> Callee? in
                                if let function = functions[name] { return .user(function) }
                                if let builtin = Builtin(rawValue: name) { return .builtin(builtin) }
                                return nil
                             })
        }
        var lineStarts = [0]
        var offset = 0
        for byte in text.utf8 {
            offset += 1
            if byte == 0x0A { lineStarts.append(offset) }
        }
        program = Program(trees: trees, functions: functions, parseName: name, lineStarts: lineStarts, limits: limits)
    }

    /// Executes the template named `name` with `data` as dot.
    public func execute(_ data: Value) throws -> String {
        try execute(templateNamed: name, data: data)
    }

    /// Executes an associated template (`{{define "x"}}`) by name.
    public func execute(templateNamed templateName: String, data: Value) throws -> String {
        guard let tree = program.trees[templateName] else {
            throw TemplateError("template: no template \(GoQuote.quote(templateName)) associated with template \(GoQuote.quote(name))", name: name)
        }
        return try Stack.run { (limit) throws(TemplateError) in
            var state = State(program: program, templateName: templateName, data: data)
            state.stackLimit = limit
            let dot = state.vars[0].value
            _ = try state.walk(dot, tree)
            return state.out
        }
    }

    /// The names of the templates this text defines, sorted.
    public var templateNames: [String] { program.trees.keys.sorted() }
}
