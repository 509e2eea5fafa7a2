import GoCompat

/// The evaluator: walks a tree with data, as Go's `text/template/exec.go`.
///
/// A `State` holds the variable stack and writes into one `String`. Values travel as `Slot`s,
/// which keep the two distinctions of Go's `reflect.Value` that templates can observe: a missing
/// value (`<no value>`) versus a present one, and a value read out of a map or list (static type
/// `interface {}`) versus one with a concrete type.

/// A value as the evaluator holds it.
enum Slot {
    /// Go's invalid `reflect.Value`: a missing map key, nil data, a nil pipeline result.
    case invalid
    /// A value of a concrete type.
    case concrete(Value)
    /// A value held in an `interface {}`: a map entry, list element or function result.
    case boxed(Value)

    var value: Value {
        switch self {
        case .invalid: .null
        case .concrete(let v), .boxed(let v): v
        }
    }

    var isValid: Bool {
        if case .invalid = self { return false }
        return true
    }

    /// The pipeline's step that digs an `interface {}` down to its content (nil becomes invalid).
    var unwrapped: Slot {
        switch self {
        case .invalid: .invalid
        case .concrete(.null), .boxed(.null): .invalid
        case .boxed(let v): .concrete(v)
        case .concrete: self
        }
    }

    /// The Go type Go's messages name for this value.
    var typeName: String {
        switch self {
        case .invalid: "<nil>"
        case .boxed: "interface {}"
        case .concrete(let v): v.goTypeName
        }
    }
}

/// Everything execution reads: the trees of one parse, the functions and limits.
struct Program: Sendable {
    let trees: [String: ListNode]
    let functions: FunctionMap
    let parseName: String
    /// Byte offsets where each line starts, for `line:col` in errors.
    let lineStarts: [Int]
    let limits: Limits
}

/// Bounds on one execution, beyond Go's own: output size and integer-range iterations.
struct Limits: Sendable {
    var outputBytes = maxOutputBytes
    var rangeIterations = maxRangeIterations
}

/// Go's limit is 100000 nested template calls; ours fits Swift's thread stacks.
let maxTemplateDepth = 1000
/// Output beyond this is an error rather than unbounded memory use.
let maxOutputBytes = 256 * 1024 * 1024
/// Integer-range iterations allowed in one execution, so that `{{range 1000000000000}}` ends.
let maxRangeIterations = 10_000_000

struct State {
    let program: Program
    var templateName: String
    var vars: [(name: String, value: Slot)]
    var depth = 0
    var iterations = 0
    /// The lowest stack position this execution may reach (see `Stack`).
    var stackLimit: UInt = 0
    var node: Located?
    var out = ""

    init(program: Program, templateName: String, data: Value) {
        self.program = program
        self.templateName = templateName
        let dot: Slot = if case .null = data { .invalid } else { .concrete(data) }
        self.vars = [("$", dot)]
        self.out.reserveCapacity(8192)
    }

    enum Flow { case normal, breakLoop, continueLoop }

    // MARK: Errors

