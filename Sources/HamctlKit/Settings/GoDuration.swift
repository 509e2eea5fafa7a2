/// Durations as the reference's Go flags take them (`30s`, `2m`, `1m30s`, `500ms`), or whole
/// seconds (`90`).
public enum GoDuration {
    /// `nil` unless the text is a positive duration.
    public static func parse(_ text: String) -> Duration? {
        if let seconds = Int(text) { return seconds > 0 ? .seconds(seconds) : nil }
        var rest = Substring(text)
        var total = Duration.zero
        let units: [(String, Duration)] = [("ms", .milliseconds(1)), ("s", .seconds(1)), ("m", .seconds(60)), ("h", .seconds(3600))]
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isNumber }
            guard let value = Int(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            guard let (unit, size) = units.first(where: { rest.hasPrefix($0.0) }) else { return nil }
            rest = rest.dropFirst(unit.count)
            total += size * value
        }
        return total > .zero ? total : nil
    }
}
