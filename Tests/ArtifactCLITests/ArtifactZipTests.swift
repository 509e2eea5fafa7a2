@testable import ArtifactKit
import Foundation
import TestSupport
import Testing
import ZIPFoundation

struct ArtifactZipTests {
    static func fill(_ root: TemporaryDirectory) throws {
        try root.write("artifact.json", #"{"id":"master-1-2","service":"checkout"}"#)
        try root.write("prod/deployment.yaml", "kind: Deployment\n")
        try root.write("dev/deployment.yaml", "kind: Deployment\nreplicas: 1\n")
        try root.write("dev/config/app.yaml", "a: 1\n")
        try root.write("dev/Z-upper.yaml", "z: 1\n")
        try root.write("message.json", "{}\n")
        try FileManager.default.createDirectory(atPath: root.path + "/empty/inner", withIntermediateDirectories: true)
    }

    /// Entries as read back: path, content, POSIX permissions.
    static func entries(of data: Data) throws -> [(path: String, content: String, permissions: UInt16?, type: Entry.EntryType)] {
        let archive = try Archive(data: data, accessMode: .read)
        return try archive.map { entry in
            var content = Data()
            _ = try archive.extract(entry) { content.append($0) }
            let permissions = entry.fileAttributes[.posixPermissions] as? Int
            return (entry.path, String(decoding: content, as: UTF8.self), permissions.map { UInt16($0) }, entry.type)
        }
    }

    @Test func zipsRegularFilesSortedWithoutFoldersAndRoundTrips() throws {
        let root = try TemporaryDirectory("artifact-zip")
        defer { root.remove() }
        try Self.fill(root)
        let zip = try ArtifactZip(root: root.path, excluding: ["message.json"])
        #expect(zip.paths == ["artifact.json", "dev/Z-upper.yaml", "dev/config/app.yaml", "dev/deployment.yaml", "prod/deployment.yaml"])
        let entries = try Self.entries(of: zip.data)
        #expect(entries.map(\.path) == zip.paths)
        #expect(entries.allSatisfy { $0.type == .file })
        #expect(entries.allSatisfy { $0.permissions == 0o644 })
        #expect(entries.first { $0.path == "dev/deployment.yaml" }?.content == "kind: Deployment\nreplicas: 1\n")
        #expect(Data(base64Encoded: zip.md5)?.count == 16)
    }

    @Test func theSameFilesGiveTheSameBytesWhateverTheirTimesOrPlace() throws {
        let first = try TemporaryDirectory("artifact-zip")
        let second = try TemporaryDirectory("artifact-zip")
        defer { first.remove(); second.remove() }
        try Self.fill(first)
        try Self.fill(second)
        // Different modification times and modes on the second copy.
        let old = Date(timeIntervalSince1970: 1_000_000_000)
        try FileManager.default.setAttributes([.modificationDate: old, .posixPermissions: 0o600], ofItemAtPath: second.path + "/dev/deployment.yaml")
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: second.path + "/artifact.json")
        let a = try ArtifactZip(root: first.path, excluding: ["message.json"])
        let b = try ArtifactZip(root: second.path, excluding: ["message.json"])
        #expect(a.data == b.data)
        #expect(a.md5 == b.md5)
        // And a change of content is a different zip.
        try second.write("prod/deployment.yaml", "kind: Deployment\nreplicas: 2\n")
        #expect(try ArtifactZip(root: second.path, excluding: ["message.json"]).data != a.data)
    }

    @Test func refusesSymbolicLinksByName() throws {
        let root = try TemporaryDirectory("artifact-zip")
        defer { root.remove() }
        try Self.fill(root)
        try FileManager.default.createSymbolicLink(atPath: root.path + "/dev/link.yaml", withDestinationPath: "/etc/passwd")
        #expect(throws: ArtifactError(
            "\(root.path)/dev/link.yaml is a symbolic link: the artifact takes regular files only; copy the file it points to instead")) {
            try ArtifactZip(root: root.path)
        }
        try FileManager.default.removeItem(atPath: root.path + "/dev/link.yaml")
        #expect(mkfifo(root.path + "/prod/pipe", 0o644) == 0)
        #expect(throws: ArtifactError("\(root.path)/prod/pipe is not a regular file: the artifact takes regular files only")) {
            try ArtifactZip(root: root.path)
        }
    }

    @Test func pushLeavesOutOnlyTheMessageFile() throws {
        let folder = ArtifactFolder(root: "/r", fileName: "artifact.json", messageFileName: "./notes/message.json")
        let push = ArtifactPush(folder: folder, baseURL: "http://x", baseURLSource: "--http-base-url", credentials: .token("t", source: "--token"))
        #expect(push.excludedPaths == ["notes/message.json"])
    }
}
