import Foundation
import TestSupport
import Testing

/// `moonbase reindex`: a lost store rebuilt from the config repository's history.
@Suite(.serialized, .tags(.endToEnd), .timeLimit(.minutes(3))) struct ReindexCommandTests {
    @Test func reindexingAnEmptyStoreReproducesStatusHistoryAndArtifacts() async throws {
        var fixture = try await ReleaseManagerFixture.start()
        defer { fixture.stop() }
        let first = try await fixture.pushArtifact(service: "ledger", branch: "master", sha: "1111111aaaaaaa")
        let second = try await fixture.pushArtifact(service: "ledger", branch: "master", sha: "2222222bbbbbbb")
        let unreleased = try await fixture.pushArtifact(service: "ledger", branch: "master", sha: "3333333ccccccc")
        for arguments in [
            ["release", "--service", "ledger", "--env", "dev", "--artifact", first],
            ["promote", "--service", "ledger", "--env", "staging"],
            ["release", "--service", "ledger", "--env", "dev", "--artifact", second],
            ["rollback", "--service", "ledger", "--env", "dev", "--reason", "second broke the ledger"],
        ] {
            let output = try await fixture.hamctl(arguments)
            #expect(output.status == 0, "\(arguments): \(output.stderr)")
        }
        let views = [
            ["status", "--service", "ledger"], ["describe", "release", "--service", "ledger", "--env", "dev"],
            ["describe", "release", "--service", "ledger", "--env", "staging"],
        ]
        var before: [String] = []
        for view in views { before.append(try await fixture.hamctl(view).stdout) }

        fixture = try await fixture.restartWithEmptyStore()
        let emptied = try await fixture.hamctl(["describe", "artifact", "--service", "ledger"])
        #expect(!emptied.stdout.contains(first), "\(emptied.stdout)")

        let reindex = ["reindex", "--home", fixture.home]
        let reindexed = try await runProcess(MoonbaseCommandTests.moonbase, reindex, in: fixture.root.path)
        #expect(reindexed.status == 0, "\(reindexed.stderr)")
        #expect(reindexed.stdout == "Indexed 4 releases and restored 2 artifacts from the config repository\n")
        #expect(reindexed.stderr.contains("reindex: read 4 release commits\n"), "\(reindexed.stderr)")
        #expect(reindexed.stderr.contains("reindex: indexed 4 releases\n"), "\(reindexed.stderr)")

        var after: [String] = []
        for view in views { after.append(try await fixture.hamctl(view).stdout) }
        #expect(after == before)
        // The released artifacts are back with the files of the environments they ran in (the
        // one never released was never in git), and can be released again.
        let artifacts = try await fixture.hamctl(["describe", "artifact", "--service", "ledger"])
        #expect(artifacts.stdout.contains(first) && artifacts.stdout.contains(second), "\(artifacts.stdout)")
        #expect(!artifacts.stdout.contains(unreleased))
        let released = try await fixture.hamctl(["release", "--service", "ledger", "--env", "dev", "--artifact", second])
        #expect(released.status == 0, "\(released.stderr)")

        // Idempotent: a second run restores nothing and indexes the same history, now five releases.
        let again = try await runProcess(MoonbaseCommandTests.moonbase, reindex, in: fixture.root.path)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout == "Indexed 5 releases and restored 0 artifacts from the config repository\n")
        #expect(again.stderr.contains("reindex: restored 0 artifacts, 2 already stored\n"), "\(again.stderr)")
        let staging = try await fixture.hamctl(["describe", "release", "--service", "ledger", "--env", "staging"])
        #expect(staging.stdout == before[2])
    }
}
