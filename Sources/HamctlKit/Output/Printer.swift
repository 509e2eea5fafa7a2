import Foundation
import GoCompat
import ReleaseModel

/// Where commands write: stdout for results, and JSON written as Go's `MarshalIndent` would.
public enum Printer {
    public static func json(_ value: some Encodable) throws(HamctlError) {
        do {
            FileHandle.standardOutput.write(try GoJSONEncoder(style: .indented, trailingNewline: true).encode(value))
        } catch {
            throw HamctlError("could not write the answer as JSON: \(error)")
        }
    }

    /// A command's answer in the format asked for: `value` as JSON, or the text made of it.
    public static func answer(_ value: some Encodable, as format: OutputFormat, text: () -> String) throws(HamctlError) {
        switch format {
        case .json: try json(value)
        case .text: Self.text(text())
        }
    }

    public static func text(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

/// Dates as hamctl shows them: `YYYY-MM-DD HH:MM:SS` in the local time zone.
public enum DateText {
    public static func format(_ date: Date, timeZone: TimeZone = .current) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d-%02d-%02d %02d:%02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0,
            parts.second ?? 0)
    }

    public static func format(_ time: GoTime, timeZone: TimeZone = .current) -> String {
        format(time.date, timeZone: timeZone)
    }
}

extension String {
    /// Padded with spaces to `width` characters (longer text is left as it is).
    public func padded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    public var firstLine: String { split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? "" }
}

/// `3 hours ago`, as the reference's `humanizeTime`.
public enum Humanized {
    public static func age(of date: Date, now: Date = Date()) -> String {
        let seconds = Int(now.timeIntervalSince(date))
        let (value, unit): (Int, String) =
            switch seconds {
            case ..<60: (max(seconds, 0), "second")
            case ..<3600: (seconds / 60, "minute")
            case ..<86_400: (seconds / 3600, "hour")
            case ..<2_592_000: (seconds / 86_400, "day")
            case ..<31_536_000: (seconds / 2_592_000, "month")
            default: (seconds / 31_536_000, "year")
            }
        return "\(value) \(unit)\(value == 1 ? "" : "s") ago"
    }
}
