import Foundation
import ReleaseModel
import TestSupport
import Testing

/// The built `hamctl` against a real `moonbase serve`, with artifacts pushed by the built
/// `artifact`: releases, promotions and rollbacks through three environments, policies,
/// history, login, and every error path.
@Suite(.serialized, .tags(.endToEnd), .timeLimit(.minutes(10))) struct HamctlCommandTests {
    @Test func releasesPromotesAndRollsBackThroughThreeEnvironments() async throws {
        let fixture = try await ReleaseManagerFixture.start()
        defer { fixture.stop() }
        let first = try await fixture.pushArtifact(service: "payments", branch: "master", sha: "1111111111aaaa")
        let second = try await fixture.pushArtifact(service: "payments", branch: "master", sha: "2222222222bbbb")
        let third = try await fixture.pushArtifact(service: "payments", branch: "master", sha: "3333333333cccc", message: "Fix rounding\n\nlong body")
        let feature = try await fixture.pushArtifact(service: "ledger", branch: "feature/audit", sha: "4444444444dddd")

        let byArtifact = try await fixture.hamctl(["release", "--service", "payments", "--env", "dev", "--artifact", first])
        #expect(byArtifact.status == 0, "\(byArtifact.stderr)")
        #expect(byArtifact.stdout.hasPrefix("Release of service: payments\n[✓] Released \(first) to dev (commit "), "\(byArtifact.stdout)")
        let again = try await fixture.hamctl(["release", "--service", "payments", "--env", "dev", "--artifact", first])
        #expect(again.stdout == "Release of service: payments\n[✓] Environment 'dev' is already up-to-date\n", "\(again.stdout)")

        _ = try await fixture.hamctl(["release", "--service", "payments", "-e", "dev", "--artifact", second])
        let byBranch = try await fixture.hamctl(["release", "--service", "payments", "--env", "dev", "--branch", "master"])
        #expect(byBranch.status == 0, "\(byBranch.stderr)")
        #expect(byBranch.stdout.hasPrefix("Release of service payments using branch master\n[✓] Released \(third) to dev"), "\(byBranch.stdout)")
        let featureRelease = try await fixture.hamctl(["release", "--service", "ledger", "--env", "dev,staging", "--branch", "feature/audit"])
        #expect(featureRelease.status == 0, "\(featureRelease.stderr)")
        #expect(featureRelease.stdout.contains("[✓] Released \(feature) to dev"))
        #expect(featureRelease.stdout.contains("[✓] Released \(feature) to staging"))

        let toStaging = try await fixture.hamctl(["promote", "--service", "payments", "--env", "staging"])
        #expect(toStaging.status == 0, "\(toStaging.stderr)")
        #expect(toStaging.stdout.hasPrefix("Promote of service: payments\n[✓] Released \(third) to staging"), "\(toStaging.stdout)")
        let toProd = try await fixture.hamctl(["promote", "--service", "payments", "--env", "prod", "--from-env", "staging", "--output", "json"])
        #expect(toProd.status == 0, "\(toProd.stderr)")
        let promoted = try #require(try JSONSerialization.jsonObject(with: Data(toProd.stdout.utf8)) as? [[String: Any]])
        #expect(promoted.first?["environment"] as? String == "prod")
        #expect((promoted.first?["response"] as? [String: Any])?["tag"] as? String == third)

        // Without a terminal, a rollback goes back one release; a second walks further back.
        let rollback = try await fixture.hamctl(["rollback", "--service", "payments", "--env", "dev", "--reason", "rounding broke invoices"])
        #expect(rollback.status == 0, "\(rollback.stderr)")
        #expect(rollback.stdout.hasPrefix("Rollback of service: payments\n[✓] Released \(second) to dev"), "\(rollback.stdout)")
        let further = try await fixture.hamctl(["rollback", "--service", "payments", "--env", "dev", "--reason", "still broken"])
        #expect(further.stdout.contains("[✓] Released \(first) to dev"), "\(further.stdout) \(further.stderr)")
        let forward = try await fixture.hamctl(["rollback", "--service", "payments", "--env", "dev", "--to", third, "--reason", "fixed in config"])
        #expect(forward.stdout.contains("[✓] Released \(third) to dev"), "\(forward.stdout) \(forward.stderr)")

        let status = try await fixture.hamctl(["status", "--service", "payments"])
        #expect(status.status == 0, "\(status.stderr)")
        let lines = status.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.prefix(2) == ["Status for service payments", ""])
        for environment in ["dev", "staging", "prod"] {
            let line = try #require(lines.first { $0.hasPrefix(environment + ":") }, "\(status.stdout)")
            #expect(line.hasPrefix((environment + ":").padding(toLength: 9, withPad: " ", startingAt: 0)), "\(line)")
            #expect(line.hasSuffix(" \(third) by Jane Doe: Fix rounding"), "\(line)")
        }
        let statusJSON = try await fixture.hamctl(["status", "--service", "payments", "--output", "json"])
        let decoded = try JSONDecoder().decode(StatusResponse.self, from: Data(statusJSON.stdout.utf8))
        #expect(Set(decoded.environments.map(\.name)) == ["dev", "staging", "prod"])
        #expect(decoded.environments.allSatisfy { $0.tag == third })

        let history = try await fixture.hamctl(["history", "--service", "payments", "--count", "20"])
        #expect(history.status == 0, "\(history.stderr)")
        let timeline = history.stdout.split(separator: "\n").map(String.init)
        #expect(timeline.first == "Release history of service payments")
        #expect(timeline.count == 1 + 8, "\(history.stdout)")  // the title; 6 releases to dev, one each to staging and prod
        #expect(timeline.contains { $0.contains("dev") && $0.contains("rollback of \(second)") && $0.hasSuffix("reason: still broken") }, "\(history.stdout)")
        #expect(timeline.contains { $0.contains("prod") && $0.contains("promotion from staging") })

        let describe = try await fixture.hamctl(["describe", "release", "--service", "payments", "--env", "dev", "--count", "2"])
        #expect(describe.stdout.hasPrefix("Service: payments\nEnvironment: dev\n\n - Artifact: \(third)\n"), "\(describe.stdout)")
        #expect(describe.stdout.contains("   Intent: rollback of \(first)\n   Reason: fixed in config\n"), "\(describe.stdout)")
        let artifacts = try await fixture.hamctl(["describe", "artifact", "--service", "payments"])
        #expect(artifacts.stdout.contains("Date                 Artifact                      Message\n"), "\(artifacts.stdout)")
        #expect(artifacts.stdout.split(separator: "\n").count == 2 + 3)
        let latest = try await fixture.hamctl(["describe", "latest-artifact", "--service", "ledger", "--branch", "feature/audit", "--output", "json"])
        #expect(try JSONDecoder().decode(DescribeArtifactResponse.self, from: Data(latest.stdout.utf8)).artifacts.map(\.id) == [feature])

        // The reference's scripts roll back without a reason; the history says none was given.
        let script = try await fixture.hamctl(["rollback", "--service", "payments", "--env", "dev", "--artifact", second])
        #expect(script.status == 0, "\(script.stdout) \(script.stderr)")
        let unexplained = try await fixture.hamctl(["describe", "release", "--service", "payments", "--env", "dev"])
        #expect(unexplained.stdout.contains("   Reason: no reason given (hamctl rollback without --reason)\n"), "\(unexplained.stdout)")
    }

    @Test func offersAPickerOfEarlierReleasesOnATerminal() async throws {
        let fixture = try await ReleaseManagerFixture.start()
        defer { fixture.stop() }
        var ids: [String] = []
        for sha in ["7777777777aaaa", "8888888888bbbb", "9999999999cccc"] {
            let id = try await fixture.pushArtifact(service: "payments", branch: "master", sha: sha)
            ids.append(id)
            #expect(try await fixture.hamctl(["release", "--service", "payments", "--env", "dev", "--artifact", id]).status == 0)
        }
        // script(1) gives hamctl a terminal; the answers are typed into it.
        let command = "\(ReleaseManagerFixture.hamctlPath) rollback --service payments --env dev"
        let picked = try await runProcess(
            "script", ["-qec", command, "/dev/null"], in: fixture.root.path, environment: fixture.environment(token: fixture.adminToken),
            input: "2\nthe second deploy broke checkout\n")
        #expect(picked.status == 0, "\(picked.stdout)")
        #expect(picked.stdout.contains("Which release to rollback 'dev' to?"), "\(picked.stdout)")
        #expect(picked.stdout.contains("#0 \(ids[2]) current release "), "\(picked.stdout)")
        #expect(picked.stdout.contains("#2 \(ids[0]) "), "\(picked.stdout)")
        #expect(picked.stdout.contains("Why roll back? "))
        #expect(picked.stdout.contains("[✓] Released \(ids[0]) to dev"), "\(picked.stdout)")
        let describe = try await fixture.hamctl(["describe", "release", "--service", "payments", "--env", "dev"])
        #expect(describe.stdout.contains("   Reason: the second deploy broke checkout\n"), "\(describe.stdout)")
    }

    @Test func appliesListsAndDeletesPolicies() async throws {
        let fixture = try await ReleaseManagerFixture.start()
        defer { fixture.stop() }
        let feature = try await fixture.pushArtifact(service: "payments", branch: "feature-x", sha: "5555555555eeee")
        let none = try await fixture.hamctl(["policy", "list", "--service", "payments"])
        #expect(none.status == 0)
        #expect(none.stdout == "No policies exist for service\n")

        let auto = try await fixture.hamctl(["policy", "apply", "auto-release", "--service", "payments", "--branch", "master", "--env", "dev"])
        #expect(auto.stdout == "[✓] Applied auto-release policy 'auto-release-master-dev' to service 'payments'\n", "\(auto.stderr)")
        let unanchored = try await fixture.hamctl(["policy", "apply", "branch-restriction", "--service", "payments", "--env", "prod", "--branch-regex", "master"])
        #expect(unanchored.status == 1)
        #expect(unanchored.stderr.contains("branch regex 'master' is not anchored"), "\(unanchored.stderr)")
        #expect(unanchored.stderr.contains("(reference: "))
        let restriction = try await fixture.hamctl(["policy", "apply", "branch-restriction", "--service", "payments", "--env", "prod", "--branch-regex", "^master$"])
        #expect(restriction.stdout == "[✓] Applied branch restriction policy 'branch-restriction-prod' to service 'payments'\n", "\(restriction.stderr)")

        let list = try await fixture.hamctl(["policy", "list", "--service", "payments"])
        #expect(list.stdout == """
            Policies for service payments

            Auto-releases:

            ENV     BRANCH     ID                          
            dev     master     auto-release-master-dev     

            Branch restrictions:

            ENV      REGEX        ID                          
            prod     ^master$     branch-restriction-prod     


            """, "\(list.stdout)")
        let json = try await fixture.hamctl(["policy", "list", "--service", "payments", "--output", "json"])
        #expect(try JSONDecoder().decode(ListPoliciesResponse.self, from: Data(json.stdout.utf8)).autoReleases.map(\.id) == ["auto-release-master-dev"])

        // A refused release prints the server's reason and exits 1 (the reference exits 0).
        let refused = try await fixture.hamctl(["release", "--service", "payments", "--env", "dev,prod", "--artifact", feature])
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("[✓] Released \(feature) to dev"), "\(refused.stdout)")
        #expect(refused.stdout.contains("[X] cannot release artifact '\(feature)' to environment 'prod' due to branch restriction policy"), "\(refused.stdout)")
        #expect(refused.stderr == "Error: 1 of 2 releases failed\n")

        let deleted = try await fixture.hamctl(["policy", "delete", "--service", "payments", "auto-release-master-dev", "branch-restriction-prod"])
        #expect(deleted.stdout == "Deleted 2 policies\n", "\(deleted.stderr)")
        #expect(try await fixture.hamctl(["policy", "list", "--service", "payments"]).stdout == "No policies exist for service\n")
        let noIDs = try await fixture.hamctl(["policy", "delete", "--service", "payments"])
        #expect(noIDs.status != 0)
        #expect(noIDs.stderr.contains("at least one policy id must be specified."))
    }

    @Test func takesTheServiceFromTheNearestShuttleYAML() async throws {
        let fixture = try await ReleaseManagerFixture.start()
        defer { fixture.stop() }
        let id = try await fixture.pushArtifact(service: "payments", branch: "master", sha: "6666666666ffff")
        try fixture.root.write("repo/shuttle.yaml", "plan: false\nvars:\n  service: payments\n")
        try FileManager.default.createDirectory(atPath: fixture.root.path + "/repo/src/deep", withIntermediateDirectories: true)
        let released = try await fixture.hamctl(["release", "--env", "dev", "--artifact", id], in: fixture.root.path + "/repo/src/deep")
        #expect(released.status == 0, "\(released.stderr)")
        #expect(released.stdout.hasPrefix("Release of service: payments\n"))
        let none = try await fixture.hamctl(["status"])
        #expect(none.status == 1)
        #expect(none.stderr == "Error: no service: give --service, or run hamctl inside a repository whose shuttle.yaml sets vars.service\n")
        try fixture.root.write("broken/shuttle.yaml", "vars: [\n")
        let broken = try await fixture.hamctl(["status"], in: fixture.root.path + "/broken")
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("broken/shuttle.yaml is not valid YAML"), "\(broken.stderr)")
    }

    @Test func logsInWithAStoredTokenAndReadsTheReferenceTokenFile() async throws {
        let fixture = try await ReleaseManagerFixture.start()
        defer { fixture.stop() }
        let refused = try await fixture.hamctl(["login", "--token", "mbt_not-a-token"], token: "")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("please provide a valid authentication token"), "\(refused.stderr)")
        let tokenFile = fixture.root.path + "/user/.config/moonbase/hamctl-tokens.json"
        #expect(!FileManager.default.fileExists(atPath: tokenFile))

        let login = try await fixture.hamctl(["login"], token: "", input: fixture.adminToken + "\n")
        #expect(login.status == 0, "\(login.stderr)")
        #expect(login.stdout.hasPrefix("Logged in to \(fixture.server.base.absoluteString.trimmingCharacters(in: ["/"])) as "), "\(login.stdout)")
        let attributes = try FileManager.default.attributesOfItem(atPath: tokenFile)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let status = try await fixture.hamctl(["status", "--service", "payments"], token: "")
        #expect(status.status == 0, "\(status.stderr)")

        let logout = try await fixture.hamctl(["logout"], token: "")
        #expect(logout.stdout.hasPrefix("Removed the token for "))
        let loggedOut = try await fixture.hamctl(["status", "--service", "payments"], token: "")
        #expect(loggedOut.status == 1)
        #expect(loggedOut.stderr.contains("no token was sent. Set HAMCTL_AUTH_TOKEN, or run 'hamctl login'."), "\(loggedOut.stderr)")

        // The reference hamctl's OAuth token file, while it has not expired.
        try fixture.root.write("user/.Config/release-manager/token.json", #"{"access_token":"\#(fixture.adminToken)","token_type":"Bearer","expiry":"2999-01-01T00:00:00Z"}"#)
        #expect(try await fixture.hamctl(["status", "--service", "payments"], token: "").status == 0)
        try fixture.root.write("user/.Config/release-manager/token.json", #"{"access_token":"\#(fixture.adminToken)","token_type":"Bearer","expiry":"2001-01-01T00:00:00Z"}"#)
        #expect(try await fixture.hamctl(["status", "--service", "payments"], token: "").status == 1)
    }

    @Test func explainsEveryErrorAndExitsNonZero() async throws {
        let fixture = try await ReleaseManagerFixture.start()
        defer { fixture.stop() }
        let wrongToken = try await fixture.hamctl(["status", "--service", "payments"], token: "mbt_wrong")
        #expect(wrongToken.status == 1)
        #expect(wrongToken.stderr.hasPrefix("Error: please provide a valid authentication token (reference: "), "\(wrongToken.stderr)")
        #expect(wrongToken.stderr.hasSuffix("): the server refused the token from HAMCTL_AUTH_TOKEN. Set HAMCTL_AUTH_TOKEN, or run 'hamctl login'.\n"))

        let closed = try await fixture.hamctl(["status", "--service", "payments", "--http-base-url", "http://127.0.0.1:9"])
        #expect(closed.status == 1)
        #expect(closed.stderr == "Error: could not connect to http://127.0.0.1:9: connection refused (is moonbase running there?). Check --http-base-url or HAMCTL_URL (now http://127.0.0.1:9).\n", "\(closed.stderr)")

        let silent = try SilentServer.start()
        defer { silent.stop() }
        let hanging = try await fixture.hamctl(["status", "--service", "payments", "--http-base-url", "http://127.0.0.1:\(silent.port)", "--http-timeout", "1s"])
        #expect(hanging.status == 1)
        #expect(hanging.stderr == "Error: no answer from http://127.0.0.1:\(silent.port) within 1 s; the server may be overloaded, or raise the timeout (--http-timeout)\n", "\(hanging.stderr)")
        let credentials = try await fixture.hamctl(["status", "--service", "payments", "--http-base-url", "http://alice:secret@127.0.0.1:9"])
        #expect(credentials.stderr.contains("a server URL must not carry a user or password"), "\(credentials.stderr)")
        #expect(!credentials.stderr.contains("secret"))

        var noURL = fixture.environment(token: fixture.adminToken)
        noURL["HAMCTL_URL"] = ""
        let missing = try await runProcess(ReleaseManagerFixture.hamctlPath, ["status", "--service", "x"], in: fixture.root.path, environment: noURL)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no server: give --http-base-url, or set HAMCTL_URL"))
        let badURL = try await fixture.hamctl(["status", "--service", "x", "--http-base-url", "ftp://example.com"])
        #expect(badURL.stderr.contains("'ftp://example.com' is not a server URL"), "\(badURL.stderr)")

        let unknownArtifact = try await fixture.hamctl(["release", "--service", "payments", "--env", "dev", "--artifact", "master-0000000000-0000000000"])
        #expect(unknownArtifact.status == 1)
        #expect(unknownArtifact.stdout.contains("[X] "), "\(unknownArtifact.stdout)")
        let badName = try await fixture.hamctl(["status", "--service", "../etc"])
        #expect(badName.status == 1)
        #expect(badName.stderr.contains("invalid service '../etc'"), "\(badName.stderr)")
        let noBranchArtifacts = try await fixture.hamctl(["release", "--service", "payments", "--env", "dev", "--branch", "nope"])
        #expect(noBranchArtifacts.status == 1)
        #expect(noBranchArtifacts.stderr.contains("no artifacts available for service 'payments' and branch 'nope'"), "\(noBranchArtifacts.stderr)")
        let nothingToPromote = try await fixture.hamctl(["promote", "--service", "payments", "--env", "prod"])
        #expect(nothingToPromote.status == 1)
        #expect(nothingToPromote.stdout.contains("[X] cannot promote: service 'payments' has no release in environment 'staging'"), "\(nothingToPromote.stdout)")

        for (arguments, message) in [
            (["release", "--service", "s", "--env", " , ", "--artifact", "a"], "--env must contain at least one value"),
            (["release", "--service", "s", "--env", "dev", "--branch", "b", "--artifact", "a"], "--branch and --artifact cannot both be specified"),
            (["rollback", "--service", "s", "--env", "dev", "--steps", "0", "--reason", "r"], "--steps must be a positive number"),
            (["status", "--service", "s", "--http-timeout", "soon"], "invalid --http-timeout 'soon'"),
            (["status", "--service", "s", "--output", "yaml"], "yaml"),
            (["completion", "tcsh"], "unknown shell 'tcsh'"),
        ] {
            let output = try await fixture.hamctl(arguments)
            #expect(output.status != 0, "\(arguments)")
            #expect(output.stderr.hasPrefix("Error: ") && !output.stderr.hasPrefix("Error: Error:"), "\(arguments): \(output.stderr)")
            #expect(output.stderr.contains(message), "\(arguments): \(output.stderr)")
        }
        let notGit = try await fixture.hamctl(["release", "--service", "payments", "--env", "dev"])
        #expect(notGit.stderr == "Error: Could not determine current branch. Specify --branch or --artifact explicitly\n", "\(notGit.stderr)")
    }

    @Test func printsVersionCompletionsAndHelp() async throws {
        let root = try TemporaryDirectory("hamctl")
        defer { root.remove() }
        let version = try await runProcess(ReleaseManagerFixture.hamctlPath, ["version"], in: root.path)
        #expect(version.stdout == "hamctl 0.1.0\n")
        let versionJSON = try await runProcess(ReleaseManagerFixture.hamctlPath, ["version", "--output", "json"], in: root.path)
        #expect(versionJSON.stdout == "{\n  \"version\": \"0.1.0\"\n}\n")
        for shell in ["bash", "zsh", "fish"] {
            let script = try await runProcess(ReleaseManagerFixture.hamctlPath, ["completion", shell], in: root.path)
            #expect(script.status == 0)
            #expect(script.stdout.contains("rollback"), "\(shell)")
        }
        let help = try await runProcess(ReleaseManagerFixture.hamctlPath, ["rollback", "--help"], in: root.path)
        #expect(help.stdout.contains("--reason"))
        #expect(help.stdout.contains("Example: hamctl rollback"))
    }
}
