import Foundation
import Testing
import TestSupport
@testable import GoTemplate

/// sprig's date.go functions; cases from date_test.go, with Go's reference-time layouts.
@Suite struct DatesTests {
    /// 13 Jun 19 20:39:39 GMT, sprig's own test instant.
    static let utc = TimeZone(identifier: "UTC")!
    static let instant = Time(date: Date(timeIntervalSince1970: 1_560_458_379), timeZone: utc)
    static let t = Value.time(instant)
    static let precise = Value.time(Time(date: Date(timeIntervalSince1970: 1_560_458_379.123456), timeZone: utc))

    @Test(arguments: [
        FunctionCase("date_in_zone", ["02 Jan 06 15:04 -0700", t, "UTC"], "13 Jun 19 20:39 +0000"),
        FunctionCase("dateInZone", ["02 Jan 06 15:04 -0700", 1_560_458_379, "UTC"], "13 Jun 19 20:39 +0000"),
        FunctionCase("dateInZone", ["02 Jan 06 15:04 -0700", t, "foobar"], "13 Jun 19 20:39 +0000"),
        FunctionCase("dateInZone", ["2006-01-02T15:04:05Z07:00", t, "UTC"], "2019-06-13T20:39:39Z"),
        FunctionCase("dateInZone", ["2006-01-02T15:04:05Z07:00", t, "Europe/Copenhagen"], "2019-06-13T22:39:39+02:00"),
        FunctionCase("dateInZone", ["2006-01-02 15:04:05 MST", t, "America/New_York"], "2019-06-13 16:39:39 EDT"),
        FunctionCase("dateInZone", ["Mon Jan 2 15:04:05 MST 2006", t, "UTC"], "Thu Jun 13 20:39:39 UTC 2019"),
        FunctionCase("dateInZone", ["Monday, January 2, 2006 3:04 PM", t, "UTC"], "Thursday, June 13, 2019 8:39 PM"),
        FunctionCase("dateInZone", ["03:04:05pm _2 __2 002", t, "UTC"], "08:39:39pm 13 164 164"),
        FunctionCase("dateInZone", ["2006-01-02 15:04:05.000", precise, "UTC"], "2019-06-13 20:39:39.123"),
        FunctionCase("dateInZone", ["15:04:05.999999", precise, "UTC"], "20:39:39.123456"),
        FunctionCase("dateInZone", ["15:04:05.999", t, "UTC"], "20:39:39"),
        FunctionCase("dateInZone", ["-07:00 -07 Z0700", t, "Asia/Kolkata"], "+05:30 +05 +0530"),
        FunctionCase("dateInZone", ["Jan _2", Value.time(Time(date: Date(timeIntervalSince1970: 0), timeZone: utc)), "UTC"], "Jan  1"),
        FunctionCase("htmlDateInZone", [t, "UTC"], "2019-06-13"),
        FunctionCase("htmlDateInZone", [0, "UTC"], "1970-01-01"),
        FunctionCase("unixEpoch", [t], "1560458379"),
        FunctionCase("unixEpoch", [1], error: "wrong type for value; expected time.Time; got int"),
        FunctionCase("dateModify", ["1h", t], .time(Time(date: Date(timeIntervalSince1970: 1_560_458_379 + 3600), timeZone: utc))),
        FunctionCase("dateModify", ["-1.5h", t], .time(Time(date: Date(timeIntervalSince1970: 1_560_458_379 - 5400), timeZone: utc))),
        FunctionCase("dateModify", ["bad", t], t),
        FunctionCase("mustDateModify", ["bad", t], error: #"time: invalid duration "bad""#),
        FunctionCase("mustDateModify", ["1d", t], error: #"time: unknown unit "d" in duration "1d""#),
        FunctionCase("duration", ["95"], "1m35s"),
        // sprig reads an int64 (from `int64` or its arithmetic); a template's int literal is 0s.
        FunctionCase("duration", [.int64(95)], "1m35s"),
        FunctionCase("duration", [.int64(3600)], "1h0m0s"),
        FunctionCase("duration", [95], "0s"),
        FunctionCase("duration", ["86400"], "24h0m0s"),
        FunctionCase("duration", [nil], "0s"),
        FunctionCase("duration", [1.5], "0s"),
        FunctionCase("durationRound", ["2h5s"], "2h"),
        FunctionCase("durationRound", ["24h5s"], "1d"),
        FunctionCase("durationRound", ["2400h5s"], "3mo"),
        FunctionCase("durationRound", ["8760h1s"], "1y"),
        FunctionCase("durationRound", ["1h"], "60m"),
        FunctionCase("durationRound", ["-2h5s"], "2h"),
        FunctionCase("durationRound", ["3s"], "3s"),
        FunctionCase("durationRound", ["bad"], "0s"),
        FunctionCase("durationRound", [nil], "0s"),
        FunctionCase("mustToDate", ["2006-01-02", "bad"], error: #"parsing time "bad" as "2006-01-02": cannot parse "bad" as "2006""#),
        FunctionCase("mustToDate", ["2006-01-02", "2017-13-01"], error: #"parsing time "2017-13-01": month out of range"#),
        FunctionCase("mustToDate", ["2006-01-02", "2017-02-30"], error: #"parsing time "2017-02-30": day out of range"#),
        FunctionCase("mustToDate", ["2006-01-02", "2017-01-02x"], error: #"parsing time "2017-01-02x": extra text: "x""#),
        FunctionCase("toDate", ["2006-01-02", "bad"], .time(SprigDates.zeroTime)),
    ])
    func dateFunction(_ c: FunctionCase) { c.check() }

    @Test("Go's zero time, from a date that does not parse, prints as Go prints it")
    func zeroTimePrints() throws {
        let template = try Template(name: "t", text: #"{{ toDate "2006-01-02" "bad" }}|{{ dateInZone "Monday 2006-01-02" (toDate "2006-01-02" "bad") "UTC" }}"#, functions: .sprig)
        #expect(try template.execute(.null) == "0001-01-01 00:00:00 +0000 UTC|Monday 0001-01-01")
    }

    @Test func toDateParsesInTheLocalZoneAndDateFormatsIt() throws {
        let parsed = try call("toDate", "2006-01-02", "2017-12-31")
        #expect(try call("date", "02/01/2006", parsed) == "31/12/2017")
        #expect(try call("date", "15:04", parsed) == "00:00")
    }

    @Test(arguments: [
        ("2006-01-02T15:04:05Z07:00", "2019-06-13T20:39:39Z", 1_560_458_379.0),
        ("2006-01-02T15:04:05Z07:00", "2019-06-13T22:39:39+02:00", 1_560_458_379.0),
        ("02 Jan 06 15:04 MST", "13 Jun 19 20:39 UTC", 1_560_458_340.0),
        ("Jan 2, 2006 at 3:04pm (MST)", "Jun 13, 2019 at 8:39pm (UTC)", 1_560_458_340.0),
        ("2006-01-02 15:04:05.000 -0700", "2019-06-13 20:39:39.250 +0000", 1_560_458_379.25),
        ("2006-01-02 15:04:05 -0700", "2019-06-13 20:39:39.5 +0000", 1_560_458_379.5),
        ("Monday 2 January 2006 15:04:05 -07:00", "Thursday 13 June 2019 21:39:39 +01:00", 1_560_458_379.0),
    ])
    func mustToDateReadsGoLayouts(layout: String, value: String, seconds: Double) throws {
        guard case .time(let time) = try call("mustToDate", .string(layout), .string(value)) else {
            Issue.record("not a time")
            return
        }
        #expect(abs(time.date.timeIntervalSince1970 - seconds) < 0.0001)
    }

    @Test func agoRoundsToSeconds() throws {
        let then = Value.time(Time(date: Date().addingTimeInterval(-125), timeZone: .current))
        #expect(try call("ago", then) == "2m5s")
        let later = Value.time(Time(date: Date().addingTimeInterval(5.2), timeZone: .current))
        #expect(try call("ago", later) == "-5s")
    }

    @Test func nowIsTheCurrentTime() throws {
        guard case .time(let now) = try call("now") else {
            Issue.record("now is not a time")
            return
        }
        #expect(abs(now.date.timeIntervalSinceNow) < 5)
    }
}

/// Extreme inputs give Go's answers or errors, never a crash.
@Suite struct DateEdgeTests {
    @Test func extremeInstantsFormatWithoutTrapping() throws {
        _ = try call("dateInZone", "2006-01-02", .int(Int.min), "UTC")
        _ = try call("dateInZone", "2006-01-02", .int(Int.max), "UTC")
        #expect(try call("dateInZone", "2006", .int(-62_135_596_800), "UTC") == "0001")
    }

    @Test(arguments: [
        ("2006-01-02 15:04 MST", "Europe/Copenhagen", 1_560_458_379, "2019-06-13 22:39 CEST"),
        ("2006-01-02 15:04 MST", "Europe/Copenhagen", 1_576_000_000, "2019-12-10 18:46 CET"),
        ("2006-01-02 15:04 MST", "America/New_York", 2_540_000_000, "2050-06-27 23:33 EDT"),
        ("2006-01-02 15:04 MST", "Asia/Kolkata", 0, "1970-01-01 05:30 IST"),
    ])
    func zoneAbbreviationsComeFromTzdata(layout: String, zone: String, seconds: Int, expected: String) throws {
        #expect(try call("dateInZone", .string(layout), .int(seconds), .string(zone)) == .string(expected))
    }
}
