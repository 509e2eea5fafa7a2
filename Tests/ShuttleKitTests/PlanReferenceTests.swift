import Testing
@testable import ShuttleKit

@Suite struct PlanReferenceTests {
    @Test func parsesEveryPlanForm() throws {
        #expect(try PlanReference.parse("", relativeTo: "/p") == .none)
        #expect(try PlanReference.parse("../plan", relativeTo: "/work/proj") == .local(path: "/work/plan"))
        #expect(try PlanReference.parse(".", relativeTo: "/work/proj") == .local(path: "/work/proj"))
        #expect(try PlanReference.parse("/abs/plan", relativeTo: "/work/proj") == .local(path: "/abs/plan"))
        #expect(try PlanReference.parse("https://github.com/org/plan.git#v1", relativeTo: "/") == .git(GitPlanSource(
            transport: .https, url: "https://github.com/org/plan.git", cloneURL: "https://github.com/org/plan.git", ref: "v1")))
        #expect(try PlanReference.parse("git://git@github.com:org/plan.git", relativeTo: "/") == .git(GitPlanSource(
            transport: .ssh, url: "git://git@github.com:org/plan.git", cloneURL: "git@github.com:org/plan.git", ref: nil)))
        #expect(try PlanReference.parse("file:///srv/plan.git#abc123", relativeTo: "/") == .git(GitPlanSource(
            transport: .file, url: "file:///srv/plan.git", cloneURL: "file:///srv/plan.git", ref: "abc123")))
    }

    @Test func rejectsHttpPlansThatAreNotGitRepositories() {
        #expect(throws: ShuttleError.self) { try PlanReference.parse("https://example.com/plan", relativeTo: "/") }
        #expect(throws: ShuttleError.self) { try PlanReference.parse("http://example.com/plan.git", relativeTo: "/") }
    }

    @Test func addsTheTokenOnlyToHttpsCloneURLs() throws {
        guard case .git(let https) = try PlanReference.parse("https://github.com/org/plan.git", relativeTo: "/"),
              case .git(let ssh) = try PlanReference.parse("git://git@github.com:org/plan.git", relativeTo: "/")
        else { Issue.record("expected git plans"); return }
        #expect(https.authenticatedCloneURL(token: "s3cret") == "https://s3cret@github.com/org/plan.git")
        #expect(ssh.authenticatedCloneURL(token: "s3cret") == "git@github.com:org/plan.git")
        #expect(ssh.webURL == "https://github.com/org/plan.git")
    }
}
