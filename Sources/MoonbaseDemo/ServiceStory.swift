import Foundation
import MoonbaseClient
import ReleaseModel

/// What happens to one sample service, through the API hamctl and artifact use: its policies,
/// its artifacts pushed, released to dev and promoted along dev → staging → prod, a feature
/// branch, a release a policy refuses and a rollback in prod.
struct ServiceStory {
    let project: SampleProject
    let artifacts: [SampleArtifact]
    let client: MoonbaseClient
    /// Where the artifacts' folders are written before they are pushed.
    let workspace: String

    static let environments = ["dev", "staging", "prod"]

    var service: SampleService { project.service }
    var story: SampleStory { service.story }
    var masterArtifacts: [SampleArtifact] { artifacts.filter { $0.branch == "master" } }
    var featureArtifact: SampleArtifact? { artifacts.first { $0.branch != "master" } }

    func play() async throws(DemoError) {
        let owner = service.masterCommits[0].author
        if story.autoReleaseToDev {
            try await call("apply the auto-release policy") {
                try await client.applyAutoRelease(ApplyAutoReleasePolicyRequest(
                    service: service.name, branch: "master", environment: "dev", committerName: owner.name, committerEmail: owner.email))
            }
        }
        if story.prodOnlyFromMaster {
            try await call("apply the branch restriction") {
                try await client.applyBranchRestriction(ApplyBranchRestrictionPolicyRequest(
                    service: service.name, environment: "prod", branchRegex: "^master$", committerName: owner.name, committerEmail: owner.email))
            }
        }
        if story.autoReleaseToDev {
            // Every new master artifact releases itself to dev; the last one pushed ends up there.
            for artifact in artifacts { try await push(artifact) }
            if let last = masterArtifacts.last {
                try await waitUntilDevRuns(last)
                try await promote(as: last.commit.author)
            }
        } else {
            for artifact in artifacts {
                try await push(artifact)
                guard artifact.branch == "master" else { continue }
                try await release(artifact, to: "dev")
                try await promote(as: artifact.commit.author)
            }
        }
        if story.releaseFeatureToDev, let feature = featureArtifact {
            try await release(feature, to: "dev")
        }
        if story.prodOnlyFromMaster, let feature = featureArtifact {
            try await releaseRefusedByPolicy(feature, to: "prod")
        }
        if let reason = story.rollbackReason, masterArtifacts.count >= 2 {
            let previous = masterArtifacts[masterArtifacts.count - 2]
            let releaser = masterArtifacts[masterArtifacts.count - 1].commit.author
            try await call("roll back prod") {
                try await client.rollback(RollbackRequest(
                    service: service.name, environment: "prod", artifactID: previous.id, reason: reason,
                    committerName: releaser.name, committerEmail: releaser.email))
            }
        }
    }

    private func push(_ artifact: SampleArtifact) async throws(DemoError) {
        try await artifact.push(
            manifests: try project.manifests(artifactID: artifact.id), serviceSpec: project.spec, folder: workspace + "/artifacts/" + artifact.id,
            serverURL: client.baseURL, token: client.token ?? "")
    }

    private func release(_ artifact: SampleArtifact, to environment: String) async throws(DemoError) {
        try await call("release \(artifact.id) to \(environment)") {
            try await client.release(releaseRequest(artifact, to: environment))
        }
    }

    /// Promotes along dev → staging → prod up to the story's last environment.
    private func promote(as person: Person) async throws(DemoError) {
        guard let last = Self.environments.firstIndex(of: story.promoteTo), last > 0 else { return }
        for environment in Self.environments[1...last] {
            try await call("promote to \(environment)") {
                try await client.promote(PromoteRequest(
                    service: service.name, environment: environment, committerName: person.name, committerEmail: person.email))
            }
        }
    }

    /// Releases what a policy must refuse; a release that goes through is an error.
    private func releaseRefusedByPolicy(_ artifact: SampleArtifact, to environment: String) async throws(DemoError) {
        do {
            _ = try await client.release(releaseRequest(artifact, to: environment))
        } catch where error.kind == .refused && error.status == 400 {
            return
        } catch {
            throw DemoError("\(service.name): release \(artifact.id) to \(environment): \(error.description)")
        }
        throw DemoError("\(service.name): release \(artifact.id) to \(environment) went through; the branch restriction should have refused it")
    }

    private func releaseRequest(_ artifact: SampleArtifact, to environment: String) -> ReleaseRequest {
        ReleaseRequest(
            service: service.name, environment: environment, artifactID: artifact.id, intent: .releaseArtifact,
            committerName: artifact.commit.author.name, committerEmail: artifact.commit.author.email)
    }

    /// Auto-releases run after the upload has answered: waits (up to 30 s) until dev runs `artifact`.
    private func waitUntilDevRuns(_ artifact: SampleArtifact) async throws(DemoError) {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let status = try await call("read the status") { try await client.status(service: service.name) }
            if status.environments.contains(where: { $0.name == "dev" && $0.tag == artifact.id }) { return }
            try? await Task.sleep(for: .milliseconds(50))
        }
        throw DemoError("\(service.name): the auto-release of \(artifact.id) to dev did not happen within 30 seconds; see the server's log")
    }

    @discardableResult
    private func call<Answer>(_ what: String, _ body: () async throws -> Answer) async throws(DemoError) -> Answer {
        do {
            return try await body()
        } catch {
            throw DemoError("\(service.name): could not \(what): \(error)")
        }
    }
}
