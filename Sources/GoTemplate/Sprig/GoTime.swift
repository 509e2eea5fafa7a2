import Foundation
import Synchronization

/// Go's civil-time arithmetic, `time.Format`/`time.Parse` reference layouts
/// ("Mon Jan 2 15:04:05 MST 2006") and `time.Duration` text, on `Time`.
enum GoTimeFormat {
    static let rfc3339Nano = "2006-01-02T15:04:05.999999999Z07:00"

    static let longMonths = ["January", "February", "March", "April", "May", "June", "July", "August",
                             "September", "October", "November", "December"]
    static let longDays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    /// A time broken into Go's calendar fields (proleptic Gregorian, like Go).
    struct Fields {
        var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, nanosecond: Int
        var weekday: Int, yearDay: Int
        var offset: Int, abbreviation: String
    }

    static func fields(of time: Time) -> Fields {
        let raw = time.date.timeIntervalSince1970
        // Go's times span about ±292 billion years; clamping keeps the arithmetic below exact.
        let interval = raw.isFinite ? min(max(raw, -4e15), 4e15) : 0
        let offset = time.timeZone.secondsFromGMT(for: time.date)
        let wholeSeconds = interval.rounded(.down)
        var nanos = Int(((interval - wholeSeconds) * 1e9).rounded())
        var seconds = GoCast.truncate(wholeSeconds)
        if nanos >= 1_000_000_000 { nanos -= 1_000_000_000; seconds += 1 }
        let local = seconds &+ offset
        let days = local >= 0 ? local / 86400 : (local - 86399) / 86400
        let secondOfDay = local - days * 86400
        let (y, m, d) = civil(fromDays: days)
        let weekday = ((days % 7) + 11) % 7  // 1970-01-01 was a Thursday (4)
        let yearDay = days - daysFromCivil(y, 1, 1) + 1
        return Fields(year: y, month: m, day: d, hour: secondOfDay / 3600, minute: secondOfDay % 3600 / 60,
                      second: secondOfDay % 60, nanosecond: nanos, weekday: weekday, yearDay: yearDay,
                      offset: offset, abbreviation: abbreviation(time.timeZone, at: time.date))
    }

    /// The zone name Go prints: "UTC" for UTC, the tzdata abbreviation ("CEST", "EDT") for a
    /// named zone, "" for an unnamed fixed offset (Go then prints the numeric offset).
    static func abbreviation(_ zone: TimeZone, at date: Date) -> String {
        let offset = zone.secondsFromGMT(for: date)
        if let name = TZif.abbreviation(zone: zone.identifier, at: date, offset: offset, isDST: zone.isDaylightSavingTime(for: date)) {
            return name
        }
        let name = zone.abbreviation(for: date) ?? ""
        if name.hasPrefix("GMT") || name.hasPrefix("UTC") { return offset == 0 ? "UTC" : "" }
        return name
    }

