import Foundation
import GitRunner
import Testing
import ReleaseModel
@testable import ConfigRepo

@Suite("Commit and push")
struct PushTests {
    @Test("commits are pushed and another clone sees them")
    func commitAndPush() async throws {
        let fixture = try await GitFixture.make()
        defer { fixture.remove() }
        let writer = try await fixture.clone("writer")
        let reader = try await fixture.clone("reader")
        let release = SampleRelease(id: "master-1-1")
        let commit = try #require(try await release.commit(to: writer))
        let object = try await writer.run(["cat-file", "commit", commit]).text
        #expect(object.hasSuffix("\n\n" + release.message + "\n"))
        #expect(try await writer.run(["rev-parse", "HEAD^"]).trimmed == (try await fixture.remoteGit(["rev-parse", "master"])).trimmingCharacters(in: .whitespacesAndNewlines))
        let result = try await writer.push()
        #expect(result == ConfigRepository.PushResult(attempts: 1, head: commit))
        try await reader.refresh()
        #expect(try await reader.currentArtifact(environment: "dev", namespace: "dev", service: "product")?.spec.id == "master-1-1")
        let author = try await fixture.remoteGit(["log", "-1", "--format=%an <%ae>|%cn <%ce>", "master"])
        #expect(author == "Test Bot <bot@example.com>|Test Bot <bot@example.com>\n")
    }

    @Test("several commits go out in one push")
    func batch() async throws {
        let fixture = try await GitFixture.make()
        defer { fixture.remove() }
        let writer = try await fixture.clone("writer")
        try await writer.refresh()
        for (index, service) in ["a", "b", "c"].enumerated() {
            var release = SampleRelease(id: "master-\(index)-\(index)")
            release.service = service
            try await release.commit(to: writer)
        }
        #expect(try await writer.unpushedCommits().count == 3)
        try await writer.push()
        #expect(try await fixture.remoteGit(["rev-list", "--count", "master"]) == "4\n")
    }

    @Test("when the remote moved, the push rebases and retries, keeping history linear")
    func remoteMoved() async throws {
        let fixture = try await GitFixture.make()
        defer { fixture.remove() }
        let first = try await fixture.clone("first")
        let second = try await fixture.clone("second")

        var other = SampleRelease(id: "master-9-9")
        other.service = "other"
        try await other.commit(to: first)
        try await first.push()

        let mine = try #require(try await SampleRelease(id: "master-1-1").commit(to: second))
        let result = try await second.push()
        #expect(result.attempts == 2)
        #expect(result.head != mine)

        let subjects = try await fixture.remoteGit(["log", "--format=%s", "master"])
        #expect(subjects == """
        [dev/product] release master-1-1 by releaser@example.com
        [dev/other] release master-9-9 by releaser@example.com
        Bootstrap config repository

        """)
        #expect(try await fixture.remoteGit(["rev-list", "--merges", "master"]).isEmpty)
        #expect(try await second.unpushedCommits().isEmpty)
    }

    @Test("the rebase path also works when the moved remote was already fetched")
    func behindAfterFetch() async throws {
        let fixture = try await GitFixture.make()
        defer { fixture.remove() }
        let first = try await fixture.clone("first")
        let second = try await fixture.clone("second")
        var other = SampleRelease(id: "master-9-9")
        other.environment = "prod"
        other.namespace = "prod"
        try await other.commit(to: first)
        try await first.push()
        // The second clone knows the new remote commit but has not rebased onto it.
        try await second.run(["fetch", "origin", "+refs/heads/master:refs/remotes/origin/master"])
        try await SampleRelease(id: "master-1-1").commit(to: second)
        #expect(try await second.push().attempts == 2)
        #expect(try await fixture.remoteGit(["rev-list", "--count", "master"]) == "3\n")
    }

    @Test("a conflicting release of the same service is reported, not merged")
    func rebaseConflict() async throws {
        let fixture = try await GitFixture.make()
        defer { fixture.remove() }
        let (_, second) = try await fixture.conflictingClones()
        await #expect {
            try await second.push()
        } throws: { error in
            if case ConfigRepositoryError.rebaseConflict = error { return true }
            return false
        }
        // No rebase is left in progress; the local commit is still there to redo.
        #expect(try await second.run(["status", "--porcelain"]).text.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: second.root.appendingPathComponent(".git/rebase-merge").path))
        #expect(try await second.unpushedCommits().count == 1)
    }

    @Test("pushing gives up after the configured number of attempts")
    func boundedRetries() async throws {
        let fixture = try await GitFixture.make()
        defer { fixture.remove() }
        let writer = try await fixture.clone("writer", maximumPushAttempts: 1)
        let other = try await fixture.clone("other")
        var release = SampleRelease(id: "master-9-9")
        release.service = "other"
        try await release.commit(to: other)
        try await other.push()
        try await SampleRelease(id: "master-1-1").commit(to: writer)
        await #expect {
            try await writer.push()
        } throws: { error in
            if case ConfigRepositoryError.pushRejected(let attempts, _) = error { return attempts == 1 }
            return false
        }
    }

    @Test("an unreachable remote is an error, not a retry")
    func unreachableRemote() async throws {
        let fixture = try await GitFixture.make()
        defer { fixture.remove() }
        let writer = try await fixture.clone("writer")
        try await SampleRelease(id: "master-1-1").commit(to: writer)
        try await writer.run(["remote", "set-url", "origin", fixture.base.appendingPathComponent("missing.git").path])
        await #expect {
            try await writer.push()
        } throws: { error in
            if case ConfigRepositoryError.git(let git) = error { return git.command.hasPrefix("git push") }
            return false
        }
    }

    @Test("rejection texts of both kinds are recognised")
    func rejectionTexts() {
        func output(stdout: String = "", stderr: String) -> GitOutput {
            GitOutput(stdout: Data(stdout.utf8), stderr: stderr, exitCode: 1)
        }
        #expect(ConfigRepository.isBehindRemote(output(stderr: "hint: Updates were rejected because the remote contains work that you do\nhint: not have locally.")))
        #expect(ConfigRepository.isBehindRemote(output(stderr: "hint: Updates were rejected because the tip of your current branch is behind")))
        #expect(ConfigRepository.isBehindRemote(output(stdout: "To x\n!\tHEAD:refs/heads/master\t[rejected] (fetch first)\nDone\n", stderr: "error: failed to push some refs")))
        #expect(!ConfigRepository.isBehindRemote(output(stderr: "remote: permission denied")))
    }
}
