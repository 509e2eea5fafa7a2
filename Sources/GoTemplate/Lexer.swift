import GoCompat

/// The lexer: template text → items, as Go's `text/template/parse/lex.go`.
///
/// It scans UTF-8 bytes once, up front, into an array of items. The state machine follows Go's
/// state functions so that item boundaries, trim markers, line numbers and error wording match.

struct Item: Sendable {
    enum Kind: Int, Sendable {
        case error, bool, char, charConstant, comment, complex, assign, declare, eof, field,
            identifier, leftDelim, leftParen, number, pipe, rawString, rightDelim, rightParen,
            space, string, text, variable
        // Keywords (Go's `itemKeyword` and after).
        case keyword, block, `break`, `continue`, dot, define, `else`, end, `if`, `nil`, range,
            template, with

        var isKeyword: Bool { rawValue > Kind.keyword.rawValue }
    }

    var kind: Kind
    var pos: Int
    var val: String
    var line: Int

    /// Go's `item.String()`, used in parse error messages.
    var description: String {
        switch kind {
        case .eof: return "EOF"
        case .error: return val
        default:
            if kind.isKeyword { return "<\(val)>" }
            let scalars = Array(val.unicodeScalars)
            if scalars.count > 10 {
                return GoQuote.quote(String(String.UnicodeScalarView(scalars[0..<10]))) + "..."
            }
            return GoQuote.quote(val)
        }
    }
}

struct Lexer {
    private let input: [UInt8]
    private let leftDelim: [UInt8]
    private let rightDelim: [UInt8]
    private let breakOK: Bool
    private let continueOK: Bool
    private var pos = 0
    private var start = 0
    private var line = 1
    private var startLine = 1
    private var parenDepth = 0
    private var items: [Item] = []
    private var finished = false

    private static let leftComment: [UInt8] = Array("/*".utf8)
    private static let rightComment: [UInt8] = Array("*/".utf8)
    private static let keywords: [String: Item.Kind] = [
        ".": .dot, "block": .block, "break": .break, "continue": .continue, "define": .define,
        "else": .else, "end": .end, "if": .if, "range": .range, "nil": .nil, "template": .template,
        "with": .with,
    ]

    /// Lexes the whole input. The last item is `.eof` or `.error`.
    static func lex(_ text: String, leftDelim: String, rightDelim: String, breakOK: Bool, continueOK: Bool) -> [Item] {
        var lexer = Lexer(
            input: Array(text.utf8), leftDelim: Array((leftDelim.isEmpty ? "{{" : leftDelim).utf8),
            rightDelim: Array((rightDelim.isEmpty ? "}}" : rightDelim).utf8), breakOK: breakOK,
            continueOK: continueOK)
        lexer.run()
        return lexer.items
    }

    private init(input: [UInt8], leftDelim: [UInt8], rightDelim: [UInt8], breakOK: Bool, continueOK: Bool) {
        self.input = input
        self.leftDelim = leftDelim
        self.rightDelim = rightDelim
        self.breakOK = breakOK
        self.continueOK = continueOK
    }

    private enum State { case text, leftDelim, comment, rightDelim, insideAction, space, identifier,
        field, variable, char, number, quote, rawQuote }

    private mutating func run() {
        var state: State? = .text
        while let s = state, !finished {
            switch s {
            case .text: state = lexText()
            case .leftDelim: state = lexLeftDelim()
            case .comment: state = lexComment()
            case .rightDelim: state = lexRightDelim()
            case .insideAction: state = lexInsideAction()
            case .space: state = lexSpace()
            case .identifier: state = lexIdentifier()
            case .field: state = lexFieldOrVariable(.field)
            case .variable: state = lexVariable()
            case .char: state = lexChar()
            case .number: state = lexNumber()
            case .quote: state = lexQuote()
            case .rawQuote: state = lexRawQuote()
            }
        }
    }

    // MARK: Scanning primitives

    private static let eof: UInt32 = 0xFFFF_FFFF

