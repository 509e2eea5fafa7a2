import Foundation
import GoCompat
import Testing

/// Go's calendar, time layouts and `time.Time` JSON text.
@Suite struct GoTimeTests {
    @Test("the civil calendar agrees with Foundation's Gregorian calendar from 1600 to 2400")
    func civilDatesMatchFoundation() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = CivilDate.days(year: 1600, month: 1, day: 1)
        let end = CivilDate.days(year: 2400, month: 12, day: 31)
        for days in stride(from: start, through: end, by: 37) {
            let date = Date(timeIntervalSince1970: Double(days) * 86_400)
            let fields = calendar.dateComponents([.year, .month, .day, .weekday], from: date)
            let civil = CivilDate.date(fromDays: days)
            #expect(civil.year == fields.year && civil.month == fields.month && civil.day == fields.day, "day \(days)")
            #expect(CivilDate.weekday(ofDays: days) + 1 == fields.weekday, "day \(days)")
            #expect(CivilDate.days(year: civil.year, month: civil.month, day: civil.day) == days)
        }
    }

    @Test("Go's zero time is 0001-01-01, a Monday, proleptic Gregorian (Foundation's calendar is Julian there)")
    func zeroTime() {
        let zero = GoTimeLayout.Moment(secondsSince1970: -62_135_596_800, abbreviation: "UTC")
        #expect(GoTimeLayout.format(zero, layout: GoTimeLayout.string) == "0001-01-01 00:00:00 +0000 UTC")
        #expect(GoTimeLayout.format(zero, layout: "Monday 2006-01-02 __2") == "Monday 0001-01-01   1")
        #expect(GoTime.zero.rfc3339Nano == "0001-01-01T00:00:00Z")
    }

    @Test("layouts format every element as Go does", arguments: [
        ("Mon Jan _2 15:04:05 2006", "Thu Jun 13 20:39:39 2019"),
        ("Monday, 02-Jan-06 15:04:05 MST", "Thursday, 13-Jun-19 20:39:39 UTC"),
        ("3:04PM .000 ,999999", "8:39PM .123 ,123456"),
        ("2006-01-02T15:04:05.999999999Z07:00", "2019-06-13T20:39:39.123456789Z"),
        ("002 __2 -07:00:00 Z0700", "164 164 +00:00:00 Z"),
    ])
    func formats(layout: String, expected: String) {
        let moment = GoTimeLayout.Moment(secondsSince1970: 1_560_458_379, nanosecond: 123_456_789, abbreviation: "UTC")
        #expect(GoTimeLayout.format(moment, layout: layout) == expected)
    }

    @Test("parsing reads the instant and the zone, and says what did not match as Go does")
    func parses() throws {
        let utc = TimeZone(identifier: "UTC")!
        let parsed = try GoTimeLayout.parse("2019-06-13 22:39:39.5 +0200", layout: "2006-01-02 15:04:05 -0700", in: utc)
        #expect(parsed.secondsSince1970 == 1_560_458_379 && parsed.nanosecond == 500_000_000)
        #expect(parsed.zone.secondsFromGMT() == 7200)
        #expect {
            try GoTimeLayout.parse("2019-13-01", layout: "2006-01-02", in: utc)
        } throws: { ($0 as? GoTimeLayout.ParseError)?.message == #"parsing time "2019-13-01": month out of range"# }
        #expect {
            try GoTimeLayout.parse("2019-02-30", layout: "2006-01-02", in: utc)
        } throws: { ($0 as? GoTimeLayout.ParseError)?.message == #"parsing time "2019-02-30": day out of range"# }
        #expect {
            try GoTimeLayout.parse("June", layout: "Jan", in: utc)
        } throws: { ($0 as? GoTimeLayout.ParseError)?.message == #"parsing time "June": extra text: "e""# }
    }

    @Test("RFC 3339 text round-trips as Go writes it", arguments: [
        "0001-01-01T00:00:00Z", "2021-06-23T08:42:22Z", "2021-06-23T08:42:22.5Z", "2021-06-23T08:42:22.000000001Z",
        "2021-06-23T08:42:22.123456789+02:00", "1969-12-31T23:59:59.9-05:30", "2400-02-29T12:00:00Z",
    ])
    func roundTrip(text: String) throws {
        let time = try #require(GoTime(rfc3339: text))
        #expect(time.rfc3339Nano == text)
    }

    @Test("Go would not write +00:00 or trailing zeros; they read and normalise")
    func normalises() throws {
        #expect(GoTime(rfc3339: "2021-06-23T08:42:22.500+00:00")?.rfc3339Nano == "2021-06-23T08:42:22.5Z")
        #expect(GoTime(rfc3339: "2021-06-23 08:42:22Z") == nil)
        #expect(GoTime(rfc3339: "2021-13-23T08:42:22Z") == nil)
    }

    @Test("the zero time and instants")
    func instants() throws {
        #expect(GoTime.zero.isZero)
        #expect(GoTime.zero.rfc3339Nano == "0001-01-01T00:00:00Z")
        let time = try #require(GoTime(rfc3339: "1970-01-01T01:00:00+01:00"))
        #expect(time.secondsSince1970 == 0)
        #expect(GoTime(Date(timeIntervalSince1970: 1.25)).rfc3339Nano == "1970-01-01T00:00:01.25Z")
    }

    @Test("what Go's strict RFC 3339 reader refuses is refused")
    func strictRFC3339() {
        for bad in ["2021-02-30T00:00:00Z", "2021-06-23T24:00:00Z", "2021-06-23T08:42:22", "2021-06-23T08:42:22.Z", "2021-06-23T8:42:22Z"] {
            #expect(GoTime(rfc3339: bad) == nil, "\(bad)")
        }
    }

    @Test("zone names are Go's: tzdata abbreviations, UTC, and none for a fixed offset")
    func abbreviations() {
        let june = Date(timeIntervalSince1970: 1_560_458_379)
        #expect(TimeZone(identifier: "Europe/Copenhagen")!.goAbbreviation(at: june) == "CEST")
        #expect(TimeZone(identifier: "America/New_York")!.goAbbreviation(at: june) == "EDT")
        #expect(TimeZone(identifier: "UTC")!.goAbbreviation(at: june) == "UTC")
        #expect(TimeZone(secondsFromGMT: 5400)!.goAbbreviation(at: june) == "")
    }
}
