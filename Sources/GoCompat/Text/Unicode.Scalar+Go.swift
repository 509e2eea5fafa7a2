/// Go's `unicode` classes, as templates, regular expressions and sprig's string functions use
/// them.
extension Unicode.Scalar {
    /// Go's `unicode.IsLetter` (category L).
    public var isGoLetter: Bool {
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: true
        default: false
        }
    }

    /// Go's `unicode.IsDigit` (category Nd).
    public var isGoDigit: Bool { properties.generalCategory == .decimalNumber }

    /// Go's `unicode.IsNumber` (category N).
    public var isGoNumber: Bool {
        switch properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber: true
        default: false
        }
    }

    /// Go's `unicode.IsPunct` (category P).
    public var isGoPunct: Bool {
        switch properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation: true
        default: false
        }
    }

    /// Go's `unicode.IsUpper` / `IsLower` (categories Lu / Ll).
    public var isGoUpper: Bool { properties.generalCategory == .uppercaseLetter }
    public var isGoLower: Bool { properties.generalCategory == .lowercaseLetter }

    /// Go's `unicode.IsSpace`.
    public var isGoSpace: Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0: return true
        case 0..<0x80: return false
        default: return properties.isWhitespace
        }
    }
}

extension String {
    /// Go's byte-wise string ordering (`sort.Strings`, map key order).
    public static func goLess(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// The string built from bytes that may not be valid UTF-8 (Go slices strings by byte);
    /// invalid sequences become U+FFFD.
    public init(goBytes bytes: some Collection<UInt8>) {
        self = String(decoding: Array(bytes), as: UTF8.self)
    }

    /// `strings.TrimSpace`.
    public func trimmingGoSpace() -> String {
        var scalars = Substring(self).unicodeScalars[...]
        while let first = scalars.first, first.isGoSpace { scalars = scalars.dropFirst() }
        while let last = scalars.last, last.isGoSpace { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}

extension Character {
    /// `0`…`9`.
    public var isASCIIDigit: Bool { isASCII && isNumber }
}
