import GoCompat

/// Go's `fmt` printing for template values: `Sprint`, `Sprintln` and `Sprintf` with Go's verbs,
/// flags, widths, precisions, argument indexes and its in-band error notes (`%!d(string=x)`,
/// `%!v(MISSING)`, `%!(EXTRA ...)`, `%!(NOVERB)`, `%!(BADWIDTH)`, ...).
///
/// `Value.null` is Go's untyped nil. Lists are `[]interface {}`, maps `map[string]interface {}`.
struct GoPrinter {
    private var buf = ""
    // Flags of the verb being formatted, as Go's `fmt.fmtFlags`.
    private var plus = false
    private var minus = false
    private var sharp = false
    private var space = false
    private var zero = false
    private var plusV = false
    private var sharpV = false
    private var wid = 0
    private var widPresent = false
    private var prec = 0
    private var precPresent = false
    private var goodArgNum = true
    private var reordered = false

    private mutating func clearFlags() {
        plus = false; minus = false; sharp = false; space = false; zero = false
        plusV = false; sharpV = false
        wid = 0; widPresent = false; prec = 0; precPresent = false
    }

    // MARK: Entry points

    /// `fmt.Sprint`: spaces between operands when neither side is a string.
    static func sprint(_ args: [Value]) -> String {
        var p = GoPrinter()
        var prevString = false
        for (i, arg) in args.enumerated() {
            let isString: Bool
            if case .string = arg { isString = true } else { isString = false }
            if i > 0 && !isString && !prevString { p.buf += " " }
            p.printArg(arg, verb: 0x76)
            prevString = isString
        }
        return p.buf
    }

    /// `fmt.Sprintln`: spaces between all operands and a newline.
    static func sprintln(_ args: [Value]) -> String {
        var p = GoPrinter()
        for (i, arg) in args.enumerated() {
            if i > 0 { p.buf += " " }
            p.printArg(arg, verb: 0x76)
        }
        p.buf += "\n"
        return p.buf
    }

    /// `fmt.Sprintf`.
    static func sprintf(_ format: String, _ args: [Value]) -> String {
        var p = GoPrinter()
        p.doPrintf(Array(format.utf8), args)
        return p.buf
    }

    /// The Go type name `%T` and error notes print.
    static func typeName(_ v: Value) -> String { v.goTypeName }

    // MARK: Printf

    private static func parseNum(_ s: [UInt8], _ start: Int, _ end: Int) -> (num: Int, isNum: Bool, newi: Int) {
        if start >= end { return (0, false, end) }
        var num = 0
        var isNum = false
        var i = start
        while i < end, s[i] >= 0x30, s[i] <= 0x39 {
            if num > 1_000_000 || num < -1_000_000 { return (0, false, end) }
            num = num * 10 + Int(s[i] - 0x30)
            isNum = true
            i += 1
        }
        return (num, isNum, i)
    }

    private static func parseArgNumber(_ s: [UInt8], _ from: Int) -> (index: Int, wid: Int, ok: Bool) {
        if s.count - from < 3 { return (0, 1, false) }
        var i = from + 1
        while i < s.count {
            if s[i] == UInt8(ascii: "]") {
                let (width, ok, newi) = parseNum(s, from + 1, i)
                if !ok || newi != i { return (0, i - from + 1, false) }
                return (width - 1, i - from + 1, true)
            }
            i += 1
        }
        return (0, 1, false)
    }

    private mutating func argNumber(_ argNum: Int, _ format: [UInt8], _ i: Int, _ numArgs: Int) -> (Int, Int, Bool) {
        if format.count <= i || format[i] != UInt8(ascii: "[") { return (argNum, i, false) }
        reordered = true
        let (index, wid, ok) = GoPrinter.parseArgNumber(format, i)
        if ok && 0 <= index && index < numArgs { return (index, i + wid, true) }
        goodArgNum = false
        return (argNum, i + wid, ok)
    }

    private static func intFromArg(_ a: [Value], _ argNum: Int) -> (num: Int, isInt: Bool, newArgNum: Int) {
        var num = 0
        var isInt = false
        var newArgNum = argNum
        if argNum < a.count {
            switch a[argNum] {
            case .int(let i), .int64(let i): num = i; isInt = true
            case .uint(let u) where u <= UInt(Int.max): num = Int(u); isInt = true
            default: break
            }
            newArgNum = argNum + 1
            if num > 1_000_000 || num < -1_000_000 {
                num = 0
                isInt = false
            }
        }
        return (num, isInt, newArgNum)
    }

