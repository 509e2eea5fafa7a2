import Foundation
import GoCompat
import Hummingbird
import MoonbaseStore
import ReleaseModel

/// The cluster daemon's reports (spec §1.4). Each is recorded in the audit log
/// (`cluster.deployed`, `cluster.pod-error`, `cluster.job-error`) with the report as details,
/// and answered with `{}` whatever happens after decoding, as the daemon expects.
extension API {
    static let daemonGroups: Set<ClientGroup> = [.daemon, .admin]

    func daemonReport<Report: Codable>(_ type: Report.Type, action: String, _ request: Request, identity: Identity) async throws -> EmptyResponse {
        let report = try await request.decodeJSON(type)
        do {
            let details = try JSONValue.parse(JSONEncoder().encode(report))
            try await home.store.recordAudit(NewAuditEntry(actor: identity.name, action: action, details: details))
        } catch {
            Self.logger.error("recording a daemon report failed", metadata: ["action": "\(action)", "error": "\(error)"])
        }
        return EmptyResponse()
    }
}
