import GoCompat

/// The parser: items → trees, as Go's `text/template/parse/parse.go`.
///
/// Recursive descent over the lexer's items with Go's three-token look-ahead, so that errors name
/// the same token and line Go does. `{{define}}` and `{{block}}` bodies become separate named
/// trees, each parsed with its own token buffer and variable scope, as Go's `Tree`s are.
struct Parser {
    /// The parsed trees by name: the main template and every `{{define}}`/`{{block}}`.
    typealias Trees = [String: ListNode]

    private let items: [Item]
    private var cursor = 0
    private let parseName: String
    private let resolve: (String) -> Callee?
    private var treeSet: Trees = [:]
    private var state: TreeState
    /// Nesting of parentheses and control structures, bounded so deep input cannot exhaust the stack.
    private var depth = 0
    private var stackLimit: UInt = 0
    static let maxDepth = 1000

    private struct TreeState {
        var name: String
        var token: [Item]
        var peekCount = 0
        var vars: [String] = ["$"]
        var rangeDepth = 0
        var actionLine = 0

        init(name: String, placeholder: Item) {
            self.name = name
            self.token = [placeholder, placeholder, placeholder]
        }
    }

    /// Parses `text` as the template `name`, returning every tree it defines.
    static func parse(name: String, text: String, leftDelim: String, rightDelim: String, stackLimit: UInt = 0,
                      resolve: @escaping (String) -> Callee?) throws(TemplateError) -> Trees {
        let items = Lexer.lex(text, leftDelim: leftDelim, rightDelim: rightDelim,
                              breakOK: resolve("break") == nil, continueOK: resolve("continue") == nil)
        var parser = Parser(items: items, parseName: name, resolve: resolve)
        parser.stackLimit = stackLimit
        let root = try parser.parseMain()
        try parser.add(name: name, root: root)
        return parser.treeSet
    }

    private init(items: [Item], parseName: String, resolve: @escaping (String) -> Callee?) {
        self.items = items
        self.parseName = parseName
        self.resolve = resolve
        self.state = TreeState(name: parseName, placeholder: Item(kind: .eof, pos: 0, val: "", line: 1))
    }

    // MARK: Token buffer

    private mutating func lexNext() -> Item {
        let item = items[cursor]
        if cursor < items.count - 1 { cursor += 1 }
        return item
    }

    private mutating func next() -> Item {
        if state.peekCount > 0 {
            state.peekCount -= 1
        } else {
            state.token[0] = lexNext()
        }
        return state.token[state.peekCount]
    }

    private mutating func backup() { state.peekCount += 1 }

    private mutating func backup2(_ t1: Item) {
        state.token[1] = t1
        state.peekCount = 2
    }

    private mutating func backup3(_ t2: Item, _ t1: Item) {
        state.token[1] = t1
        state.token[2] = t2
        state.peekCount = 3
    }

    private mutating func peek() -> Item {
        if state.peekCount > 0 { return state.token[state.peekCount - 1] }
        state.peekCount = 1
        state.token[0] = lexNext()
        return state.token[0]
    }

    private mutating func nextNonSpace() -> Item {
        while true {
            let token = next()
            if token.kind != .space { return token }
        }
    }

    private mutating func peekNonSpace() -> Item {
        let token = nextNonSpace()
        backup()
        return token
    }

    // MARK: Errors

    private func error(_ message: String) -> TemplateError {
        TemplateError("template: \(parseName):\(state.token[0].line): \(message)", name: parseName, line: state.token[0].line)
    }

    private func unexpected(_ token: Item, _ context: String) -> TemplateError {
        if token.kind == .error {
            var extra = ""
            if state.actionLine != 0 && state.actionLine != token.line {
                extra = " in action started at \(parseName):\(state.actionLine)"
                if token.val.hasSuffix(" action") { extra = String(extra.dropFirst(" in action".count)) }
            }
            return error(token.description + extra)
        }
        return error("unexpected \(token.description) in \(context)")
    }

