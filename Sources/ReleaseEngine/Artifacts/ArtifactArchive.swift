import Foundation
import MoonbaseStore
import ReleaseModel
import ZIPFoundation

/// An uploaded artifact archive (spec §4.3), read without trusting it:
///
/// ```
/// artifact.json      the spec (required, parsed strictly; its id and service must be the upload's)
/// <env>/<path>       the manifests for environment <env> (a valid environment name)
/// shuttle.yaml       the service's spec (optional; a YAML mapping, kept for the portal)
/// anything else      other files at the top level (message.json, dev.yaml, …) are ignored
/// ```
///
/// Every entry must be a regular file or a folder (no symbolic links, devices or FIFOs) with a
/// relative path inside the archive: no leading `/`, no `..`, `.` or empty segments, no
/// backslashes, NUL or other control characters, and no path twice. Sizes are limited by
/// ``ArtifactArchiveLimits``. One bad entry rejects the whole archive, with an
/// ``ArtifactArchiveError`` naming the entry and the rule.
public enum ArtifactArchive {
    public static let specFileName = "artifact.json"

    /// Reads `data`, the zip uploaded for artifact `artifactID` of `service`, into what the store keeps.
    public static func read(
        _ data: Data, service: String, artifactID: String, limits: ArtifactArchiveLimits = ArtifactArchiveLimits()
    ) throws(ArtifactArchiveError) -> ArtifactUpload {
        guard data.count <= limits.maximumArchiveBytes else {
            throw ArtifactArchiveError("is larger than \(ArtifactArchiveLimits.describe(limits.maximumArchiveBytes)), the limit for an upload")
        }
        let bytes = [UInt8](data)
        let entries = try ZipDirectory.entries(in: bytes, maximumEntries: limits.maximumEntries)

        var seen = Set<String>()
        var wanted: [(entry: ZipEntry, environment: String?, path: String)] = []
        var declaredTotal = 0
        for entry in entries {
            try checkPath(entry.path)
            switch entry.kind {
            case .file, .folder: break
            case .symbolicLink:
                throw ArtifactArchiveError(entry: entry.path, "is a symbolic link: only regular files and folders are accepted")
            case .other(let mode):
                throw ArtifactArchiveError(
                    entry: entry.path, "is not a regular file (mode 0o\(String(mode, radix: 8))): only regular files and folders are accepted"
                )
            }
            let path = entry.path.hasSuffix("/") ? String(entry.path.dropLast()) : entry.path
            guard seen.insert(path).inserted else {
                throw ArtifactArchiveError(entry: entry.path, "appears twice: entry paths must be unique")
            }
            let segments = path.split(separator: "/").map(String.init)
            let environment = segments.count > 1 || entry.kind == .folder ? segments[0] : nil
            if let environment {
                do {
                    try Name.validate(environment, as: .environment)
                } catch {
                    throw ArtifactArchiveError(
                        entry: entry.path, "is in top-level folder '\(environment)', which is not an environment: \(error.reason)"
                    )
                }
                if segments.contains(where: { $0.lowercased() == ".git" }) {
                    throw ArtifactArchiveError(entry: entry.path, "has a '.git' path segment: git would refuse it in the config repository")
                }
            }
            guard entry.kind == .file else { continue }
            if entry.isEncrypted {
                throw ArtifactArchiveError(entry: entry.path, "is encrypted: upload an archive without a password")
            }
            guard entry.method == 0 || entry.method == 8 else {
                throw ArtifactArchiveError(entry: entry.path, "uses compression method \(entry.method): only stored (0) and deflate (8) are accepted")
            }
            guard entry.uncompressedSize <= limits.maximumFileBytes else {
                throw ArtifactArchiveError(
                    entry: entry.path,
                    "is \(entry.uncompressedSize) bytes uncompressed: the limit per file is \(ArtifactArchiveLimits.describe(limits.maximumFileBytes))"
                )
            }
            declaredTotal += entry.uncompressedSize
            guard declaredTotal <= limits.maximumTotalBytes else { throw totalTooLarge(limits) }
            if let environment {
                wanted.append((entry, environment, segments.dropFirst().joined(separator: "/")))
            } else if path == specFileName || path == ServiceSpecFile.name {
                wanted.append((entry, nil, path))
            }
        }

        try checkFileFolderClashes(wanted.compactMap { $0.environment == nil ? nil : $0.entry.path })
        var specJSON: Data?
        var serviceSpec: ServiceSpec?
        var files: [ArtifactFile] = []
        var inflatedTotal = 0
        for (entry, environment, path) in wanted {
            let content = try inflate(entry, from: bytes, limits: limits, total: &inflatedTotal)
            if let environment {
                files.append(ArtifactFile(environment: environment, path: path, content: content))
            } else if path == ServiceSpecFile.name {
                serviceSpec = try ServiceSpecFile.parse(content)
            } else {
                specJSON = content
            }
        }
        guard let specJSON else {
            throw ArtifactArchiveError("has no \(specFileName) at its top level: the artifact CLI puts the spec there")
        }
        let spec: ArtifactSpec
        do {
            spec = try ArtifactSpec(jsonData: specJSON)
        } catch {
            throw ArtifactArchiveError(entry: specFileName, "is not a valid artifact spec: \(error.description)")
        }
        guard spec.id == artifactID, spec.service == service else {
            throw ArtifactArchiveError(
                entry: specFileName,
                "is for artifact '\(spec.id)' of service '\(spec.service)', but the upload URL was created for artifact '\(artifactID)' of service '\(service)'"
            )
        }
        do {
            return try ArtifactUpload(specJSON: specJSON, files: files, serviceSpec: serviceSpec)
        } catch {
            throw ArtifactArchiveError(error.description)
        }
    }