    private mutating func doPrintf(_ format: [UInt8], _ a: [Value]) {
        let end = format.count
        var argNum = 0
        var afterIndex = false
        reordered = false
        var i = 0
        formatLoop: while i < end {
            goodArgNum = true
            let lasti = i
            while i < end && format[i] != UInt8(ascii: "%") { i += 1 }
            if i > lasti { buf += String(decoding: format[lasti..<i], as: UTF8.self) }
            if i >= end { break }
            i += 1
            clearFlags()
            simpleFormat: while i < end {
                let c = format[i]
                switch c {
                case UInt8(ascii: "#"): sharp = true
                case UInt8(ascii: "0"): zero = !minus  // Only allow zero padding to the left.
                case UInt8(ascii: "+"): plus = true
                case UInt8(ascii: "-"):
                    minus = true
                    zero = false  // Do not pad with zeros to the right.
                case UInt8(ascii: " "): space = true
                default:
                    if c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z") && argNum < a.count {
                        if c == UInt8(ascii: "v") {
                            sharpV = sharp; sharp = false
                            plusV = plus; plus = false
                        }
                        printArg(a[argNum], verb: UInt32(c))
                        argNum += 1
                        i += 1
                        continue formatLoop
                    }
                    break simpleFormat
                }
                i += 1
            }
            (argNum, i, afterIndex) = argNumber(argNum, format, i, a.count)
            if i < end && format[i] == UInt8(ascii: "*") {
                i += 1
                (wid, widPresent, argNum) = GoPrinter.intFromArg(a, argNum)
                if !widPresent { buf += "%!(BADWIDTH)" }
                if wid < 0 {
                    wid = -wid
                    minus = true
                    zero = false
                }
                afterIndex = false
            } else {
                (wid, widPresent, i) = GoPrinter.parseNum(format, i, end)
                if afterIndex && widPresent { goodArgNum = false }
            }
            if i + 1 < end && format[i] == UInt8(ascii: ".") {
                i += 1
                if afterIndex { goodArgNum = false }
                (argNum, i, afterIndex) = argNumber(argNum, format, i, a.count)
                if i < end && format[i] == UInt8(ascii: "*") {
                    i += 1
                    (prec, precPresent, argNum) = GoPrinter.intFromArg(a, argNum)
                    if prec < 0 {
                        prec = 0
                        precPresent = false
                    }
                    if !precPresent { buf += "%!(BADPREC)" }
                    afterIndex = false
                } else {
                    (prec, precPresent, i) = GoPrinter.parseNum(format, i, end)
                    if !precPresent {
                        prec = 0
                        precPresent = true
                    }
                }
            }
            if !afterIndex { (argNum, i, afterIndex) = argNumber(argNum, format, i, a.count) }
            if i >= end {
                buf += "%!(NOVERB)"
                break
            }
            var verb = UInt32(format[i])
            var size = 1
            if format[i] >= 0x80 {
                let text = String(decoding: format[i..<min(end, i + 4)], as: UTF8.self)
                let scalar = text.unicodeScalars.first ?? "\u{FFFD}"
                verb = scalar.value
                size = scalar.value == 0xFFFD ? 1 : String(scalar).utf8.count
            }
            i += size
            if verb == UInt32(UInt8(ascii: "%")) {
                buf += "%"
            } else if !goodArgNum {
                badArgNum(verb)
            } else if argNum >= a.count {
                missingArg(verb)
            } else {
                if verb == UInt32(UInt8(ascii: "v")) {
                    sharpV = sharp; sharp = false
                    plusV = plus; plus = false
                }
                printArg(a[argNum], verb: verb)
                argNum += 1
            }
        }
        if !reordered && argNum < a.count {
            clearFlags()
            buf += "%!(EXTRA "
            for (k, arg) in a[argNum...].enumerated() {
                if k > 0 { buf += ", " }
                if case .null = arg {
                    buf += "<nil>"
                } else {
                    buf += GoPrinter.typeName(arg)
                    buf += "="
                    printArg(arg, verb: 0x76)
                }
            }
            buf += ")"
        }
    }

    private mutating func writeVerb(_ verb: UInt32) {
        buf.unicodeScalars.append(Unicode.Scalar(verb) ?? "\u{FFFD}")
    }

    private mutating func badArgNum(_ verb: UInt32) {
        buf += "%!"
        writeVerb(verb)
        buf += "(BADINDEX)"
    }

    private mutating func missingArg(_ verb: UInt32) {
        buf += "%!"
        writeVerb(verb)
        buf += "(MISSING)"
    }

    private mutating func badVerb(_ verb: UInt32, _ value: Value?) {
        buf += "%!"
        writeVerb(verb)
        buf += "("
        if let value, !isNil(value) {
            buf += GoPrinter.typeName(value)
            buf += "="
            printArg(value, verb: 0x76)
        } else {
            buf += "<nil>"
        }
        buf += ")"
    }

    private func isNil(_ v: Value) -> Bool {
        if case .null = v { return true }
        return false
    }

    // MARK: Arguments

    private mutating func printArg(_ arg: Value, verb: UInt32) {
        if case .null = arg {
            switch verb {
            case UInt32(UInt8(ascii: "T")), UInt32(UInt8(ascii: "v")): padString("<nil>")
            default: badVerb(verb, nil)
            }
            return
        }
        if verb == UInt32(UInt8(ascii: "T")) {
            fmtS(GoPrinter.typeName(arg))
            return
        }
        printValue(arg, verb: verb, depth: 0)
    }

    private mutating func printValue(_ value: Value, verb: UInt32, depth: Int) {
        switch value {
        case .null:
            // A nil element of a list, map or struct field (an empty interface).
            if sharpV { buf += "interface {}(nil)" } else { buf += "<nil>" }
        case .bool(let b):
            if verb == UInt32(UInt8(ascii: "t")) || verb == UInt32(UInt8(ascii: "v")) {
                padString(b ? "true" : "false")
            } else {
                badVerb(verb, value)
            }
        case .int(let i), .int64(let i): fmtInteger(UInt64(bitPattern: Int64(i)), isSigned: true, verb: verb, value: value)
        case .uint(let u): fmtInteger(UInt64(u), isSigned: false, verb: verb, value: value)
        case .float(let f): fmtFloatVerb(f, verb: verb, value: value)
        case .string(let s): fmtString(s, verb: verb, value: value)
        case .time(let t):
            switch verb {
            case UInt32(UInt8(ascii: "v")), UInt32(UInt8(ascii: "s")), UInt32(UInt8(ascii: "x")),
                UInt32(UInt8(ascii: "X")), UInt32(UInt8(ascii: "q")):
                if sharpV {
                    buf += "time.Time{\(t.goString)}"
                } else {
                    fmtString(t.goString, verb: verb, value: value)
                }
            default:
                badVerb(verb, value)
            }
        case .function(let f):
            if verb == UInt32(UInt8(ascii: "v")) {
                padString(sharpV ? "(func)(\(f.name))" : "func(\(f.name))")
            } else {
                badVerb(verb, value)
            }
        case .list(let items):
            if sharpV {
                buf += "[]" + items.elementType.rawValue + "{"
                for (i, item) in items.enumerated() {
                    if i > 0 { buf += ", " }
                    printValue(item, verb: verb, depth: depth + 1)
                }
                buf += "}"
            } else {
                buf += "["
                for (i, item) in items.enumerated() {
                    if i > 0 { buf += " " }
                    printValue(item, verb: verb, depth: depth + 1)
                }
                buf += "]"
            }
        case .map(let map):
            buf += sharpV ? map.kind.rawValue + "{" : "map["
            for (i, key) in Value.goSortedKeys(map.entries).enumerated() {
                if i > 0 { buf += sharpV ? ", " : " " }
                printValue(.string(key), verb: verb, depth: depth + 1)
                buf += ":"
                printValue(map[key] ?? .null, verb: verb, depth: depth + 1)
            }
            buf += sharpV ? "}" : "]"
        case .record(let record):
            if sharpV { buf += record.typeName }
            buf += "{"
            for (i, field) in record.fields.enumerated() {
                if i > 0 { buf += sharpV ? ", " : " " }
                if plusV || sharpV {
                    buf += field.name
                    buf += ":"
                }
                printValue(field.value, verb: verb, depth: depth + 1)
            }
            buf += "}"
        }
    }

    // MARK: Padding

    private mutating func writePadding(_ n: Int) {
        guard n > 0 else { return }
        buf += String(repeating: zero ? "0" : " ", count: n)
    }

    private mutating func pad(_ s: String) {
        if !widPresent || wid == 0 {
            buf += s
            return
        }
        let width = wid - s.unicodeScalars.count
        if !minus {
            writePadding(width)
            buf += s
        } else {
            buf += s
            writePadding(width)
        }
    }

    private mutating func padString(_ s: String) { pad(s) }

    private func truncate(_ s: String) -> String {
        if precPresent {
            var n = prec
            var idx = s.unicodeScalars.startIndex
            while idx != s.unicodeScalars.endIndex {
                n -= 1
                if n < 0 { return String(s.unicodeScalars[..<idx]) }
                idx = s.unicodeScalars.index(after: idx)
            }
        }
        return s
    }

    private mutating func fmtS(_ s: String) { padString(truncate(s)) }

    // MARK: Strings

    private mutating func fmtString(_ s: String, verb: UInt32, value: Value) {
        switch verb {
        case UInt32(UInt8(ascii: "v")):
            if sharpV { fmtQ(s) } else { fmtS(s) }
        case UInt32(UInt8(ascii: "s")): fmtS(s)
        case UInt32(UInt8(ascii: "x")): fmtSx(Array(s.utf8), digits: GoPrinter.ldigits)
        case UInt32(UInt8(ascii: "X")): fmtSx(Array(s.utf8), digits: GoPrinter.udigits)
        case UInt32(UInt8(ascii: "q")): fmtQ(s)
        default: badVerb(verb, value)
        }
    }

    private static let ldigits: [UInt8] = Array("0123456789abcdefx".utf8)
    private static let udigits: [UInt8] = Array("0123456789ABCDEFX".utf8)

    private mutating func fmtSx(_ b: [UInt8], digits: [UInt8]) {
        var length = b.count
        if precPresent && prec < length { length = prec }
        var width = 2 * length
        if width > 0 {
            if space {
                if sharp { width *= 2 }
                width += length - 1
            } else if sharp {
                width += 2
            }
        } else {
            if widPresent { writePadding(wid) }
            return
        }
        if widPresent && wid > width && !minus { writePadding(wid - width) }
        var out: [UInt8] = []
        if sharp { out += [0x30, digits[16]] }
        for i in 0..<length {
            if space && i > 0 {
                out.append(0x20)
                if sharp { out += [0x30, digits[16]] }
            }
            let c = b[i]
            out.append(digits[Int(c >> 4)])
            out.append(digits[Int(c & 0xF)])
        }
        buf += String(decoding: out, as: UTF8.self)
        if widPresent && wid > width && minus { writePadding(wid - width) }
    }

    private mutating func fmtQ(_ s: String) {
        let s = truncate(s)
        if sharp && GoQuote.canBackquote(s) {
            padString("`" + s + "`")
            return
        }
        pad(GoQuote.quote(s, asciiOnly: plus))
    }

    // MARK: Integers

    private mutating func fmtInteger(_ v: UInt64, isSigned: Bool, verb: UInt32, value: Value) {
        switch verb {
        case UInt32(UInt8(ascii: "v")):
            if sharpV && !isSigned {
                let oldSharp = sharp
                sharp = true
                formatInteger(v, base: 16, isSigned: false, verb: verb, digits: GoPrinter.ldigits)
                sharp = oldSharp
            } else {
                formatInteger(v, base: 10, isSigned: isSigned, verb: verb, digits: GoPrinter.ldigits)
            }
        case UInt32(UInt8(ascii: "d")): formatInteger(v, base: 10, isSigned: isSigned, verb: verb, digits: GoPrinter.ldigits)
        case UInt32(UInt8(ascii: "b")): formatInteger(v, base: 2, isSigned: isSigned, verb: verb, digits: GoPrinter.ldigits)
        case UInt32(UInt8(ascii: "o")), UInt32(UInt8(ascii: "O")):
            formatInteger(v, base: 8, isSigned: isSigned, verb: verb, digits: GoPrinter.ldigits)
        case UInt32(UInt8(ascii: "x")): formatInteger(v, base: 16, isSigned: isSigned, verb: verb, digits: GoPrinter.ldigits)
        case UInt32(UInt8(ascii: "X")): formatInteger(v, base: 16, isSigned: isSigned, verb: verb, digits: GoPrinter.udigits)
        case UInt32(UInt8(ascii: "c")):
            let r: UInt32 = v > 0x10FFFF ? 0xFFFD : UInt32(v)
            let scalar = Unicode.Scalar(r) ?? "\u{FFFD}"
            pad(String(Character(scalar)))
        case UInt32(UInt8(ascii: "q")):
            let r: UInt32 = v > 0x10FFFF ? 0xFFFD : UInt32(v)
            pad(GoQuote.quoteRune(r, asciiOnly: plus))
        case UInt32(UInt8(ascii: "U")): fmtUnicode(v)
        default: badVerb(verb, value)
        }
    }

    private mutating func formatInteger(_ u0: UInt64, base: UInt64, isSigned: Bool, verb: UInt32, digits: [UInt8]) {
        var u = u0
        let negative = isSigned && Int64(bitPattern: u) < 0
        if negative { u = 0 &- u }
        var precision = 0
        if precPresent {
            precision = prec
            if precision == 0 && u == 0 {
                let oldZero = zero
                zero = false
                writePadding(wid)
                zero = oldZero
                return
            }
        } else if zero && widPresent && !minus {
            precision = wid
            if negative || plus || space { precision -= 1 }
        }
        var out: [UInt8] = []
        repeat {
            out.append(digits[Int(u % base)])
            u /= base
        } while u > 0
        while out.count < precision { out.append(0x30) }
        if sharp {
            switch base {
            case 2: out += [UInt8(ascii: "b"), 0x30]
            case 8: if out.last != 0x30 { out.append(0x30) }
            case 16: out += [digits[16], 0x30]
            default: break
            }
        }
        if verb == UInt32(UInt8(ascii: "O")) { out += [UInt8(ascii: "o"), 0x30] }
        if negative {
            out.append(UInt8(ascii: "-"))
        } else if plus {
            out.append(UInt8(ascii: "+"))
        } else if space {
            out.append(0x20)
        }
        let oldZero = zero
        zero = false
        pad(String(decoding: out.reversed(), as: UTF8.self))
        zero = oldZero
    }

    private mutating func fmtUnicode(_ u0: UInt64) {
        var hex = String(u0, radix: 16, uppercase: true)
        var precision = 4
        if precPresent && prec > 4 { precision = prec }
        if hex.count < precision { hex = String(repeating: "0", count: precision - hex.count) + hex }
        var s = "U+" + hex
        if sharp, u0 <= 0x10FFFF, GoQuote.isPrint(UInt32(u0)), let scalar = Unicode.Scalar(UInt32(u0)) {
            s += " '" + String(Character(scalar)) + "'"
        }
        let oldZero = zero
        zero = false
        pad(s)
        zero = oldZero
    }

    // MARK: Floats

    private mutating func fmtFloatVerb(_ v: Double, verb: UInt32, value: Value) {
        switch verb {
        case UInt32(UInt8(ascii: "v")): fmtFloat(v, verb: "g", prec: -1)
        case UInt32(UInt8(ascii: "g")): fmtFloat(v, verb: "g", prec: -1)
        case UInt32(UInt8(ascii: "G")): fmtFloat(v, verb: "G", prec: -1)
        case UInt32(UInt8(ascii: "f")), UInt32(UInt8(ascii: "F")): fmtFloat(v, verb: "f", prec: 6)
        case UInt32(UInt8(ascii: "e")): fmtFloat(v, verb: "e", prec: 6)
        case UInt32(UInt8(ascii: "E")): fmtFloat(v, verb: "E", prec: 6)
        case UInt32(UInt8(ascii: "x")): fmtFloat(v, verb: "x", prec: -1)
        case UInt32(UInt8(ascii: "X")): fmtFloat(v, verb: "X", prec: -1)
        case UInt32(UInt8(ascii: "b")): fmtFloat(v, verb: "b", prec: -1)
        default: badVerb(verb, value)
        }
    }

    private mutating func fmtFloat(_ v: Double, verb: Character, prec p: Int) {
        var precision = p
        if precPresent { precision = prec }
        let text: String
        switch verb {
        case "x", "X": text = GoFloat.formatHex(v, upper: verb == "X", precision: precision)
        case "b": text = GoFloat.formatBinary(v)
        default: text = GoFloat.format(v, verb: verb, precision: precision < 0 ? nil : precision)
        }
        var num = Array(text.utf8)
        if num.first == UInt8(ascii: "-") || num.first == UInt8(ascii: "+") {
            // keep sign
        } else {
            num.insert(UInt8(ascii: "+"), at: 0)
        }
        if space && num[0] == UInt8(ascii: "+") && !plus { num[0] = 0x20 }
        if num.count > 1 && (num[1] == UInt8(ascii: "I") || num[1] == UInt8(ascii: "N")) {
            let oldZero = zero
            zero = false
            if num[1] == UInt8(ascii: "N") && !space && !plus { num.removeFirst() }
            pad(String(decoding: num, as: UTF8.self))
            zero = oldZero
            return
        }
        if sharp && verb != "b" {
            var digits = 0
            if verb == "g" || verb == "G" || verb == "x" {
                digits = precision
                if digits == -1 { digits = 6 }
            }
            var tail: [UInt8] = []
            var hasDecimalPoint = false
            var sawNonzeroDigit = false
            var i = 1
            while i < num.count {
                let c = num[i]
                if c == UInt8(ascii: ".") {
                    hasDecimalPoint = true
                } else if c == UInt8(ascii: "p") || c == UInt8(ascii: "P")
                    || ((c == UInt8(ascii: "e") || c == UInt8(ascii: "E")) && verb != "x" && verb != "X") {
                    tail = Array(num[i...])
                    num = Array(num[..<i])
                    break
                } else {
                    if c != 0x30 { sawNonzeroDigit = true }
                    if sawNonzeroDigit { digits -= 1 }
                }
                i += 1
            }
            if !hasDecimalPoint {
                if num.count == 2 && num[1] == 0x30 { digits -= 1 }
                num.append(UInt8(ascii: "."))
            }
            while digits > 0 {
                num.append(0x30)
                digits -= 1
            }
            num += tail
        }
        if plus || num[0] != UInt8(ascii: "+") {
            if zero && widPresent && wid > num.count {
                buf.unicodeScalars.append(Unicode.Scalar(num[0]))
                writePadding(wid - num.count)
                buf += String(decoding: num[1...], as: UTF8.self)
                return
            }
            pad(String(decoding: num, as: UTF8.self))
            return
        }
        pad(String(decoding: num[1...], as: UTF8.self))
    }
}

