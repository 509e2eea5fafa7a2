import ArtifactKit
import Crypto
import Foundation
import GoCompat
import ReleaseModel

/// The artifact CI would have built from one commit of a sample service: its `artifact.json`
/// (git, CI job, squad, plan, build, test and security-scan stages) and, once rendered, its
/// manifests for every environment. The same commit always gives the same bytes, so pushing it
/// again is an identical re-upload.
struct SampleArtifact: Sendable {
    let service: SampleService
    let branch: String
    let commit: SampleCommit
    /// When CI started the build: fixed, not the clock, so the spec never changes.
    let builtAt: Date

    static let registry = "registry.example.com"
    static let repositoryBase = "https://github.com/example"

    /// A git-like commit sha made from the service, branch and message.
    var sha: String {
        Hex.encode(Insecure.SHA1.hash(data: Data("\(service.name)\n\(branch)\n\(commit.message)".utf8)))
    }

    var id: String { ArtifactID.make(branch: branch, sha: sha, planSHA: EmbeddedServicePlan.sha) }

    var spec: ArtifactSpec {
        let image = "\(Self.registry)/\(service.name)"
        let repository = "\(Self.repositoryBase)/\(service.name)"
        let run = UInt32(truncatingIfNeeded: Int(builtAt.timeIntervalSince1970) / 60)
        var stages = [Stage(.build(ImageData(image: image, tag: id, dockerVersion: "27.3.1")))]
        if commit.tests.passed + commit.tests.failed > 0 {
            stages.append(Stage(.test(TestData(url: "\(repository)/actions/runs/\(run)#tests", results: commit.tests))))
        }
        stages.append(Stage(.securityScan(SecurityScanData(
            scanner: "trivy", scannerVersion: "0.57.1", image: "\(image):\(id)", vulnerabilities: commit.vulnerabilities))))
        stages.append(Stage(.push(ImageData(image: image, tag: id, dockerVersion: "27.3.1"))))
        return ArtifactSpec(
            id: id, service: service.name,
            application: Repository(
                branch: branch, sha: sha, authorName: commit.author.name, authorEmail: commit.author.email,
                committerName: commit.author.name, committerEmail: commit.author.email, message: commit.message,
                name: service.name, url: "\(repository)/commit/\(sha)", provider: "GitHub"),
            ci: CI(jobURL: "\(repository)/actions/runs/\(run)", start: GoTime(builtAt), end: GoTime(builtAt.addingTimeInterval(7 * 60))),
            squad: service.squad,
            shuttle: Shuttle(
                plan: Repository(branch: "main", sha: EmbeddedServicePlan.sha, message: "plans/service", name: "moonbase",
                                 url: "\(Self.repositoryBase)/moonbase"),
                shuttleVersion: "0.1.0"),
            stages: stages
        )
    }

    /// Writes `artifact.json`, the manifests and the service's `shuttle.yaml` into `folder` and
    /// pushes them with `artifact push`'s code: the deterministic zip, `POST /artifacts/create`,
    /// the upload.
    func push(manifests: [String: [String: String]], serviceSpec: String, folder: String, serverURL: String, token: String) async throws(DemoError) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data(serviceSpec.utf8).write(to: URL(fileURLWithPath: folder + "/shuttle.yaml"))
            for (environment, files) in manifests {
                try FileManager.default.createDirectory(atPath: folder + "/" + environment, withIntermediateDirectories: true)
                for (name, text) in files {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + environment + "/" + name))
                }
            }
        } catch {
            throw DemoError("could not write the manifests of artifact \(id) into \(folder): \(error.localizedDescription)")
        }
        let artifactFolder = ArtifactFolder(root: folder)
        do {
            try artifactFolder.writeSpec(spec)
            _ = try await ArtifactPush(
                folder: artifactFolder, baseURL: serverURL, baseURLSource: "the demo's server URL",
                credentials: .token(token, source: "the demo's admin token")
            ).run()
        } catch {
            throw DemoError("could not push artifact \(id) of \(service.name): \(error.description)")
        }
    }
}
