import Foundation

/// A bar chart as inline SVG, drawn on the server: one bar per value, optionally stacked
/// with a second, highlighted value; labelled for screen readers.
struct BarChart {
    struct Bar {
        var label: String
        var value: Double
        /// Drawn on top of `value` in the highlight colour (rollbacks on deployments).
        var highlight: Double = 0
        /// The bar's tooltip and accessible text.
        var text: String
    }

    var title: String
    var bars: [Bar]
    /// How the axis maximum is written (`12`, `5 h`).
    var formatValue: (Double) -> String

    static let width = 720.0
    static let height = 180.0
    static let gutter = 48.0

    var svg: String {
        let maximum = max(bars.map { $0.value + $0.highlight }.max() ?? 0, 1)
        let plotWidth = Self.width - Self.gutter
        let plotHeight = Self.height - 24
        let step = bars.isEmpty ? 0 : plotWidth / Double(bars.count)
        let barWidth = max(1, step * 0.7)
        var out = """
            <svg class="chart" viewBox="0 0 \(Int(Self.width)) \(Int(Self.height))" role="img" aria-label="\(escape(title))" \
            xmlns="http://www.w3.org/2000/svg"><title>\(escape(title))</title>
            <line class="axis" x1="\(Self.gutter)" y1="\(plotHeight)" x2="\(Self.width)" y2="\(plotHeight)"/>
            <text class="tick" x="\(Self.gutter - 6)" y="12" text-anchor="end">\(escape(formatValue(maximum)))</text>
            <text class="tick" x="\(Self.gutter - 6)" y="\(plotHeight)" text-anchor="end">0</text>
            """
        for (index, bar) in bars.enumerated() {
            let x = Self.gutter + Double(index) * step + (step - barWidth) / 2
            let height = plotHeight * bar.value / maximum
            let highlight = plotHeight * bar.highlight / maximum
            out += "<g><title>\(escape(bar.text))</title>"
            out += rect(x: x, y: plotHeight - height, width: barWidth, height: height, kind: "bar")
            if bar.highlight > 0 {
                out += rect(x: x, y: plotHeight - height - highlight, width: barWidth, height: highlight, kind: "bar-highlight")
            }
            out += "</g>"
            // At most about ten labels, so that they never overlap.
            if index % max(1, (bars.count + 9) / 10) == 0 {
                out += "<text class=\"label\" x=\"\(format(x + barWidth / 2))\" y=\"\(Int(Self.height - 6))\" text-anchor=\"middle\">\(escape(bar.label))</text>"
            }
        }
        return out + "</svg>"
    }

    func rect(x: Double, y: Double, width: Double, height: Double, kind: String) -> String {
        "<rect class=\"\(kind)\" x=\"\(format(x))\" y=\"\(format(y))\" width=\"\(format(width))\" height=\"\(format(height))\"/>"
    }

    /// One decimal, without Foundation's slow `String(format:)`.
    func format(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }

    func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
