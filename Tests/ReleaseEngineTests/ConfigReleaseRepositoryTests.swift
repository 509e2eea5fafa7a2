import ConfigRepo
import Foundation
import ReleaseEngine
import ReleaseModel
import Testing

/// The adapter sorts the git clone's failures into what the engine and its callers act on.
@Suite struct ConfigReleaseRepositoryTests {
    @Test func aPushWithoutRebasingToAMovedRemoteIsRemoteMoved() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }
        let other = try await ConfigRepository.open(ConfigRepositoryOptions(
            remoteURL: fixture.remote.path, workingDirectory: fixture.base.appendingPathComponent("other")
        ))
        let repository = ConfigReleaseRepository(fixture.repository)
        try await repository.refresh()
        for (clone, service) in [(other, "elsewhere"), (fixture.repository, "product")] {
            _ = try await clone.writePolicies(Policies(service: service, branchRestrictions: [
                BranchRestriction(id: "branch-restriction-prod", branchRegex: "^master$", environment: "prod"),
            ]), service: service)
            _ = try await clone.commit(message: "[\(service)] policy update: apply branch-restriction in 'prod'")
        }
        try await other.push()

        await #expect {
            try await repository.pushWithoutRebasing()
        } throws: { error in
            guard case .remoteMoved = error as? ReleaseRepositoryError else { return false }
            return true
        }
        // With rebasing, the same commit goes out on top of the other writer's.
        let pushed = try await repository.push()
        #expect(pushed.attempts == 2)
    }

    @Test func anInvalidNameKeepsItsReason() async throws {
        let fixture = try await ReleaseFixture.make()
        defer { fixture.remove() }
        let repository = ConfigReleaseRepository(fixture.repository)

        await #expect {
            try await repository.releases(environment: "../prod")
        } throws: { error in
            guard case .invalidName(let name) = error as? ReleaseRepositoryError else { return false }
            return name.description.contains("../prod")
        }
    }
}
