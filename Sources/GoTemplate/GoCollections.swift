/// A Go slice as templates see it: its elements and its Go element type. Most slices are
/// `[]interface {}`; a few functions return typed ones (`splitList` a `[]string`, `until` an
/// `[]int`), which `printf "%T"`, `typeOf` and `kindOf` tell apart as Go does.
///
/// Equality compares the elements only: it is the Swift notion tests and collections use.
public struct GoSlice: Sendable, Equatable, RandomAccessCollection, MutableCollection, RangeReplaceableCollection,
    ExpressibleByArrayLiteral
{
    public var elements: [Value]
    public var elementType: ElementType

    /// The Go type of the elements. An enum rather than a name keeps `Value` narrow.
    public enum ElementType: String, Sendable {
        case interface = "interface {}"
        case string
        case int
    }

    public init() {
        elements = []
        elementType = .interface
    }

    public init(_ elements: [Value], elementType: ElementType) {
        self.elements = elements
        self.elementType = elementType
    }

    public init(arrayLiteral elements: Value...) {
        self.init(elements, elementType: .interface)
    }

    public var startIndex: Int { elements.startIndex }
    public var endIndex: Int { elements.endIndex }

    public subscript(position: Int) -> Value {
        get { elements[position] }
        set { elements[position] = newValue }
    }

    public mutating func replaceSubrange<C: Collection>(_ subrange: Range<Int>, with newElements: C) where C.Element == Value {
        elements.replaceSubrange(subrange, with: newElements)
    }

    public static func == (lhs: GoSlice, rhs: GoSlice) -> Bool { lhs.elements == rhs.elements }
}

/// A Go map as templates see it: string keys, and the Go type of the map. Maps that data and
/// sprig build are `map[string]interface {}`; `split` returns a `map[string]string`; the maps
/// nested in shuttle's YAML are `map[interface {}]interface {}` as yaml.v2 decodes them, which
/// JSON cannot encode and sprig's dictionary functions refuse, as in Go.
///
/// Equality compares the entries only.
public struct GoMap: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    public enum Kind: String, Sendable {
        case stringToInterface = "map[string]interface {}"
        case stringToString = "map[string]string"
        case interfaceToInterface = "map[interface {}]interface {}"
    }

    public var entries: [String: Value]
    public var kind: Kind

    public init(_ entries: [String: Value], kind: Kind) {
        self.entries = entries
        self.kind = kind
    }

    public init(dictionaryLiteral elements: (String, Value)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { _, last in last }), kind: .stringToInterface)
    }

    public subscript(key: String) -> Value? {
        get { entries[key] }
        set { entries[key] = newValue }
    }

    public var keys: Dictionary<String, Value>.Keys { entries.keys }
    public var values: Dictionary<String, Value>.Values { entries.values }
    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }

    public func makeIterator() -> Dictionary<String, Value>.Iterator { entries.makeIterator() }

    public static func == (lhs: GoMap, rhs: GoMap) -> Bool { lhs.entries == rhs.entries }
}
