import Foundation
import Testing
import ReleaseModel
@testable import ConfigRepo

@Suite("Writing releases")
struct ReleaseWriteTests {
    @Test("a release writes manifests and artifact.json, and reads back")
    func writeAndRead() async throws {
        let fixture = try await GitFixture.make()
        defer { fixture.remove() }
        let repository = try await fixture.clone("work")
        let release = SampleRelease(namespace: "banking", id: "master-1111111111-aaaaaaaaaa")
        let changed = try await repository.writeRelease(environment: "dev", namespace: "banking", service: "product", files: release.files, artifactJSON: release.spec.goJSON())
        #expect(changed)
        let folder = repository.root.appendingPathComponent("dev/releases/banking/product")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["01-configmap.yaml", "40-deployment.yaml", "artifact.json"])
        #expect(try Data(contentsOf: folder.appendingPathComponent("artifact.json")) == release.spec.goJSON())
        let commit = try await repository.commit(message: release.message)
        #expect(commit?.count == 40)
        let current = try #require(try await repository.currentArtifact(environment: "dev", namespace: "banking", service: "product"))
        #expect(current.spec == release.spec)
        #expect(try await repository.currentArtifact(environment: "prod", namespace: "prod", service: "product") == nil)
    }

    @Test("the clean copy removes files of the previous release; sub-folders are kept")
    func cleanCopy() async throws {
        let fixture = try await GitFixture.make()
        defer { fixture.remove() }
        let repository = try await fixture.clone("work")
        try await SampleRelease(id: "master-1-1").commit(to: repository)
        var second = SampleRelease(id: "master-2-2")
        second.files = [ReleaseFile(path: "db/20-volume.yaml", contents: Data("kind: PersistentVolumeClaim\n".utf8))]
        try await second.commit(to: repository)
        let folder = repository.root.appendingPathComponent("dev/releases/dev/product")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["artifact.json", "db"])
        let tracked = try await repository.run(["ls-files", "dev/releases"]).text
        #expect(tracked == "dev/releases/dev/product/artifact.json\ndev/releases/dev/product/db/20-volume.yaml\n")
    }

    @Test("releasing what is already there changes nothing and commits nothing")
    func noChange() async throws {
        let fixture = try await GitFixture.make()
        defer { fixture.remove() }
        let repository = try await fixture.clone("work")
        let release = SampleRelease(id: "master-1-1")
        #expect(try await release.commit(to: repository) != nil)
        let changed = try await repository.writeRelease(environment: "dev", namespace: "dev", service: "product", files: release.files, artifactJSON: release.spec.goJSON())
        #expect(!changed)
        #expect(try await repository.commit(message: release.message) == nil)
    }

    @Test("the Flux Kustomization moves to clusters/, other Kustomizations stay")
    func kustomizationMoved() async throws {
        let fixture = try await GitFixture.make()
        defer { fixture.remove() }
        let repository = try await fixture.clone("work")
        var release = SampleRelease(namespace: "banking", id: "master-1-1")
        let flux = "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: product\n---\napiVersion: v1\nkind: Service\n"
        release.files = [
            ReleaseFile(path: "00-kustomization.yaml", contents: Data("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n".utf8)),
            ReleaseFile(path: "10-empty.yaml", contents: Data()),
            ReleaseFile(path: "20-json.json", contents: Data(#"{"apiVersion":"v1","kind":"Secret"}"#.utf8)),
            ReleaseFile(path: "sub/90-flux.yaml", contents: Data(flux.utf8)),
            ReleaseFile(path: "zz-not-yaml.yaml", contents: Data("key: [unclosed\n".utf8)),
        ]
        try await release.commit(to: repository)
        let moved = repository.root.appendingPathComponent("clusters/dev/banking/product.yaml")
        #expect(fileText(moved) == flux)
        let folder = repository.root.appendingPathComponent("dev/releases/banking/product")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("sub/90-flux.yaml").path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("00-kustomization.yaml").path))

        // A later artifact without a Kustomization leaves the earlier one in clusters/.
        try await SampleRelease(namespace: "banking", id: "master-2-2").commit(to: repository)
        #expect(fileText(moved) == flux)
    }

    @Test("a manifest that is not YAML before the Kustomization aborts the release")
    func badYAML() async throws {
        let fixture = try await GitFixture.make()
        defer { fixture.remove() }
        let repository = try await fixture.clone("work")
        await #expect {
            try await repository.writeRelease(environment: "dev", namespace: "dev", service: "product", files: [
                ReleaseFile(path: "a.yaml", contents: Data("key: [unclosed\n".utf8)),
                ReleaseFile(path: "b.yaml", contents: Data("apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\n".utf8)),
            ], artifactJSON: Data("{}".utf8))
        } throws: { error in
            guard case ConfigRepositoryError.manifest(let path, _) = error else { return false }
            return path == "dev/releases/dev/product/a.yaml"
        }
    }

    @Test("malicious names never reach the file system", arguments: [
        ("../x", "dev", "dev"), ("a/b", "dev", "dev"), ("", "dev", "dev"), ("svc", "..", "dev"), ("svc", ".git", "dev"),
        ("svc", "dev", "../../etc"), ("svc", "policies", "x"), ("svc\n", "dev", "dev"),
    ])
    func maliciousNames(service: String, environment: String, namespace: String) async throws {
        let fixture = try await GitFixture.make()
        defer { fixture.remove() }
        let repository = try await fixture.clone("work")
        await #expect {
            try await repository.writeRelease(environment: environment, namespace: namespace, service: service, files: [], artifactJSON: Data("{}".utf8))
        } throws: { error in
            if case ConfigRepositoryError.invalidName = error { return true }
            return false
        }
        #expect(try await repository.run(["status", "--porcelain"]).text.isEmpty)
    }

    @Test("release files cannot escape their folder", arguments: ["../../../outside.yaml", "/etc/passwd", "a/../../b.yaml", "a//b.yaml", ".git/config", "./a.yaml", ""])
    func maliciousFilePaths(path: String) async throws {
        let fixture = try await GitFixture.make()
        defer { fixture.remove() }
        let repository = try await fixture.clone("work")
        await #expect {
            try await repository.writeRelease(environment: "dev", namespace: "dev", service: "product", files: [ReleaseFile(path: path, contents: Data("x".utf8))], artifactJSON: Data("{}".utf8))
        } throws: { error in
            if case ConfigRepositoryError.invalidReleaseFile = error { return true }
            return false
        }
        #expect(!FileManager.default.fileExists(atPath: fixture.base.appendingPathComponent("outside.yaml").path))
    }

    @Test("a symbolic link in the repository is not followed")
    func symlinkNotFollowed() async throws {
        let fixture = try await GitFixture.make()
        defer { fixture.remove() }
        let repository = try await fixture.clone("work")
        let outside = fixture.base.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: repository.root.appendingPathComponent("dev/releases"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: repository.root.appendingPathComponent("dev/releases/dev"), withDestinationURL: outside)
        await #expect {
            try await SampleRelease(id: "master-1-1").commit(to: repository)
        } throws: { error in
            if case ConfigRepositoryError.unsafePath = error { return true }
            return false
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty)
    }

    @Test("a release folder on disk is read file by file; symbolic links are refused")
    func filesFromFolder() async throws {
        let fixture = try await GitFixture.make()
        defer { fixture.remove() }
        let source = fixture.base.appendingPathComponent("artifact/dev")
        try FileManager.default.createDirectory(at: source.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try Data("a".utf8).write(to: source.appendingPathComponent("a.yaml"))
        try Data("b".utf8).write(to: source.appendingPathComponent("sub/b.yaml"))
        #expect(try ReleaseFile.files(in: source).map(\.path) == ["a.yaml", "sub/b.yaml"])
        let repository = try await fixture.clone("work")
        #expect(try await repository.writeRelease(environment: "dev", namespace: "dev", service: "product", from: source, artifactJSON: Data("{}".utf8)))
        try FileManager.default.createSymbolicLink(at: source.appendingPathComponent("link.yaml"), withDestinationURL: URL(fileURLWithPath: "/etc/passwd"))
        #expect(throws: ConfigRepositoryError.self) { try ReleaseFile.files(in: source) }
    }
}

@Suite("Failed writes")
struct FailedWriteTests {
    @Test("a failed write leaves the previous release in place")
    func failedWriteRestores() async throws {
        let fixture = try await GitFixture.make()
        defer { fixture.remove() }
        let repository = try await fixture.clone("work")
        try await SampleRelease(id: "master-1-1").commit(to: repository)
        await #expect(throws: ConfigRepositoryError.self) {
            try await repository.writeRelease(environment: "dev", namespace: "dev", service: "product", files: [
                ReleaseFile(path: "a.yaml", contents: Data("key: [unclosed\n".utf8)),
            ], artifactJSON: Data("{}".utf8))
        }
        #expect(try await repository.run(["status", "--porcelain"]).text.isEmpty)
        #expect(try await repository.currentArtifact(environment: "dev", namespace: "dev", service: "product")?.spec.id == "master-1-1")
        let atHead = try #require(try await repository.artifactData(at: "HEAD", environment: "dev", namespace: "dev", service: "product"))
        #expect(try ArtifactSpec(jsonData: atHead).id == "master-1-1")
    }
}
