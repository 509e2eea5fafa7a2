import Foundation
import MoonbaseStore
import SQLiteStore
import ReleaseModel
import Testing

/// The portal's reads: the catalog kept on upload, what runs where kept on release (and rebuilt
/// by reindexing), filters, search, plan usage and the audit log's filters.
@Suite struct CatalogStoreTests {
    let folder: TemporaryFolder
    let store: SQLiteStore

    init() throws {
        folder = try TemporaryFolder()
        store = try SQLiteStore(path: folder.databasePath)
    }

    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// Stores an artifact of `service` built with plan version `plan`, with an optional spec.
    @discardableResult
    func store(_ service: String, squad: String, sha: String, plan: String = "plan000001", critical: Int = 0, language: String? = nil) async throws -> String {
        let id = ArtifactID.make(branch: "master", sha: sha, planSHA: plan)
        var spec = ArtifactSpec(id: id, service: service, squad: squad)
        spec.application = Repository(branch: "master", sha: sha)
        spec.shuttle = Shuttle(plan: Repository(sha: plan, url: "https://git.example.com/plans/service.git"))
        spec.stages = [Stage(.securityScan(SecurityScanData(vulnerabilities: SeverityCounts(critical: critical))))]
        let serviceSpec = language.map { ServiceSpec(text: "vars:\n  language: \($0)\n", language: $0) }
        try await store.storeArtifact(ArtifactUpload(specJSON: spec.goJSON(trailingNewline: true), files: [], serviceSpec: serviceSpec))
        return id
    }

    func release(_ service: String, _ artifact: String, to environment: String, minute: Int, intent: Intent = .releaseArtifact,
                 state: ReleaseEvent.State = .released) -> ReleaseEvent {
        ReleaseEvent(
            id: "\(service)-\(environment)-\(minute)", service: service, environment: environment, namespace: environment,
            artifactID: artifact, intent: intent, releasedBy: Person(name: "Alice", email: "alice@example.com"), state: state,
            commit: state == .released ? String(format: "%02d", minute) + String(repeating: "f", count: 38) : nil,
            requestedAt: Self.start.addingTimeInterval(Double(minute) * 60), finishedAt: Self.start.addingTimeInterval(Double(minute) * 60))
    }

    @Test func theCatalogFollowsUploadsAndReleases() async throws {
        let old = try await store("payments", squad: "money", sha: "aaaaaaaaaaaa", language: "swift")
        let new = try await store("payments", squad: "money", sha: "bbbbbbbbbbbb", plan: "plan000002", critical: 2, language: "swift")
        let ledger = try await store("ledger", squad: "books", sha: "cccccccccccc")
        try await store.recordReleaseEvent(release("payments", old, to: "prod", minute: 1))
        try await store.recordReleaseEvent(release("payments", new, to: "prod", minute: 2, state: .requested))
        _ = try await store.finishReleaseEvent(id: "payments-prod-2", state: .released, commit: "c2", message: "", at: Self.start.addingTimeInterval(180))
        try await store.recordReleaseEvent(release("ledger", ledger, to: "dev", minute: 3))
        try await store.recordReleaseEvent(release("ledger", ledger, to: "prod", minute: 4, state: .refused))

        let all = try await store.catalog(CatalogQuery())
        #expect(all.total == 2)
        #expect(all.entries.map(\.service) == ["ledger", "payments"])
        let payments = try #require(all.entries.last)
        #expect(payments.latestArtifact.id == new)
        #expect(payments.latestArtifact.language == "swift")
        #expect(payments.latestArtifact.planSHA == "plan000002")
        #expect(payments.deployments["prod"]?.artifactID == new)
        #expect(payments.deployments["prod"]?.artifact?.criticalVulnerabilities == 2)
        // A refused release changes nothing about what runs.
        #expect(try await store.catalogEntry(service: "ledger")?.deployments.keys.sorted() == ["dev"])

        #expect(try await store.catalog(CatalogQuery(squad: "books")).entries.map(\.service) == ["ledger"])
        #expect(try await store.catalog(CatalogQuery(environment: "prod")).entries.map(\.service) == ["payments"])
        #expect(try await store.catalog(CatalogQuery(text: "PAY")).entries.map(\.service) == ["payments"])
        #expect(try await store.catalog(CatalogQuery(text: "%")).total == 0)
        #expect(try await store.catalog(CatalogQuery(order: .service, descending: true)).entries.map(\.service) == ["payments", "ledger"])
        #expect(try await store.catalog(CatalogQuery(limit: 1, offset: 1)).entries.map(\.service) == ["payments"])

        let critical = try await store.deployments(environment: "prod", criticalOnly: true, limit: 10, offset: 0)
        #expect(critical.deployments.map(\.service) == ["payments"])
        #expect(try await store.squads() == [Squad(name: "books", services: 1), Squad(name: "money", services: 1)])

        let plans = try await store.planUsage(listing: 10)
        #expect(plans.count == 1)
        #expect(plans[0].latest?.sha == "plan000002")
        #expect(plans[0].latest?.services == ["payments"])
        #expect(plans[0].outdatedServices == ["ledger"])
        #expect(plans[0].outdatedCount == 1)
        #expect(try await store.planUsage(listing: 0).first?.outdatedServices == [])

        let found = try await store.search("bbbbbb", limit: 5)
        #expect(found.artifacts.map(\.id) == [new])
        #expect(try await store.search("mon", limit: 5).squads == ["money"])
        #expect(try await store.search("03fff", limit: 5).releases.map(\.service) == ["ledger"])
    }