    private mutating func expect(_ kind: Item.Kind, _ context: String) throws(TemplateError) -> Item {
        let token = nextNonSpace()
        if token.kind != kind { throw unexpected(token, context) }
        return token
    }

    // MARK: Trees

    private mutating func add(name: String, root: ListNode) throws(TemplateError) {
        if let existing = treeSet[name], !existing.isEmpty {
            if !root.isEmpty { throw error("template: multiple definition of template \(GoQuote.quote(name))") }
            return
        }
        treeSet[name] = root
    }

    private mutating func parseMain() throws(TemplateError) -> ListNode {
        let start = peek().pos
        var nodes: [Node] = []
        while peek().kind != .eof {
            if peek().kind == .leftDelim {
                let delim = next()
                if nextNonSpace().kind == .define {
                    try parseDefinition()
                    continue
                }
                backup2(delim)
            }
            switch try textOrAction() {
            case .node(let n): nodes.append(n)
            case .end: throw error("unexpected {{end}}")
            case .else: throw error("unexpected {{else}}")
            }
        }
        return ListNode(pos: start, nodes: nodes)
    }

    /// Runs `body` as the parse of a new tree sharing the lexer, as Go's `startParse` does.
    private mutating func withNewTree<T>(name: String, _ body: (inout Parser) throws(TemplateError) -> T) throws(TemplateError) -> T {
        let saved = state
        state = TreeState(name: name, placeholder: saved.token[0])
        state.token[0] = saved.token[0]
        defer { state = saved }
        return try body(&self)
    }

    private mutating func parseDefinition() throws(TemplateError) {
        let context = "define clause"
        try withNewTree(name: "definition") { (p: inout Parser) throws(TemplateError) in
            let token = p.nextNonSpace()
            if token.kind != .string && token.kind != .rawString { throw p.unexpected(token, context) }
            let name = try p.unquoted(token)
            p.state.name = name
            _ = try p.expect(.rightDelim, context)
            let (list, end) = try p.itemList()
            if case .else = end { throw p.error("unexpected {{else}} in \(context)") }
            try p.add(name: name, root: list)
        }
    }

    private enum ListEnd { case end, `else`(pos: Int) }
    private enum Parsed { case node(Node), end, `else`(pos: Int) }

    private mutating func itemList() throws(TemplateError) -> (ListNode, ListEnd) {
        let start = peekNonSpace().pos
        var nodes: [Node] = []
        while peekNonSpace().kind != .eof {
            switch try textOrAction() {
            case .node(let n): nodes.append(n)
            case .end: return (ListNode(pos: start, nodes: nodes), .end)
            case .else(let pos): return (ListNode(pos: start, nodes: nodes), .else(pos: pos))
            }
        }
        throw error("unexpected EOF")
    }

    private mutating func textOrAction() throws(TemplateError) -> Parsed {
        let token = nextNonSpace()
        switch token.kind {
        case .text:
            return .node(.text(TextNode(pos: token.pos, text: token.val)))
        case .leftDelim:
            state.actionLine = token.line
            defer { state.actionLine = 0 }
            return try action()
        case .comment:
            return .node(.comment(pos: token.pos, text: token.val))
        default:
            throw unexpected(token, "input")
        }
    }

    private mutating func action() throws(TemplateError) -> Parsed {
        let token = nextNonSpace()
        switch token.kind {
        case .block: return .node(try blockControl())
        case .break: return .node(try breakOrContinue(token, isBreak: true))
        case .continue: return .node(try breakOrContinue(token, isBreak: false))
        case .else: return try elseControl()
        case .end:
            _ = try expect(.rightDelim, "end")
            return .end
        case .if: return .node(.if(try parseControl("if")))
        case .range: return .node(.range(try parseControl("range")))
        case .template: return .node(try templateControl())
        case .with: return .node(.with(try parseControl("with")))
        default: break
        }
        backup()
        let start = peek()
        let pipe = try pipeline("command", end: .rightDelim)
        return .node(.action(ActionNode(pos: start.pos, pipe: pipe)))
    }

