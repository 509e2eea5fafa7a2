import Foundation

/// Encodes `Encodable` values the way Go's `encoding/json` writes the reference structs: keys
/// in the order `encode(to:)` writes them (Go's field order), Go's string escaping, and Go's
/// indentation. Types express `omitempty` by not encoding a key.
public struct GoJSONEncoder: Sendable {
    public enum Style: Sendable {
        /// `json.Marshal`, or `json.NewEncoder(w).Encode(v)` with `trailingNewline`.
        case compact
        /// `json.MarshalIndent(v, "", "  ")`, or `SetIndent("", "  ")` with `trailingNewline`.
        case indented
    }

    public var style: Style
    /// `json.Encoder.Encode` ends its output with a newline; `Marshal` does not.
    public var trailingNewline: Bool

    public init(style: Style = .compact, trailingNewline: Bool = false) {
        self.style = style
        self.trailingNewline = trailingNewline
    }

    /// The value as an ordered JSON tree.
    public func jsonValue(_ value: some Encodable) throws -> JSONValue {
        let box = EncodingBox()
        try box.encode(value, codingPath: [])
        return box.materialize()
    }

    public func encode(_ value: some Encodable) throws -> Data {
        Data(try encodeToString(value).utf8)
    }

    public func encodeToString(_ value: some Encodable) throws -> String {
        let tree = try jsonValue(value)
        var text = style == .compact ? tree.goCompact() : tree.goIndented()
        if trailingNewline { text += "\n" }
        return text
    }
}

/// The mutable tree the encoder builds before it becomes a ``JSONValue``.
final class EncodingBox {
    enum Content {
        case empty
        case leaf(JSONValue)
        case object([(key: String, box: EncodingBox)])
        case array([EncodingBox])
    }

    var content: Content = .empty

    func set(_ value: JSONValue) {
        content = .leaf(value)
    }

    func materialize() -> JSONValue {
        switch content {
        case .empty: return .null
        case .leaf(let value): return value
        case .object(let entries): return .object(entries.map { JSONValue.Member($0.key, $0.box.materialize()) })
        case .array(let items): return .array(items.map { $0.materialize() })
        }
    }

    func child(forKey key: String) -> EncodingBox {
        var entries: [(key: String, box: EncodingBox)] = []
        if case .object(let existing) = content { entries = existing }
        if let found = entries.first(where: { $0.key == key }) { return found.box }
        let box = EncodingBox()
        entries.append((key, box))
        content = .object(entries)
        return box
    }

    func appendChild() -> EncodingBox {
        var items: [EncodingBox] = []
        if case .array(let existing) = content { items = existing }
        let box = EncodingBox()
        items.append(box)
        content = .array(items)
        return box
    }

    func makeObject() {
        if case .object = content { return }
        content = .object([])
    }

    func makeArray() {
        if case .array = content { return }
        content = .array([])
    }

    var count: Int {
        if case .array(let items) = content { return items.count }
        return 0
    }

    func encode(_ value: some Encodable, codingPath: [any CodingKey]) throws {
        switch value {
        case let string as String: set(.string(string))
        case let bool as Bool: set(.bool(bool))
        case let int as Int: set(.number(String(int)))
        case let int as Int64: set(.number(String(int)))
        case let int as Int32: set(.number(String(int)))
        case let int as UInt: set(.number(String(int)))
        case let int as UInt64: set(.number(String(int)))
        case let double as Double:
            guard let text = GoFloat.json(double) else {
                throw EncodingError.invalidValue(double, .init(codingPath: codingPath, debugDescription: "json: unsupported value: \(double)"))
            }
            set(.number(text))
        case let json as JSONValue: set(json)
        default: try value.encode(to: GoValueEncoder(box: self, codingPath: codingPath))
        }
    }
}

struct GoValueEncoder: Encoder {
    let box: EncodingBox
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        box.makeObject()
        return KeyedEncodingContainer(GoKeyedContainer<Key>(box: box, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        box.makeArray()
        return GoUnkeyedContainer(box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        GoSingleValueContainer(box: box, codingPath: codingPath)
    }
}

struct GoKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: EncodingBox
    var codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws {
        box.child(forKey: key.stringValue).set(.null)
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try box.child(forKey: key.stringValue).encode(value, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = box.child(forKey: key.stringValue)
        child.makeObject()
        return KeyedEncodingContainer(GoKeyedContainer<NestedKey>(box: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = box.child(forKey: key.stringValue)
        child.makeArray()
        return GoUnkeyedContainer(box: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        GoValueEncoder(box: box.child(forKey: "super"), codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        GoValueEncoder(box: box.child(forKey: key.stringValue), codingPath: codingPath + [key])
    }
}

struct GoUnkeyedContainer: UnkeyedEncodingContainer {
    let box: EncodingBox
    var codingPath: [any CodingKey]
    var count: Int { box.count }

    mutating func encodeNil() throws {
        box.appendChild().set(.null)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let key = AnyCodingKey(intValue: count) ?? AnyCodingKey("\(count)")
        try box.appendChild().encode(value, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = box.appendChild()
        child.makeObject()
        return KeyedEncodingContainer(GoKeyedContainer<NestedKey>(box: child, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = box.appendChild()
        child.makeArray()
        return GoUnkeyedContainer(box: child, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        GoValueEncoder(box: box.appendChild(), codingPath: codingPath)
    }
}

struct GoSingleValueContainer: SingleValueEncodingContainer {
    let box: EncodingBox
    var codingPath: [any CodingKey]

    mutating func encodeNil() throws { box.set(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws { try box.encode(value, codingPath: codingPath) }
}
