import GoTemplate
import Testing
@testable import ShuttleKit

@Suite struct VarsTests {
    let vars: Value = ["docker": ["image": "app", "tags": ["a", "b"]], "version": 1.5, "off": false, "nothing": nil]

    @Test func looksUpDotPathsThroughMaps() {
        #expect(vars.lookup(path: "docker.image") == "app")
        #expect(vars.lookup(path: "docker") == ["image": "app", "tags": ["a", "b"]])
        #expect(vars.lookup(path: "off") == false)
        #expect(vars.lookup(path: "nothing") == .null)
    }

    @Test func pathsThroughListsScalarsOrMissingKeysFindNothing() {
        #expect(vars.lookup(path: "docker.tags.0") == nil)
        #expect(vars.lookup(path: "version.x") == nil)
        #expect(vars.lookup(path: "missing.key") == nil)
    }

    @Test func projectVarsOverridePlanDefaultsDeeply() {
        let plan: Value = ["docker": ["image": "default", "registry": "quay.io"], "replicas": 1]
        let project: Value = ["docker": ["image": "app"], "replicas": ["dev": 1]]
        #expect(plan.deepMerged(with: project) == ["docker": ["image": "app", "registry": "quay.io"], "replicas": ["dev": 1]])
    }
}