    /// The path rules every entry follows, checked in the order a user would fix them.
    static func checkPath(_ path: String) throws(ArtifactArchiveError) {
        let insideRule = "entries must be relative paths inside it"
        if path.isEmpty { throw ArtifactArchiveError(entry: path, "has an empty name") }
        if path.unicodeScalars.contains("\u{0}") {
            throw ArtifactArchiveError(entry: path, "contains a NUL character: entry names must be plain paths")
        }
        if path.contains("\\") {
            throw ArtifactArchiveError(entry: path, "contains a backslash: separate folders with '/'")
        }
        if path.hasPrefix("/") {
            throw ArtifactArchiveError(entry: path, "is an absolute path: \(insideRule)")
        }
        let trimmed = path.hasSuffix("/") ? path.dropLast() : Substring(path)
        let segments = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        if segments.contains("..") {
            throw ArtifactArchiveError(entry: path, "leaves the archive: \(insideRule)")
        }
        if path.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw ArtifactArchiveError(entry: path, "contains control characters: entry names must be plain paths")
        }
        if segments.contains(where: { $0.isEmpty || $0 == "." }) {
            throw ArtifactArchiveError(entry: path, "has an empty or '.' path segment: entry names must be plain paths")
        }
    }

    /// Refuses a file whose path is also a folder of another file (`dev/a` and `dev/a/b`):
    /// such an artifact could be stored but never released.
    static func checkFileFolderClashes(_ paths: [String]) throws(ArtifactArchiveError) {
        let files = Set(paths)
        for path in paths {
            var folder = Substring(path)
            while let slash = folder.lastIndex(of: "/") {
                folder = folder[..<slash]
                if files.contains(String(folder)) {
                    throw ArtifactArchiveError(entry: String(folder), "is a file and also the folder of '\(path)': a path can be only one of the two")
                }
            }
        }
    }

    /// The entry's content, inflating at most what its declared size and the limits allow. The
    /// compressed input is exactly the entry's data range, so a stream that never ends fails
    /// instead of reading on.
    private static func inflate(
        _ entry: ZipEntry, from bytes: [UInt8], limits: ArtifactArchiveLimits, total: inout Int
    ) throws(ArtifactArchiveError) -> Data {
        let compressed = bytes[entry.data]
        if entry.method == 0 {
            guard entry.compressedSize == entry.uncompressedSize else {
                throw ArtifactArchiveError(entry: entry.path, "is damaged: a stored entry's sizes differ")
            }
            total += compressed.count
            guard total <= limits.maximumTotalBytes else { throw totalTooLarge(limits) }
            let content = Data(compressed)
            guard content.crc32(checksum: 0) == entry.crc32 else { throw damaged(entry, "its checksum does not match") }
            return content
        }
        var content = Data()
        var failure: ArtifactArchiveError?
        let startTotal = total
        let checksum: CRC32
        do {
            checksum = try Data.decompress(
                size: Int64(compressed.count), bufferSize: inflateChunkSize, skipCRC32: false,
                provider: { position, size in
                    // ZIPFoundation hands zlib `size` bytes whatever the chunk's length, so the
                    // last chunk is padded: zeros after a finished stream are never read, and an
                    // unfinished stream fails on them or on the next call.
                    let start = compressed.startIndex + Int(position)
                    guard start < compressed.endIndex else {
                        failure = damaged(entry, "its compressed data ends before the file does")
                        throw InflateStop()
                    }
                    var chunk = Data(compressed[start..<min(start + size, compressed.endIndex)])
                    if chunk.count < size { chunk.append(Data(count: size - chunk.count)) }
                    return chunk
                },
                consumer: { chunk in
                    content.append(chunk)
                    if content.count > entry.uncompressedSize {
                        failure = damaged(entry, "it inflates past its declared size of \(entry.uncompressedSize) bytes")
                        throw InflateStop()
                    }
                    if startTotal + content.count > limits.maximumTotalBytes {
                        failure = totalTooLarge(limits)
                        throw InflateStop()
                    }
                }
            )
        } catch {
            throw failure ?? damaged(entry, "its compressed data cannot be inflated")
        }
        total += content.count
        guard content.count == entry.uncompressedSize else {
            throw damaged(entry, "it inflates to \(content.count) bytes, not the declared \(entry.uncompressedSize)")
        }
        guard checksum == entry.crc32 else { throw damaged(entry, "its checksum does not match") }
        return content
    }

    private static let inflateChunkSize = 64 << 10

    private struct InflateStop: Error {}

    private static func damaged(_ entry: ZipEntry, _ reason: String) -> ArtifactArchiveError {
        ArtifactArchiveError(entry: entry.path, "is damaged: \(reason)")
    }

    private static func totalTooLarge(_ limits: ArtifactArchiveLimits) -> ArtifactArchiveError {
        ArtifactArchiveError("inflates to more than \(ArtifactArchiveLimits.describe(limits.maximumTotalBytes)), the limit for all files together")
    }
}