    // Howard Hinnant's days-from-civil algorithms.
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civil(fromDays z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    // MARK: Layout chunks

    enum Chunk: Equatable {
        case literal(String)
        case longMonth, month, numMonth, zeroMonth
        case longWeekDay, weekDay
        case day, underDay, zeroDay, underYearDay, zeroYearDay
        case hour, hour12, zeroHour12, minute, zeroMinute, second, zeroSecond
        case longYear, year
        case pm(upper: Bool)
        case tz
        case iso8601(colons: Int, seconds: Bool, hoursOnly: Bool)
        case numTZ(colons: Int, seconds: Bool, hoursOnly: Bool)
        case fraction(digits: Int, trim: Bool, separator: Character)
    }

    /// Go's `nextStdChunk`, applied to the whole layout.
    static func chunks(_ layout: String) -> [Chunk] {
        let l = Array(layout)
        var out: [Chunk] = []
        var literal = ""
        var i = 0
        func has(_ s: String, at j: Int) -> Bool {
            let p = Array(s)
            return j + p.count <= l.count && Array(l[j..<(j + p.count)]) == p
        }
        func emit(_ c: Chunk, _ length: Int) {
            if !literal.isEmpty { out.append(.literal(literal)); literal = "" }
            out.append(c)
            i += length
        }
        func isDigit(_ j: Int) -> Bool { j < l.count && l[j].isASCIIDigit }
        while i < l.count {
            switch l[i] {
            case "J" where has("Jan", at: i):
                has("January", at: i) ? emit(.longMonth, 7) : emit(.month, 3)
                continue
            case "M" where has("Mon", at: i):
                has("Monday", at: i) ? emit(.longWeekDay, 6) : emit(.weekDay, 3)
                continue
            case "M" where has("MST", at: i):
                emit(.tz, 3)
                continue
            case "0" where i + 1 < l.count && ("1"..."6").contains(l[i + 1]):
                let table: [Character: Chunk] = ["1": .zeroMonth, "2": .zeroDay, "3": .zeroHour12, "4": .zeroMinute, "5": .zeroSecond, "6": .year]
                if let c = table[l[i + 1]] { emit(c, 2); continue }
            case "0" where has("002", at: i):
                emit(.zeroYearDay, 3)
                continue
            case "1":
                has("15", at: i) ? emit(.hour, 2) : emit(.numMonth, 1)
                continue
            case "2":
                has("2006", at: i) ? emit(.longYear, 4) : emit(.day, 1)
                continue
            case "_" where has("_2", at: i):
                if has("_2006", at: i) {
                    literal.append("_")
                    i += 1
                    emit(.longYear, 4)
                } else {
                    emit(.underDay, 2)
                }
                continue
            case "_" where has("__2", at: i):
                emit(.underYearDay, 3)
                continue
            case "3": emit(.hour12, 1); continue
            case "4": emit(.minute, 1); continue
            case "5": emit(.second, 1); continue
            case "P" where has("PM", at: i): emit(.pm(upper: true), 2); continue
            case "p" where has("pm", at: i): emit(.pm(upper: false), 2); continue
            case "-", "Z":
                let iso = l[i] == "Z"
                let forms: [(String, Int, Bool, Bool)] = [("070000", 0, true, false), ("07:00:00", 1, true, false),
                                                          ("0700", 0, false, false), ("07:00", 1, false, false), ("07", 0, false, true)]
                if let form = forms.first(where: { has($0.0, at: i + 1) }) {
                    let chunk: Chunk = iso ? .iso8601(colons: form.1, seconds: form.2, hoursOnly: form.3)
                        : .numTZ(colons: form.1, seconds: form.2, hoursOnly: form.3)
                    emit(chunk, 1 + form.0.count)
                    continue
                }
            case ".", ",":
                if i + 1 < l.count, l[i + 1] == "0" || l[i + 1] == "9" {
                    let ch = l[i + 1]
                    var j = i + 1
                    while j < l.count, l[j] == ch { j += 1 }
                    if !isDigit(j) {
                        emit(.fraction(digits: j - i - 1, trim: ch == "9", separator: l[i]), j - i)
                        continue
                    }
                }
            default:
                break
            }
            literal.append(l[i])
            i += 1
        }
        if !literal.isEmpty { out.append(.literal(literal)) }
        return out
    }

    // MARK: Format

    static func format(_ time: Time, layout: String) -> String {
        let f = fields(of: time)
        var out = ""
        func pad(_ n: Int, _ width: Int, _ padding: Character = "0") -> String {
            let s = String(abs(n))
            return (n < 0 ? "-" : "") + String(repeating: padding, count: max(0, width - s.count)) + s
        }
        func zone(colons: Int, seconds: Bool, hoursOnly: Bool) -> String {
            var z = f.offset / 60
            var s = ""
            if z < 0 { s = "-"; z = -z } else { s = "+" }
            s += pad(z / 60, 2)
            if !hoursOnly {
                if colons > 0 { s += ":" }
                s += pad(z % 60, 2)
            }
            if seconds {
                if colons > 0 { s += ":" }
                s += pad(abs(f.offset) % 60, 2)
            }
            return s
        }
        for chunk in chunks(layout) {
            switch chunk {
            case .literal(let s): out += s
            case .year: out += pad(f.year % 100, 2)
            case .longYear: out += pad(f.year, 4)
            case .month: out += String(longMonths[f.month - 1].prefix(3))
            case .longMonth: out += longMonths[f.month - 1]
            case .numMonth: out += String(f.month)
            case .zeroMonth: out += pad(f.month, 2)
            case .weekDay: out += String(longDays[f.weekday].prefix(3))
            case .longWeekDay: out += longDays[f.weekday]
            case .day: out += String(f.day)
            case .underDay: out += pad(f.day, 2, " ")
            case .zeroDay: out += pad(f.day, 2)
            case .underYearDay: out += pad(f.yearDay, 3, " ")
            case .zeroYearDay: out += pad(f.yearDay, 3)
            case .hour: out += pad(f.hour, 2)
            case .hour12: out += String(f.hour % 12 == 0 ? 12 : f.hour % 12)
            case .zeroHour12: out += pad(f.hour % 12 == 0 ? 12 : f.hour % 12, 2)
            case .minute: out += String(f.minute)
            case .zeroMinute: out += pad(f.minute, 2)
            case .second: out += String(f.second)
            case .zeroSecond: out += pad(f.second, 2)
            case .pm(let upper): out += f.hour >= 12 ? (upper ? "PM" : "pm") : (upper ? "AM" : "am")
            case .iso8601(let colons, let seconds, let hoursOnly):
                out += f.offset == 0 ? "Z" : zone(colons: colons, seconds: seconds, hoursOnly: hoursOnly)
            case .numTZ(let colons, let seconds, let hoursOnly):
                out += zone(colons: colons, seconds: seconds, hoursOnly: hoursOnly)
            case .tz:
                out += f.abbreviation.isEmpty ? zone(colons: 0, seconds: false, hoursOnly: false) : f.abbreviation
            case .fraction(let digits, let trim, let separator):
                var fraction = String(pad(f.nanosecond, 9).prefix(digits))
                if trim {
                    while fraction.hasSuffix("0") { fraction.removeLast() }
                    if !fraction.isEmpty { out += String(separator) + fraction }
                } else {
                    out += String(separator) + fraction
                }
            }
        }
        return out
    }

    // MARK: Parse

    struct ParseError: Error { let message: String }

    /// `time.ParseInLocation(layout, value, zone)`.
    static func parse(_ value: String, layout: String, in zone: TimeZone) throws(ParseError) -> Time {
        var v = Substring(value)
        var year = 0, month = -1, day = -1, yearDay = -1, hour = 0, minute = 0, second = 0, nanos = 0
        var pmSet = false, amSet = false
        var offset: Int?
        var zoneName: String?
        let chunks = chunks(layout)
        func fail(_ element: String) -> ParseError {
            ParseError(message: "parsing time \(GoQuote.quote(value)) as \(GoQuote.quote(layout)): cannot parse \(GoQuote.quote(String(v))) as \(GoQuote.quote(element))")
        }
        func range(_ what: String) -> ParseError {
            ParseError(message: "parsing time \(GoQuote.quote(value)): \(what) out of range")
        }
        func number(fixed: Bool, element: String) throws(ParseError) -> Int {
            guard let first = v.first, first.isASCIIDigit else { throw fail(element) }
            if v.count < 2 || !(v[v.index(after: v.startIndex)].isASCIIDigit) {
                if fixed { throw fail(element) }
                v = v.dropFirst()
                return first.wholeNumberValue ?? 0
            }
            let n = Int(v.prefix(2)) ?? 0
            v = v.dropFirst(2)
            return n
        }
        func digits(_ count: Int, element: String) throws(ParseError) -> Int {
            let p = v.prefix(count)
            guard p.count == count, p.allSatisfy(\.isASCIIDigit), let n = Int(p) else { throw fail(element) }
            v = v.dropFirst(count)
            return n
        }
        func name(_ names: [String], element: String) throws(ParseError) -> Int {
            for (i, n) in names.enumerated() where v.lowercased().hasPrefix(n.lowercased()) {
                v = v.dropFirst(n.count)
                return i
            }
            throw fail(element)
        }
        for (index, chunk) in chunks.enumerated() {
            switch chunk {
            case .literal(let s):
                guard v.hasPrefix(s) else { throw fail(s) }
                v = v.dropFirst(s.count)
            case .year:
                let y = try digits(2, element: "06")
                year = y >= 69 ? 1900 + y : 2000 + y
            case .longYear:
                year = try digits(4, element: "2006")
            case .month:
                month = try name(longMonths.map { String($0.prefix(3)) }, element: "Jan") + 1
            case .longMonth:
                month = try name(longMonths, element: "January") + 1
            case .numMonth, .zeroMonth:
                month = try number(fixed: chunk == .zeroMonth, element: chunk == .zeroMonth ? "01" : "1")
                if month < 1 || month > 12 { throw range("month") }
            case .weekDay:
                _ = try name(longDays.map { String($0.prefix(3)) }, element: "Mon")
            case .longWeekDay:
                _ = try name(longDays, element: "Monday")
            case .day, .underDay, .zeroDay:
                if chunk == .underDay, v.first == " " { v = v.dropFirst() }
                day = try number(fixed: chunk == .zeroDay, element: chunk == .zeroDay ? "02" : (chunk == .day ? "2" : "_2"))
            case .underYearDay, .zeroYearDay:
                if chunk == .underYearDay { while v.first == " " { v = v.dropFirst() } }
                let p = v.prefix(while: \.isASCIIDigit).prefix(3)
                guard !p.isEmpty, chunk == .underYearDay || p.count == 3, let n = Int(p) else { throw fail("002") }
                v = v.dropFirst(p.count)
                yearDay = n
                if yearDay < 1 || yearDay > 366 { throw range("day-of-year") }
            case .hour:
                hour = try number(fixed: false, element: "15")
                if hour >= 24 { throw range("hour") }
            case .hour12, .zeroHour12:
                hour = try number(fixed: chunk == .zeroHour12, element: chunk == .hour12 ? "3" : "03")
                if hour > 12 { throw range("hour") }
            case .minute, .zeroMinute:
                minute = try number(fixed: chunk == .zeroMinute, element: chunk == .minute ? "4" : "04")
                if minute >= 60 { throw range("minute") }
            case .second, .zeroSecond:
                second = try number(fixed: chunk == .zeroSecond, element: chunk == .second ? "5" : "05")
                if second >= 60 { throw range("second") }
                // Go accepts a fractional second after the seconds even when the layout has none.
                let nextIsFraction: Bool
                if index + 1 < chunks.count, case .fraction = chunks[index + 1] { nextIsFraction = true } else { nextIsFraction = false }
                if !nextIsFraction, let sep = v.first, sep == "." || sep == ",",
                   v.count > 1, v[v.index(after: v.startIndex)].isASCIIDigit {
                    v = v.dropFirst()
                    let frac = v.prefix(while: \.isASCIIDigit)
                    v = v.dropFirst(frac.count)
                    nanos = Int((String(frac) + "000000000").prefix(9)) ?? 0
                }
            case .pm(let upper):
                let p = String(v.prefix(2))
                switch upper ? p : p.lowercased() {
                case upper ? "PM" : "pm": pmSet = true
                case upper ? "AM" : "am": amSet = true
                default: throw fail(upper ? "PM" : "pm")
                }
                v = v.dropFirst(2)
            case .iso8601(let colons, let seconds, let hoursOnly) where v.first == "Z":
                _ = (colons, seconds, hoursOnly)
                v = v.dropFirst()
                offset = 0
                zoneName = "UTC"
            case .iso8601(let colons, let seconds, let hoursOnly), .numTZ(let colons, let seconds, let hoursOnly):
                let element: String
                if case .iso8601 = chunk { element = "Z07:00" } else { element = "-0700" }
                guard let sign = v.first, sign == "+" || sign == "-" else { throw fail(element) }
                v = v.dropFirst()
                let h = try digits(2, element: element)
                var m = 0, s = 0
                if !hoursOnly {
                    if colons > 0 { guard v.first == ":" else { throw fail(element) }; v = v.dropFirst() }
                    m = try digits(2, element: element)
                }
                if seconds {
                    if colons > 0 { guard v.first == ":" else { throw fail(element) }; v = v.dropFirst() }
                    s = try digits(2, element: element)
                }
                offset = (sign == "-" ? -1 : 1) * (h * 3600 + m * 60 + s)
            case .tz:
                if v.hasPrefix("UTC") {
                    v = v.dropFirst(3)
                    offset = 0
                    zoneName = "UTC"
                    break
                }
                let letters = v.prefix(while: { $0.isASCII && $0.isUppercase })
                guard letters.count >= 3, letters.count <= 5 else { throw fail("MST") }
                v = v.dropFirst(letters.count)
                zoneName = String(letters)
            case .fraction(let count, let trim, _):
                guard let sep = v.first, sep == "." || sep == "," else {
                    if trim { break }
                    throw fail("." + String(repeating: "0", count: count))
                }
                v = v.dropFirst()
                let frac = trim ? v.prefix(while: \.isASCIIDigit) : v.prefix(count)
                guard !frac.isEmpty || trim, frac.allSatisfy(\.isASCIIDigit) else {
                    throw fail("." + String(repeating: trim ? "9" : "0", count: count))
                }
                v = v.dropFirst(frac.count)
                nanos = Int((String(frac) + "000000000").prefix(9)) ?? 0
            }
        }
        if !v.isEmpty {
            throw ParseError(message: "parsing time \(GoQuote.quote(value)): extra text: \(GoQuote.quote(String(v)))")
        }
        if pmSet && hour < 12 { hour += 12 } else if amSet && hour == 12 { hour = 0 }
        if yearDay >= 0 && month < 0 && day < 0 {
            let start = daysFromCivil(year, 1, 1)
            let (_, m, d) = civil(fromDays: start + yearDay - 1)
            month = m
            day = d
        }
        if month < 0 { month = 1 }
        if day < 0 { day = 1 }
        let daysIn = [31, (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        if day < 1 || day > daysIn[month - 1] { throw range("day") }
        let localSeconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second
        let fraction = Double(nanos) / 1e9
        if let offset {
            let date = Date(timeIntervalSince1970: Double(localSeconds - offset) + fraction)
            if zoneName == "UTC" && offset == 0 { return Time(date: date, timeZone: TimeZone(identifier: "UTC") ?? zone) }
            if zone.secondsFromGMT(for: date) == offset { return Time(date: date, timeZone: zone) }
            return Time(date: date, timeZone: TimeZone(secondsFromGMT: offset) ?? zone)
        }
        if let zoneName {
            // A known abbreviation of the location uses its offset; others read as UTC, as Go does.
            let guess = Date(timeIntervalSince1970: Double(localSeconds - zone.secondsFromGMT()))
            if zone.abbreviation(for: guess) == zoneName {
                let offset = zone.secondsFromGMT(for: guess)
                return Time(date: Date(timeIntervalSince1970: Double(localSeconds - offset) + fraction), timeZone: zone)
            }
            let utc = TimeZone(identifier: "UTC") ?? zone
            return Time(date: Date(timeIntervalSince1970: Double(localSeconds) + fraction), timeZone: utc)
        }
        // No zone in the value: the wall clock is in `zone`.
        var offsetGuess = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(localSeconds)))
        offsetGuess = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(localSeconds - offsetGuess)))
        return Time(date: Date(timeIntervalSince1970: Double(localSeconds - offsetGuess) + fraction), timeZone: zone)
    }
}

