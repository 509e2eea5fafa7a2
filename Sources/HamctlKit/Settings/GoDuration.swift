/// Durations as the reference's Go flags take them, in whole units (`30s`, `2m`, `1m30s`,
/// `500ms`, `1h`), or whole seconds (`90`); at most a day.
public enum GoDuration {
    public static let longest = Duration.seconds(86_400)

    /// `nil` unless the text is a duration from 1 ms to a day.
    public static func parse(_ text: String) -> Duration? {
        if let seconds = Int(text) { return seconds > 0 && seconds <= 86_400 ? .seconds(seconds) : nil }
        var rest = Substring(text)
        var total = Duration.zero
        let units: [(String, Duration)] = [("ms", .milliseconds(1)), ("s", .seconds(1)), ("m", .seconds(60)), ("h", .seconds(3600))]
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isNumber }
            // Anything above a day's worth of milliseconds is refused before it can overflow.
            guard let value = Int(digits), value <= 86_400_000 else { return nil }
            rest = rest.dropFirst(digits.count)
            guard let (unit, size) = units.first(where: { rest.hasPrefix($0.0) }) else { return nil }
            rest = rest.dropFirst(unit.count)
            total += size * value
            guard total <= longest else { return nil }
        }
        return total > .zero ? total : nil
    }
}
