import GoCompat
import Testing

/// Go's `time.Duration` text.
@Suite struct GoDurationTests {
    @Test(arguments: [
        (0, "0s"), (1, "1ns"), (1500, "1.5µs"), (1_500_000, "1.5ms"), (90_000_000_000, "1m30s"),
        (-90_000_000_000, "-1m30s"), (3_723_500_000_000, "1h2m3.5s"), (1_000_000_000, "1s"),
    ])
    func durationsPrintAsGoDoes(nanoseconds: Int, text: String) {
        #expect(GoDuration.format(nanoseconds) == text)
    }

    @Test(arguments: [
        ("1h30m", 5_400_000_000_000), ("1.5h", 5_400_000_000_000), ("300ms", 300_000_000), ("-1.5h", -5_400_000_000_000),
        ("2h45m", 9_900_000_000_000), ("1µs", 1000), ("1us", 1000), ("0", 0), ("+5s", 5_000_000_000), (".5s", 500_000_000),
    ])
    func durationsParseAsGoDoes(text: String, nanoseconds: Int) throws {
        #expect(try GoDuration.parse(text) == nanoseconds)
    }

    @Test(arguments: ["", "1", "1d", "h", "1.h5", "--1s"])
    func badDurationsAreErrors(text: String) {
        #expect(throws: GoDuration.ParseError.self) { try GoDuration.parse(text) }
    }

    @Test func roundingSaturatesAtTheEnds() {
        #expect(GoDuration.round(Int.min, to: 1_000_000_000) == Int.min)
        #expect(GoDuration.round(Int.max, to: 1_000_000_000) == Int.max)
        #expect(GoDuration.round(1_500_000_000, to: 1_000_000_000) == 2_000_000_000)
        #expect(GoDuration.round(-1_500_000_000, to: 1_000_000_000) == -2_000_000_000)
        #expect(GoDuration.round(1_499_999_999, to: 1_000_000_000) == 1_000_000_000)
    }
}
