import Foundation
import MoonbaseStore
import ReleaseEngine
import ReleaseModel
import TestSupport
import Testing

@Suite struct ArtifactArchiveTests {
    static let id = ArtifactID.make(branch: "master", sha: "0123456789ab", planSHA: "plan000000")

    static func specJSON(id: String = id, service: String = "product") -> String {
        var spec = ArtifactSpec(id: id, service: service, squad: "nasa")
        spec.application.branch = "master"
        return String(decoding: spec.goJSON(trailingNewline: true), as: UTF8.self)
    }

    static func read(_ entries: [ZipEntrySource], limits: ArtifactArchiveLimits = ArtifactArchiveLimits()) throws -> ArtifactUpload {
        try ArtifactArchive.read(try makeZip(entries), service: "product", artifactID: id, limits: limits)
    }

    /// The message reading `entries` fails with.
    static func refusal(_ entries: [ZipEntrySource], limits: ArtifactArchiveLimits = ArtifactArchiveLimits()) throws -> String {
        refusal(of: try makeZip(entries), limits: limits)
    }

    static func refusal(of data: Data, limits: ArtifactArchiveLimits = ArtifactArchiveLimits()) -> String {
        do {
            _ = try ArtifactArchive.read(data, service: "product", artifactID: id, limits: limits)
            return "accepted"
        } catch {
            return error.description
        }
    }

    @Test func readsTheSpecAndTheEnvironmentFoldersAndIgnoresOtherTopLevelFiles() throws {
        let upload = try Self.read([
            .file("artifact.json", Self.specJSON()),
            .file("dev.yaml", "ignored"),
            .file("message.json", "{}"),
            .folder("dev/"),
            .file("dev/deployment.yaml", "kind: Deployment\n"),
            .file("dev/jobs/migrate.yaml", "kind: Job\n", stored: true),
            .file("prod/deployment.yaml", "kind: Deployment\n"),
        ])
        #expect(upload.spec.id == Self.id)
        #expect(upload.environments == ["dev", "prod"])
        #expect(upload.files.map { "\($0.environment)/\($0.path)" }.sorted() == ["dev/deployment.yaml", "dev/jobs/migrate.yaml", "prod/deployment.yaml"])
        #expect(upload.files.first { $0.path == "jobs/migrate.yaml" }?.content == Data("kind: Job\n".utf8))
    }

