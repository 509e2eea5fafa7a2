import Foundation
import ReleaseModel

/// What the developer portal reads: every service, what runs where, and the history around it,
/// derived from the artifacts CI uploaded and the releases made (never kept by hand).
///
/// Every list is bounded (a page, a limit or a time window) so that a page costs the same with
/// ten services or ten thousand.
public protocol CatalogStore: Sendable {
    /// Services matching `query`, in its order, with what runs in each environment.
    func catalog(_ query: CatalogQuery) async throws -> CatalogPage

    /// The service's catalog entry, or `nil` when it never uploaded an artifact.
    func catalogEntry(service: String) async throws -> CatalogEntry?

    /// What runs in `environment`, by service name, `limit` from `offset`, with the total;
    /// with `criticalOnly`, only artifacts with critical vulnerabilities.
    func deployments(environment: String, criticalOnly: Bool, limit: Int, offset: Int) async throws -> DeploymentPage

    /// Release events matching `filter`, newest first, `limit` from `offset`, with the total.
    func releaseEvents(_ filter: ReleaseEventFilter, limit: Int, offset: Int) async throws -> ReleaseEventPage

    /// What delivery metrics need of the release events matching `filter`, newest first, at
    /// most `limit`.
    func deliveryRecords(_ filter: ReleaseEventFilter, limit: Int) async throws -> [DeliveryRecord]

    /// Every squad that owns a service, by name, with how many services it owns.
    func squads() async throws -> [Squad]

    /// The plans the services' newest artifacts were built with, and which service uses which
    /// version, naming at most `listing` services per list.
    func planUsage(listing: Int) async throws -> [PlanUsage]

    /// Services, squads, artifacts and releases whose name, id or commit matches `text`.
    func search(_ text: String, limit: Int) async throws -> SearchResults

    /// Audit entries matching `filter`, newest first, `limit` from `offset`, with the total.
    func auditLog(_ filter: AuditFilter, limit: Int, offset: Int) async throws -> AuditPage
}
