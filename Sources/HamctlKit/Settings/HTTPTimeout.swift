import GoCompat

/// `--http-timeout`: a duration as the reference's Go flags take it (`30s`, `2m`, `1m30s`,
/// `500ms`, `1h`), or whole seconds (`90`); from a millisecond to a day.
public enum HTTPTimeout {
    public static let longest = Duration.seconds(86_400)

    /// `nil` unless the text is a duration from 1 ms to a day.
    public static func parse(_ text: String) -> Duration? {
        if let seconds = Int(text) { return seconds > 0 && seconds <= 86_400 ? .seconds(seconds) : nil }
        guard let nanoseconds = try? GoDuration.parse(text), nanoseconds >= 1_000_000 else { return nil }
        let duration = Duration.nanoseconds(nanoseconds)
        return duration <= longest ? duration : nil
    }
}
