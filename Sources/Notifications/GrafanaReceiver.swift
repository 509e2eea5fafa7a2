import Foundation
import GoCompat
import MoonbaseStore
import ReleaseModel

/// Annotates each environment's Grafana with its releases: the reference's
/// `POST <url>/api/annotations/graphite` with `Authorization: Bearer <apiKey>` and
/// `{"what": "Deployment: <service>", "tags": ["deployment", <service>, <env>], "data": …}`,
/// plus `when` (the release's time in Unix seconds), so a retried delivery marks the release's
/// moment, not the retry's.
public struct GrafanaReceiver: NotificationReceiver {
    /// Per environment.
    public let instances: [String: GrafanaSettings]
    let http: OutboundHTTP

    public init(_ instances: [String: GrafanaSettings], http: OutboundHTTP) {
        self.instances = instances
        self.http = http
    }

    public var name: String { "grafana" }

    public func targets(for event: OutboxEvent) -> [String] {
        guard event.type == .released, let environment = event.data.environment, instances[environment] != nil else { return [] }
        return [environment]
    }

    public func deliver(_ delivery: NotificationDelivery, context: DeliveryContext) async -> DeliveryResult {
        guard let instance = instances[delivery.target] else {
            return .refused(answer: "no Grafana is configured for environment '\(delivery.target)' any more")
        }
        let data = delivery.event.data
        let author = data.artifact?.author.name.nonEmpty ?? data.artifact?.author.email ?? ""
        let annotation: [String: Any] = [
            "what": "Deployment: \(data.service)",
            "tags": ["deployment", data.service, delivery.target],
            "when": Int(delivery.event.time.timeIntervalSince1970),
            "data": "<br>Author: \(author)<br>Message: \(data.artifact?.message ?? "")<br>ArtifactID: \(data.artifact?.id ?? "")",
        ]
        do {
            let body = try JSONSerialization.data(withJSONObject: annotation, options: [.sortedKeys])
            let url = instance.url.appendingPathComponent("api/annotations/graphite").absoluteString
            return try await http.send(
                .POST, url, headers: [("Authorization", "Bearer \(instance.apiKey)"), ("Content-Type", "application/json")], body: body
            ).result
        } catch {
            return .retry(answer: OutboundHTTP.describe(error))
        }
    }
}