    @Test func keepsTheServicesShuttleYAMLAndItsLanguage() throws {
        let spec = "plan: https://git.example.com/plans/service.git\nvars:\n  service: product\n  language: go\n"
        let upload = try Self.read([.file("artifact.json", Self.specJSON()), .file("shuttle.yaml", spec), .file("dev/a.yaml", "a: 1\n")])
        #expect(upload.serviceSpec == ServiceSpec(text: spec, language: "go"))
        #expect(upload.files.map(\.path) == ["a.yaml"])
        let without = try Self.read([.file("artifact.json", Self.specJSON()), .file("dev/a.yaml", "a: 1\n")])
        #expect(without.serviceSpec == nil)

        #expect(try Self.refusal([.file("artifact.json", Self.specJSON()), .file("shuttle.yaml", "vars: [\n")])
            .hasPrefix("artifact archive entry 'shuttle.yaml' is not valid YAML"))
        #expect(try Self.refusal([.file("artifact.json", Self.specJSON()), .file("shuttle.yaml", "- a\n- b\n")])
            == "artifact archive entry 'shuttle.yaml' must be a YAML mapping (plan:, vars:), as shuttle reads it")
    }

    @Test func readsZipsWithoutUnixModesAsGoWritesThem() throws {
        // Go's archive/zip `Create` records an MS-DOS creator and no file mode.
        var zip = try makeZip([.file("artifact.json", Self.specJSON()), .file("dev/deployment.yaml", "kind: Deployment\n")])
        for entry in 0..<2 {
            zip.patchCentralDirectory(entry: entry, offset: 4, uint16: 20)
            zip.patchCentralDirectory(entry: entry, offset: 38, uint32: 0)
        }
        let upload = try ArtifactArchive.read(zip, service: "product", artifactID: Self.id)
        #expect(upload.files.map(\.path) == ["deployment.yaml"])
    }

    @Test func refusesPathsThatLeaveTheArchive() throws {
        let spec = ZipEntrySource.file("artifact.json", Self.specJSON())
        #expect(try Self.refusal([spec, .file("../x", "x")])
            == "artifact archive entry '../x' leaves the archive: entries must be relative paths inside it")
        #expect(try Self.refusal([spec, .file("dev/../../x", "x")])
            == "artifact archive entry 'dev/../../x' leaves the archive: entries must be relative paths inside it")
        #expect(try Self.refusal([spec, .file("/etc/passwd", "x")])
            == "artifact archive entry '/etc/passwd' is an absolute path: entries must be relative paths inside it")
        #expect(try Self.refusal([spec, .file("dev\\x.yaml", "x")])
            == "artifact archive entry 'dev\\x.yaml' contains a backslash: separate folders with '/'")
        #expect(try Self.refusal([spec, .file("dev/a\u{0}b.yaml", "x")])
            == "artifact archive entry 'dev/a\\u{0}b.yaml' contains a NUL character: entry names must be plain paths")
        #expect(try Self.refusal([spec, .file("dev//x.yaml", "x")])
            == "artifact archive entry 'dev//x.yaml' has an empty or '.' path segment: entry names must be plain paths")
        #expect(try Self.refusal([spec, .file("dev/.GIT/hooks/post-checkout", "x")])
            == "artifact archive entry 'dev/.GIT/hooks/post-checkout' has a '.git' path segment: git would refuse it in the config repository")
        #expect(try Self.refusal([spec, .file("dev/a", "x"), .file("dev/a/b.yaml", "y")])
            == "artifact archive entry 'dev/a' is a file and also the folder of 'dev/a/b.yaml': a path can be only one of the two")
    }

    @Test func refusesSymbolicLinksAndDuplicates() throws {
        let spec = ZipEntrySource.file("artifact.json", Self.specJSON())
        #expect(try Self.refusal([spec, .symbolicLink("dev/passwd", to: "/etc/passwd")])
            == "artifact archive entry 'dev/passwd' is a symbolic link: only regular files and folders are accepted")
        #expect(try Self.refusal([spec, .file("dev/a.yaml", "1"), .file("dev/a.yaml", "2")])
            == "artifact archive entry 'dev/a.yaml' appears twice: entry paths must be unique")
    }

    @Test func refusesFoldersThatAreNotEnvironments() throws {
        #expect(try Self.refusal([.file("artifact.json", Self.specJSON()), .file(".git/config", "x")])
            == "artifact archive entry '.git/config' is in top-level folder '.git', which is not an environment: must not start with '.' or '-'")
    }

    @Test func stopsAZipBombAtTheLimits() throws {
        let spec = ZipEntrySource.file("artifact.json", Self.specJSON())
        let bomb = Data(count: 21 << 20)
        #expect(try Self.refusal([spec, .file("dev/bomb.yaml", data: bomb)])
            == "artifact archive entry 'dev/bomb.yaml' is \(21 << 20) bytes uncompressed: the limit per file is 20 MiB")
        let small = ArtifactArchiveLimits(maximumTotalBytes: 4 << 10, maximumFileBytes: 3 << 10)
        #expect(try Self.refusal([spec, .file("dev/a.yaml", data: Data(count: 3 << 10)), .file("prod/a.yaml", data: Data(count: 3 << 10))], limits: small)
            == "artifact archive inflates to more than 4 KiB, the limit for all files together")

        // A central directory that understates the size: inflating stops just past it.
        var lying = try makeZip([spec, .file("dev/bomb.yaml", data: Data(count: 8 << 20))])
        lying.patchCentralDirectory(entry: 1, offset: 24, uint32: 100)
        #expect(Self.refusal(of: lying) == "artifact archive entry 'dev/bomb.yaml' is damaged: it inflates past its declared size of 100 bytes")
    }

    @Test func refusesTooManyEntriesAndTooLargeArchives() throws {
        let entries = [ZipEntrySource.file("artifact.json", Self.specJSON())] + (1...3).map { .file("dev/\($0).yaml", "x") }
        #expect(try Self.refusal(entries, limits: ArtifactArchiveLimits(maximumEntries: 3))
            == "artifact archive has 4 entries: at most 3 files and folders are accepted")
        #expect(try Self.refusal(entries, limits: ArtifactArchiveLimits(maximumArchiveBytes: 100))
            == "artifact archive is larger than 100 bytes, the limit for an upload")
    }

    @Test func refusesWhatIsNotAWholeZip() throws {
        #expect(Self.refusal(of: Data("hello".utf8)) == "artifact archive is not a zip file: upload the zip of artifact.json and the environment folders")
        let zip = try makeZip([.file("artifact.json", Self.specJSON()), .file("dev/a.yaml", "x")])
        #expect(Self.refusal(of: zip.prefix(zip.count - 30))
            == "artifact archive is truncated or damaged: the central directory at the end of the zip is missing")
    }

    @Test func endsADeflateStreamThatRunsPastItsData() throws {
        // A non-final stored deflate block announcing 65,535 bytes, of which 4 follow.
        var zip = try makeZip([.file("artifact.json", Self.specJSON()), .file("dev/a.yaml", data: Data([0x00, 0xFF, 0xFF, 0x00, 0x00, 1, 2, 3, 4]), stored: true)])
        zip.patchCentralDirectory(entry: 1, offset: 10, uint16: 8)
        zip.patchCentralDirectory(entry: 1, offset: 24, uint32: 1000)
        #expect(Self.refusal(of: zip).hasPrefix("artifact archive entry 'dev/a.yaml' is damaged: "))
    }

    @Test func checksTheSpec() throws {
        #expect(try Self.refusal([.file("dev/a.yaml", "x")])
            == "artifact archive has no artifact.json at its top level: the artifact CLI puts the spec there")
        #expect(try Self.refusal([.file("artifact.json", "{\"id\":1}")]).hasPrefix("artifact archive entry 'artifact.json' is not a valid artifact spec: "))
        #expect(try Self.refusal([.file("artifact.json", Self.specJSON(id: "master-other-1"))])
            == "artifact archive entry 'artifact.json' is for artifact 'master-other-1' of service 'product', but the upload URL was created for artifact '\(Self.id)' of service 'product'")
        #expect(try Self.refusal([.file("artifact.json", Self.specJSON(service: "other"))]).contains("of service 'other', but the upload URL"))
    }
}

extension Data {
    /// Overwrites a field of the `entry`th central directory record (tests that forge archives).
    mutating func patchCentralDirectory(entry: Int, offset: Int, uint32 value: UInt32) {
        let start = centralDirectoryRecord(entry)
        for index in 0..<4 { self[start + offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    }

    mutating func patchCentralDirectory(entry: Int, offset: Int, uint16 value: UInt16) {
        let start = centralDirectoryRecord(entry)
        for index in 0..<2 { self[start + offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    }

    private func centralDirectoryRecord(_ entry: Int) -> Int {
        let signature: [UInt8] = [0x50, 0x4B, 0x01, 0x02]
        var found = -1
        var position = startIndex
        while let range = self[position...].firstRange(of: signature) {
            found += 1
            if found == entry { return range.lowerBound }
            position = range.upperBound
        }
        fatalError("no central directory record \(entry)")
    }
}