    private mutating func breakOrContinue(_ keyword: Item, isBreak: Bool) throws(TemplateError) -> Node {
        let name = isBreak ? "{{break}}" : "{{continue}}"
        let token = nextNonSpace()
        if token.kind != .rightDelim { throw unexpected(token, name) }
        if state.rangeDepth == 0 { throw error("\(name) outside {{range}}") }
        return isBreak ? .break(pos: keyword.pos) : .continue(pos: keyword.pos)
    }

    private mutating func elseControl() throws(TemplateError) -> Parsed {
        let peeked = peekNonSpace()
        if peeked.kind == .if || peeked.kind == .with { return .else(pos: peeked.pos) }
        let token = try expect(.rightDelim, "else")
        return .else(pos: token.pos)
    }

    private mutating func enter() throws(TemplateError) {
        if depth >= Parser.maxDepth { throw error("max expression depth exceeded") }
        if Stack.position() < stackLimit { throw .stackExhausted(error("max expression depth exceeded")) }
        depth += 1
    }

    private mutating func parseControl(_ context: String) throws(TemplateError) -> BranchNode {
        try enter()
        defer { depth -= 1 }
        let varCount = state.vars.count
        defer { state.vars.removeSubrange(min(varCount, state.vars.count)...) }
        let pipe = try pipeline(context, end: .rightDelim)
        if context == "range" { state.rangeDepth += 1 }
        let (list, end) = try itemList()
        if context == "range" { state.rangeDepth -= 1 }
        var elseList: ListNode?
        if case .else(let elsePos) = end {
            if context == "if" && peek().kind == .if {
                _ = next()
                elseList = ListNode(pos: elsePos, nodes: [.if(try parseControl("if"))])
            } else if context == "with" && peek().kind == .with {
                _ = next()
                elseList = ListNode(pos: elsePos, nodes: [.with(try parseControl("with"))])
            } else {
                let (list2, end2) = try itemList()
                if case .else = end2 { throw error("expected end; found {{else}}") }
                elseList = list2
            }
        }
        return BranchNode(pos: pipe.pos, pipe: pipe, list: list, elseList: elseList)
    }

    private func unquoted(_ token: Item) throws(TemplateError) -> String {
        do {
            return try GoQuote.unquote(token.val)
        } catch {
            throw self.error(error.message)
        }
    }

    private mutating func parseTemplateName(_ token: Item, _ context: String) throws(TemplateError) -> String {
        switch token.kind {
        case .string, .rawString:
            do { return try GoQuote.unquote(token.val) } catch { throw self.error(error.message) }
        default:
            throw unexpected(token, context)
        }
    }

    private mutating func blockControl() throws(TemplateError) -> Node {
        let context = "block clause"
        try enter()
        defer { depth -= 1 }
        let token = nextNonSpace()
        let name = try parseTemplateName(token, context)
        let pipe = try pipeline(context, end: .rightDelim)
        let endedWithElse = try withNewTree(name: name) { (p: inout Parser) throws(TemplateError) -> Bool in
            let (list, end) = try p.itemList()
            if case .else = end { return true }
            try p.add(name: name, root: list)
            return false
        }
        if endedWithElse { throw error("unexpected {{else}} in \(context)") }
        return .template(TemplateNode(pos: token.pos, name: name, pipe: pipe))
    }

    private mutating func templateControl() throws(TemplateError) -> Node {
        let context = "template clause"
        let token = nextNonSpace()
        let name = try parseTemplateName(token, context)
        var pipe: PipeNode?
        if nextNonSpace().kind != .rightDelim {
            backup()
            pipe = try pipeline(context, end: .rightDelim)
        }
        return .template(TemplateNode(pos: token.pos, name: name, pipe: pipe))
    }

    // MARK: Pipelines

