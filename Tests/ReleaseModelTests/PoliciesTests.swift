import Foundation
import Testing
@testable import ReleaseModel

@Suite("Policies")
struct PoliciesTests {
    static let file = """
    {
      "service": "example",
      "autoReleases": [
        {
          "id": "auto-release-master-dev",
          "branch": "master",
          "environment": "dev"
        }
      ],
      "branchRestrictions": [
        {
          "id": "branch-restriction-prod",
          "branchRegex": "^master$",
          "environment": "prod"
        }
      ]
    }

    """

    @Test("the file reads and writes in the reference format")
    func fileRoundTrip() throws {
        let policies = try Policies(fileData: Data(Self.file.utf8), service: "example")
        #expect(policies.autoReleases == [AutoReleasePolicy(id: "auto-release-master-dev", branch: "master", environment: "dev")])
        #expect(String(decoding: policies.fileData(), as: UTF8.self) == Self.file)
    }

    @Test("empty lists are omitted and the file ends with a newline")
    func emptyListsOmitted() {
        #expect(String(decoding: Policies(service: "example").fileData(), as: UTF8.self) == "{\n  \"service\": \"example\"\n}\n")
    }

    @Test("reading is strict and an empty file is empty policies")
    func strictReading() throws {
        #expect(throws: PoliciesFileError.unknownField("autoReleases[0].colour")) {
            try Policies(fileData: Data(#"{"service":"x","autoReleases":[{"id":"a","colour":"red"}]}"#.utf8), service: "x")
        }
        #expect(throws: PoliciesFileError.unknownField("owner")) {
            try Policies(fileData: Data(#"{"service":"x","owner":"me"}"#.utf8), service: "x")
        }
        #expect {
            try Policies(fileData: Data("not json".utf8), service: "x")
        } throws: { error in
            if case PoliciesFileError.notParsable = error { return true }
            return false
        }
        let empty = try Policies(fileData: Data("\n".utf8), service: "x")
        #expect(empty == Policies(service: "x"))
        #expect(!empty.hasPolicies)
    }

    // MARK: canRelease

    @Test("no restriction for the environment allows any branch")
    func noRestriction() throws {
        let policies = Policies(service: "s", branchRestrictions: [BranchRestriction(id: "branch-restriction-prod", branchRegex: "^master$", environment: "prod")])
        #expect(try policies.canRelease(branch: "feature", environment: "dev"))
        #expect(try !policies.canRelease(branch: "feature", environment: "prod"))
        #expect(try policies.canRelease(branch: "master", environment: "prod"))
    }

    @Test("a restriction regex matches anywhere in the branch name, as Go's MatchString")
    func unanchoredMatching() throws {
        let policies = Policies(service: "s", branchRestrictions: [BranchRestriction(id: "b", branchRegex: "master", environment: "prod")])
        #expect(try policies.canRelease(branch: "refactor-master-worker", environment: "prod"))
    }

    @Test("global restrictions come first and win over a different local one")
    func globalFirst() throws {
        let global = [BranchRestriction.global(environment: "prod", branchRegex: "^main$")]
        let policies = Policies(service: "s", branchRestrictions: [
            BranchRestriction(id: "branch-restriction-prod", branchRegex: "^master$", environment: "prod"),
            BranchRestriction(id: "branch-restriction-dev", branchRegex: "^dev", environment: "dev"),
        ])
        #expect(policies.effectiveBranchRestrictions(global: global).map(\.id) == ["", "branch-restriction-dev"])
        #expect(try policies.releaseDecision(branch: "master", environment: "prod", global: global) == .refused(by: global[0]))
        #expect(try policies.canRelease(branch: "main", environment: "prod", global: global))
        #expect(try Policies(service: "none").canRelease(branch: "x", environment: "prod", global: global) == false)
    }

    @Test("a stored regex that does not compile is an error")
    func invalidStoredRegex() {
        let policies = Policies(service: "s", branchRestrictions: [BranchRestriction(id: "b", branchRegex: "(", environment: "prod")])
        #expect(throws: PolicyError.self) { try policies.canRelease(branch: "x", environment: "prod") }
    }

    // MARK: auto-release

    @Test("auto-release is replaced in place per environment, else appended")
    func applyAutoRelease() throws {
        var policies = Policies(service: "s")
        #expect(try policies.applyAutoRelease(branch: "master", environment: "dev") == "auto-release-master-dev")
        try policies.applyAutoRelease(branch: "master", environment: "staging")
        #expect(try policies.applyAutoRelease(branch: "develop", environment: "dev") == "auto-release-develop-dev")
        #expect(policies.autoReleases.map(\.id) == ["auto-release-develop-dev", "auto-release-master-staging"])
        #expect(policies.autoReleases(forBranch: "master").map(\.environment) == ["staging"])
    }

    @Test("auto-release of a branch the environment's restriction refuses conflicts")
    func autoReleaseConflict() throws {
        var policies = Policies(service: "s")
        try policies.applyBranchRestriction(branchRegex: "^master$", environment: "prod")
        #expect(throws: PolicyError.self) { try policies.applyAutoRelease(branch: "feature", environment: "prod") }
        let global = [BranchRestriction.global(environment: "dev", branchRegex: "^main$")]
        #expect {
            try policies.applyAutoRelease(branch: "master", environment: "dev", global: global)
        } throws: { error in
            guard case PolicyError.conflict(let id, let reason) = error else { return false }
            return id == "" && reason.contains("global branch restriction")
        }
        #expect(try policies.applyAutoRelease(branch: "master", environment: "prod") == "auto-release-master-prod")
    }

