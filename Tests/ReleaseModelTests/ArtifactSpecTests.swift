import Foundation
import GoCompat
import Testing
@testable import ReleaseModel

/// An `artifact.json` as Go's `json.MarshalIndent(spec, "", "  ")` writes it: Go's field order,
/// omitempty strings, structs and times always written, HTML characters escaped, counts kept
/// even when 0, and the data of a stage Go built from a map (sorted keys).
let goWrittenSpec = #"""
{
  "id": "master-482c9d808e-3bf40478e5",
  "service": "product",
  "namespace": "banking",
  "application": {
    "branch": "master",
    "sha": "482c9d808e1f1b6b2c7b6d3e1a0f9c8b7a6d5e4f",
    "authorName": "Jane Doe",
    "authorEmail": "jane@example.com",
    "committerName": "Jane Doe",
    "committerEmail": "jane@example.com",
    "message": "Useful bits \u0026 \u003cfixes\u003e for \"quotes\"\nSecond line\twith tab",
    "name": "product",
    "url": "https://github.com/org/product/commit/482c9d808e1f1b6b2c7b6d3e1a0f9c8b7a6d5e4f",
    "provider": "GitHub"
  },
  "ci": {
    "jobUrl": "https://ci.example.com/job/product/123",
    "start": "2021-06-23T08:40:01.123456789+02:00",
    "end": "2021-06-23T08:42:22.5Z"
  },
  "squad": "nasa",
  "shuttle": {
    "plan": {
      "branch": "main",
      "sha": "3bf40478e5aa00ff11ee22dd33cc44bb55aa6699",
      "message": "Plan: add snyk",
      "url": "git@github.com:org/plan.git"
    },
    "shuttleVersion": "v0.19.1"
  },
  "stages": [
    {
      "id": "build",
      "name": "Build",
      "data": {
        "image": "quay.io/org/product",
        "tag": "master-482c9d808e-3bf40478e5",
        "dockerVersion": "20.10.7"
      }
    },
    {
      "id": "test",
      "name": "Test",
      "data": {
        "url": "https://ci.example.com/job/product/123/tests",
        "results": {
          "passed": 118,
          "failed": 0,
          "skipped": 2
        }
      }
    },
    {
      "id": "snyk-code",
      "name": "Security Scan - Code",
      "data": {
        "snykVersion": "1.600.0",
        "url": "https://app.snyk.io",
        "language": "go",
        "vulnerabilities": {
          "high": 0,
          "medium": 1,
          "low": 4
        }
      }
    },
    {
      "id": "snyk-docker",
      "name": "Security Scan - Docker",
      "data": {
        "tag": "master-482c9d808e-3bf40478e5",
        "snykVersion": "1.600.0",
        "url": "https://app.snyk.io",
        "baseImage": "alpine:3.13",
        "vulnerabilities": {
          "high": 2,
          "medium": 0,
          "low": 0
        }
      }
    },
    {
      "id": "security-scan",
      "name": "Security Scan",
      "data": {
        "scanner": "trivy",
        "scannerVersion": "0.50.1",
        "image": "quay.io/org/product:master-482c9d808e-3bf40478e5",
        "vulnerabilities": {
          "critical": 1,
          "high": 0,
          "medium": 3,
          "low": 0,
          "unknown": 0
        }
      }
    },
    {
      "id": "push",
      "name": "Push",
      "data": {
        "image": "quay.io/org/product",
        "tag": "master-482c9d808e-3bf40478e5",
        "dockerVersion": "20.10.7"
      }
    },
    {
      "id": "sbom",
      "name": "SBOM",
      "data": {
        "components": 412,
        "format": "cyclonedx",
        "ratio": 0.25,
        "tools": [
          "syft",
          null,
          true
        ]
      }
    },
    {
      "id": "notify",
      "name": "Notify"
    }
  ]
}
"""#

/// A spec written by `artifact init` with hardly any flags: empty structs and zero times.
let goWrittenMinimalSpec = #"""
{
  "id": "feature_login-abc-def",
  "application": {},
  "ci": {
    "start": "0001-01-01T00:00:00Z",
    "end": "0001-01-01T00:00:00Z"
  },
  "shuttle": {
    "plan": {}
  }
}
"""#

@Suite("artifact.json")
struct ArtifactSpecTests {
    @Test("a Go-written spec read and written again is byte-identical", arguments: [goWrittenSpec, goWrittenMinimalSpec])
    func roundTripIsByteIdentical(sample: String) throws {
        let spec = try ArtifactSpec(jsonData: Data(sample.utf8))
        let written = String(decoding: spec.goJSON(), as: UTF8.self)
        #expect(written == sample)
        // As the artifact CLI writes the file: json.Encoder adds a newline.
        let file = try ArtifactSpec(jsonData: Data((sample + "\n").utf8))
        #expect(file.goJSON(trailingNewline: true) == Data((sample + "\n").utf8))
    }

    @Test("fields are read into their types")
    func decodesFields() throws {
        let spec = try ArtifactSpec(jsonData: Data(goWrittenSpec.utf8))
        #expect(spec.id == "master-482c9d808e-3bf40478e5")
        #expect(spec.namespace(in: "dev") == "banking")
        #expect(spec.application.message == "Useful bits & <fixes> for \"quotes\"\nSecond line\twith tab")
        #expect(spec.ci.start.nanoseconds == 123_456_789)
        #expect(spec.ci.start.utcOffsetSeconds == 7200)
        #expect(spec.ci.end.millisecondsSince1970 == 1_624_437_742_500)
        #expect(spec.stage("test")?.data == .test(TestData(url: "https://ci.example.com/job/product/123/tests", results: TestResults(passed: 118, failed: 0, skipped: 2))))
        guard case .securityScan(let scan) = spec.stage("security-scan")?.data else {
            Issue.record("security-scan stage not decoded")
            return
        }
        #expect(scan.vulnerabilities.critical == 1)
        #expect(spec.stage("notify")?.data == nil)
    }

    @Test("unknown stage ids keep their data, keys in document order")
    func unknownStageKeepsData() throws {
        let json = #"{"id":"a","stages":[{"id":"custom","data":{"zeta":1,"alpha":{"y":2,"b":[1.50,"x"]}}}]}"#
        let spec = try ArtifactSpec(jsonData: Data(json.utf8))
        guard case .raw(let raw) = spec.stages.first?.data else {
            Issue.record("raw data lost")
            return
        }
        #expect(raw.goCompact() == #"{"zeta":1,"alpha":{"y":2,"b":[1.50,"x"]}}"#)
        let written = try GoJSONEncoder().encodeToString(spec)
        #expect(written.contains(#""data":{"zeta":1,"alpha":{"y":2,"b":[1.50,"x"]}}"#))
    }

    @Test("known stage data of the wrong shape is kept raw instead of failing")
    func wrongShapeStageKeptRaw() throws {
        let json = #"{"stages":[{"id":"test","name":"Test","data":{"results":"all good"}}]}"#
        let spec = try ArtifactSpec(jsonData: Data(json.utf8))
        #expect(spec.stages.first?.data == .raw(.object([.init("results", .string("all good"))])))
    }

    @Test("unknown stage data fields are ignored, as Go does")
    func lenientStageData() throws {
        let json = #"{"stages":[{"id":"build","data":{"image":"i","tag":"t","extra":1}}]}"#
        let spec = try ArtifactSpec(jsonData: Data(json.utf8))
        #expect(spec.stages.first?.data == .build(ImageData(image: "i", tag: "t")))
    }

    @Test("an unknown top-level field is an error naming it")
    func unknownTopLevelField() {
        #expect(throws: ArtifactSpecError.unknownField("colour")) {
            try ArtifactSpec(jsonData: Data(#"{"id":"a","colour":"red"}"#.utf8))
        }
    }

    @Test("an unknown field in a nested object is named with its path")
    func unknownNestedField() {
        #expect(throws: ArtifactSpecError.unknownField("application.colour")) {
            try ArtifactSpec(jsonData: Data(#"{"application":{"branch":"master","colour":"red"}}"#.utf8))
        }
        #expect(throws: ArtifactSpecError.unknownField("stages[1].colour")) {
            try ArtifactSpec(jsonData: Data(#"{"stages":[{"id":"build"},{"id":"push","colour":"red"}]}"#.utf8))
        }
    }

    @Test("text that is not a JSON object is not parsable", arguments: ["", "not json", "[1,2]", #"{"id":"a""#, #"{"id":1}"#, #"{"ci":{"start":"yesterday"}}"#])
    func notParsable(text: String) {
        #expect {
            try ArtifactSpec(jsonData: Data(text.utf8))
        } throws: { error in
            guard case ArtifactSpecError.notParsable = error else { return false }
            return true
        }
    }

    @Test("a spec built in Swift encodes as Go would")
    func encodesBuiltSpec() throws {
        var spec = ArtifactSpec(id: "master-1234567890-abcdefabcd", service: "svc", application: Repository(branch: "master", message: "a<b"))
        spec.upsert(Stage(.build(ImageData(image: "img", tag: "t"))))
        spec.upsert(Stage(.build(ImageData(image: "img2", tag: "t2"))))
        spec.upsert(Stage(.test(TestData())))
        let text = try GoJSONEncoder().encodeToString(spec)
        #expect(text == #"{"id":"master-1234567890-abcdefabcd","service":"svc","application":{"branch":"master","message":"a\u003cb"},"ci":{"start":"0001-01-01T00:00:00Z","end":"0001-01-01T00:00:00Z"},"shuttle":{"plan":{}},"stages":[{"id":"build","name":"Build","data":{"image":"img2","tag":"t2"}},{"id":"test","name":"Test","data":{"results":{"passed":0,"failed":0,"skipped":0}}}]}"#)
    }

    @Test("artifact ids follow the reference convention")
    func artifactID() {
        #expect(ArtifactID.make(branch: "feature/login", sha: "482c9d808e1f1b6b", planSHA: "3bf40478e5aa00ff") == "feature_login-482c9d808e-3bf40478e5")
        #expect(ArtifactID.make(branch: "master", sha: "abc", planSHA: "") == "master-abc-")
    }
}
