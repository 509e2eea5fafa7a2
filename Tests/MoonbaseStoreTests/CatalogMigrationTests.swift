import Foundation
import GRDB
@testable import MoonbaseStore
@testable import SQLiteStore
import GoCompat
import ReleaseModel
import Testing

/// Migration "5 catalog" on a database that already holds artifacts and releases: the new
/// columns and tables are filled from what was there.
@Suite struct CatalogMigrationTests {
    @Test func fillsTheCatalogFromExistingArtifactsAndReleases() async throws {
        let folder = try TemporaryFolder()
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        do {
            let queue = try DatabaseQueue(path: folder.databasePath)
            try SQLiteStore.migrator.migrate(queue, upTo: "4 access")
            try await queue.write { db in
                for (number, sha) in ["aaaaaaaaaa", "bbbbbbbbbb"].enumerated() {
                    var spec = ArtifactSpec(id: "master-\(sha)-plan00000\(number)", service: "payments", squad: "money")
                    spec.application = Repository(branch: "master", sha: sha + "cc")
                    spec.ci = CI(start: GoTime(start))
                    spec.shuttle = Shuttle(plan: Repository(sha: "plan00000\(number)", url: "https://git.example.com/plan.git"))
                    spec.stages = [Stage(.securityScan(SecurityScanData(vulnerabilities: SeverityCounts(critical: number))))]
                    try db.execute(
                        sql: """
                            INSERT INTO artifacts (service, artifact_id, branch, squad, created_at, spec_json, content_sha256)
                            VALUES ('payments', ?, 'master', 'money', ?, ?, ?)
                            """,
                        arguments: [spec.id, Int64(number), spec.goJSON(trailingNewline: true), "digest\(number)"])
                }
                for (number, (intent, artifact)) in [
                    (#"{"type":"ReleaseArtifact","releaseBranch":{},"promote":{},"rollback":{}}"#, "master-aaaaaaaaaa-plan000000"),
                    (#"{"type":"ReleaseArtifact","releaseBranch":{},"promote":{},"rollback":{}}"#, "master-bbbbbbbbbb-plan000001"),
                    (#"{"type":"Rollback","releaseBranch":{},"promote":{},"rollback":{"previousArtifactId":"master-bbbbbbbbbb-plan000001"}}"#,
                     "master-aaaaaaaaaa-plan000000"),
                ].enumerated() {
                    try db.execute(
                        sql: """
                            INSERT INTO release_events (id, service, environment, namespace, artifact_id, intent_json, released_by_name,
                                released_by_email, reason, state, commit_sha, message, requested_at, finished_at)
                            VALUES (?, 'payments', 'prod', 'prod', ?, ?, 'Alice', 'alice@example.com', '', 'released', ?, '', ?, ?)
                            """,
                        arguments: ["event\(number)", artifact, intent, "commit\(number)", Int64(number) * 1_000_000, Int64(number) * 1_000_000])
                }
            }
        }
        let store = try SQLiteStore(path: folder.databasePath)
        #expect(try store.appliedMigrations().contains("5 catalog"))
        let entry = try #require(try await store.catalogEntry(service: "payments"))
        #expect(entry.squad == "money")
        #expect(entry.latestArtifact.id == "master-bbbbbbbbbb-plan000001")
        #expect(entry.latestArtifact.planSHA == "plan000001")
        #expect(entry.latestArtifact.criticalVulnerabilities == 1)
        #expect(entry.latestArtifact.commit == "bbbbbbbbbbcc")
        #expect(entry.latestArtifact.ciStartedAt == start)
        // The rollback is the newest release: the first artifact runs in prod again.
        #expect(entry.deployments["prod"]?.artifactID == "master-aaaaaaaaaa-plan000000")
        let rollbacks = try await store.releaseEvents(ReleaseEventFilter(intentTypes: ["Rollback"]), limit: 10, offset: 0)
        #expect(rollbacks.events.map(\.id) == ["event2"])
        #expect(try await store.planUsage(listing: 10).first?.latest?.sha == "plan000001")
    }
}
