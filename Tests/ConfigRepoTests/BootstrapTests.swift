import Foundation
import GitRunner
import Testing
import ReleaseModel
@testable import ConfigRepo

@Suite("Bootstrap and clone")
struct BootstrapTests {
    @Test("a new bare repository gets a README and a folder per environment")
    func bootstrap() async throws {
        let fixture = try await GitFixture.make(environments: ["dev", "prod"])
        defer { fixture.remove() }
        let files = try await fixture.remoteGit(["ls-tree", "-r", "--name-only", "master"])
        #expect(files == "README.md\ndev/.gitkeep\nprod/.gitkeep\n")
        let repository = try await fixture.clone("work")
        #expect(try await repository.environments() == ["dev", "prod"])
    }

    @Test("bootstrap refuses a repository that already has the branch, and bad environment names")
    func bootstrapRefuses() async throws {
        let fixture = try await GitFixture.make()
        defer { fixture.remove() }
        await #expect {
            try await ConfigRepository.bootstrap(bareRepository: fixture.remote, environments: ["dev"])
        } throws: { error in
            if case ConfigRepositoryError.alreadyBootstrapped = error { return true }
            return false
        }
        await #expect {
            try await ConfigRepository.bootstrap(bareRepository: fixture.base.appendingPathComponent("other.git"), environments: ["../etc"])
        } throws: { error in
            if case ConfigRepositoryError.invalidName(let name) = error { return name.value == "../etc" }
            return false
        }
    }

    @Test("the branch is configurable")
    func otherBranch() async throws {
        let fixture = try await GitFixture.make(environments: ["dev"], branch: "main")
        defer { fixture.remove() }
        let repository = try await fixture.clone("work", branch: "main")
        try await SampleRelease(id: "main-1-1").commit(to: repository)
        try await repository.push()
        #expect(try await fixture.remoteGit(["log", "--format=%s", "-1", "main"]) == "[dev/product] release main-1-1 by releaser@example.com\n")
    }

    @Test("cloning a branch the remote does not have fails with git's message")
    func missingBranch() async throws {
        let fixture = try await GitFixture.make()
        defer { fixture.remove() }
        await #expect {
            _ = try await fixture.clone("work", branch: "nope")
        } throws: { error in
            guard case ConfigRepositoryError.git(let git) = error else { return false }
            return git.command.hasPrefix("git clone") && git.stderr.contains("nope")
        }
    }

    @Test("reopening a clone drops uncommitted changes and keeps unpushed commits")
    func reopen() async throws {
        let fixture = try await GitFixture.make()
        defer { fixture.remove() }
        let repository = try await fixture.clone("work")
        let commit = try #require(try await SampleRelease(id: "master-1-1").commit(to: repository))
        try Data("junk".utf8).write(to: repository.root.appendingPathComponent("dev/junk.yaml"))
        try Data("changed".utf8).write(to: repository.root.appendingPathComponent("README.md"))

        let reopened = try await fixture.clone("work")
        #expect(!FileManager.default.fileExists(atPath: reopened.root.appendingPathComponent("dev/junk.yaml").path))
        #expect(fileText(reopened.root.appendingPathComponent("README.md"))?.hasPrefix("# Config repository") == true)
        #expect(try await reopened.unpushedCommits() == [commit])
        try await reopened.push()
        #expect(try await reopened.unpushedCommits().isEmpty)
        #expect(try await fixture.remoteGit(["rev-parse", "master"]) == commit + "\n")
    }

    @Test("git errors carry the command and what git said")
    func gitError() async throws {
        let folder = FileManager.default.temporaryDirectory
        await #expect {
            try await Git(directory: folder).run(["rev-parse", "--verify", "refs/heads/does-not-exist-anywhere"])
        } throws: { error in
            guard let error = error as? GitError else { return false }
            return error.command == "git rev-parse --verify refs/heads/does-not-exist-anywhere" && error.exitCode != 0 && "\(error)".contains("failed")
        }
    }
}

