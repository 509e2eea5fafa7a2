import Foundation
@testable import Portal
import Testing

/// Times the portal writes, computed without Foundation's calendars, agree with them.
@Suite struct PortalFormatTests {
    @Test(arguments: [0.0, 951_782_400, 951_868_799, 1_709_164_800, 1_798_761_599.9, -86_401, 4_102_444_800])
    func utcFieldsMatchFoundationsCalendar(_ seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let expected = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let time = UTCTime(date)
        #expect([time.year, time.month, time.day, time.hour, time.minute, time.second]
            == [expected.year, expected.month, expected.day, expected.hour, expected.minute, expected.second].map { $0 ?? -1 })
    }

    @Test func writesTimestampsAgesAndDurations() {
        let date = Date(timeIntervalSince1970: 1_798_761_545)
        #expect(PortalFormat.timestamp(date) == "2026-12-31 23:59 UTC")
        #expect(PortalFormat.iso8601(date) == "2026-12-31T23:59:05Z")
        #expect(PortalFormat.monthAndDay(date) == "12-31")
        #expect(PortalFormat.age(date, now: date.addingTimeInterval(30)) == "just now")
        #expect(PortalFormat.age(date, now: date.addingTimeInterval(7200)) == "2 h ago")
        #expect(PortalFormat.duration(86400) == "1 day")
        #expect(PortalFormat.link("javascript:alert(1)") == nil)
        #expect(PortalFormat.link("https://ci.example.com/1") == "https://ci.example.com/1")
    }
}
