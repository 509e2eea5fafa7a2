import Foundation
import GitRunner
import Testing

/// The one git runner: what every module's git commands run with, and what they show.
@Suite struct GitTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("git-runner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    @Test("git runs in C locale and never prompts, whatever the caller's environment says")
    func environmentHygiene() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let git = Git(directory: folder)
        try await git.run(["init", "--quiet"])
        // A shell alias shows the environment git's own children get.
        let seen = try await Git(directory: folder, settings: ["alias.showenv=!env"]).run(["showenv"]).text
        #expect(seen.split(separator: "\n").contains("LC_ALL=C"))
        #expect(seen.split(separator: "\n").contains("GIT_TERMINAL_PROMPT=0"))
        let failed = try await git.attempt(["checkout", "no-such-branch"])
        #expect(failed.exitCode != 0)
        #expect(failed.stderr.contains("did not match any file(s) known to git"))
    }

    @Test("secrets and URL credentials never appear in what a failure shows")
    func secretsAreRedacted() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let git = Git(directory: folder, secrets: ["s3cr3t-token"])
        let url = "https://user:s3cr3t-token@127.0.0.1:9/plan.git"
        do {
            try await git.run(["ls-remote", url, "--", "s3cr3t-token"])
            Issue.record("ls-remote of an unreachable remote succeeded")
        } catch {
            #expect(!"\(error)".contains("s3cr3t-token"))
            #expect("\(error)".contains("***"))
        }
        #expect(git.redacted("clone https://x:y@host/p and s3cr3t-token") == "clone https://***@host/p and ***")
    }

    @Test("settings are given as -c to every command")
    func settings() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let git = Git(directory: folder, settings: ["moonbase.probe=yes"])
        try await git.run(["init", "--quiet"])
        #expect(try await git.run(["config", "moonbase.probe"]).trimmed == "yes")
    }

    @Test("standard input reaches batch commands")
    func input() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let git = Git(directory: folder)
        try await git.run(["init", "--quiet"])
        let hashed = try await git.attempt(["hash-object", "--stdin"], input: Data("hello\n".utf8))
        #expect(hashed.trimmed == "ce013625030ba8dba906f756967f9e9ca394464a")
    }
}
