import Foundation
import ReleaseModel
import Testing
import TestSupport
import Yams

@testable import MoonbaseDemo

/// The demo's sample data: manifests rendered with the embedded service plan, artifact specs.
struct SampleDataTests {
    /// Renders every sample service's manifests as its first artifact would carry them.
    static func renderAll() async throws -> [(service: SampleService, artifact: SampleArtifact, manifests: [String: [String: String]])] {
        let workspace = try TemporaryDirectory("moonbase-demo-test")
        defer { workspace.remove() }
        try EmbeddedServicePlan.write(to: workspace.path + "/plan")
        var rendered: [(SampleService, SampleArtifact, [String: [String: String]])] = []
        for service in SampleService.all {
            let project = try await SampleProject.create(service, in: workspace.path)
            let artifact = SampleArtifact(service: service, branch: "master", commit: service.masterCommits[0], builtAt: Demo.firstBuild)
            rendered.append((service, artifact, try project.manifests(artifactID: artifact.id)))
        }
        return rendered
    }

    @Test func everyRenderedManifestIsAKubernetesObjectInYAML() async throws {
        for (service, artifact, manifests) in try await Self.renderAll() {
            #expect(manifests.keys.sorted() == ["dev", "prod", "staging"], "\(service.name)")
            for (environment, files) in manifests {
                #expect(files["40-deployment.yaml"] != nil && files["50-service.yaml"] != nil, "\(service.name) \(environment)")
                for (name, text) in files {
                    let object = try #require(try Yams.load(yaml: text) as? [String: Any], "\(service.name)/\(environment)/\(name)")
                    #expect(object["apiVersion"] is String && object["kind"] is String, "\(service.name)/\(environment)/\(name)")
                    let metadata = try #require(object["metadata"] as? [String: Any])
                    #expect((metadata["name"] as? String)?.hasPrefix(service.name) == true, "\(service.name)/\(environment)/\(name)")
                    // Flux's Kustomization lives in flux-system and carries no labels of the service.
                    guard object["kind"] as? String != "Kustomization" else { continue }
                    let labels = metadata["labels"] as? [String: Any]
                    #expect(labels?["moonbase.dev/artifact-id"] as? String == artifact.id, "\(service.name)/\(environment)/\(name)")
                    #expect(labels?["moonbase.dev/environment"] as? String == environment)
                }
            }
        }
    }

    @Test func theSpecDecidesWhichManifestsThereAre() async throws {
        let rendered = Dictionary(uniqueKeysWithValues: try await Self.renderAll().map { ($0.service.name, $0.manifests) })
        #expect(rendered["payments"]?["prod"]?.keys.sorted() == ["01-configmap.yaml", "20-database.yaml", "40-deployment.yaml", "50-service.yaml", "60-ingress.yaml"])
        #expect(rendered["edge-proxy"]?["dev"]?.keys.sorted() == ["01-configmap.yaml", "40-deployment.yaml", "50-service.yaml", "90-kustomization.yaml"])
        #expect(rendered["payments"]?["prod"]?["40-deployment.yaml"]?.contains("replicas: 4") == true)
    }

    @Test func samplesCoverSquadsLanguagesAndTheStories() {
        let services = SampleService.all
        #expect((6...8).contains(services.count))
        #expect(Set(services.map(\.squad)).count == 3)
        #expect(Set(services.map(\.language)).count >= 4)
        #expect(services.contains { $0.story.autoReleaseToDev })
        #expect(services.contains { $0.story.prodOnlyFromMaster })
        #expect(services.contains { $0.story.rollbackReason != nil && $0.story.promoteTo == "prod" && !$0.story.autoReleaseToDev })
        #expect(services.contains { service in service.commits.contains { $0.commit.vulnerabilities.critical > 0 } })
    }

    @Test func artifactsAreValidAndTheSameEveryTime() throws {
        var ids: Set<String> = []
        for service in SampleService.all {
            for (branch, commit) in service.commits {
                let artifact = SampleArtifact(service: service, branch: branch, commit: commit, builtAt: Demo.firstBuild)
                try Name.validate(artifact.id, as: .artifactID)
                #expect(ids.insert(artifact.id).inserted, "\(artifact.id) twice")
                let again = SampleArtifact(service: service, branch: branch, commit: commit, builtAt: Demo.firstBuild)
                #expect(artifact.spec.goJSON(trailingNewline: true) == again.spec.goJSON(trailingNewline: true))
                #expect(artifact.spec.application.branch == branch && artifact.spec.squad == service.squad)
                #expect(artifact.spec.shuttle.plan.sha == EmbeddedServicePlan.sha)
            }
        }
    }
}
