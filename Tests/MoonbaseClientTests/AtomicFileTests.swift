import Foundation
import MoonbaseClient
import TestSupport
import Testing

struct AtomicFileTests {
    static func leftovers(in root: TemporaryDirectory) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.contains(".tmp-") }
    }

    @Test func replacesTheContentWhole() throws {
        let root = try TemporaryDirectory("atomic")
        defer { root.remove() }
        let path = try root.write("artifact.json", String(repeating: "long old content\n", count: 100))
        try AtomicFile.write(Data("short\n".utf8), to: path)
        #expect(root.read("artifact.json") == "short\n")
        #expect(try Self.leftovers(in: root).isEmpty)
    }

    @Test func aWriteThatFailsHalfwayLeavesTheOldFileAndNoTemporaryFile() throws {
        let root = try TemporaryDirectory("atomic")
        defer { root.remove() }
        let path = try root.write("artifact.json", "old\n")
        let failure = AtomicFileError("disk full")
        #expect(throws: failure) {
            try AtomicFile.write(to: path) { descriptor throws(AtomicFileError) in
                try AtomicFile.writeAll(Data(#"{"id":"half"#.utf8), to: descriptor, path: path)
                throw failure
            }
        }
        #expect(root.read("artifact.json") == "old\n")
        #expect(try Self.leftovers(in: root).isEmpty)
    }

    @Test func aRenameTheSystemRefusesLeavesNoTemporaryFile() throws {
        let root = try TemporaryDirectory("atomic")
        defer { root.remove() }
        try root.write("artifact.json/keep", "a folder where the file should be\n")
        let error = #expect(throws: AtomicFileError.self) {
            try AtomicFile.write(Data("new\n".utf8), to: root.path + "/artifact.json")
        }
        #expect(error?.description.hasPrefix("could not write \(root.path)/artifact.json:") == true)
        #expect(root.read("artifact.json/keep") == "a folder where the file should be\n")
        #expect(try Self.leftovers(in: root).isEmpty)
    }

    @Test func aFolderThatDoesNotExistIsNamed() throws {
        #expect(throws: AtomicFileError("could not write /nonexistent-\(#line)/artifact.json: No such file or directory")) {
            try AtomicFile.write(Data(), to: "/nonexistent-\(#line)/artifact.json")
        }
    }

    @Test func createsTheFileWithTheModeAskedFor() throws {
        let root = try TemporaryDirectory("atomic")
        defer { root.remove() }
        let path = root.path + "/tokens.json"
        try AtomicFile.write(Data("secret\n".utf8), to: path, mode: 0o600)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
        try AtomicFile.write(Data("other\n".utf8), to: path, mode: 0o640)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o640)
    }
}
