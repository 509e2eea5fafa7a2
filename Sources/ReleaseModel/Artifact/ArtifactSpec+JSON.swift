import Foundation
import GoCompat

/// Why an `artifact.json` could not be read.
public enum ArtifactSpecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not JSON, or JSON of the wrong shape (Go's `ErrNotParsable`).
    case notParsable(String)
    /// A field the spec does not define (Go's `ErrUnknownFields`).
    case unknownField(String)

    public var description: String {
        switch self {
        case .notParsable(let reason): "artifact not parsable: \(reason)"
        case .unknownField(let field): "artifact contains unknown fields: unknown field \"\(field)\""
        }
    }
}

extension ArtifactSpec {
    /// Reads `artifact.json` bytes: strict at the spec's own objects, stage data lenient, and
    /// the data of unknown stages kept with its keys in document order.
    public init(jsonData: Data) throws(ArtifactSpecError) {
        let document: JSONValue
        do {
            document = try JSONValue.parse(jsonData)
        } catch {
            throw .notParsable(error.description)
        }
        guard case .object = document else { throw .notParsable("the top-level value is not an object") }
        do {
            self = try JSONDecoder().decode(ArtifactSpec.self, from: jsonData)
        } catch let error as UnknownFieldError {
            throw .unknownField(error.field)
        } catch let error as DecodingError {
            throw .notParsable(Self.describe(error))
        } catch {
            throw .notParsable("\(error)")
        }
        // Foundation's decoder does not keep key order; take raw stage data from the ordered parse.
        if let rawStages = document["stages"]?.arrayValue {
            for index in stages.indices where index < rawStages.count {
                if case .raw = stages[index].data, let raw = rawStages[index]["data"] {
                    stages[index].data = .raw(raw)
                }
            }
        }
    }

    /// The spec as Go's `json.MarshalIndent(spec, "", "  ")` writes it. With
    /// `trailingNewline`, as the reference `artifact` CLI's `json.Encoder` with `SetIndent`
    /// writes the file (the same text plus a newline).
    public func goJSON(trailingNewline: Bool = false) -> Data {
        // Encoding these types cannot fail: every value is a string, number or nested object.
        (try? GoJSONEncoder(style: .indented, trailingNewline: trailingNewline).encode(self)) ?? Data()
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let components = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return components.isEmpty ? "" : " at \(components.joined(separator: "."))"
        }
        switch error {
        case .typeMismatch(let type, let context): return "expected \(type)\(path(context))"
        case .valueNotFound(let type, let context): return "missing \(type)\(path(context))"
        case .keyNotFound(let key, let context): return "missing field \(key.stringValue)\(path(context))"
        case .dataCorrupted(let context): return context.debugDescription + path(context)
        @unknown default: return "\(error)"
        }
    }
}
