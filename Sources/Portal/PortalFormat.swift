import Foundation

/// How the portal writes times, durations and ids.
public enum PortalFormat {
    /// `2026-11-26 14:03 UTC`.
    public static func timestamp(_ date: Date) -> String {
        let components = Calendar.utc.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(
            format: "%04d-%02d-%02d %02d:%02d UTC", components.year ?? 0, components.month ?? 0, components.day ?? 0,
            components.hour ?? 0, components.minute ?? 0)
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
        text.addingPercentEncoding(withAllowedCharacters: .portalUnreserved) ?? ""
    }
}

extension Calendar {
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .gmt
        return calendar
    }()
}

extension CharacterSet {
    static let portalUnreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
}

extension String {
    /// The text, or nil when it is empty: Mustache sections treat every string, even an empty
    /// one, as true, so optional text is left out of a context instead.
    var nonEmpty: String? { isEmpty ? nil : self }
}

extension String? {
    var nonEmpty: String? { self?.nonEmpty }
}
