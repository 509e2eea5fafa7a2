/// The order artifacts are promoted through environments (default dev → staging → prod).
public struct EnvironmentOrder: Sendable, Hashable {
    public var environments: [String]

    public init(_ environments: [String] = ["dev", "staging", "prod"]) {
        self.environments = environments
    }

    /// The environment before `environment`, or nil for the first one or one not in the order.
    public func previous(before environment: String) -> String? {
        guard let index = environments.firstIndex(of: environment), index > 0 else { return nil }
        return environments[index - 1]
    }
}
