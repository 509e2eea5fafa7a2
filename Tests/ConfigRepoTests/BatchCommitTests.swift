import Foundation
import ReleaseModel
import Testing
@testable import ConfigRepo

@Suite("Committing a batch of releases with fast-import")
struct BatchCommitTests {
    static let flux = "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: product\n"

    /// A first release, a Kustomization moved to clusters/, a no-op, a clean copy replacing
    /// files with a sub-folder, and a later release without a Kustomization.
    static var releases: [SampleRelease] {
        var withFlux = SampleRelease(namespace: "banking", id: "master-1-1")
        withFlux.files = [
            ReleaseFile(path: "00-kustomization.yaml", contents: Data("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n".utf8)),
            ReleaseFile(path: "sub/90-flux.yaml", contents: Data(flux.utf8)),
            ReleaseFile(path: "with space \"quoted\".yaml", contents: Data("kind: ConfigMap\n".utf8)),
        ]
        var replaced = SampleRelease(id: "master-2-2", reason: "hotfix")
        replaced.files = [ReleaseFile(path: "db/20-volume.yaml", contents: Data("kind: PersistentVolumeClaim\n".utf8))]
        return [SampleRelease(id: "master-1-1"), withFlux, SampleRelease(id: "master-1-1"), replaced, SampleRelease(namespace: "banking", id: "master-2-2")]
    }

    static func write(_ release: SampleRelease) throws -> ReleaseWrite {
        ReleaseWrite(
            environment: release.environment, namespace: release.namespace, service: release.service,
            files: release.files, artifactJSON: try release.spec.goJSON(), message: release.message
        )
    }

    @Test("the commits have the trees, messages and identities the writing steps give")
    func sameAsWritingSteps() async throws {
        let fixture = try await GitFixture.make()
        defer { fixture.remove() }
        let stepwise = try await fixture.clone("stepwise")
        let batched = try await fixture.clone("batched")
        var expected: [String?] = []
        for release in Self.releases { expected.append(try await release.commit(to: stepwise)) }

        let results = try await batched.commitReleases(Self.releases.map(Self.write))
        let commits = try results.map { try $0.get() }
        #expect(commits.map { $0 == nil } == expected.map { $0 == nil })
        #expect(commits.compactMap(\.self).last == (try await batched.head()))
        for (mine, theirs) in zip(commits, expected) {
            guard let mine, let theirs else { continue }
            let format = ["log", "-1", "--format=%T%n%an <%ae>%n%cn <%ce>%n%P%n%B"]
            let batchedCommit = try await batched.run(format + [mine]).text
            let stepwiseCommit = try await stepwise.run(format + [theirs]).text
            // Parents differ only where the commits before them differ in time.
            func withoutParent(_ text: String) -> [Substring] {
                var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                lines.remove(at: 3)
                return lines
            }
            #expect(withoutParent(batchedCommit) == withoutParent(stepwiseCommit))
        }
        // The snapshot the batch recorded without git is the one git reads.
        let adopted = try await batched.snapshots.snapshot(of: batched)
        let loaded = try await ConfigSnapshot.loaded(at: try await batched.head(), from: batched)
        #expect(adopted.head == loaded.head)
        #expect(adopted.blobs == loaded.blobs)
        #expect(adopted.topLevelFolders == loaded.topLevelFolders)
        func described(_ snapshot: ConfigSnapshot) -> [String: String] {
            snapshot.releases.mapValues { release in
                let commit = release.commit.map { "\($0.hash) \($0.committedAt.secondsSince1970) \($0.committedAt.utcOffsetSeconds) \($0.releasedBy)" }
                return "\(release.environment) \(release.namespace) \(release.service) \(release.data.base64EncodedString()) \(commit ?? "-")"
            }
        }
        #expect(described(adopted) == described(loaded))
        // Index and working tree follow HEAD; reads see the batch.
        #expect(try await batched.run(["status", "--porcelain"]).text.isEmpty)
        #expect(fileText(batched.root.appendingPathComponent("clusters/dev/banking/product.yaml")) == Self.flux)
        #expect(try await batched.currentArtifact(environment: "dev", namespace: "dev", service: "product")?.spec.id == "master-2-2")
        #expect(try await batched.currentArtifact(environment: "dev", namespace: "dev", service: "product")?.commit == commits[3])
    }

    @Test("a release the writing steps would refuse is refused alone")
    func refusedAlone() async throws {
        let fixture = try await GitFixture.make()
        defer { fixture.remove() }
        let repository = try await fixture.clone("work")
        var escaping = SampleRelease(service: "other", id: "master-1-1")
        escaping.files = [ReleaseFile(path: "../outside.yaml", contents: Data("x".utf8))]
        var notYAML = SampleRelease(service: "third", id: "master-1-1")
        notYAML.files = [
            ReleaseFile(path: "a.yaml", contents: Data("key: [unclosed\n".utf8)),
            ReleaseFile(path: "b.yaml", contents: Data(Self.flux.utf8)),
        ]
        let results = try await repository.commitReleases([escaping, SampleRelease(id: "master-1-1"), notYAML].map(Self.write))
        guard case .failure(.invalidReleaseFile(let path, _)) = results[0] else {
            Issue.record("expected an invalid release file, got \(results[0])")
            return
        }
        #expect(path == "../outside.yaml")
        guard case .failure(.manifest(let manifest, _)) = results[2] else {
            Issue.record("expected a manifest error, got \(results[2])")
            return
        }
        #expect(manifest == "dev/releases/dev/third/a.yaml")
        let commit = try #require(try results[1].get())
        #expect(try await repository.head() == commit)
        #expect(try await repository.run(["show", "--name-only", "--format=", commit]).text == "dev/releases/dev/product/01-configmap.yaml\ndev/releases/dev/product/40-deployment.yaml\ndev/releases/dev/product/artifact.json\n")
    }
}
