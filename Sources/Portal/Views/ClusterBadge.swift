import Foundation
import MoonbaseStore
import ReleaseModel

/// A release's cluster state as the portal shows it: pending, applied, rolling out N/M,
/// running N/M, or failed with the reason, as a badge the live feed replaces in place
/// (`data-cluster="<service>/<environment>"`).
public struct ClusterBadge: Sendable, Equatable {
    public var service: String
    public var environment: String
    /// Nil when no daemon reports for the environment.
    public var state: ClusterState?

    public init(service: String, environment: String, state: ClusterState?) {
        self.service = service
        self.environment = environment
        self.state = state
    }

    public var key: String { "\(service)/\(environment)" }

    public var context: [String: Any] {
        guard let state else {
            return ["key": key, "label": "no cluster report", "class": "unknown", "title": "No cluster daemon reports for \(environment)."]
        }
        let style: String =
            switch state.phase {
            case _ where state.drift: "refused"
            case .pending, .applied: "requested"
            case .rollingOut: "progressing"
            case .running: "released"
            case .failed: "failed"
            }
        var title: [String] = []
        if !state.message.isEmpty { title.append(state.message) }
        if !state.pod.isEmpty { title.append("pod \(state.pod)" + (state.container.isEmpty ? "" : ", container \(state.container)")) }
        if !state.appliedRevision.isEmpty { title.append("Flux revision \(state.appliedRevision)") }
        if !state.since.isZero { title.append("since \(PortalFormat.timestamp(state.since.date))") }
        return ["key": key, "label": state.summary, "class": style, "title": title.joined(separator: " · ")]
    }
}
