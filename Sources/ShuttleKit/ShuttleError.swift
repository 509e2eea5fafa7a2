/// Everything that makes a shuttle command fail, with the exit status it ends with.
///
/// Statuses: 1 usage errors (bad flags or arguments, templates), 2 configuration errors
/// (no or invalid shuttle.yaml or plan.yaml, unknown script), 4 git failures, 9 a plan clone
/// in the middle of a merge, and a failing action's own status.
public struct ShuttleError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case usage
        case configuration
        case git
        case planInMergeState
        case actionFailed(status: Int32)
        /// A silent failure: the status says everything (`shuttle has`).
        case silent(status: Int32)
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public static func usage(_ message: String) -> ShuttleError { .init(.usage, message) }
    public static func configuration(_ message: String) -> ShuttleError { .init(.configuration, message) }

    public var exitCode: Int32 {
        switch kind {
        case .usage: 1
        case .configuration: 2
        case .git: 4
        case .planInMergeState: 9
        case .actionFailed(let status), .silent(let status): status
        }
    }

    public var description: String { message }
}
