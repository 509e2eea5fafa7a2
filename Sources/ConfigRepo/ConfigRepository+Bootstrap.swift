import Foundation
import GitRunner
import ReleaseModel

extension ConfigRepository {
    /// Creates a brand-new bare repository at `bareRepository` whose `branch` has one commit: a
    /// README and an `.gitkeep` in a folder per environment (so the folders exist). An existing
    /// bare repository without the branch is filled; one that has the branch, or a folder that
    /// is not empty and not a repository, is refused.
    public static func bootstrap(
        bareRepository: URL, branch: String = "master", environments: [String], committer: GitIdentity = .moonbase
    ) async throws(ConfigRepositoryError) {
        do {
            try Name.validate(branch, as: .branch)
            for environment in environments { try Name.validate(environment, as: .environment) }
        } catch {
            throw .invalidName(error)
        }
        let fileManager = FileManager.default
        let bare = Git(directory: bareRepository)
        if fileManager.fileExists(atPath: bareRepository.appendingPathComponent("HEAD").path) {
            let existing = try? await bare.attempt(["rev-parse", "--verify", "--quiet", "refs/heads/\(branch)"])
            if existing?.exitCode == 0 { throw .alreadyBootstrapped(bareRepository.path) }
        } else {
            let existing = (try? fileManager.contentsOfDirectory(atPath: bareRepository.path)) ?? []
            if !existing.isEmpty { throw .alreadyBootstrapped(bareRepository.path) }
            do {
                try fileManager.createDirectory(at: bareRepository, withIntermediateDirectories: true)
                try await bare.run(["init", "--quiet", "--bare", "--initial-branch=\(branch)"])
            } catch let error as GitError {
                throw .git(error)
            } catch {
                throw .file(path: bareRepository.path, reason: "\(error)")
            }
        }

        let seed = fileManager.temporaryDirectory.appendingPathComponent("moonbase-bootstrap-\(UUID().uuidString)")
        defer { try? fileManager.removeItem(at: seed) }
        let work = Git(directory: seed)
        do {
            try fileManager.createDirectory(at: seed, withIntermediateDirectories: true)
            try Data(readme(environments: environments).utf8).write(to: seed.appendingPathComponent("README.md"))
            for environment in environments {
                let folder = seed.appendingPathComponent(environment)
                try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
                try Data().write(to: folder.appendingPathComponent(".gitkeep"))
            }
            try await work.run(["init", "--quiet", "--initial-branch=\(branch)"])
            try await work.run(["add", "-A"])
            try await work.run(
                ["commit", "--quiet", "--no-verify", "--no-gpg-sign", "-m", "Bootstrap config repository"],
                environment: committer.gitEnvironment
            )
            try await work.run(["push", "--quiet", "--no-verify", bareRepository.path, "HEAD:refs/heads/\(branch)"])
        } catch let error as GitError {
            throw .git(error)
        } catch {
            throw .file(path: seed.path, reason: "\(error)")
        }
    }

    static func readme(environments: [String]) -> String {
        """
        # Config repository

        This repository is written by Moonbase, the release manager. Every release is one commit;
        Flux or Argo CD applies what is here to the clusters. Do not edit release folders by hand.

        - `<environment>/releases/<namespace>/<service>/`: the manifests and `artifact.json` of
          the artifact released to that environment
        - `clusters/<environment>/<namespace>/<service>.yaml`: Flux Kustomizations
        - `policies/<service>.json`: auto-release and branch-restriction policies

        Environments: \(environments.joined(separator: ", "))

        """
    }
}
