import Foundation
import Hummingbird

/// The query of a portal page as browsers write it for forms (`application/x-www-form-urlencoded`:
/// `+` is a space), which the router's query parameters leave as `+`.
struct PortalQuery {
    private var values: [String: String] = [:]

    init(_ request: Request) {
        for pair in (request.uri.query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), values[name] == nil else { continue }
            values[name] = parts.count > 1 ? Self.decode(parts[1]) : ""
        }
    }

    /// The first value of `name`, decoded; nil when absent.
    func get(_ name: String) -> String? { values[name] }

    static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}

extension RequestContext {
    /// A path parameter, percent-decoded (a squad named `team/platform` arrives as `team%2Fplatform`).
    func decodedParameter(_ name: String) -> String {
        let raw = parameters.get(name) ?? ""
        return raw.removingPercentEncoding ?? raw
    }
}