    /// Decodes the scalar at `i`, returning it and its width (invalid bytes decode as U+FFFD, width 1).
    private func decode(at i: Int) -> (UInt32, Int) {
        let b0 = input[i]
        if b0 < 0x80 { return (UInt32(b0), 1) }
        func cont(_ k: Int) -> UInt32? {
            guard i + k < input.count, input[i + k] & 0xC0 == 0x80 else { return nil }
            return UInt32(input[i + k] & 0x3F)
        }
        if b0 & 0xE0 == 0xC0, let c1 = cont(1) {
            let r = (UInt32(b0 & 0x1F) << 6) | c1
            if r >= 0x80 { return (r, 2) }
        } else if b0 & 0xF0 == 0xE0, let c1 = cont(1), let c2 = cont(2) {
            let r = (UInt32(b0 & 0x0F) << 12) | (c1 << 6) | c2
            if r >= 0x800, !(0xD800...0xDFFF).contains(r) { return (r, 3) }
        } else if b0 & 0xF8 == 0xF0, let c1 = cont(1), let c2 = cont(2), let c3 = cont(3) {
            let r = (UInt32(b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3
            if r >= 0x10000, r <= 0x10FFFF { return (r, 4) }
        }
        return (0xFFFD, 1)
    }

    private var lastWidth = 0

    private mutating func next() -> UInt32 {
        if pos >= input.count {
            lastWidth = 0
            return Lexer.eof
        }
        let (r, w) = decode(at: pos)
        pos += w
        lastWidth = w
        if r == 0x0A { line += 1 }
        return r
    }

    private mutating func backup() {
        guard lastWidth > 0 else { return }
        pos -= lastWidth
        if input[pos] == 0x0A { line -= 1 }
        lastWidth = 0
    }

    private mutating func peek() -> UInt32 {
        let r = next()
        backup()
        return r
    }

    private func text(_ from: Int, _ to: Int) -> String {
        String(decoding: input[from..<to], as: UTF8.self)
    }

    private mutating func emit(_ kind: Item.Kind) {
        items.append(Item(kind: kind, pos: start, val: text(start, pos), line: startLine))
        start = pos
        startLine = line
    }

    private func countNewlines(_ from: Int, _ to: Int) -> Int {
        var n = 0
        var i = from
        while i < to {
            if input[i] == 0x0A { n += 1 }
            i += 1
        }
        return n
    }

    private mutating func ignore() {
        line += countNewlines(start, pos)
        start = pos
        startLine = line
    }

    private mutating func accept(_ valid: String) -> Bool {
        let r = next()
        if r != Lexer.eof, r < 0x80, valid.utf8.contains(UInt8(r)) { return true }
        backup()
        return false
    }

    private mutating func acceptRun(_ valid: String) {
        while true {
            let r = next()
            if r != Lexer.eof, r < 0x80, valid.utf8.contains(UInt8(r)) { continue }
            backup()
            return
        }
    }

    private mutating func errorf(_ message: String) -> State? {
        items.append(Item(kind: .error, pos: start, val: message, line: startLine))
        items.append(Item(kind: .eof, pos: input.count, val: "", line: startLine))
        finished = true
        return nil
    }

    private func hasPrefix(_ prefix: [UInt8], at i: Int) -> Bool {
        guard i >= 0, i + prefix.count <= input.count else { return false }
        var k = 0
        while k < prefix.count {
            if input[i + k] != prefix[k] { return false }
            k += 1
        }
        return true
    }

    private func index(of needle: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty else { return from }
        var i = from
        let first = needle[0]
        let last = input.count - needle.count
        while i <= last {
            if input[i] == first, hasPrefix(needle, at: i) { return i }
            i += 1
        }
        return nil
    }

    private static func isSpaceByte(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }
    private static func isSpace(_ r: UInt32) -> Bool { r == 0x20 || r == 0x09 || r == 0x0D || r == 0x0A }

    static func isAlphaNumeric(_ r: UInt32) -> Bool {
        if r == 0x5F { return true }
        if r < 0x80 {
            return (r >= 0x30 && r <= 0x39) || (r >= 0x41 && r <= 0x5A) || (r >= 0x61 && r <= 0x7A)
        }
        guard r != eof, let scalar = Unicode.Scalar(r) else { return false }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber:
            return true
        default:
            return false
        }
    }

    private func hasLeftTrimMarker(at i: Int) -> Bool {
        i + 1 < input.count && input[i] == 0x2D && Lexer.isSpaceByte(input[i + 1])
    }

    private func hasRightTrimMarker(at i: Int) -> Bool {
        i >= 0 && i + 1 < input.count && Lexer.isSpaceByte(input[i]) && input[i + 1] == 0x2D
    }

    private func atRightDelim() -> (delim: Bool, trimSpaces: Bool) {
        if hasRightTrimMarker(at: pos), hasPrefix(rightDelim, at: pos + 2) { return (true, true) }
        if hasPrefix(rightDelim, at: pos) { return (true, false) }
        return (false, false)
    }

    // MARK: States

    private mutating func lexText() -> State? {
        if let x = index(of: leftDelim, from: pos) {
            pos = x
            var trimLength = 0
            if hasLeftTrimMarker(at: pos + leftDelim.count) {
                var i = pos
                while i > start, Lexer.isSpaceByte(input[i - 1]) { i -= 1 }
                trimLength = pos - i
            }
            pos -= trimLength
            if pos > start {
                line += countNewlines(start, pos)
                emit(.text)
            }
            pos += trimLength
            ignore()
            return .leftDelim
        }
        pos = input.count
        if pos > start {
            line += countNewlines(start, pos)
            emit(.text)
        }
        emit(.eof)
        return nil
    }

    private mutating func lexLeftDelim() -> State? {
        pos += leftDelim.count
        let trimSpace = hasLeftTrimMarker(at: pos)
        let afterMarker = trimSpace ? 2 : 0
        if hasPrefix(Lexer.leftComment, at: pos + afterMarker) {
            pos += afterMarker
            ignore()
            return .comment
        }
        emit(.leftDelim)
        pos += afterMarker
        ignore()
        parenDepth = 0
        return .insideAction
    }

    private mutating func lexComment() -> State? {
        pos += Lexer.leftComment.count
        guard let x = index(of: Lexer.rightComment, from: pos) else { return errorf("unclosed comment") }
        pos = x + Lexer.rightComment.count
        let (delim, trimSpace) = atRightDelim()
        if !delim { return errorf("comment ends before closing delimiter") }
        if trimSpace { pos += 2 }
        pos += rightDelim.count
        if trimSpace { skipLeadingSpace() }
        ignore()
        return .text
    }

    private mutating func skipLeadingSpace() {
        while pos < input.count, Lexer.isSpaceByte(input[pos]) { pos += 1 }
    }

    private mutating func lexRightDelim() -> State? {
        let trimSpace = hasRightTrimMarker(at: pos)
        if trimSpace {
            pos += 2
            ignore()
        }
        pos += rightDelim.count
        emit(.rightDelim)
        if trimSpace {
            skipLeadingSpace()
            ignore()
        }
        return .text
    }

    private mutating func lexInsideAction() -> State? {
        let (delim, _) = atRightDelim()
        if delim {
            if parenDepth == 0 { return .rightDelim }
            return errorf("unclosed left paren")
        }
        let r = next()
        switch r {
        case Lexer.eof:
            return errorf("unclosed action")
        case 0x20, 0x09, 0x0D, 0x0A:
            backup()
            return .space
        case UInt32(UInt8(ascii: "=")):
            emit(.assign)
        case UInt32(UInt8(ascii: ":")):
            if next() != UInt32(UInt8(ascii: "=")) { return errorf("expected :=") }
            emit(.declare)
        case UInt32(UInt8(ascii: "|")):
            emit(.pipe)
        case UInt32(UInt8(ascii: "\"")):
            return .quote
        case UInt32(UInt8(ascii: "`")):
            return .rawQuote
        case UInt32(UInt8(ascii: "$")):
            return .variable
        case UInt32(UInt8(ascii: "'")):
            return .char
        case UInt32(UInt8(ascii: ".")):
            if pos < input.count {
                let c = input[pos]
                if c < 0x30 || c > 0x39 { return .field }
            }
            backup()
            return .number
        case UInt32(UInt8(ascii: "+")), UInt32(UInt8(ascii: "-")), 0x30...0x39:
            backup()
            return .number
        case UInt32(UInt8(ascii: "(")):
            emit(.leftParen)
            parenDepth += 1
        case UInt32(UInt8(ascii: ")")):
            parenDepth -= 1
            if parenDepth < 0 { return errorf("unexpected right paren") }
            emit(.rightParen)
        default:
            if Lexer.isAlphaNumeric(r) {
                backup()
                return .identifier
            }
            if r < 0x7F, r >= 0x20 {
                emit(.char)
            } else {
                return errorf("unrecognized character in action: \(GoQuote.unicodeVerb(r))")
            }
        }
        return .insideAction
    }

    private mutating func lexSpace() -> State? {
        var numSpaces = 0
        while true {
            let r = peek()
            if !Lexer.isSpace(r) { break }
            _ = next()
            numSpaces += 1
        }
        if hasRightTrimMarker(at: pos - 1), hasPrefix(rightDelim, at: pos - 1 + 2) {
            pos -= 1
            if input[pos] == 0x0A { line -= 1 }
            lastWidth = 0
            if numSpaces == 1 { return .insideAction }
        }
        emit(.space)
        return .insideAction
    }

    private mutating func lexIdentifier() -> State? {
        while true {
            let r = next()
            if Lexer.isAlphaNumeric(r) { continue }
            backup()
            let word = text(start, pos)
            if !atTerminator() { return errorf("bad character \(GoQuote.unicodeVerb(r))") }
            if let kind = Lexer.keywords[word], kind.isKeyword {
                if (kind == .break && !breakOK) || (kind == .continue && !continueOK) {
                    emit(.identifier)
                } else {
                    emit(kind)
                }
            } else if word.utf8.first == UInt8(ascii: ".") {
                emit(.field)
            } else if word == "true" || word == "false" {
                emit(.bool)
            } else {
                emit(.identifier)
            }
            return .insideAction
        }
    }

    private mutating func lexVariable() -> State? {
        if atTerminator() {
            emit(.variable)
            return .insideAction
        }
        return lexFieldOrVariable(.variable)
    }

    private mutating func lexFieldOrVariable(_ kind: Item.Kind) -> State? {
        if atTerminator() {
            emit(kind == .variable ? .variable : .dot)
            return .insideAction
        }
        var r: UInt32
        while true {
            r = next()
            if !Lexer.isAlphaNumeric(r) {
                backup()
                break
            }
        }
        if !atTerminator() { return errorf("bad character \(GoQuote.unicodeVerb(r))") }
        emit(kind)
        return .insideAction
    }

    private mutating func atTerminator() -> Bool {
        let r = peek()
        if Lexer.isSpace(r) { return true }
        switch r {
        case Lexer.eof, 0x2E, 0x2C, 0x7C, 0x3A, 0x29, 0x28: return true  // . , | : ) (
        default: return hasPrefix(rightDelim, at: pos)
        }
    }

    private mutating func lexChar() -> State? {
        while true {
            switch next() {
            case 0x5C:  // backslash
                let r = next()
                if r != Lexer.eof && r != 0x0A { continue }
                return errorf("unterminated character constant")
            case Lexer.eof, 0x0A:
                return errorf("unterminated character constant")
            case 0x27:
                emit(.charConstant)
                return .insideAction
            default:
                continue
            }
        }
    }

    private mutating func lexNumber() -> State? {
        if !scanNumber() { return errorf("bad number syntax: \(GoQuote.quote(text(start, pos)))") }
        let sign = peek()
        if sign == 0x2B || sign == 0x2D {
            if !scanNumber() || input[pos - 1] != UInt8(ascii: "i") {
                return errorf("bad number syntax: \(GoQuote.quote(text(start, pos)))")
            }
            emit(.complex)
            return .insideAction
        }
        emit(.number)
        return .insideAction
    }

    private mutating func scanNumber() -> Bool {
        _ = accept("+-")
        var digits = "0123456789_"
        if accept("0") {
            if accept("xX") {
                digits = "0123456789abcdefABCDEF_"
            } else if accept("oO") {
                digits = "01234567_"
            } else if accept("bB") {
                digits = "01_"
            }
        }
        acceptRun(digits)
        if accept(".") { acceptRun(digits) }
        if digits.utf8.count == 11, accept("eE") {
            _ = accept("+-")
            acceptRun("0123456789_")
        }
        if digits.utf8.count == 23, accept("pP") {
            _ = accept("+-")
            acceptRun("0123456789_")
        }
        _ = accept("i")
        if Lexer.isAlphaNumeric(peek()) {
            _ = next()
            return false
        }
        return true
    }

    private mutating func lexQuote() -> State? {
        while true {
            switch next() {
            case 0x5C:
                let r = next()
                if r != Lexer.eof && r != 0x0A { continue }
                return errorf("unterminated quoted string")
            case Lexer.eof, 0x0A:
                return errorf("unterminated quoted string")
            case 0x22:
                emit(.string)
                return .insideAction
            default:
                continue
            }
        }
    }

    private mutating func lexRawQuote() -> State? {
        while true {
            switch next() {
            case Lexer.eof:
                return errorf("unterminated raw quoted string")
            case 0x60:
                emit(.rawString)
                return .insideAction
            default:
                continue
            }
        }
    }
}
