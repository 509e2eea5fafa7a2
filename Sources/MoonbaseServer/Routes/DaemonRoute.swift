import Foundation
import GoCompat
import Hummingbird
import MoonbaseStore
import ReleaseEngine
import ReleaseModel

/// The cluster daemon's reports (spec §1.4, and Moonbase's rollout and Flux reports): each is
/// kept by ``ClusterFeedback`` (the service's actual state and its cluster timeline) and
/// answered with `{}`. A report the store could not keep is a 503, so Moonbase's daemon sends
/// it again (the reference's only logs it); what a kept report sets off (auto-rollback) never
/// changes the answer.
extension API {
    static let daemonGroups: Set<ClientGroup> = [.daemon, .admin]

    func daemonReport<Report: Decodable & Sendable>(
        _ type: Report.Type, _ request: Request, record: @Sendable (Report) async throws -> Void
    ) async throws -> EmptyResponse {
        let report = try await request.decodeJSON(type)
        do {
            try await record(report)
        } catch {
            Self.logger.error("recording a daemon report failed", metadata: ["report": "\(type)", "error": "\(error)"])
            throw ErrorResponse(status: 503, message: "the report could not be kept; send it again")
        }
        return EmptyResponse()
    }

    /// `GET /cluster/state?service=S&environment=E`: what the cluster runs for every release.
    func clusterState(_ request: Request, context: some RequestContext) async throws -> ClusterStateResponse {
        let query = try request.uri.decodeQuery(as: ClusterQuery.self, context: context)
        try query.validate()
        let releases =
            if let service = query.service {
                try await statusReader.releases(service: service, namespace: nil).filter { query.environment == nil || $0.environment == query.environment }
            } else {
                try await statusReader.releases(environment: query.environment)
            }
        return ClusterStateResponse(
            states: try await cluster.states(of: releases.map(ClusterFeedback.Release.init), environment: query.environment, service: query.service))
    }

    /// `GET /cluster/events?service=S&environment=E&limit=N`: the cluster timeline, newest first.
    func clusterEvents(_ request: Request, context: some RequestContext) async throws -> ClusterEventsResponse {
        let query = try request.uri.decodeQuery(as: ClusterQuery.self, context: context)
        try query.validate()
        let limit = min(max(query.limit ?? 50, 1), 500)
        let events = try await home.store.clusterEvents(service: query.service, environment: query.environment, limit: limit)
        return ClusterEventsResponse(events: events.map {
            ClusterEventsResponse.Event(
                seq: $0.seq, environment: $0.event.environment, service: $0.event.service, artifactID: $0.event.artifactID, kind: $0.event.kind,
                summary: $0.event.summary, at: GoTime($0.event.at), details: $0.event.details)
        })
    }

    struct ClusterQuery: Decodable {
        var service: String?
        var environment: String?
        var limit: Int?

        func validate() throws {
            if let service { try API.validate(service, as: .service) }
            if let environment { try API.validate(environment, as: .environment) }
        }
    }
}

extension API {
    /// What a report sets off: the auto-rollback policy.
    func react(to change: ClusterFeedback.Change) async {
        await autoRollback.react(to: change)
    }
}
