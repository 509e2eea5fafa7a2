import Foundation

/// Go's `time.Format` and `time.Parse` with reference layouts ("Mon Jan 2 15:04:05 MST 2006").
public enum GoTimeLayout {
    /// `time.RFC3339`.
    public static let rfc3339 = "2006-01-02T15:04:05Z07:00"
    /// `time.RFC3339Nano`, as `Time.MarshalJSON` writes times.
    public static let rfc3339Nano = "2006-01-02T15:04:05.999999999Z07:00"
    /// The layout of `Time.String()` (`%v` of a time).
    public static let string = "2006-01-02 15:04:05.999999999 -0700 MST"

    static let longMonths = ["January", "February", "March", "April", "May", "June", "July", "August",
                             "September", "October", "November", "December"]
    static let longDays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    /// An instant as a layout shows it: Unix seconds and nanoseconds, and the offset from UTC
    /// and the zone name in force then ("" for an unnamed fixed offset, which Go prints as the
    /// numeric offset).
    public struct Moment: Sendable, Hashable {
        public var secondsSince1970: Int
        /// 0 ..< 1_000_000_000.
        public var nanosecond: Int
        public var offset: Int
        public var abbreviation: String

        public init(secondsSince1970: Int, nanosecond: Int = 0, offset: Int = 0, abbreviation: String = "") {
            self.secondsSince1970 = secondsSince1970
            self.nanosecond = nanosecond
            self.offset = offset
            self.abbreviation = abbreviation
        }

        /// The moment of `date` (clamped to what Go's times can hold) shown in `zone`, with
        /// Go's zone names (``Foundation/TimeZone/goAbbreviation(at:)``).
        public init(_ date: Date, in zone: TimeZone) {
            let raw = date.timeIntervalSince1970
            // Go's times span about ±292 billion years; clamping keeps the arithmetic exact.
            let interval = raw.isFinite ? min(max(raw, -4e15), 4e15) : 0
            let wholeSeconds = interval.rounded(.down)
            var nanos = Int(((interval - wholeSeconds) * 1e9).rounded())
            var seconds = Int(wholeSeconds)
            if nanos >= 1_000_000_000 { nanos -= 1_000_000_000; seconds += 1 }
            self.init(secondsSince1970: seconds, nanosecond: nanos, offset: zone.secondsFromGMT(for: date),
                      abbreviation: zone.goAbbreviation(at: date))
        }
    }

    /// A moment broken into Go's calendar fields (proleptic Gregorian, like Go).
    struct Fields {
        var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, nanosecond: Int
        var weekday: Int, yearDay: Int
        var offset: Int, abbreviation: String

        init(_ moment: Moment) {
            let (days, secondOfDay) = CivilDate.split(secondsSince1970: moment.secondsSince1970 &+ moment.offset)
            let (y, m, d) = CivilDate.date(fromDays: days)
            year = y
            month = m
            day = d
            hour = secondOfDay / 3600
            minute = secondOfDay % 3600 / 60
            second = secondOfDay % 60
            nanosecond = moment.nanosecond
            weekday = CivilDate.weekday(ofDays: days)
            yearDay = days - CivilDate.days(year: y, month: 1, day: 1) + 1
            offset = moment.offset
            abbreviation = moment.abbreviation
        }
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

    /// `time.Format(layout)`.
    public static func format(_ moment: Moment, layout: String) -> String {
        let f = Fields(moment)
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

    public struct ParseError: Error, Sendable { public let message: String }

    /// What ``parse(_:layout:in:)`` read: the instant and the zone it is shown in.
    public struct ParsedTime: Sendable {
        public var secondsSince1970: Int
        public var nanosecond: Int
        public var zone: TimeZone

        public var date: Date { Date(timeIntervalSince1970: Double(secondsSince1970) + Double(nanosecond) / 1e9) }
    }

    /// `time.ParseInLocation(layout, value, zone)`.
    public static func parse(_ value: String, layout: String, in zone: TimeZone) throws(ParseError) -> ParsedTime {
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
            let start = CivilDate.days(year: year, month: 1, day: 1)
            let (_, m, d) = CivilDate.date(fromDays: start + yearDay - 1)
            month = m
            day = d
        }
        if month < 0 { month = 1 }
        if day < 0 { day = 1 }
        if day < 1 || day > CivilDate.daysIn(month: month, year: year) { throw range("day") }
        let localSeconds = CivilDate.days(year: year, month: month, day: day) * 86400 + hour * 3600 + minute * 60 + second
        let utc = TimeZone(identifier: "UTC") ?? zone
        func at(_ seconds: Int, _ shownIn: TimeZone) -> ParsedTime {
            ParsedTime(secondsSince1970: seconds, nanosecond: nanos, zone: shownIn)
        }
        if let offset {
            let seconds = localSeconds - offset
            if zoneName == "UTC" && offset == 0 { return at(seconds, utc) }
            if zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds))) == offset { return at(seconds, zone) }
            return at(seconds, TimeZone(secondsFromGMT: offset) ?? zone)
        }
        if let zoneName {
            // A known abbreviation of the location uses its offset; others read as UTC, as Go does.
            let guess = Date(timeIntervalSince1970: Double(localSeconds - zone.secondsFromGMT()))
            if zone.abbreviation(for: guess) == zoneName {
                return at(localSeconds - zone.secondsFromGMT(for: guess), zone)
            }
            return at(localSeconds, utc)
        }
        // No zone in the value: the wall clock is in `zone`.
        var offsetGuess = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(localSeconds)))
        offsetGuess = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(localSeconds - offsetGuess)))
        return at(localSeconds - offsetGuess, zone)
    }
}
