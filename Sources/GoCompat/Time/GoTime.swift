import Foundation

/// A Go `time.Time` as `encoding/json` writes it: RFC 3339 with nanoseconds, trailing zeros of
/// the fraction dropped, and the zone offset it was written in (`Z` for UTC). Keeping the parts
/// instead of a `Date` (which has sub-microsecond rounding) makes a read-and-write byte-identical.
/// The zero value is Go's zero time, `0001-01-01T00:00:00Z`.
public struct GoTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var secondsSince1970: Int64
    /// 0 ..< 1_000_000_000.
    public var nanoseconds: Int32
    /// The offset from UTC the time is shown in, in seconds.
    public var utcOffsetSeconds: Int32

    /// Go's zero time.
    public static let zero = GoTime(secondsSince1970: -62_135_596_800, nanoseconds: 0, utcOffsetSeconds: 0)

    public init(secondsSince1970: Int64, nanoseconds: Int32 = 0, utcOffsetSeconds: Int32 = 0) {
        self.secondsSince1970 = secondsSince1970
        self.nanoseconds = nanoseconds
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    public init() {
        self = .zero
    }

    /// The instant of `date`, shown in UTC, at microsecond precision.
    public init(_ date: Date, utcOffsetSeconds: Int32 = 0) {
        let micros = (date.timeIntervalSince1970 * 1_000_000).rounded()
        let totalMicros = Int64(clamping: Int64(exactly: micros) ?? 0)
        var seconds = totalMicros / 1_000_000
        var remainder = totalMicros % 1_000_000
        if remainder < 0 { remainder += 1_000_000; seconds -= 1 }
        self.init(secondsSince1970: seconds, nanoseconds: Int32(remainder * 1000), utcOffsetSeconds: utcOffsetSeconds)
    }

    public var isZero: Bool { secondsSince1970 == Self.zero.secondsSince1970 && nanoseconds == 0 }

    public var date: Date {
        Date(timeIntervalSince1970: Double(secondsSince1970) + Double(nanoseconds) / 1_000_000_000)
    }

    /// Milliseconds since 1970 (Go's `UnixNano() / 1e6`, the status API's `date`).
    public var millisecondsSince1970: Int64 {
        secondsSince1970 * 1000 + Int64(nanoseconds / 1_000_000)
    }

    public static func < (lhs: GoTime, rhs: GoTime) -> Bool {
        (lhs.secondsSince1970, lhs.nanoseconds) < (rhs.secondsSince1970, rhs.nanoseconds)
    }

    public var description: String { rfc3339Nano }

    /// `time.RFC3339Nano` formatting, as Go's `MarshalJSON` writes it.
    public var rfc3339Nano: String {
        let moment = GoTimeLayout.Moment(
            secondsSince1970: Int(secondsSince1970), nanosecond: Int(nanoseconds), offset: Int(utcOffsetSeconds),
            abbreviation: utcOffsetSeconds == 0 ? "UTC" : ""
        )
        return GoTimeLayout.format(moment, layout: GoTimeLayout.rfc3339Nano)
    }

    /// Parses RFC 3339 as Go's `UnmarshalJSON` accepts it (any fraction up to 9 digits,
    /// `Z` or `±hh:mm`): stricter than ``GoTimeLayout/parse(_:layout:in:)`` with the RFC 3339
    /// layout, as Go's own `parseStrictRFC3339` is.
    public init?(rfc3339 text: String) {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ count: Int) -> Int64? {
            guard index + count <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[index..<(index + count)] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            index += count
            return value
        }
        func expect(_ character: Character) -> Bool {
            guard index < bytes.count, bytes[index] == character.asciiValue else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
              index < bytes.count, bytes[index] == UInt8(ascii: "T") || bytes[index] == UInt8(ascii: "t")
        else { return nil }
        index += 1
        guard let hour = number(2), expect(":"), let minute = number(2), expect(":"), let second = number(2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60
        else { return nil }
        var nanos: Int64 = 0
        if expect(".") {
            var digits = 0
            while index < bytes.count, (48...57).contains(bytes[index]) {
                if digits < 9 { nanos = nanos * 10 + Int64(bytes[index] - 48) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 9) { nanos *= 10 }
        }
        var offset: Int64 = 0
        if expect("Z") || expect("z") {
            offset = 0
        } else if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            let negative = bytes[index] == UInt8(ascii: "-")
            index += 1
            guard let offsetHours = number(2), expect(":"), let offsetMinutes = number(2), offsetHours < 24, offsetMinutes < 60
            else { return nil }
            offset = (offsetHours * 3600 + offsetMinutes * 60) * (negative ? -1 : 1)
        } else {
            return nil
        }
        guard index == bytes.count else { return nil }
        guard day <= CivilDate.daysIn(month: Int(month), year: Int(year)) else { return nil }
        let days = Int64(CivilDate.days(year: Int(year), month: Int(month), day: Int(day)))
        let local = days * 86_400 + hour * 3600 + minute * 60 + second
        self.init(secondsSince1970: local - offset, nanoseconds: Int32(nanos), utcOffsetSeconds: Int32(offset))
    }
}

extension GoTime: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .zero
            return
        }
        let text = try container.decode(String.self)
        guard let time = GoTime(rfc3339: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "time \"\(text)\" is not RFC 3339")
        }
        self = time
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rfc3339Nano)
    }
}
