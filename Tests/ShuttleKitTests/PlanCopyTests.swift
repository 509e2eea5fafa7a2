import Foundation
import Testing
import TestSupport
@testable import ShuttleKit

@Suite struct PlanCopyTests {
    @Test func mirrorsThePlanAndCopiesNothingWhenUnchanged() throws {
        let root = try TemporaryDirectory("plancopy")
        defer { root.remove() }
        try root.write("plan/plan.yaml", "scripts: {}\n")
        try root.write("plan/templates/Dockerfile", "FROM scratch\n")
        try root.write("plan/bin/tool.sh", "#!/bin/sh\n", executable: true)
        try root.write("plan/.git/HEAD", "ref: refs/heads/main\n")
        let copy = PlanCopy(source: root.path + "/plan", destination: root.path + "/proj/.shuttle/plan")

        #expect(try copy.sync() == 3)
        #expect(root.read("proj/.shuttle/plan/templates/Dockerfile") == "FROM scratch\n")
        #expect(FileManager.default.isExecutableFile(atPath: root.path + "/proj/.shuttle/plan/bin/tool.sh"))
        #expect(!root.exists("proj/.shuttle/plan/.git"))
        #expect(try copy.sync() == 0)

        try root.write("plan/templates/Dockerfile", "FROM alpine\n")
        try FileManager.default.removeItem(atPath: root.path + "/plan/bin/tool.sh")
        #expect(try copy.sync() == 2)
        #expect(root.read("proj/.shuttle/plan/templates/Dockerfile") == "FROM alpine\n")
        #expect(!root.exists("proj/.shuttle/plan/bin/tool.sh"))
    }

    @Test func aProjectCanBeItsOwnPlan() throws {
        let root = try TemporaryDirectory("plancopy")
        defer { root.remove() }
        try root.write("proj/shuttle.yaml", "plan: .\n")
        try root.write("proj/plan.yaml", "scripts: {}\n")
        let copy = PlanCopy(source: root.path + "/proj", destination: root.path + "/proj/.shuttle/plan")
        try copy.sync()
        #expect(root.read("proj/.shuttle/plan/plan.yaml") == "scripts: {}\n")
        #expect(!root.exists("proj/.shuttle/plan/.shuttle"))
        #expect(try copy.sync() == 0)
    }

    @Test func aMissingPlanFolderIsAConfigurationError() throws {
        let root = try TemporaryDirectory("plancopy")
        defer { root.remove() }
        #expect(throws: ShuttleError.self) { try PlanCopy(source: root.path + "/nope", destination: root.path + "/d").sync() }
    }
}
