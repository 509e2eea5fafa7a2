import GoCompat

/// The parse tree, as Go's `text/template/parse/node.go`.
///
/// Nodes are immutable after parsing. Each keeps its byte position in the template text for
/// error locations, and `description` renders it back the way Go's `Node.String()` does (used in
/// the `at <...>` part of execution errors).

/// A statement-level node: what a list holds.
enum Node: Sendable {
    case text(TextNode)
    case action(ActionNode)
    case comment(pos: Int, text: String)
    case `if`(BranchNode)
    case range(BranchNode)
    case with(BranchNode)
    case template(TemplateNode)
    case `break`(pos: Int)
    case `continue`(pos: Int)

    var pos: Int {
        switch self {
        case .text(let t): t.pos
        case .action(let a): a.pos
        case .comment(let pos, _): pos
        case .if(let b), .range(let b), .with(let b): b.pos
        case .template(let t): t.pos
        case .break(let pos), .continue(let pos): pos
        }
    }

    func write(to out: inout String) {
        switch self {
        case .text(let t): out += t.text
        case .action(let a):
            out += "{{"
            a.pipe.write(to: &out)
            out += "}}"
        case .comment(_, let text): out += "{{" + text + "}}"
        case .if(let b): b.write(to: &out, name: "if")
        case .range(let b): b.write(to: &out, name: "range")
        case .with(let b): b.write(to: &out, name: "with")
        case .template(let t):
            out += "{{template " + GoQuote.quote(t.name)
            if let pipe = t.pipe {
                out += " "
                pipe.write(to: &out)
            }
            out += "}}"
        case .break: out += "{{break}}"
        case .continue: out += "{{continue}}"
        }
    }
}

final class TextNode: Sendable {
    let pos: Int
    let text: String
    init(pos: Int, text: String) {
        self.pos = pos
        self.text = text
    }
}

final class ListNode: Sendable {
    let pos: Int
    let nodes: [Node]
    init(pos: Int, nodes: [Node]) {
        self.pos = pos
        self.nodes = nodes
    }

    func write(to out: inout String) {
        for node in nodes { node.write(to: &out) }
    }

    /// Go's `parse.IsEmptyTree`: only space text and comments.
    var isEmpty: Bool {
        for node in nodes {
            switch node {
            case .comment: continue
            case .text(let t):
                if t.text.utf8.contains(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x0B || $0 == 0x0C) }) {
                    return false
                }
            default: return false
            }
        }
        return true
    }
}

final class ActionNode: Sendable {
    let pos: Int
    let pipe: PipeNode
    init(pos: Int, pipe: PipeNode) {
        self.pos = pos
        self.pipe = pipe
    }
}

/// `if`, `range` and `with`.
final class BranchNode: Sendable {
    let pos: Int
    let pipe: PipeNode
    let list: ListNode
    let elseList: ListNode?
    init(pos: Int, pipe: PipeNode, list: ListNode, elseList: ListNode?) {
        self.pos = pos
        self.pipe = pipe
        self.list = list
        self.elseList = elseList
    }

    func write(to out: inout String, name: String) {
        out += "{{" + name + " "
        pipe.write(to: &out)
        out += "}}"
        list.write(to: &out)
        if let elseList {
            out += "{{else}}"
            elseList.write(to: &out)
        }
        out += "{{end}}"
    }
}

final class TemplateNode: Sendable {
    let pos: Int
    let name: String
    let pipe: PipeNode?
    init(pos: Int, name: String, pipe: PipeNode?) {
        self.pos = pos
        self.name = name
        self.pipe = pipe
    }
}

final class PipeNode: Sendable {
    let pos: Int
    let isAssign: Bool
    /// Declared variable names, `$x`.
    let decl: [String]
    let cmds: [CommandNode]
    init(pos: Int, isAssign: Bool, decl: [String], cmds: [CommandNode]) {
        self.pos = pos
        self.isAssign = isAssign
        self.decl = decl
        self.cmds = cmds
    }

    func write(to out: inout String) {
        if !decl.isEmpty {
            out += decl.joined(separator: ", ")
            out += isAssign ? " = " : " := "
        }
        for (i, cmd) in cmds.enumerated() {
            if i > 0 { out += " | " }
            cmd.write(to: &out)
        }
    }
}