    private mutating func pipeline(_ context: String, end: Item.Kind) throws(TemplateError) -> PipeNode {
        let start = peekNonSpace()
        var decl: [String] = []
        var isAssign = false
        var cmds: [CommandNode] = []
        decls: while true {
            let v = peekNonSpace()
            guard v.kind == .variable else { break }
            _ = next()
            let tokenAfterVariable = peek()
            let nextToken = peekNonSpace()
            if nextToken.kind == .assign || nextToken.kind == .declare {
                isAssign = nextToken.kind == .assign
                _ = nextNonSpace()
                decl.append(v.val)
                state.vars.append(v.val)
            } else if nextToken.kind == .char && nextToken.val == "," {
                _ = nextNonSpace()
                decl.append(v.val)
                state.vars.append(v.val)
                if context == "range" && decl.count < 2 {
                    switch peekNonSpace().kind {
                    case .variable, .rightDelim, .rightParen:
                        continue decls
                    default:
                        throw error("range can only initialize variables")
                    }
                }
                throw error("too many declarations in \(context)")
            } else if tokenAfterVariable.kind == .space {
                backup3(v, tokenAfterVariable)
            } else {
                backup2(v)
            }
            break
        }
        while true {
            let token = nextNonSpace()
            switch token.kind {
            case end:
                let pipe = PipeNode(pos: start.pos, isAssign: isAssign, decl: decl, cmds: cmds)
                try checkPipeline(pipe, context)
                return pipe
            case .bool, .charConstant, .complex, .dot, .field, .identifier, .number, .nil, .rawString, .string,
                .variable, .leftParen:
                backup()
                cmds.append(try command())
            default:
                throw unexpected(token, context)
            }
        }
    }

    private func checkPipeline(_ pipe: PipeNode, _ context: String) throws(TemplateError) {
        if pipe.cmds.isEmpty { throw error("missing value for \(context)") }
        for (i, c) in pipe.cmds.enumerated().dropFirst() {
            switch c.args[0] {
            case .bool, .dot, .nil, .number, .string:
                throw error("non executable command in pipeline stage \(i + 1)")
            default: break
            }
        }
    }

    private mutating func command() throws(TemplateError) -> CommandNode {
        let start = peekNonSpace().pos
        var args: [Operand] = []
        loop: while true {
            _ = peekNonSpace()
            if let operand = try operand() { args.append(operand) }
            let token = next()
            switch token.kind {
            case .space: continue loop
            case .rightDelim, .rightParen: backup()
            case .pipe: break
            default: throw unexpected(token, "operand")
            }
            break loop
        }
        if args.isEmpty { throw error("empty command") }
        return CommandNode(pos: start, args: args)
    }

    private mutating func operand() throws(TemplateError) -> Operand? {
        guard let node = try term() else { return nil }
        guard peek().kind == .field else { return node }
        let chainPos = peek().pos
        var fields: [String] = []
        while peek().kind == .field {
            fields.append(String(next().val.dropFirst()))
        }
        switch node {
        case .field(_, let names):
            return .field(pos: chainPos, names: names + fields)
        case .variable(_, let name, let existing):
            return .variable(pos: chainPos, name: name, fields: existing + fields)
        case .bool, .string, .number, .nil, .dot:
            throw error("unexpected . after term \(GoQuote.quote(node.description))")
        case .pipe(let p):
            return .chain(pos: chainPos, node: .pipe(p), fields: fields)
        case .identifier(let pos, let name, let callee):
            return .chain(pos: chainPos, node: .identifier(pos: pos, name: name, callee: callee), fields: fields)
        case .chain(_, let head, let existing):
            return .chain(pos: chainPos, node: head, fields: existing + fields)
        }
    }