@Suite("Clone configuration")
struct CloneConfigurationTests {
    @Test("reopening with another branch switches to it")
    func switchBranch() async throws {
        let fixture = try await GitFixture.make(environments: ["dev"])
        defer { fixture.remove() }
        let repository = try await fixture.clone("work")
        try await repository.run(["push", "--quiet", "origin", "HEAD:refs/heads/main"])
        let main = try await fixture.clone("work", branch: "main")
        try await SampleRelease(id: "main-1-1").commit(to: main)
        try await main.push()
        #expect(try await fixture.remoteGit(["rev-list", "--count", "main"]) == "2\n")
        #expect(try await fixture.remoteGit(["rev-list", "--count", "master"]) == "1\n")
    }

    @Test("relative local remotes are made absolute; URLs and scp-style remotes are kept")
    func remoteURLs() {
        func resolved(_ url: String) -> String {
            ConfigRepositoryOptions(remoteURL: url, workingDirectory: URL(fileURLWithPath: "/w")).resolvedRemoteURL
        }
        let cwd = FileManager.default.currentDirectoryPath
        #expect(resolved(".moonbase/config.git") == URL(fileURLWithPath: cwd).appendingPathComponent(".moonbase/config.git").standardizedFileURL.path)
        for kept in ["/srv/config.git", "file:///srv/config.git", "ssh://git@host/org/config.git", "git@github.com:org/config.git", "https://host/org/config.git"] {
            #expect(resolved(kept) == kept)
        }
    }

    @Test("an ssh key becomes GIT_SSH_COMMAND, quoted for the shell")
    func sshKey() {
        #expect(Git.sshCommand(privateKey: "/keys/it's") == "ssh -i '/keys/it'\\''s' -o IdentitiesOnly=yes")
        let options = ConfigRepositoryOptions(remoteURL: "git@example.com:org/config.git", workingDirectory: URL(fileURLWithPath: "/tmp/x"), sshPrivateKey: "/keys/id")
        #expect(ConfigRepository.environment(options) == ["GIT_SSH_COMMAND": "ssh -i '/keys/id' -o IdentitiesOnly=yes"])
    }
}

@Suite("Paths and errors")
struct PathSafetyTests {
    @Test("credentials in remote URLs never reach error messages")
    func redaction() {
        let error = GitError(arguments: ["clone", "--", "https://bot:s3cret@git.example.com/org/config.git", "/w"], directory: "/w", exitCode: 128,
                             stderr: "fatal: unable to access 'https://bot:s3cret@git.example.com/org/config.git/': 403", stdout: "")
        #expect(!error.description.contains("s3cret"))
        #expect(error.command == "git clone -- https://***@git.example.com/org/config.git /w")
        #expect(GitError.redact("ssh://git@host/x and git@host:org/x") == "ssh://***@host/x and git@host:org/x")
    }

    @Test("repository paths stay inside the root")
    func safeRoot() throws {
        let root = SafeRoot(URL(fileURLWithPath: "/tmp/moonbase-root-that-does-not-exist"))
        #expect(try root.url("dev/releases/dev/svc").path == "/tmp/moonbase-root-that-does-not-exist/dev/releases/dev/svc")
        for bad in ["../x", "/etc/passwd", "dev/../../x", "", "./dev", "dev/./x"] {
            #expect(throws: ConfigRepositoryError.self) { try root.url(bad) }
        }
    }

    @Test("the layout builds paths only from valid names")
    func layout() throws {
        let layout = RepositoryLayout()
        #expect(try layout.artifactFile(environment: "dev", namespace: "banking", service: "product") == "dev/releases/banking/product/artifact.json")
        #expect(try layout.kustomizationFile(environment: "dev", namespace: "banking", service: "product") == "clusters/dev/banking/product.yaml")
        #expect(try layout.policiesFile(service: "product") == "policies/product.json")
        #expect(throws: InvalidNameError.self) { try layout.policiesFile(service: "../../etc/passwd") }
        #expect(try RepositoryLayout(artifactFileName: "spec.json").artifactFile(environment: "dev", namespace: "dev", service: "s") == "dev/releases/dev/s/spec.json")
    }
}
