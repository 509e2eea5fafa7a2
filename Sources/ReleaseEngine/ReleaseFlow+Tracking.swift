import Foundation
import MoonbaseStore
import ReleaseModel

extension ReleaseFlow {
    /// Where the release `id` (from ``ReleaseOutcome/queued(id:)``) is, or nil when the store
    /// knows no such release. A finished release event has the last word; before that the
    /// queue entry tells how far the writer got.
    public func releaseState(id: String) async throws(ReleaseError) -> ReleaseStateResponse? {
        let store = self.store
        let event = try await ReleaseError.store { try await store.releaseEvent(id: id) }
        let entry = try await ReleaseError.store { try await store.queuedRelease(id: id) }
        if let event, event.state != .requested {
            return ReleaseStateResponse(
                id: id, service: event.service, environment: event.environment, artifactID: event.artifactID,
                state: event.state.rawValue, commit: event.commit ?? "", message: event.message
            )
        }
        if let entry {
            let state = switch entry.state {
            case .pushed: ReleaseEvent.State.released.rawValue
            default: entry.state.rawValue
            }
            return ReleaseStateResponse(
                id: id, service: entry.service, environment: entry.environment, artifactID: entry.artifactID,
                state: state, commit: entry.commit ?? "", message: entry.message
            )
        }
        guard let event else { return nil }
        return ReleaseStateResponse(
            id: id, service: event.service, environment: event.environment, artifactID: event.artifactID, state: "queued"
        )
    }
}
