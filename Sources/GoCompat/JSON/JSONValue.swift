import Foundation

/// A JSON document that keeps what Go's `encoding/json` needs to write it back the same way:
/// object keys in document order and numbers as their literal text.
///
/// Used for stage data that Moonbase does not know (kept instead of lost) and as the
/// intermediate form of ``GoJSONEncoder``.
public indirect enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// The number as written, e.g. `3`, `-1.5`, `1e3`.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([Member])

    public struct Member: Sendable, Hashable {
        public var key: String
        public var value: JSONValue

        public init(_ key: String, _ value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The value of `key` when this is an object holding it.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first(where: { $0.key == key })?.value
    }

    /// The elements when this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }
}

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: AnyCodingKey.self) {
            // Foundation's decoder does not keep key order; sort so the result is deterministic.
            // `JSONValue.parse` keeps document order when that matters.
            var members: [Member] = []
            for key in keyed.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
                members.append(Member(key.stringValue, try keyed.decode(JSONValue.self, forKey: key)))
            }
            self = .object(members)
            return
        }
        if var unkeyed = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !unkeyed.isAtEnd {
                items.append(try unkeyed.decode(JSONValue.self))
            }
            self = .array(items)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let bool = try? single.decode(Bool.self) {
            self = .bool(bool)
        } else if let int = try? single.decode(Int64.self) {
            self = .number(String(int))
        } else if let double = try? single.decode(Double.self) {
            guard let text = GoFloat.json(double) else {
                throw DecodingError.dataCorruptedError(in: single, debugDescription: "json: unsupported value: \(double)")
            }
            self = .number(text)
        } else {
            self = .string(try single.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        if let goEncoder = encoder as? GoValueEncoder {
            goEncoder.box.set(self)
            return
        }
        switch self {
        case .null:
            var single = encoder.singleValueContainer()
            try single.encodeNil()
        case .bool(let bool):
            var single = encoder.singleValueContainer()
            try single.encode(bool)
        case .number(let text):
            var single = encoder.singleValueContainer()
            if let int = Int64(text) {
                try single.encode(int)
            } else {
                try single.encode(Double(text) ?? 0)
            }
        case .string(let string):
            var single = encoder.singleValueContainer()
            try single.encode(string)
        case .array(let items):
            var unkeyed = encoder.unkeyedContainer()
            for item in items { try unkeyed.encode(item) }
        case .object(let members):
            var keyed = encoder.container(keyedBy: AnyCodingKey.self)
            for member in members {
                try keyed.encode(member.value, forKey: AnyCodingKey(member.key))
            }
        }
    }
}
