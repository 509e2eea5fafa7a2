import Foundation
import GoCompat
import Testing
@testable import ReleaseModel

@Suite("API types")
struct APITests {
    let body = GoJSONEncoder.httpBody

    @Test("hamctl's release body decodes and encodes back the same")
    func releaseRequest() throws {
        let wire = #"{"service":"example","environment":"dev","artifactId":"master-abc-123","intent":{"type":"Rollback","releaseBranch":{},"promote":{},"rollback":{"previousArtifactId":"master-old-1"}}}"#
        let request = try JSONDecoder().decode(ReleaseRequest.self, from: Data(wire.utf8))
        #expect(request.intent == .rollback(previousArtifactID: "master-old-1"))
        #expect(request.validationErrors().isEmpty)
        #expect(try body.encodeToString(request) == wire + "\n")
        var withReason = request
        withReason.reason = "login broken"
        #expect(try body.encodeToString(withReason).hasSuffix(#","reason":"login broken"}"# + "\n"))
    }

    @Test("release validation collects the reference's items")
    func releaseValidation() throws {
        let empty = try JSONDecoder().decode(ReleaseRequest.self, from: Data(#"{"service":" ","intent":{"releaseBranch":{}}}"#.utf8))
        #expect(empty.validationErrors() == [
            "Required field 'service' was empty", "Required field 'environment' was empty",
            "required field artifact id is not specified", "required intent is not specified", "required intent is not valid",
        ])
        let unknown = try JSONDecoder().decode(ReleaseRequest.self, from: Data(#"{"service":"s","environment":"../etc","artifactId":"a","intent":{"type":"Deploy"}}"#.utf8))
        #expect(unknown.validationErrors() == ["required intent is not valid", "invalid environment '../etc': must not contain '/'"])
        #expect(ErrorResponse.invalidInput(empty.validationErrors().prefix(2).map { $0 }).message == "input not valid:\n  Required field 'service' was empty\n  Required field 'environment' was empty\n")
    }

    @Test("responses omit what Go omits")
    func omitEmpty() throws {
        #expect(try body.encodeToString(StatusResponse(defaultNamespaces: true, environments: [])) == "{\"defaultNamespaces\":true}\n")
        #expect(try body.encodeToString(ReleaseResponse.alreadyReleased(service: "s", environment: "dev")) == "{\"service\":\"s\",\"status\":\"Environment 'dev' is already up-to-date\",\"toEnvironment\":\"dev\"}\n")
        #expect(try body.encodeToString(ReleaseResponse(service: "s", releaseID: "a", toEnvironment: "dev", tag: "a")) == "{\"service\":\"s\",\"releaseId\":\"a\",\"toEnvironment\":\"dev\",\"tag\":\"a\"}\n")
        #expect(try body.encodeToString(DeletePolicyResponse(service: "s", count: 0)) == "{\"service\":\"s\"}\n")
        #expect(try body.encodeToString(ErrorResponse(status: 404, message: "no policies exist")) == "{\"status\":404,\"message\":\"no policies exist\"}\n")
        #expect(try body.encodeToString(DescribeArtifactResponse(service: "s", artifacts: [])) == "{\"service\":\"s\"}\n")
        #expect(try body.encodeToString(CreateArtifactResponse(artifactUploadURL: "http://x/u?a=1&b=2")) == "{\"artifactUploadUrl\":\"http://x/u?a=1\\u0026b=2\"}\n")
    }

    @Test("describe release omits releaseIndex 0")
    func describeRelease() throws {
        let release = DescribeReleaseResponse.Release(releaseIndex: 0, artifact: ArtifactSpec(id: "a"), releasedAt: GoTime(secondsSince1970: 0), releasedByEmail: "e@x", releasedByName: "E", intent: .releaseArtifact)
        var second = release
        second.releaseIndex = 1
        let text = try body.encodeToString(DescribeReleaseResponse(service: "s", environment: "dev", releases: [release, second]))
        #expect(text.hasPrefix(#"{"service":"s","environment":"dev","releases":[{"artifact":{"id":"a","application":{},"ci":{"start":"0001-01-01T00:00:00Z","end":"0001-01-01T00:00:00Z"},"shuttle":{"plan":{}}},"releasedAt":"1970-01-01T00:00:00Z","releasedByEmail":"e@x","releasedByName":"E","intent":{"type":"ReleaseArtifact""#))
        #expect(text.contains(#"{"releaseIndex":1,"artifact""#))
        let decoded = try JSONDecoder().decode(DescribeReleaseResponse.self, from: Data(text.utf8))
        #expect(decoded.releases == [release, second])
    }

    @Test("policy listing puts global restrictions first, in API field order")
    func listPolicies() throws {
        var policies = Policies(service: "example")
        try policies.applyAutoRelease(branch: "master", environment: "dev")
        try policies.applyBranchRestriction(branchRegex: "^master$", environment: "staging")
        let listing = ListPoliciesResponse(policies: policies, global: [.global(environment: "prod", branchRegex: "^master$")])
        #expect(try GoJSONEncoder().encodeToString(listing) == #"{"service":"example","autoReleases":[{"id":"auto-release-master-dev","branch":"master","environment":"dev"}],"branchRestrictions":[{"environment":"prod","branchRegex":"^master$"},{"id":"branch-restriction-staging","environment":"staging","branchRegex":"^master$"}]}"#)
    }

    @Test("policy requests decode hamctl's bodies and validate")
    func policyRequests() throws {
        let apply = try JSONDecoder().decode(ApplyBranchRestrictionPolicyRequest.self, from: Data(#"{"service":"example","environment":"prod","branchRegex":"^master$"}"#.utf8))
        #expect(apply.validationErrors().isEmpty)
        #expect(!apply.force)
        let auto = try JSONDecoder().decode(ApplyAutoReleasePolicyRequest.self, from: Data(#"{"service":"example","branch":"master","environment":"dev"}"#.utf8))
        #expect(auto.validationErrors().isEmpty)
        let delete = try JSONDecoder().decode(DeletePolicyRequest.self, from: Data(#"{"service":"","policyIds":[" ",""]}"#.utf8))
        #expect(delete.validationErrors() == ["Required field 'service' was empty", "Required field 'committerEmail' was empty", "no policy ids suplied"])
        #expect(try GoJSONEncoder().encodeToString(ApplyPolicyResponse(id: "branch-restriction-prod", service: "example", environment: "prod", branchRegex: "^master$")) == #"{"id":"branch-restriction-prod","service":"example","environment":"prod","branchRegex":"^master$"}"#)
    }

    @Test("status of an environment sums vulnerabilities")
    func environmentStatus() throws {
        let spec = try ArtifactSpec(jsonData: Data(goWrittenSpec.utf8))
        let status = EnvironmentStatus(environment: "prod", spec: spec)
        #expect(status.tag == "master-482c9d808e-3bf40478e5")
        #expect(status.author == "Jane Doe")
        #expect(status.date == 1_624_437_742_500)
        #expect(status.highVulnerabilities == 3)
        #expect(status.mediumVulnerabilities == 4)
        #expect(status.lowVulnerabilities == 4)
        #expect(status.buildURL == "https://ci.example.com/job/product/123")
    }

    @Test("the artifact CLI's create request decodes")
    func createArtifact() throws {
        let wire = #"{"artifact":{"id":"master-a-b","service":"example","application":{"branch":"master"},"ci":{"jobUrl":"u","start":"2021-06-23T08:40:01Z","end":"0001-01-01T00:00:00Z"},"shuttle":{"plan":{}},"stages":[{"id":"build","name":"Build","data":{"image":"i","tag":"t","dockerVersion":"d"}}]},"md5":"abc=="}"#
        let request = try JSONDecoder().decode(CreateArtifactRequest.self, from: Data(wire.utf8))
        #expect(request.validationErrors().isEmpty)
        #expect(try GoJSONEncoder().encodeToString(request) == wire)
    }
}
