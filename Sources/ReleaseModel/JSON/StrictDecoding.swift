import Foundation
import GoCompat

/// A JSON object held a field its type does not define (strict decoding, as Go's
/// `DisallowUnknownFields`). `field` is the dotted path, e.g. `application.colour`.
public struct UnknownFieldError: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String

    public var description: String { "unknown field \"\(field)\"" }
}

extension Decoder {
    /// Throws ``UnknownFieldError`` naming the first key of this object that is not in `known`.
    func rejectUnknownKeys(_ known: Set<String>) throws {
        let container = try self.container(keyedBy: AnyCodingKey.self)
        let unknown = container.allKeys.map(\.stringValue).filter { !known.contains($0) }.sorted()
        if let first = unknown.first {
            let path = codingPath.map { key in key.intValue.map(String.init) ?? key.stringValue } + [first]
            throw UnknownFieldError(field: Self.dotted(path))
        }
    }

    private static func dotted(_ components: [String]) -> String {
        var text = ""
        for component in components {
            if Int(component) != nil {
                text += "[\(component)]"
            } else {
                text += text.isEmpty ? component : ".\(component)"
            }
        }
        return text
    }
}

extension KeyedDecodingContainer {
    /// A string field as Go decodes it: absent or null is "".
    func goString(_ key: Key) throws -> String {
        try decodeIfPresent(String.self, forKey: key) ?? ""
    }

    /// An integer field as Go decodes it: absent or null is 0.
    func goInt(_ key: Key) throws -> Int {
        try decodeIfPresent(Int.self, forKey: key) ?? 0
    }
}

extension KeyedEncodingContainer {
    /// Go's `omitempty` for strings.
    mutating func encodeOmitEmpty(_ value: String, forKey key: Key) throws {
        if !value.isEmpty { try encode(value, forKey: key) }
    }

    /// Go's `omitempty` for integers.
    mutating func encodeOmitEmpty(_ value: Int, forKey key: Key) throws {
        if value != 0 { try encode(value, forKey: key) }
    }

    /// Go's `omitempty` for booleans.
    mutating func encodeOmitEmpty(_ value: Bool, forKey key: Key) throws {
        if value { try encode(value, forKey: key) }
    }

    /// Go's `omitempty` for slices.
    mutating func encodeOmitEmpty<T: Encodable>(_ value: [T], forKey key: Key) throws {
        if !value.isEmpty { try encode(value, forKey: key) }
    }
}
