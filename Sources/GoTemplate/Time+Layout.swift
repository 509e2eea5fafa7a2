import Foundation
import GoCompat

extension Time {
    /// Go's `Time.Format(layout)`.
    func formatted(_ layout: String) -> String {
        GoTimeLayout.format(GoTimeLayout.Moment(date, in: timeZone), layout: layout)
    }

    /// Go's `time.ParseInLocation(layout, value, zone)`.
    static func parse(_ value: String, layout: String, in zone: TimeZone) throws(GoTimeLayout.ParseError) -> Time {
        let parsed = try GoTimeLayout.parse(value, layout: layout, in: zone)
        return Time(date: parsed.date, timeZone: parsed.zone)
    }

    /// Go's `Time.String()`: `2006-01-02 15:04:05.999999999 -0700 MST`.
    public var goString: String { formatted(GoTimeLayout.string) }
}
