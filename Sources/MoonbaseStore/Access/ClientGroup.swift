/// Who a token is for. Each group reaches its own routes (spec §1.2); `admin` manages the
/// server itself (tokens, clients, policies).
public enum ClientGroup: String, Sendable, Hashable, Codable, CaseIterable {
    case hamctl
    case artifact
    case daemon
    case admin
}
