import Foundation
import GoCompat

/// Every error the API returns: `{"status": <int>, "message": "<text>"}` (both omitted when empty).
public struct ErrorResponse: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public var status: Int
    public var message: String

    public init(status: Int, message: String) {
        self.status = status
        self.message = message
    }

    /// The 400 for failed validation: `input not valid:\n  <err1>\n  <err2>\n`.
    public static func invalidInput(_ errors: [String]) -> ErrorResponse {
        ErrorResponse(status: 400, message: "input not valid:\n" + errors.map { "  \($0)\n" }.joined())
    }

    /// Text of a required field that was empty: `Required field '<name>' was empty`.
    public static func requiredField(_ name: String) -> String {
        "Required field '\(name)' was empty"
    }

    public var description: String { message }

    enum CodingKeys: String, CodingKey { case status, message }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        status = try container.goInt(.status)
        message = try container.goString(.message)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOmitEmpty(status, forKey: .status)
        try container.encodeOmitEmpty(message, forKey: .message)
    }
}

extension GoJSONEncoder {
    /// What the reference server writes as a response body (`json.NewEncoder(w).Encode(v)`):
    /// compact JSON and a trailing newline.
    public static var httpBody: GoJSONEncoder { GoJSONEncoder(style: .compact, trailingNewline: true) }
}

extension String {
    /// "Empty" as the reference means it: empty after trimming whitespace.
    var isBlank: Bool { trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
}
