import Foundation
import MoonbaseClient

/// `moonbase demo`'s sample data: the sample services' artifacts rendered with the service
/// plan and pushed to a running server, then their policies, releases, promotions and
/// rollbacks, all through the HTTP API on `serverURL`.
public struct Demo: Sendable {
    public let serverURL: String
    /// A token of the admin group (it uploads artifacts and releases).
    public let token: String
    public let services = SampleService.all

    public init(serverURL: String, token: String) {
        self.serverURL = serverURL
        self.token = token
    }

    /// The day the first sample artifact was built; the others follow it.
    static let firstBuild = Date(timeIntervalSince1970: 1_793_606_400)  // 2026-11-02T08:00:00Z

    /// Creates the sample services on the server, one story per service at the same time.
    /// Works again on a server that has them: identical artifacts are re-uploads, releases of
    /// what already runs change nothing.
    public func run() async throws(DemoError) {
        let workspace = FileManager.default.temporaryDirectory.path + "/moonbase-demo-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: workspace) }
        try EmbeddedServicePlan.write(to: workspace + "/plan")
        let client: MoonbaseClient
        do {
            client = try MoonbaseClient(baseURL: serverURL, token: token, timeout: .seconds(60), userAgent: "moonbase-demo/\(MoonbaseClient.version)")
        } catch {
            throw DemoError("the demo's server URL: \(error.description)")
        }
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, service) in services.enumerated() {
                    group.addTask {
                        let project = try await SampleProject.create(service, in: workspace)
                        let artifacts = service.commits.enumerated().map { number, commit in
                            SampleArtifact(
                                service: service, branch: commit.branch, commit: commit.commit,
                                builtAt: Self.firstBuild.addingTimeInterval(Double(number) * 86_400 + Double(index) * 1_800))
                        }
                        try await ServiceStory(project: project, artifacts: artifacts, client: client, workspace: workspace).play()
                    }
                }
                try await group.waitForAll()
            }
        } catch let error as DemoError {
            throw error
        } catch {
            throw DemoError("\(error)")
        }
    }
}