    @Test func reindexingRebuildsWhatRunsWhere() async throws {
        let first = try await store("payments", squad: "money", sha: "aaaaaaaaaaaa")
        let second = try await store("payments", squad: "money", sha: "bbbbbbbbbbbb")
        try await store.recordReleaseEvent(release("payments", second, to: "prod", minute: 5))
        try await store.replaceHistory([release("payments", first, to: "prod", minute: 1), release("payments", second, to: "dev", minute: 2)])
        let entry = try #require(try await store.catalogEntry(service: "payments"))
        #expect(entry.deployments["prod"]?.artifactID == first)
        #expect(entry.deployments["dev"]?.artifactID == second)
    }

    @Test func releaseEventsAndDeliveryRecordsFilter() async throws {
        let id = try await store("payments", squad: "money", sha: "aaaaaaaaaaaa")
        try await store.recordReleaseEvent(release("payments", id, to: "prod", minute: 1))
        try await store.recordReleaseEvent(release("payments", id, to: "prod", minute: 2, intent: .rollback(previousArtifactID: "x")))
        try await store.recordReleaseEvent(release("payments", id, to: "dev", minute: 3, state: .failed))
        let rollbacks = try await store.releaseEvents(ReleaseEventFilter(intentTypes: ["Rollback"]), limit: 10, offset: 0)
        #expect(rollbacks.events.map(\.id) == ["payments-prod-2"])
        let failed = try await store.releaseEvents(ReleaseEventFilter(squad: "money", states: [.failed]), limit: 10, offset: 0)
        #expect(failed.total == 1)
        let since = try await store.releaseEvents(ReleaseEventFilter(since: Self.start.addingTimeInterval(120)), limit: 10, offset: 0)
        #expect(since.events.map(\.id) == ["payments-dev-3", "payments-prod-2"])
        let records = try await store.deliveryRecords(ReleaseEventFilter(environment: "prod", states: [.released]), limit: 10)
        #expect(records.map(\.isRollback) == [true, false])
        #expect(records.allSatisfy { $0.ciStartedAt == nil })
    }

    @Test func clusterReportsKeepTheLatestStateAndTheTimeTheReleaseRan() async throws {
        let id = try await store("payments", squad: "money", sha: "aaaaaaaaaaaa")
        try await store.recordReleaseEvent(release("payments", id, to: "prod", minute: 1))
        func state(_ phase: WorkloadState.Phase, minute: Int) -> WorkloadState {
            let at = Self.start.addingTimeInterval(Double(minute) * 60)
            return WorkloadState(
                environment: "prod", service: "payments", namespace: "prod", kind: "Deployment", name: "payments", artifactID: id,
                phase: phase, available: phase == .running ? 3 : 1, desired: 3, since: at, reportedAt: at)
        }
        func event(_ kind: String, minute: Int) -> NewClusterEvent {
            NewClusterEvent(
                environment: "prod", service: "payments", artifactID: id, kind: kind, summary: kind, details: .object([]),
                at: Self.start.addingTimeInterval(Double(minute) * 60))
        }
        try await store.recordWorkload(state(.progressing, minute: 2), event: event("rollout.progressing", minute: 2))
        try await store.recordWorkload(state(.running, minute: 4), event: event("rollout.running", minute: 4))
        try await store.recordWorkload(state(.running, minute: 9), event: event("rollout.running", minute: 9))
        #expect(try await store.workloadStates(environment: "prod", service: nil).map(\.phase) == [.running])
        #expect(try await store.workloadStates(environment: "dev", service: nil).isEmpty)
        #expect(try await store.clusterEvents(service: "payments", environment: nil, limit: 2).map(\.event.kind) == ["rollout.running", "rollout.running"])
        #expect(try await store.services(withArtifact: id) == ["payments"])

        let records = try await store.deliveryRecords(ReleaseEventFilter(environment: "prod", states: [.released]), limit: 10)
        #expect(records.first?.runningAt == Self.start.addingTimeInterval(4 * 60), "the first report of it running after the release")

        try await store.recordFluxApply(
            FluxApplyState(
                environment: "prod", namespace: "flux-system", name: "payments", appliedCommit: "01ffff", revision: "main@sha1:01ffff",
                ready: true, reason: "ReconciliationSucceeded", message: "", reportedAt: Self.start),
            event: event("flux.applied", minute: 10))
        #expect(try await store.fluxApplyStates(environment: "prod").map(\.revision) == ["main@sha1:01ffff"])
    }

    @Test func theAuditLogFiltersByActionAndActor() async throws {
        try await store.recordAudit(NewAuditEntry(actor: "alice", action: "policy.apply"))
        try await store.recordAudit(NewAuditEntry(actor: "bob", action: "portal.sign-in"))
        try await store.recordAudit(NewAuditEntry(actor: "alice", action: "portal.sign-in"))
        #expect(try await store.auditLog(AuditFilter(action: "portal."), limit: 10, offset: 0).total == 2)
        #expect(try await store.auditLog(AuditFilter(action: "portal.", actor: "ALI"), limit: 10, offset: 0).entries.map(\.actor) == ["alice"])
        #expect(try await store.auditLog(AuditFilter(action: "policy_"), limit: 10, offset: 0).total == 0)
    }
}