    // MARK: branch restriction

    @Test("branch restriction is replaced in place per environment, else appended")
    func applyBranchRestriction() throws {
        var policies = Policies(service: "s")
        #expect(try policies.applyBranchRestriction(branchRegex: "^master$", environment: "prod") == "branch-restriction-prod")
        try policies.applyBranchRestriction(branchRegex: "^(master|release/.*)$", environment: "staging")
        try policies.applyBranchRestriction(branchRegex: "^main$", environment: "prod")
        #expect(policies.branchRestrictions == [
            BranchRestriction(id: "branch-restriction-prod", branchRegex: "^main$", environment: "prod"),
            BranchRestriction(id: "branch-restriction-staging", branchRegex: "^(master|release/.*)$", environment: "staging"),
        ])
    }

    @Test("a regex that does not compile is refused with the reference's message")
    func invalidRegex() {
        var policies = Policies(service: "s")
        #expect {
            try policies.applyBranchRestriction(branchRegex: "^(master$", environment: "prod")
        } throws: { error in
            "\(error)".hasPrefix("branch regex not valid: ")
        }
    }

    @Test("branch regexes have RE2's semantics, as templates do: (?P<name>…) groups, ASCII \\w, $ at the very end")
    func re2Semantics() throws {
        var policies = Policies(service: "s")
        try policies.applyBranchRestriction(branchRegex: #"^(?P<kind>feature|fix)/[\w-]+$"#, environment: "prod")
        #expect(try policies.canRelease(branch: "feature/login-page", environment: "prod"))
        #expect(try !policies.canRelease(branch: "feature/café", environment: "prod"))
        #expect(try !policies.canRelease(branch: "fix/x\n", environment: "prod"))
    }

    @Test("an unanchored regex is refused unless forced")
    func unanchored() throws {
        var policies = Policies(service: "s")
        #expect(throws: PolicyError.unanchoredRegex(regex: "master")) {
            try policies.applyBranchRestriction(branchRegex: "master", environment: "prod")
        }
        #expect(try policies.applyBranchRestriction(branchRegex: "master", environment: "prod", force: true) == "branch-restriction-prod")
    }

    @Test("anchoring is checked for every top-level alternative", arguments: [
        ("^master$", true), ("\\Amaster\\z", true), ("^(master|main)$", true), ("^master$|^main$", true),
        ("master", false), ("^master", false), ("master$", false), ("^master$|main", false), ("^master\\$", false),
        ("^a[|]b$", true), ("^release/.*$", true),
    ])
    func anchoring(regex: String, anchored: Bool) {
        #expect(BranchRegex.isAnchored(regex) == anchored)
    }

    @Test("a restriction that would refuse the environment's auto-release conflicts")
    func restrictionConflictsWithAutoRelease() throws {
        var policies = Policies(service: "s")
        try policies.applyAutoRelease(branch: "develop", environment: "dev")
        #expect(throws: PolicyError.conflict(policyID: "auto-release-develop-dev", reason: "conflict with auto-release-develop-dev")) {
            try policies.applyBranchRestriction(branchRegex: "^master$", environment: "dev")
        }
        #expect(try policies.applyBranchRestriction(branchRegex: "^(master|develop)$", environment: "dev") == "branch-restriction-dev")
    }

    @Test("a restriction that differs from a global one conflicts")
    func restrictionConflictsWithGlobal() throws {
        var policies = Policies(service: "s")
        let global = [BranchRestriction.global(environment: "prod", branchRegex: "^master$")]
        #expect(throws: PolicyError.conflict(policyID: "", reason: "conflicts with global policy")) {
            try policies.applyBranchRestriction(branchRegex: "^main$", environment: "prod", global: global)
        }
        #expect(try policies.applyBranchRestriction(branchRegex: "^master$", environment: "prod", global: global) == "branch-restriction-prod")
    }

    @Test("delete removes listed ids of both kinds and counts them")
    func delete() throws {
        var policies = Policies(service: "s")
        try policies.applyAutoRelease(branch: "master", environment: "dev")
        try policies.applyAutoRelease(branch: "master", environment: "staging")
        try policies.applyBranchRestriction(branchRegex: "^master$", environment: "prod")
        #expect(policies.delete(ids: [" auto-release-master-dev ", "branch-restriction-prod", "nope", ""]) == 2)
        #expect(policies.autoReleases.map(\.id) == ["auto-release-master-staging"])
        #expect(policies.branchRestrictions.isEmpty)
        #expect(policies.delete(ids: ["nope"]) == 0)
    }

    @Test("global restrictions parse from configuration items")
    func parseGlobal() throws {
        #expect(try BranchRestriction.parseGlobal([" prod=^master$ ", "", "staging=^(master|main)$"]) == [
            .global(environment: "prod", branchRegex: "^master$"), .global(environment: "staging", branchRegex: "^(master|main)$"),
        ])
        #expect(throws: GlobalRestrictionError.invalidMapping("prod")) { try BranchRestriction.parseGlobal(["prod"]) }
        #expect(throws: GlobalRestrictionError.invalidMapping("prod=a=b")) { try BranchRestriction.parseGlobal(["prod=a=b"]) }
        #expect(throws: GlobalRestrictionError.invalidMapping("=x")) { try BranchRestriction.parseGlobal(["=x"]) }
        #expect(throws: GlobalRestrictionError.conflictingMappings("prod")) { try BranchRestriction.parseGlobal(["prod=a", "prod=b"]) }
    }
}
