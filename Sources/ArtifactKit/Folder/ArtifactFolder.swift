import Foundation
import MoonbaseClient
import ReleaseModel

/// The folder a pipeline records into (`--root`): its `artifact.json` (`--file`), the pipeline
/// message (`--message-file`) and one folder of manifests per environment, which `push` uploads.
public struct ArtifactFolder: Sendable {
    public var root: String
    public var fileName: String
    public var messageFileName: String

    public init(root: String = ".", fileName: String = "artifact.json", messageFileName: String = "message.json") {
        self.root = root
        self.fileName = fileName
        self.messageFileName = messageFileName
    }

    public var specPath: String { Self.join(root, fileName) }
    public var messagePath: String { Self.join(root, messageFileName) }

    // MARK: artifact.json

    /// The recorded spec. A missing file says to run `artifact init`; a file that does not parse
    /// names itself and the problem.
    public func readSpec() throws(ArtifactError) -> ArtifactSpec {
        let data = try Self.readFile(specPath, missing: "\(fileName) not found in \(root): run 'artifact init' first")
        do {
            return try ArtifactSpec(jsonData: data)
        } catch {
            throw ArtifactError("\(specPath) is not a valid artifact.json: \(error.description)")
        }
    }

    /// Writes the spec as the reference CLI does (Go's indented JSON and a newline), atomically.
    public func writeSpec(_ spec: ArtifactSpec) throws(ArtifactError) {
        do {
            try AtomicFile.write(spec.goJSON(trailingNewline: true), to: specPath)
        } catch {
            throw ArtifactError(error.description)
        }
    }

    /// Reads the spec, applies `change` and writes the result; when anything fails the file
    /// stays as it was.
    @discardableResult
    public func updateSpec(_ change: (inout ArtifactSpec) throws(ArtifactError) -> Void) throws(ArtifactError) -> ArtifactSpec {
        var spec = try readSpec()
        try change(&spec)
        try writeSpec(spec)
        return spec
    }

    // MARK: Files

    /// The bytes of the regular file at `path`; `missing` is the error when it does not exist
    /// (or a folder on the way is a file).
    static func readFile(_ path: String, missing: String) throws(ArtifactError) -> Data {
        var status = stat()
        guard stat(path, &status) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { throw ArtifactError(missing) }
            throw ArtifactError("could not read \(path): \(String(cString: strerror(errno)))")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw ArtifactError("\(path) is not a regular file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ArtifactError("could not read \(path)")
        }
        return data
    }

    static func join(_ folder: String, _ name: String) -> String {
        if name.hasPrefix("/") { return name }
        return folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
}