extension GoFloat {
    /// `strconv.FormatFloat(v, 'x' or 'X', precision, 64)`: `-0x1.8p+01`.
    static func formatHex(_ value: Double, upper: Bool, precision: Int) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        let bits = value.bitPattern
        let negative = bits >> 63 != 0
        var exp = Int((bits >> 52) & 0x7FF)
        var mant = bits & ((1 << 52) - 1)
        if exp == 0 { exp += 1 } else { mant |= 1 << 52 }
        exp -= 1023
        if mant == 0 { exp = 0 }
        mant <<= 60 - 52
        while mant != 0 && mant & (1 << 60) == 0 {
            mant <<= 1
            exp -= 1
        }
        if precision >= 0 && precision < 15 {
            let shift = UInt64(precision * 4)
            let extra = (mant << shift) & ((1 << 60) - 1)
            mant >>= 60 - shift
            if extra | (mant & 1) > 1 << 59 { mant += 1 }
            mant <<= 60 - shift
            if mant & (1 << 61) != 0 {
                mant >>= 1
                exp += 1
            }
        }
        let digits = Array(upper ? "0123456789ABCDEF" : "0123456789abcdef")
        var out = negative ? "-" : ""
        out += upper ? "0X" : "0x"
        out.append(digits[Int((mant >> 60) & 1)])
        mant <<= 4
        if precision < 0 && mant != 0 {
            out += "."
            while mant != 0 {
                out.append(digits[Int((mant >> 60) & 15)])
                mant <<= 4
            }
        } else if precision > 0 {
            out += "."
            for _ in 0..<precision {
                out.append(digits[Int((mant >> 60) & 15)])
                mant <<= 4
            }
        }
        out += upper ? "P" : "p"
        out += exp < 0 ? "-" : "+"
        let magnitude = abs(exp)
        out += magnitude < 10 ? "0\(magnitude)" : "\(magnitude)"
        return out
    }

    /// `strconv.FormatFloat(v, 'b', -1, 64)`: `-4503599627370496p-52`.
    static func formatBinary(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        let bits = value.bitPattern
        let negative = bits >> 63 != 0
        var exp = Int((bits >> 52) & 0x7FF)
        var mant = bits & ((1 << 52) - 1)
        if exp == 0 { exp += 1 } else { mant |= 1 << 52 }
        exp -= 1023 + 52
        return (negative ? "-" : "") + "\(mant)p" + (exp >= 0 ? "+" : "") + "\(exp)"
    }
}
