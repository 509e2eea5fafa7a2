import ConfigRepo
import Foundation
import MoonbaseStore
import ReleaseEngine
import ReleaseModel
import Testing

/// A remote that refuses every push (a pre-receive hook that exits 1).
@Suite struct RejectedPushTests {
    @Test func aReleaseInPlaceOnlyThanksToAnUnpushedCommitIsNotReportedUpToDate() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }
        let id = try await fixture.storeArtifact(sha: "abababababab")
        let hook = fixture.remote.appendingPathComponent("hooks/pre-receive")
        try "#!/bin/sh\necho 'pushes are closed' >&2\nexit 1\n".write(to: hook, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)

        // Two requests for the same artifact in one batch: the second is in place only through
        // the first's commit, which never reaches the remote.
        var ids: [String] = []
        for _ in 0..<2 {
            let request = NewQueuedRelease(
                service: "product", environment: "dev", namespace: "dev", artifactID: id, intent: .releaseArtifact, actor: ReleaseFixture.releaser
            )
            try await fixture.store.enqueue(request)
            ids.append(request.id)
        }
        await fixture.queue.startWriter()
        await fixture.queue.drain()

        for id in ids {
            let entry = try #require(try await fixture.store.queuedRelease(id: id))
            #expect(entry.state == .failed, "release \(id) ended \(entry.state)")
        }
        #expect(try await fixture.remoteArtifactID() == nil)
    }
}
