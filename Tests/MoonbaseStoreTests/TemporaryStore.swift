import Foundation
import MoonbaseStore
import ReleaseModel

/// A folder under the system's temporary directory, removed when the test is done with it.
final class TemporaryFolder: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("moonbase-store-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    var databasePath: String { url.appendingPathComponent("moonbase.sqlite").path }

    /// Every byte of every file in the folder (the database, its WAL and shared-memory files).
    func allBytes() throws -> Data {
        var data = Data()
        for name in try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() {
            data.append(try Data(contentsOf: url.appendingPathComponent(name)))
        }
        return data
    }
}

/// An artifact.json for `service` built from `branch`, with an id following the convention.
func specJSON(service: String, branch: String, sha: String, squad: String = "nasa") -> Data {
    var spec = ArtifactSpec(
        id: ArtifactID.make(branch: branch, sha: sha, planSHA: "plan000000"), service: service, squad: squad)
    spec.application.branch = branch
    spec.application.sha = sha
    spec.application.authorName = "Alice"
    spec.application.authorEmail = "alice@example.com"
    return spec.goJSON(trailingNewline: true)
}

func upload(
    service: String = "product", branch: String = "master", sha: String, files: [String: String] = [:]
) throws -> ArtifactUpload {
    let artifactFiles = files.map { key, value in
        let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
        return ArtifactFile(environment: parts[0], path: parts.count > 1 ? parts[1] : "", content: Data(value.utf8))
    }
    return try ArtifactUpload(specJSON: specJSON(service: service, branch: branch, sha: sha), files: artifactFiles)
}
