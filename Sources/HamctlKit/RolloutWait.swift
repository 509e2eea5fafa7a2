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
            let entry = answer.states.first { $0.environment == environment && $0.releasedArtifactID == artifactID }
            if let state = entry?.state {
                if state != last { progress(state) }
                last = state
                switch state.phase {
                case .running where state.artifactID == artifactID && state.available >= state.desired:
                    return state
                case .failed where state.artifactID == artifactID:
                    let pod = state.pod.isEmpty ? "" : " (pod \(state.pod)\(state.container.isEmpty ? "" : ", container \(state.container)"))"
                    let detail = [state.reason, state.message].filter { !$0.isEmpty }.joined(separator: ": ")
                    throw HamctlError("the rollout of \(artifactID) to \(environment) failed: \(detail.isEmpty ? "no reason given" : detail)\(pod)")
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
}