    func error(_ message: String) -> TemplateError {
        guard let node else {
            return TemplateError("template: \(templateName): \(message)", name: templateName)
        }
        let pos = node.pos
        // Binary search for the line of `pos`.
        var lo = 0
        var hi = program.lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if program.lineStarts[mid] <= pos { lo = mid } else { hi = mid - 1 }
        }
        let column = lo == 0 ? pos : pos - program.lineStarts[lo]
        return TemplateError(
            "template: \(program.parseName):\(lo + 1):\(column): executing \(GoQuote.quote(templateName)) at <\(node.description)>: \(message)",
            name: program.parseName, line: lo + 1, column: column)
    }

    // MARK: Variables

    mutating func push(_ name: String, _ value: Slot) { vars.append((name, value)) }

    mutating func setVar(_ name: String, _ value: Slot) throws(TemplateError) {
        var i = vars.count - 1
        while i >= 0 {
            if vars[i].name == name {
                vars[i].value = value
                return
            }
            i -= 1
        }
        throw error("undefined variable: \(name)")
    }

    func varValue(_ name: String) throws(TemplateError) -> Slot {
        var i = vars.count - 1
        while i >= 0 {
            if vars[i].name == name { return vars[i].value }
            i -= 1
        }
        throw error("undefined variable: \(name)")
    }

    // MARK: Walking

    private func checkStack() throws(TemplateError) {
        if Stack.position() < stackLimit {
            throw .stackExhausted(error("exceeded maximum template depth (\(maxTemplateDepth))"))
        }
    }

    mutating func walk(_ dot: Slot, _ list: ListNode) throws(TemplateError) -> Flow {
        try checkStack()
        for node in list.nodes {
            let flow = try walk(dot, node)
            if flow != .normal { return flow }
        }
        return .normal
    }

    mutating func walk(_ dot: Slot, _ node: Node) throws(TemplateError) -> Flow {
        switch node {
        case .text(let t):
            out += t.text
            if out.utf8.count > program.limits.outputBytes {
                self.node = .node(node)
                throw error("output exceeds \(program.limits.outputBytes) bytes")
            }
        case .action(let action):
            // evalPipeline sets the current node before anything reads it.
            let value = try evalPipeline(dot, action.pipe)
            if action.pipe.decl.isEmpty { try printValue(.node(node), value) }
        case .comment:
            break
        case .if(let branch):
            // walkIfOrWith's evalPipeline sets the current node before anything reads it.
            return try walkIfOrWith(isWith: false, dot, branch)
        case .with(let branch):
            return try walkIfOrWith(isWith: true, dot, branch)
        case .range(let branch):
            try walkRange(dot, branch, node)
        case .template(let t):
            self.node = .node(node)
            try walkTemplate(dot, t)
        case .break:
            return .breakLoop
        case .continue:
            return .continueLoop
        }
        return .normal
    }

    private mutating func walkIfOrWith(isWith: Bool, _ dot: Slot, _ branch: BranchNode) throws(TemplateError) -> Flow {
        let mark = vars.count
        defer { vars.removeSubrange(min(mark, vars.count)...) }
        let value = try evalPipeline(dot, branch.pipe)
        if value.value.isTruthy {
            return try walk(isWith ? value : dot, branch.list)
        } else if let elseList = branch.elseList {
            return try walk(dot, elseList)
        }
        return .normal
    }

    private mutating func walkRange(_ dot: Slot, _ r: BranchNode, _ node: Node) throws(TemplateError) {
        self.node = .node(node)
        let outerMark = vars.count
        defer { vars.removeSubrange(min(outerMark, vars.count)...) }
        let value = try evalPipeline(dot, r.pipe)
        let mark = vars.count
        let decl = r.pipe.decl

        // Returns false when the loop should stop ({{break}}).
        func iteration(_ state: inout State, index: Slot, element: Slot) throws(TemplateError) -> Bool {
            if !decl.isEmpty {
                if r.pipe.isAssign {
                    if decl.count > 1 {
                        try state.setVar(decl[0], index)
                    } else {
                        try state.setVar(decl[0], element)
                    }
                } else {
                    state.vars[state.vars.count - 1].value = element
                }
            }
            if decl.count > 1 {
                if r.pipe.isAssign {
                    try state.setVar(decl[1], element)
                } else {
                    state.vars[state.vars.count - 2].value = index
                }
            }
            defer { state.vars.removeSubrange(min(mark, state.vars.count)...) }
            let flow = try state.walk(element, r.list)
            return flow != .breakLoop
        }

        switch value.value {
        case .list(let items):
            if !items.isEmpty {
                for (i, item) in items.enumerated() {
                    if try !iteration(&self, index: .concrete(.int(i)), element: .boxed(item)) { break }
                }
                return
            }
        case .map(let map):
            if !map.isEmpty {
                for key in Value.goSortedKeys(map.entries) {
                    if try !iteration(&self, index: .concrete(.string(key)), element: .boxed(map[key] ?? .null)) { break }
                }
                return
            }
        case .int, .int64, .uint:
            if decl.count > 1 {
                throw error("can't use \(value.value.printed()) to iterate over more than one variable")
            }
            let count: UInt
            switch value.value {
            case .int(let n), .int64(let n): count = n > 0 ? UInt(n) : 0
            case .uint(let n): count = n
            default: count = 0
            }
            // Integer ranges are the only ones not bounded by the data: budget them.
            let limit = program.limits.rangeIterations
            iterations += Int(min(count, UInt(limit) + 1))
            if iterations > limit {
                throw error("range over \(value.value.printed()) exceeds the limit of \(limit) iterations")
            }
            if count > 0 {
                var i: UInt = 0
                while i < count {
                    let element: Slot = switch value.value {
                    case .uint: .concrete(.uint(i))
                    case .int64: .concrete(.int64(Int(i)))
                    default: .concrete(.int(Int(i)))
                    }
                    if try !iteration(&self, index: .invalid, element: element) { break }
                    i += 1
                }
                return
            }
        case .null:
            break
        default:
            throw error("range can't iterate over \(value.value.printed())")
        }
        if let elseList = r.elseList {
            _ = try walk(dot, elseList)
        }
    }

    private mutating func walkTemplate(_ dot: Slot, _ t: TemplateNode) throws(TemplateError) {
        guard let tree = program.trees[t.name] else {
            throw error("template \(GoQuote.quote(t.name)) not defined")
        }
        if depth >= maxTemplateDepth {
            throw error("exceeded maximum template depth (\(maxTemplateDepth))")
        }
        let newDot = t.pipe == nil ? Slot.invalid : try evalPipeline(dot, t.pipe!)
        let savedVars = vars
        let savedName = templateName
        let savedNode = node
        vars = [("$", newDot)]
        templateName = t.name
        depth += 1
        defer {
            vars = savedVars
            templateName = savedName
            node = savedNode
            depth -= 1
        }
        _ = try walk(newDot, tree)
    }

    // MARK: Printing

    mutating func printValue(_ at: Located, _ value: Slot) throws(TemplateError) {
        node = at
        switch value {
        case .invalid:
            out += "<no value>"
        case .concrete(let v), .boxed(let v):
            if case .function = v {
                throw error("can't print \(at.description) of type \(v.goTypeName)")
            }
            v.print(into: &out, plusFields: false)
        }
        if out.utf8.count > program.limits.outputBytes {
            throw error("output exceeds \(program.limits.outputBytes) bytes")
        }
    }

    // MARK: Pipelines and commands

    mutating func evalPipeline(_ dot: Slot, _ pipe: PipeNode) throws(TemplateError) -> Slot {
        node = .pipe(pipe)
        try checkStack()
        var value: Slot? = nil
        for cmd in pipe.cmds {
            value = try evalCommand(dot, cmd, final: value).unwrapped
        }
        let result = value ?? .invalid
        for name in pipe.decl {
            if pipe.isAssign {
                try setVar(name, result)
            } else {
                push(name, result)
            }
        }
        return result
    }

    private mutating func notAFunction(_ args: [Operand], _ final: Slot?) throws(TemplateError) {
        if args.count > 1 || final != nil {
            throw error("can't give argument to non-function \(args[0].description)")
        }
    }

    private mutating func evalCommand(_ dot: Slot, _ cmd: CommandNode, final: Slot?) throws(TemplateError) -> Slot {
        let first = cmd.args[0]
        switch first {
        case .field(_, let names):
            node = .operand(first)
            return try evalFieldChain(dot, receiver: dot, at: .operand(first), names, args: cmd.args, final: final)
        case .chain(_, let head, let fields):
            return try evalChain(dot, first, head, fields, args: cmd.args, final: final)
        case .identifier(_, _, let callee):
            return try evalFunction(dot, callee, ident: first, cmd: .command(cmd), args: cmd.args, final: final)
        case .pipe(let pipe):
            try notAFunction(cmd.args, final)
            return try evalPipeline(dot, pipe)
        case .variable(_, let name, let fields):
            return try evalVariable(dot, first, name, fields, args: cmd.args, final: final)
        default:
            break
        }
        node = .operand(first)
        try notAFunction(cmd.args, final)
        switch first {
        case .bool(_, let b): return .concrete(.bool(b))
        case .dot: return dot
        case .nil: throw error("nil is not a command")
        case .number(_, let n): return try idealConstant(first, n)
        case .string(_, _, let text): return .concrete(.string(text))
        default: throw error("can't evaluate command \(GoQuote.quote(first.description))")
        }
    }

    private mutating func idealConstant(_ at: Operand, _ n: NumberLiteral) throws(TemplateError) -> Slot {
        node = .operand(at)
        let text = n.text
        let isHexInt = text.count > 2 && text.hasPrefix("0") && (text.dropFirst().first == "x" || text.dropFirst().first == "X")
            && !text.contains(where: { $0 == "p" || $0 == "P" })
        if n.isComplex { throw error("complex number \(text) is not supported") }
        let isRuneInt = text.hasPrefix("'")
        if n.isFloat && !isHexInt && !isRuneInt && text.contains(where: { ".eEpP".contains($0) }) {
            return .concrete(.float(n.float))
        }
        if n.isInt { return .concrete(.int(n.int)) }
        if n.isUint { throw error("\(text) overflows int") }
        return .invalid
    }

    private mutating func evalChain(_ dot: Slot, _ chain: Operand, _ head: ChainHead, _ fields: [String],
                                    args: [Operand], final: Slot?) throws(TemplateError) -> Slot {
        node = .operand(chain)
        let receiver: Slot
        switch head {
        case .pipe(let pipe):
            receiver = try evalPipeline(dot, pipe)
        case .identifier(let pos, let name, let callee):
            let ident = Operand.identifier(pos: pos, name: name, callee: callee)
            node = .operand(ident)
            receiver = try evalFunction(dot, callee, ident: ident, cmd: .operand(ident), args: nil, final: nil)
        }
        return try evalFieldChain(dot, receiver: receiver, at: .operand(chain), fields, args: args, final: final)
    }

    private mutating func evalVariable(_ dot: Slot, _ variable: Operand, _ name: String, _ fields: [String],
                                       args: [Operand]?, final: Slot?) throws(TemplateError) -> Slot {
        node = .operand(variable)
        let value = try varValue(name)
        if fields.isEmpty {
            if let args { try notAFunction(args, final) } else if final != nil {
                throw error("can't give argument to non-function \(variable.description)")
            }
            return value
        }
        return try evalFieldChain(dot, receiver: value, at: .operand(variable), fields, args: args, final: final)
    }

    private mutating func evalFieldChain(_ dot: Slot, receiver: Slot, at: Located, _ names: [String],
                                         args: [Operand]?, final: Slot?) throws(TemplateError) -> Slot {
        var receiver = receiver
        for name in names.dropLast() {
            receiver = try evalField(name, at: at, hasArgs: false, receiver: receiver)
        }
        let hasArgs = (args?.count ?? 0) > 1 || final != nil
        return try evalField(names[names.count - 1], at: at, hasArgs: hasArgs, receiver: receiver)
    }

    private mutating func evalField(_ name: String, at: Located, hasArgs: Bool, receiver: Slot) throws(TemplateError) -> Slot {
        let value: Value
        switch receiver {
        case .invalid: return .invalid
        case .concrete(let v), .boxed(let v): value = v
        }
        switch value {
        case .null:
            throw error("nil pointer evaluating \(receiver.typeName).\(name)")
        case .map(let map):
            if hasArgs {
                throw error("\(name) is not a method but has arguments")
            }
            if let v = map[name] { return .boxed(v) }
            return .invalid
        case .record(let record):
            if let v = record[field: name] {
                if hasArgs {
                    throw error("\(name) has arguments but cannot be invoked as function")
                }
                if case .null = v { return .boxed(.null) }
                return .concrete(v)
            }
        default:
            break
        }
        throw error("can't evaluate field \(name) in type \(receiver.typeName)")
    }

    // MARK: Function calls

    private mutating func evalFunction(_ dot: Slot, _ callee: Callee, ident: Operand, cmd: Located, args: [Operand]?,
                                       final: Slot?) throws(TemplateError) -> Slot {
        node = .operand(ident)
        let callArgs: ArraySlice<Operand> = args?.dropFirst() ?? []
        switch callee {
        case .user(let function):
            return try callUser(dot, function, cmd: cmd, args: callArgs, final: final)
        case .builtin(let builtin):
            return try callBuiltin(dot, builtin, cmd: cmd, args: callArgs, final: final)
        }
    }

    private mutating func callUser(_ dot: Slot, _ function: Function, cmd: Located, args: ArraySlice<Operand>,
                                   final: Slot?) throws(TemplateError) -> Slot {
        let numIn = args.count + (final == nil ? 0 : 1)
        switch function.arity {
        case .exactly(let n):
            if numIn != n { throw error("wrong number of args for \(function.name): want \(n) got \(numIn)") }
        case .atLeast(let n):
            if numIn < n { throw error("wrong number of args for \(function.name): want at least \(n) got \(args.count)") }
        }
        let types = function.parameterTypes
        var argv: [Value] = []
        argv.reserveCapacity(numIn)
        // With its Go parameter types a function's arguments are checked as they are evaluated.
        // Without them only the body's own checks find a mismatch; to report it where Go would,
        // keep each argument's slot and the node Go is at once it is evaluated.
        var evaluated: [(slot: Slot, node: Located?)] = []
        for (position, arg) in args.enumerated() {
            let slot: Slot
            if let types {
                if let type = types.type(at: position) {
                    slot = try typedArg(dot, arg, type: type)
                } else {
                    slot = try evalArg(dot, arg)
                }
            } else {
                slot = try evalArg(dot, arg)
                evaluated.append((slot, node))
            }
            argv.append(slot.value)
        }
        if let final {
            if let types {
                if let type = types.type(at: args.count) { try validateType(final, type) }
            } else {
                evaluated.append((final, node))
            }
            argv.append(final.value)
        }
        do {
            let result = try function.body(argv)
            if let changed = function.changesArgument, changed < args.count,
               case .variable(_, let name, let fields) = args[args.startIndex + changed], fields.isEmpty {
                try setVar(name, .boxed(result))
            }
            return .boxed(result)
        } catch let e as FunctionError {
            if let wrongType = e.wrongType, !evaluated.isEmpty, let index = argv.firstIndex(of: wrongType.value) {
                node = evaluated[index].node
                let operand = index < args.count ? args[args.startIndex + index] : nil
                throw error(Self.wrongTypeMessage(expected: wrongType.expected, operand: operand, slot: evaluated[index].slot))
            }
            node = cmd
            throw error("error calling \(function.name): \(e.message)")
        } catch let e as TemplateError where e.needsLargeStack {
            // Nested template work ran out of stack: the outermost run redoes it on a large stack.
            throw e
        } catch {
            node = cmd
            throw self.error("error calling \(function.name): \(error)")
        }
    }

    /// Go's `evalArg` for a parameter of a concrete type: a literal must be of the type's kind
    /// (an integral number literal is an integer, any number literal a float); any other
    /// operand is evaluated and must have the type.
    mutating func typedArg(_ dot: Slot, _ arg: Operand, type: String) throws(TemplateError) -> Slot {
        switch arg {
        case .nil(_):
            node = .operand(arg)
            if Self.canBeNil(type) { return .invalid }
        case .bool(_, let b):
            node = .operand(arg)
            if type == "bool" { return .concrete(.bool(b)) }
        case .number(_, let n):
            node = .operand(arg)
            switch type {
            case "int" where n.isInt: return .concrete(.int(n.int))
            case "int64" where n.isInt: return .concrete(.int64(n.int))
            case "float64" where n.isFloat: return .concrete(.float(n.float))
            default: break
            }
        case .string(_, _, let text):
            node = .operand(arg)
            if type == "string" { return .concrete(.string(text)) }
        default:
            let slot = try evalArg(dot, arg)
            try validateType(slot, type)
            return slot
        }
        throw error(Self.wrongTypeMessage(expected: type, operand: arg, slot: .invalid))
    }

    /// Go's `validateType`: a value must have the parameter's type exactly; a missing value is
    /// the zero value of a type that can be nil.
    func validateType(_ slot: Slot, _ type: String) throws(TemplateError) {
        let accepted = switch slot {
        case .invalid: Self.canBeNil(type)
        case .boxed(.null): false
        case .concrete(let value), .boxed(let value): value.goTypeName == type
        }
        if !accepted { throw error(Self.wrongTypeMessage(expected: type, operand: nil, slot: slot)) }
    }

    /// Whether Go's zero value of `type` is nil (maps, slices, pointers, functions, interfaces).
    static func canBeNil(_ type: String) -> Bool {
        type.hasPrefix("map[") || type.hasPrefix("[]") || type.hasPrefix("*") || type.hasPrefix("func") || type.hasPrefix("interface")
    }

    /// What Go's `evalArg` says of an argument that does not have its parameter's type
    /// `expected`: a literal operand is judged by its syntax (`expected string; found 1`), any
    /// other by its value's type (Go's `validateType`).
    static func wrongTypeMessage(expected: String, operand: Operand?, slot: Slot) -> String {
        switch operand {
        case .nil?:
            return "cannot assign nil to \(expected)"
        case .bool?, .number?, .string?:
            let found = operand?.description ?? ""
            switch expected {
            case "string": return "expected string; found \(found)"
            case "bool": return "expected bool; found \(found)"
            case "float64": return "expected float; found \(found)"
            case "int", "int64", "uint", "uint32": return "expected integer; found \(found)"
            default: return "can't handle \(found) for arg of type \(expected)"
            }
        default:
            switch slot {
            case .invalid: return "invalid value; expected \(expected)"
            case .boxed(.null): return "wrong type for value; expected \(expected); got interface {}"
            case .concrete(let value), .boxed(let value): return "wrong type for value; expected \(expected); got \(value.goTypeName)"
            }
        }
    }

    /// Go's `evalArg` for a parameter of type `interface {}` or `reflect.Value`: the operand's
    /// value, with literals typed as untyped constants are.
    mutating func evalArg(_ dot: Slot, _ arg: Operand) throws(TemplateError) -> Slot {
        // Go's `s.at(arg)`. The cases that go on to a function whose first step sets the
        // current node to `arg` (or its pipeline) leave it to that function.
        switch arg {
        case .dot:
            node = .operand(arg)
            return dot
        case .nil:
            node = .operand(arg)
            return .invalid
        case .field(_, let names):
            node = .operand(arg)
            return try evalFieldChain(dot, receiver: dot, at: .operand(arg), names, args: nil, final: nil)
        case .variable(_, let name, let fields):
            return try evalVariable(dot, arg, name, fields, args: nil, final: nil)
        case .pipe(let pipe):
            return try evalPipeline(dot, pipe)
        case .identifier(_, _, let callee):
            return try evalFunction(dot, callee, ident: arg, cmd: .operand(arg), args: nil, final: nil)
        case .chain(_, let head, let fields):
            return try evalChain(dot, arg, head, fields, args: [arg], final: nil)
        case .bool(_, let b):
            node = .operand(arg)
            return .concrete(.bool(b))
        case .number(_, let n): return try idealConstant(arg, n)
        case .string(_, _, let text):
            node = .operand(arg)
            return .concrete(.string(text))
        }
    }

    /// Go's `evalArg` for a parameter of type `string` (printf's format).
    mutating func evalStringArg(_ dot: Slot, _ arg: Operand) throws(TemplateError) -> String {
        node = .operand(arg)
        switch arg {
        case .string(_, _, let text): return text
        case .nil: throw error("cannot assign nil to string")
        case .bool, .number: throw error("expected string; found \(arg.description)")
        default:
            return try validateString(try evalArg(dot, arg))
        }
    }

    func validateString(_ value: Slot) throws(TemplateError) -> String {
        switch value {
        case .invalid: throw error("invalid value; expected string")
        case .concrete(.string(let s)), .boxed(.string(let s)): return s
        case .boxed(.null): throw error("wrong type for value; expected string; got interface {}")
        case .concrete(let v), .boxed(let v): throw error("wrong type for value; expected string; got \(v.goTypeName)")
        }
    }
}

extension State.Flow: Equatable {}
