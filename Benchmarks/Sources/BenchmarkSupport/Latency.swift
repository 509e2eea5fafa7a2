import Foundation

public func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

/// `name: n=… p50 … ms, p90 … ms, p99 … ms, max … ms`.
public func summary(_ name: String, _ samples: [Duration]) -> String {
    let sorted = samples.map(milliseconds).sorted()
    func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)] }
    return String(format: "%@: n=%d p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms", name, sorted.count, percentile(0.5), percentile(0.9), percentile(0.99), sorted.last!)
}
