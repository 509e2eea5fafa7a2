import Foundation
import GoCompat

/// sprig's date functions (date.go). Layouts are Go's reference time "2006-01-02 15:04:05".
///
/// As in sprig, `duration` and `durationRound` take an `int64` (what sprig's arithmetic and
/// `int64` return) and not a template's `int` literal; the date functions take either.
enum SprigDates {
    static let functions: [Function] = [
        Function("now", .exactly(0)) { _ in .time(Time(date: Date(), timeZone: .current)) },
        Function("date", .exactly(2)) { a in .string(dateInZone(try a[0].asString(), a[1], "Local")) },
        Function("dateInZone", .exactly(3)) { a in .string(dateInZone(try a[0].asString(), a[1], try a[2].asString())) },
        Function("date_in_zone", .exactly(3)) { a in .string(dateInZone(try a[0].asString(), a[1], try a[2].asString())) },
        Function("htmlDate", .exactly(1)) { a in .string(dateInZone("2006-01-02", a[0], "Local")) },
        Function("htmlDateInZone", .exactly(2)) { a in .string(dateInZone("2006-01-02", a[0], try a[1].asString())) },
        Function("dateModify", .exactly(2)) { a in
            let time = try a[1].asTime()
            guard let d = try? GoDuration.parse(try a[0].asString()) else { return .time(time) }
            return .time(adding(d, to: time))
        },
        Function("date_modify", .exactly(2)) { a in
            let time = try a[1].asTime()
            guard let d = try? GoDuration.parse(try a[0].asString()) else { return .time(time) }
            return .time(adding(d, to: time))
        },
        Function("mustDateModify", .exactly(2)) { a in try mustDateModify(a) },
        Function("must_date_modify", .exactly(2)) { a in try mustDateModify(a) },
        Function("ago", .exactly(1)) { a in
            let since = Date().timeIntervalSince(instant(a[0]).date)
            return .string(GoDuration.format(GoDuration.round(GoCast.truncate(since * 1e9), to: 1_000_000_000)))
        },
        Function("duration", .exactly(1)) { a in
            let seconds: Int
            switch a[0] {
            case .string(let s): seconds = GoCast.parseInt(s, base: 10) ?? 0
            // Only an int64 (what `int64` and the math functions return): a literal is an
            // int, which sprig does not expect, so `duration 95` is "0s" as in Go.
            case .int64(let i): seconds = i
            default: seconds = 0
            }
            return .string(GoDuration.format(seconds.multipliedReportingOverflow(by: 1_000_000_000).partialValue))
        },
        Function("durationRound", .exactly(1)) { a in
            var d: Int
            switch a[0] {
            case .string(let s): d = (try? GoDuration.parse(s)) ?? 0
            case .int64(let i): d = i
            case .time(let t): d = GoCast.truncate(Date().timeIntervalSince(t.date) * 1e9)
            default: d = 0
            }
            return .string(durationRound(d))
        },
        Function("toDate", .exactly(2)) { a in
            let time = try? Time.parse(try a[1].asString(), layout: try a[0].asString(), in: .current)
            return .time(time ?? zeroTime)
        },
        Function("mustToDate", .exactly(2)) { a in
            do {
                return .time(try Time.parse(try a[1].asString(), layout: try a[0].asString(), in: .current))
            } catch let error as GoTimeLayout.ParseError {
                throw FunctionError(error.message)
            }
        },
        Function("unixEpoch", .exactly(1)) { a in
            .string(String(GoCast.truncate(try a[0].asTime().date.timeIntervalSince1970.rounded(.down))))
        },
    ]

    /// Go's zero `time.Time`: January 1, year 1, 00:00:00 UTC.
    static let zeroTime = Time(date: Date(timeIntervalSince1970: -62_135_596_800), timeZone: TimeZone(identifier: "UTC") ?? .current)

    private static func mustDateModify(_ a: [Value]) throws -> Value {
        let time = try a[1].asTime()
        do {
            return .time(adding(try GoDuration.parse(try a[0].asString()), to: time))
        } catch let error as GoDuration.ParseError {
            throw FunctionError(error.message)
        }
    }

    private static func adding(_ nanoseconds: Int, to time: Time) -> Time {
        Time(date: time.date.addingTimeInterval(Double(nanoseconds) / 1e9), timeZone: time.timeZone)
    }

    /// The instant sprig reads from a date argument: a time, or Unix seconds; anything else is now.
    static func instant(_ value: Value) -> Time {
        switch value {
        case .time(let t): return t
        case .int(let seconds), .int64(let seconds): return Time(date: Date(timeIntervalSince1970: Double(seconds)), timeZone: .current)
        default: return Time(date: Date(), timeZone: .current)
        }
    }

    static func location(_ name: String) -> TimeZone {
        switch name {
        case "Local": return .current
        case "", "UTC": return TimeZone(identifier: "UTC") ?? .current
        default: return TimeZone(identifier: name) ?? TimeZone(identifier: "UTC") ?? .current
        }
    }

    static func dateInZone(_ layout: String, _ date: Value, _ zone: String) -> String {
        var time = instant(date)
        time.timeZone = location(zone)
        return time.formatted(layout)
    }

    static func durationRound(_ nanoseconds: Int) -> String {
        let d = nanoseconds.magnitude
        let second: UInt = 1_000_000_000, minute = 60 * second, hour = 60 * minute, day = 24 * hour
        let month = 30 * day, year = 365 * day
        if d > year { return "\(d / year)y" }
        if d > month { return "\(d / month)mo" }
        if d > day { return "\(d / day)d" }
        if d > hour { return "\(d / hour)h" }
        if d > minute { return "\(d / minute)m" }
        if d > second { return "\(d / second)s" }
        return "0s"
    }
}
