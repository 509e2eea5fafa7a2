import Crypto
import Foundation
import ZIPFoundation

/// The zip `artifact push` uploads: every regular file under the root, by its path relative to
/// the root, in byte order of the paths, without folder entries. Entries are stored (not
/// deflated) with one fixed timestamp and mode 0644, so the same files always give the same
/// bytes, whatever the machine, its clock, time zone or zlib: a retried push is an identical
/// re-upload, which the server accepts, not a different archive under the same id (409).
public struct ArtifactZip: Sendable {
    public var data: Data
    /// The entries' paths, in archive order.
    public var paths: [String]

    /// 1980-01-01T00:00:00Z, the earliest time a zip can record.
    static let timestamp = Date(timeIntervalSince1970: 315_532_800)
    static let permissions: UInt16 = 0o644

    /// base64 of the zip's MD5: the upload's `md5` and `Content-MD5`.
    public var md5: String {
        Data(Insecure.MD5.hash(data: data)).base64EncodedString()
    }

    /// Zips the files under `root`; `excluding` are paths relative to the root left out.
    /// Symbolic links and other files that are not regular files or folders are refused by name.
    public init(root: String, excluding: Set<String> = []) throws(ArtifactError) {
        let files = try Self.regularFiles(under: root).filter { !excluding.contains($0) }
        let archive: Archive
        do {
            archive = try Archive(data: Data(), accessMode: .create)
        } catch {
            throw ArtifactError("could not create the artifact zip: \(error)")
        }
        for path in files {
            let file = ArtifactFolder.join(root, path)
            guard let content = FileManager.default.contents(atPath: file) else {
                throw ArtifactError("could not read \(file)")
            }
            do {
                try archive.addEntry(
                    with: path, type: .file, uncompressedSize: Int64(content.count), modificationDate: Self.timestamp,
                    permissions: Self.permissions, compressionMethod: .none,
                    provider: { position, size in content.subdata(in: Int(position)..<Int(position) + size) })
            } catch {
                throw ArtifactError("could not add \(file) to the artifact zip: \(error)")
            }
        }
        guard let data = archive.data else { throw ArtifactError("could not create the artifact zip") }
        self.data = data
        self.paths = files
    }

    /// The paths of the regular files under `root`, relative to it, sorted by their bytes.
    static func regularFiles(under root: String) throws(ArtifactError) -> [String] {
        var files: [String] = []
        var folders = [""]
        while let relative = folders.popLast() {
            let folder = relative.isEmpty ? root : ArtifactFolder.join(root, relative)
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: folder)
            } catch {
                throw ArtifactError("could not list \(folder): \(error.localizedDescription)")
            }
            for name in names {
                let path = relative.isEmpty ? name : relative + "/" + name
                var status = stat()
                guard lstat(ArtifactFolder.join(root, path), &status) == 0 else {
                    throw ArtifactError("could not read \(ArtifactFolder.join(root, path)): \(String(cString: strerror(errno)))")
                }
                switch status.st_mode & S_IFMT {
                case S_IFREG: files.append(path)
                case S_IFDIR: folders.append(path)
                case S_IFLNK:
                    throw ArtifactError(
                        "\(ArtifactFolder.join(root, path)) is a symbolic link: the artifact takes regular files only; copy the file it points to instead")
                default:
                    throw ArtifactError("\(ArtifactFolder.join(root, path)) is not a regular file: the artifact takes regular files only")
                }
            }
        }
        return files.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