    private mutating func term() throws(TemplateError) -> Operand? {
        let token = nextNonSpace()
        switch token.kind {
        case .identifier:
            guard let callee = resolve(token.val) else { throw error("function \(GoQuote.quote(token.val)) not defined") }
            return .identifier(pos: token.pos, name: token.val, callee: callee)
        case .dot:
            return .dot(pos: token.pos)
        case .nil:
            return .nil(pos: token.pos)
        case .variable:
            return try useVar(token)
        case .field:
            return .field(pos: token.pos, names: [String(token.val.dropFirst())])
        case .bool:
            return .bool(pos: token.pos, token.val == "true")
        case .charConstant, .complex, .number:
            return .number(pos: token.pos, try number(token))
        case .leftParen:
            try enter()
            defer { depth -= 1 }
            return .pipe(try pipeline("parenthesized pipeline", end: .rightParen))
        case .string, .rawString:
            do {
                return .string(pos: token.pos, quoted: token.val, text: try GoQuote.unquote(token.val))
            } catch {
                throw self.error(error.message)
            }
        default:
            backup()
            return nil
        }
    }

    private func useVar(_ token: Item) throws(TemplateError) -> Operand {
        // The lexer emits `$x` alone; fields after it arrive as separate items.
        let name = token.val
        if !state.vars.contains(name) { throw error("undefined variable \(GoQuote.quote(name))") }
        return .variable(pos: token.pos, name: name, fields: [])
    }

    // MARK: Numbers

    private func number(_ token: Item) throws(TemplateError) -> NumberLiteral {
        do {
            return try NumberLiteral.parse(token.val, kind: token.kind)
        } catch {
            throw self.error(error.message)
        }
    }
}

extension NumberLiteral {
    /// Go's `newNumber`: every interpretation of a number or character literal.
    static func parse(_ text: String, kind: Item.Kind) throws(GoQuote.SyntaxError) -> NumberLiteral {
        var n = NumberLiteral(text: text)
        if kind == .charConstant {
            let bytes = Array(text.utf8)
            let (r, _, next) = try GoQuote.unquoteChar(bytes, at: 1, quote: bytes[0])
            if next != bytes.count - 1 || bytes[bytes.count - 1] != UInt8(ascii: "'") {
                throw GoQuote.SyntaxError(message: "malformed character constant: \(text)")
            }
            n.isInt = true
            n.int = Int(r)
            n.isUint = true
            n.uint = UInt(r)
            n.isFloat = true
            n.float = Double(r)
            return n
        }
        if kind == .complex {
            // "1+2i": Go evaluates it to a complex128, which values here cannot hold.
            n.isComplex = true
            return n
        }
        if text.hasSuffix("i") {
            let body = String(text.dropLast())
            if GoNumber.parseFloat(body) != nil {
                n.isComplex = true
                return n
            }
        }
        let u = GoNumber.parseUint(text)
        if let u {
            n.isUint = true
            n.uint = u
        }
        if let i = GoNumber.parseInt(text) {
            n.isInt = true
            n.int = i
            if i == 0 {
                n.isUint = true
                n.uint = u ?? 0
            }
        }
        if n.isInt {
            n.isFloat = true
            n.float = Double(n.int)
        } else if n.isUint {
            n.isFloat = true
            n.float = Double(n.uint)
        } else if let f = GoNumber.parseFloat(text) {
            if !text.contains(where: { ".eEpP".contains($0) }) {
                throw GoQuote.SyntaxError(message: "integer overflow: \(GoQuote.quote(text))")
            }
            n.isFloat = true
            n.float = f
            if f >= -9.223372036854775808e18, f < 9.223372036854775808e18, Double(Int(f)) == f {
                n.isInt = true
                n.int = Int(f)
            }
            if f >= 0, f < 1.8446744073709551616e19, Double(UInt(f)) == f {
                n.isUint = true
                n.uint = UInt(f)
            }
        }
        if !n.isInt && !n.isUint && !n.isFloat {
            throw GoQuote.SyntaxError(message: "illegal number syntax: \(GoQuote.quote(text))")
        }
        return n
    }
}