final class CommandNode: Sendable {
    let pos: Int
    let args: [Operand]
    init(pos: Int, args: [Operand]) {
        self.pos = pos
        self.args = args
    }

    func write(to out: inout String) {
        for (i, arg) in args.enumerated() {
            if i > 0 { out += " " }
            if case .pipe(let pipe) = arg {
                out += "("
                pipe.write(to: &out)
                out += ")"
            } else {
                arg.write(to: &out)
            }
        }
    }
}

/// A parsed number literal with every interpretation Go's `NumberNode` allows.
struct NumberLiteral: Sendable {
    var text: String
    var isInt = false
    var isUint = false
    var isFloat = false
    var int: Int = 0
    var uint: UInt = 0
    var float: Double = 0
    /// An imaginary or complex literal: Go evaluates it to a `complex128`, which values here
    /// cannot hold, so evaluating one is an error.
    var isComplex = false
}

/// An argument of a command.
indirect enum Operand: Sendable {
    /// `.a.b`: field names without dots.
    case field(pos: Int, names: [String])
    /// `$x.a.b`: the variable name (with `$`) and the fields after it.
    case variable(pos: Int, name: String, fields: [String])
    /// `(pipe).a.b` or `fn.a`: a term followed by fields.
    case chain(pos: Int, node: ChainHead, fields: [String])
    /// A function name, resolved when parsed.
    case identifier(pos: Int, name: String, callee: Callee)
    case pipe(PipeNode)
    case bool(pos: Int, Bool)
    case dot(pos: Int)
    case `nil`(pos: Int)
    case number(pos: Int, NumberLiteral)
    /// The quoted source text and the unquoted string.
    case string(pos: Int, quoted: String, text: String)

    var pos: Int {
        switch self {
        case .field(let pos, _), .variable(let pos, _, _), .chain(let pos, _, _), .identifier(let pos, _, _),
            .bool(let pos, _), .dot(let pos), .nil(let pos), .number(let pos, _), .string(let pos, _, _):
            pos
        case .pipe(let p): p.pos
        }
    }

    func write(to out: inout String) {
        switch self {
        case .field(_, let names):
            for name in names { out += "." + name }
        case .variable(_, let name, let fields):
            out += name
            for f in fields { out += "." + f }
        case .chain(_, let head, let fields):
            switch head {
            case .pipe(let p):
                out += "("
                p.write(to: &out)
                out += ")"
            case .identifier(_, let name, _): out += name
            }
            for f in fields { out += "." + f }
        case .identifier(_, let name, _): out += name
        case .pipe(let p): p.write(to: &out)
        case .bool(_, let b): out += b ? "true" : "false"
        case .dot: out += "."
        case .nil: out += "nil"
        case .number(_, let n): out += n.text
        case .string(_, let quoted, _): out += quoted
        }
    }

    var description: String {
        var s = ""
        write(to: &s)
        return s
    }
}

/// What a chain (`X.field`) starts from once fields and variables have absorbed their own chains.
enum ChainHead: Sendable {
    case pipe(PipeNode)
    case identifier(pos: Int, name: String, callee: Callee)
}

/// What a function name in a template calls: the template's `FunctionMap` entry if it has one
/// (those win, as in Go), otherwise the builtin.
enum Callee: Sendable {
    case user(Function)
    case builtin(Builtin)
}

/// The node the evaluator is at, for the `at <...>` part of execution errors.
enum Located: Sendable {
    case node(Node)
    case pipe(PipeNode)
    case command(CommandNode)
    case operand(Operand)

    var pos: Int {
        switch self {
        case .node(let n): n.pos
        case .pipe(let p): p.pos
        case .command(let c): c.pos
        case .operand(let o): o.pos
        }
    }

    var description: String {
        var s = ""
        switch self {
        case .node(let n): n.write(to: &s)
        case .pipe(let p): p.write(to: &s)
        case .command(let c): c.write(to: &s)
        case .operand(let o): o.write(to: &s)
        }
        return s
    }
}
