import Foundation
import Hummingbird
import ReleaseModel

extension Request {
    static let maximumJSONBodySize = 4 << 20

    /// The JSON body, whatever its Content-Type; a 413 or 400 ``ErrorResponse`` otherwise.
    func decodeJSON<T: Decodable>(_ type: T.Type) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: Self.maximumJSONBodySize)
        } catch {
            throw ErrorResponse(status: 413, message: "request body too large")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch {
            throw ErrorResponse(status: 400, message: "invalid request body: not the expected JSON")
        }
    }

    /// An integer query parameter within `range` (absent or empty: `value`); otherwise 400
    /// `invalid value '<raw>' of <name>. Must be <expected>.` (the reference's text for count).
    func integerQuery(_ name: String, default value: Int, range: ClosedRange<Int>, expected: String) throws -> Int {
        guard let raw = uri.queryParameters.get(name), !raw.isEmpty else { return value }
        guard let parsed = Int(raw), parsed >= range.lowerBound else {
            throw ErrorResponse(status: 400, message: "invalid value '\(raw)' of \(name). Must be \(expected).")
        }
        guard parsed <= range.upperBound else {
            throw ErrorResponse(status: 400, message: "invalid value '\(raw)' of \(name). Must be at most \(range.upperBound).")
        }
        return parsed
    }
}