/// Go's `strconv.ParseInt`/`ParseUint` with base 0 and `ParseFloat`, as number literals need them.
enum GoNumber {
    static func underscoreOK(_ s: [UInt8]) -> Bool {
        var saw: UInt8 = UInt8(ascii: "^")
        var i = 0
        var s = s[...]
        if let first = s.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") { s = s.dropFirst() }
        let a = Array(s)
        var hex = false
        if a.count >= 2, a[0] == UInt8(ascii: "0") {
            let l = a[1] | 0x20
            if l == UInt8(ascii: "b") || l == UInt8(ascii: "o") || l == UInt8(ascii: "x") {
                i = 2
                saw = UInt8(ascii: "0")
                hex = l == UInt8(ascii: "x")
            }
        }
        while i < a.count {
            let c = a[i]
            let l = c | 0x20
            if (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || (hex && l >= UInt8(ascii: "a") && l <= UInt8(ascii: "f")) {
                saw = UInt8(ascii: "0")
            } else if c == UInt8(ascii: "_") {
                if saw != UInt8(ascii: "0") { return false }
                saw = UInt8(ascii: "_")
            } else {
                if saw == UInt8(ascii: "_") { return false }
                saw = UInt8(ascii: "!")
            }
            i += 1
        }
        return saw != UInt8(ascii: "_")
    }

    static func parseUint(_ text: String) -> UInt? {
        let s0 = Array(text.utf8)
        guard !s0.isEmpty else { return nil }
        var s = s0[...]
        var base: UInt = 10
        if s0[0] == UInt8(ascii: "0") {
            if s0.count >= 3, s0[1] | 0x20 == UInt8(ascii: "x") {
                base = 16; s = s0[2...]
            } else if s0.count >= 3, s0[1] | 0x20 == UInt8(ascii: "o") {
                base = 8; s = s0[2...]
            } else if s0.count >= 3, s0[1] | 0x20 == UInt8(ascii: "b") {
                base = 2; s = s0[2...]
            } else {
                base = 8; s = s0[1...]
            }
        }
        var n: UInt = 0
        var underscores = false
        for c in s {
            if c == UInt8(ascii: "_") {
                underscores = true
                continue
            }
            let d: UInt
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): d = UInt(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): d = UInt(c - UInt8(ascii: "A") + 10)
            default: return nil
            }
            if d >= base { return nil }
            let (m, o1) = n.multipliedReportingOverflow(by: base)
            let (a, o2) = m.addingReportingOverflow(d)
            if o1 || o2 { return nil }
            n = a
        }
        if underscores && !underscoreOK(s0) { return nil }
        return n
    }

    static func parseInt(_ text: String) -> Int? {
        var s = Substring(text)
        var negative = false
        if let first = s.first, first == "+" || first == "-" {
            negative = first == "-"
            s = s.dropFirst()
        }
        guard let u = parseUint(String(s)) else { return nil }
        if negative {
            if u > UInt(Int.max) + 1 { return nil }
            return u == UInt(Int.max) + 1 ? Int.min : -Int(u)
        }
        if u > UInt(Int.max) { return nil }
        return Int(u)
    }

    static func parseFloat(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        if bytes.contains(UInt8(ascii: "_")) {
            if !underscoreOK(bytes) { return nil }
        }
        let cleaned = String(decoding: bytes.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
        var body = Substring(cleaned)
        if let first = body.first, first == "+" || first == "-" { body = body.dropFirst() }
        let lower = body.lowercased()
        if lower.hasPrefix("0x") {
            if !lower.contains("p") { return nil }
        } else {
            // Only digits, one point and an exponent: no "inf", "nan" or other strtod extensions.
            var sawDigit = false
            for c in lower.utf8 {
                if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") { sawDigit = true; continue }
                if c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { continue }
                return nil
            }
            if !sawDigit { return nil }
        }
        guard let d = Double(cleaned), d.isFinite else { return nil }
        return d
    }
}
