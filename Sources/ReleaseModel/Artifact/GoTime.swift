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
        let local = secondsSince1970 + Int64(utcOffsetSeconds)
        var days = local / 86_400
        var secondOfDay = local % 86_400
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        let (year, month, day) = Self.civil(fromDays: days)
        var text = Self.pad(year, 4) + "-" + Self.pad(month, 2) + "-" + Self.pad(day, 2) + "T"
        text += Self.pad(secondOfDay / 3600, 2) + ":" + Self.pad(secondOfDay / 60 % 60, 2) + ":" + Self.pad(secondOfDay % 60, 2)
        if nanoseconds != 0 {
            var fraction = Self.pad(Int64(nanoseconds), 9)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
        if utcOffsetSeconds == 0 {
            text += "Z"
        } else {
            let minutes = abs(Int64(utcOffsetSeconds)) / 60
            text += (utcOffsetSeconds < 0 ? "-" : "+") + Self.pad(minutes / 60, 2) + ":" + Self.pad(minutes % 60, 2)
        }
        return text
    }

    /// Parses RFC 3339 as Go's `UnmarshalJSON` accepts it (any fraction up to 9 digits,
    /// `Z` or `±hh:mm`).
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
        let days = Self.days(fromCivil: year, month, day)
        let local = days * 86_400 + hour * 3600 + minute * 60 + second
        self.init(secondsSince1970: local - offset, nanoseconds: Int32(nanos), utcOffsetSeconds: Int32(offset))
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(abs(value))
        let padded = String(repeating: "0", count: max(0, width - digits.count)) + digits
        return value < 0 ? "-" + padded : padded
    }

    // Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian).
    static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
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
