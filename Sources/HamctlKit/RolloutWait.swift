import Foundation
import MoonbaseClient
import ReleaseModel

/// `--wait`: follows a release from the commit to running pods through `GET /cluster/state`,
/// until the cluster runs the artifact (every desired pod available), reports that its
/// rollout failed, or `timeout` passes.
public struct RolloutWait: Sendable {
    public var connection: Connection
    public var timeout: Duration
    /// Between two looks at the state.
    public var interval: Duration

    public init(connection: Connection, timeout: Duration, interval: Duration = .seconds(1)) {
        self.connection = connection
        self.timeout = timeout
        self.interval = interval
    }

    /// Waits for `artifactID` of `service` to run in `environment`; `progress` hears each new
    /// state. Throws with the cluster's reason when the rollout fails, and when time runs out.
    public func wait(
        service: String, environment: String, artifactID: String, progress: (ClusterState) -> Void = { _ in }
    ) async throws(HamctlError) -> ClusterState {
        let deadline = ContinuousClock.now + timeout
        var last: ClusterState?
        while true {
            let answer = try await connection.run { client throws(ClientError) in
                try await client.clusterState(service: service, environment: environment)
            }
            if let entry = answer.states.first(where: { $0.environment == environment }) {
                let state = entry.state
                // Another release replaced this one (an automatic rollback, or someone else's).
                if entry.releasedArtifactID != artifactID {
                    if state.artifactID == artifactID, !state.reason.isEmpty {
                        throw Self.failure(artifactID, environment, state, then: " (\(entry.releasedArtifactID) is released now)")
                    }
                    throw HamctlError("\(artifactID) is no longer released to \(environment): \(entry.releasedArtifactID) is")
                }
                if state != last { progress(state) }
                last = state
                switch state.phase {
                case .running where state.artifactID == artifactID && state.available >= state.desired:
                    return state
                case .failed where state.artifactID == artifactID:
                    throw Self.failure(artifactID, environment, state)
                default:
                    break
                }
            }
            guard ContinuousClock.now + interval < deadline else {
                let seen = last.map { "the cluster says \($0.summary)" } ?? "no cluster daemon has reported for \(environment)"
                throw HamctlError("gave up waiting for \(artifactID) to run in \(environment) after \(timeout): \(seen) (--timeout)")
            }
            try? await Task.sleep(for: interval)
        }
    }

    static func failure(_ artifactID: String, _ environment: String, _ state: ClusterState, then: String = "") -> HamctlError {
        let pod = state.pod.isEmpty ? "" : " (pod \(state.pod)\(state.container.isEmpty ? "" : ", container \(state.container)"))"
        let detail = [state.reason, state.message].filter { !$0.isEmpty }.joined(separator: ": ")
        return HamctlError("the rollout of \(artifactID) to \(environment) failed: \(detail.isEmpty ? "no reason given" : detail)\(pod)\(then)")
    }
}
