import Foundation
import GoCompat
import ReleaseModel

/// How the portal writes times, durations and ids.
public enum PortalFormat {
    /// `2026-11-26 14:03 UTC`.
    public static func timestamp(_ date: Date) -> String {
        let time = UTCTime(date)
        return "\(time.date) \(pad(time.hour)):\(pad(time.minute)) UTC"
    }

    /// `2026-11-26T14:03:09Z`, for `datetime` attributes.
    public static func iso8601(_ date: Date) -> String {
        let time = UTCTime(date)
        return "\(time.date)T\(pad(time.hour)):\(pad(time.minute)):\(pad(time.second))Z"
    }

    /// `11-26`: a day on a chart's axis.
    static func monthAndDay(_ date: Date) -> String {
        let time = UTCTime(date)
        return "\(pad(time.month))-\(pad(time.day))"
    }

    /// The start of the UTC day `date` is in.
    public static func startOfDay(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 86400).rounded(.down) * 86400)
    }

    static func pad(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    /// `just now`, `5 min ago`, `3 h ago`, `2 days ago`.
    public static func age(_ date: Date, now: Date) -> String {
        let seconds = max(0, now.timeIntervalSince(date))
        if seconds < 60 { return "just now" }
        return duration(seconds) + " ago"
    }

    /// `45 s`, `12 min`, `5 h`, `3 days`: the largest whole unit.
    public static func duration(_ seconds: TimeInterval) -> String {
        let seconds = max(0, seconds)
        switch seconds {
        case ..<60: return "\(Int(seconds)) s"
        case ..<3600: return "\(Int(seconds / 60)) min"
        case ..<86400: return "\(Int(seconds / 3600)) h"
        default:
            let days = Int(seconds / 86400)
            return days == 1 ? "1 day" : "\(days) days"
        }
    }

    /// The first 10 characters of a commit.
    public static func shortCommit(_ sha: String) -> String {
        String(sha.prefix(10))
    }

    /// A URL the portal may link to: http(s) only, so that uploaded data cannot smuggle
    /// `javascript:` links into a page.
    public static func link(_ url: String) -> String? {
        let lowered = url.lowercased()
        return lowered.hasPrefix("https://") || lowered.hasPrefix("http://") ? url : nil
    }

    /// `text` made safe for a URL path segment or query value.
    public static func escaped(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlUnreserved) ?? ""
    }
}

/// A time's calendar fields in UTC, by arithmetic: pages write many times, and Foundation's
/// calendars and formatters cost microseconds each.
struct UTCTime {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int

    init(_ date: Date) {
        let (days, inDay) = CivilDate.split(secondsSince1970: Int((date.timeIntervalSince1970).rounded(.down)))
        (year, month, day) = CivilDate.date(fromDays: days)
        hour = inDay / 3600
        minute = inDay % 3600 / 60
        second = inDay % 60
    }

    /// `2026-11-26`.
    var date: String {
        let year = String(self.year)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + "-" + PortalFormat.pad(month) + "-" + PortalFormat.pad(day)
    }
}

extension String? {
    var nonEmpty: String? { self?.nonEmpty }
}