/// Go's `time.Duration` text: `String()` and `ParseDuration`, in nanoseconds.
enum GoDuration {
    static func format(_ d: Int) -> String {
        if d == 0 { return "0s" }
        let negative = d < 0
        var u = d.magnitude
        var out = ""
        func fraction(_ v: UInt, _ precision: Int) -> (String, UInt) {
            var v = v
            var digits = ""
            var printed = false
            for _ in 0..<precision {
                let digit = v % 10
                printed = printed || digit != 0
                if printed { digits = String(digit) + digits }
                v /= 10
            }
            return (printed ? "." + digits : "", v)
        }
        if u < 1_000_000_000 {
            let (unit, precision): (String, Int) = u < 1000 ? ("ns", 0) : u < 1_000_000 ? ("µs", 3) : ("ms", 6)
            let (frac, whole) = fraction(u, precision)
            out = String(whole) + frac + unit
        } else {
            let (frac, whole) = fraction(u, 9)
            u = whole
            out = String(u % 60) + frac + "s"
            u /= 60
            if u > 0 {
                out = String(u % 60) + "m" + out
                u /= 60
                if u > 0 { out = String(u) + "h" + out }
            }
        }
        return (negative ? "-" : "") + out
    }

    struct ParseError: Error { let message: String }

    static func parse(_ text: String) throws(ParseError) -> Int {
        let invalid = ParseError(message: "time: invalid duration \(GoQuote.quote(text))")
        var s = Substring(text)
        var negative = false
        if let c = s.first, c == "-" || c == "+" {
            negative = c == "-"
            s = s.dropFirst()
        }
        if s == "0" { return 0 }
        if s.isEmpty { throw invalid }
        let units: [(String, Double)] = [("ns", 1), ("us", 1e3), ("µs", 1e3), ("μs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9)]
        var total = 0.0
        while !s.isEmpty {
            let whole = s.prefix(while: \.isASCIIDigit)
            s = s.dropFirst(whole.count)
            var fractionDigits = Substring("")
            if s.first == "." {
                s = s.dropFirst()
                fractionDigits = s.prefix(while: \.isASCIIDigit)
                s = s.dropFirst(fractionDigits.count)
            }
            if whole.isEmpty && fractionDigits.isEmpty { throw invalid }
            let unitText = s.prefix(while: { !$0.isASCIIDigit && $0 != "." })
            s = s.dropFirst(unitText.count)
            if unitText.isEmpty { throw ParseError(message: "time: missing unit in duration \(GoQuote.quote(text))") }
            guard let unit = units.first(where: { $0.0 == unitText })?.1 else {
                throw ParseError(message: "time: unknown unit \(GoQuote.quote(String(unitText))) in duration \(GoQuote.quote(text))")
            }
            let number = Double((whole.isEmpty ? "0" : String(whole)) + "." + (fractionDigits.isEmpty ? "0" : String(fractionDigits))) ?? 0
            total += number * unit
            if total > 9.223372036854775807e18 { throw invalid }
        }
        return negative ? -GoCast.truncate(total) : GoCast.truncate(total)
    }

    /// `Duration.Round(m)`: half away from zero.
    static func round(_ d: Int, to m: Int) -> Int {
        guard m > 0 else { return d }
        var r = d % m
        if d < 0 {
            r = -r
            if r + r < m { return d + r }
            let (down, overflow) = d.subtractingReportingOverflow(m - r)
            return overflow ? Int.min : down
        }
        if r + r < m { return d - r }
        let (up, overflow) = d.addingReportingOverflow(m - r)
        return overflow ? Int.max : up
    }
}

/// Zone abbreviations from the system's tzdata files (Foundation on Linux reports "GMT-4"
/// where Go prints "EDT").
enum TZif {
    private struct Kind { var offset: Int, isDST: Bool, name: String }
    private struct Zone { var kinds: [Kind] = [], transitions: [(time: Int, kind: Int)] = [] }

    private static let cache = Mutex<[String: Zone]>([:])

    static func abbreviation(zone identifier: String, at date: Date, offset: Int, isDST: Bool) -> String? {
        if identifier == "GMT" || identifier == "UTC" || identifier.hasPrefix("GMT+") || identifier.hasPrefix("GMT-") {
            return offset == 0 ? "UTC" : nil
        }
        let zone = cache.withLock { cached -> Zone in
            if let zone = cached[identifier] { return zone }
            let zone = read(identifier)
            cached[identifier] = zone
            return zone
        }
        func matches(_ k: Int) -> Bool {
            k < zone.kinds.count && zone.kinds[k].offset == offset && zone.kinds[k].isDST == isDST
        }
        let seconds = GoCast.truncate(date.timeIntervalSince1970)
        // The kind in force at the date, when it agrees with Foundation's offset; otherwise the
        // most recent kind with that offset (dates past the last listed transition).
        if let current = zone.transitions.last(where: { $0.time <= seconds }), matches(current.kind) {
            return zone.kinds[current.kind].name
        }
        if let recent = zone.transitions.last(where: { matches($0.kind) }) { return zone.kinds[recent.kind].name }
        return zone.kinds.last(where: { $0.offset == offset && $0.isDST == isDST })?.name
    }

    private static func read(_ identifier: String) -> Zone {
        guard !identifier.contains(".."),
              let data = FileManager.default.contents(atPath: "/usr/share/zoneinfo/" + identifier) else { return Zone() }
        let b = [UInt8](data)
        func integer(_ at: Int, _ size: Int) -> Int? {
            guard at + size <= b.count else { return nil }
            var v: UInt64 = 0
            for i in 0..<size { v = v << 8 | UInt64(b[at + i]) }
            return size == 4 ? Int(Int32(bitPattern: UInt32(v))) : Int(Int64(bitPattern: v))
        }
        func block(at start: Int, timeSize: Int) -> (zone: Zone, end: Int)? {
            guard start + 44 <= b.count, b[start] == 0x54, b[start + 1] == 0x5A, b[start + 2] == 0x69, b[start + 3] == 0x66,
                  let isut = integer(start + 20, 4), let isstd = integer(start + 24, 4), let leap = integer(start + 28, 4),
                  let time = integer(start + 32, 4), let type = integer(start + 36, 4), let chars = integer(start + 40, 4)
            else { return nil }
            let timesStart = start + 44
            let indexStart = timesStart + time * timeSize
            let typeStart = indexStart + time
            let charStart = typeStart + type * 6
            let end = charStart + chars + leap * (timeSize + 4) + isstd + isut
            guard end <= b.count else { return nil }
            var zone = Zone()
            for i in 0..<type {
                let at = typeStart + i * 6
                guard let offset = integer(at, 4) else { return nil }
                let index = charStart + Int(b[at + 5])
                var stop = index
                while stop < charStart + chars, b[stop] != 0 { stop += 1 }
                zone.kinds.append(Kind(offset: offset, isDST: b[at + 4] != 0, name: String(decoding: b[min(index, stop)..<stop], as: UTF8.self)))
            }
            for i in 0..<time {
                guard let t = integer(timesStart + i * timeSize, timeSize) else { return nil }
                zone.transitions.append((t, Int(b[indexStart + i])))
            }
            return (zone, end)
        }
        guard let first = block(at: 0, timeSize: 4) else { return Zone() }
        if b.count > 4, b[4] >= 0x32, let second = block(at: first.end, timeSize: 8) { return second.zone }
        return first.zone
    }
}
