import Foundation

/// One entry of a zip's central directory, with where its data lies in the archive.
struct ZipEntry: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case file
        case folder
        case symbolicLink
        /// A device, FIFO or socket: the Unix file type bits of the entry's mode.
        case other(mode: UInt32)
    }

    var path: String
    var kind: Kind
    var method: UInt16
    var isEncrypted: Bool
    var crc32: UInt32
    var compressedSize: Int
    var uncompressedSize: Int
    /// The entry's (compressed) data within the archive bytes.
    var data: Range<Int>
}

/// Reads a zip's table of contents (the end-of-central-directory record and the central
/// directory) with every offset and length checked against the archive's bounds.
///
/// ZIPFoundation's `Archive` is not used for reading untrusted uploads: on Linux its inflate
/// loop (0.9.20's `Data.decode`) ignores an entry's compressed size, so a deflate stream that
/// does not end reads on into the following entries and then asks for input at the end of the
/// file forever; and it does not expose where an entry's data lies. Here each entry's data range
/// is known, so inflating is bounded by it (see ``ArtifactArchive``).
enum ZipDirectory {
    static let endRecordSignature: UInt32 = 0x0605_4B50
    static let centralHeaderSignature: UInt32 = 0x0201_4B50
    static let localHeaderSignature: UInt32 = 0x0403_4B50
    static let endRecordSize = 22
    static let centralHeaderSize = 46
    static let localHeaderSize = 30

    static func entries(in bytes: [UInt8], maximumEntries: Int) throws(ArtifactArchiveError) -> [ZipEntry] {
        let end = try endRecord(in: bytes)
        let disk = bytes.uint16(at: end + 4), directoryDisk = bytes.uint16(at: end + 6)
        let entriesOnDisk = Int(bytes.uint16(at: end + 8)), count = Int(bytes.uint16(at: end + 10))
        let directorySize = bytes.uint32(at: end + 12), directoryOffset = bytes.uint32(at: end + 16)
        if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            throw ArtifactArchiveError("uses ZIP64, which artifact archives (far below 4 GiB) never need: create it with a plain zip writer")
        }
        guard disk == 0, directoryDisk == 0, entriesOnDisk == count else {
            throw ArtifactArchiveError("is split over several disks: upload it as one zip file")
        }
        guard count <= maximumEntries else {
            throw ArtifactArchiveError("has \(count) entries: at most \(maximumEntries) files and folders are accepted")
        }
        let directoryStart = Int(directoryOffset), directoryEnd = Int(directoryOffset) + Int(directorySize)
        guard directoryEnd <= end else {
            throw ArtifactArchiveError("is truncated or damaged: its central directory lies outside the file")
        }
        var entries: [ZipEntry] = []
        entries.reserveCapacity(count)
        var position = directoryStart
        for _ in 0..<count {
            guard position + centralHeaderSize <= directoryEnd, bytes.uint32(at: position) == centralHeaderSignature else {
                throw ArtifactArchiveError("is truncated or damaged: its central directory ends early")
            }
            let nameLength = Int(bytes.uint16(at: position + 28))
            let recordEnd = position + centralHeaderSize + nameLength + Int(bytes.uint16(at: position + 30)) + Int(bytes.uint16(at: position + 32))
            guard recordEnd <= directoryEnd else {
                throw ArtifactArchiveError("is truncated or damaged: its central directory ends early")
            }
            let nameBytes = bytes[(position + centralHeaderSize)..<(position + centralHeaderSize + nameLength)]
            guard let path = String(validating: nameBytes, as: UTF8.self) else {
                throw ArtifactArchiveError(entry: String(decoding: nameBytes, as: UTF8.self), "has a name that is not UTF-8")
            }
            let flags = bytes.uint16(at: position + 8)
            let compressedSize = Int(bytes.uint32(at: position + 20))
            let localHeader = Int(bytes.uint32(at: position + 42))
            let data = try dataRange(
                in: bytes, localHeader: localHeader, compressedSize: compressedSize, name: nameBytes, limit: directoryStart, path: path
            )
            entries.append(ZipEntry(
                path: path,
                kind: kind(madeBy: bytes.uint16(at: position + 4), externalAttributes: bytes.uint32(at: position + 38), path: path),
                method: bytes.uint16(at: position + 10), isEncrypted: flags & 1 != 0, crc32: bytes.uint32(at: position + 16),
                compressedSize: compressedSize, uncompressedSize: Int(bytes.uint32(at: position + 24)), data: data
            ))
            position = recordEnd
        }
        return entries
    }

    /// The offset of the end-of-central-directory record, searched backwards over the longest
    /// possible archive comment.
    private static func endRecord(in bytes: [UInt8]) throws(ArtifactArchiveError) -> Int {
        let looksLikeZip = bytes.count >= 4 && bytes.uint32(at: 0) == localHeaderSignature
        if bytes.count >= endRecordSize {
            let lowest = max(0, bytes.count - endRecordSize - 0xFFFF)
            for offset in stride(from: bytes.count - endRecordSize, through: lowest, by: -1)
            where bytes.uint32(at: offset) == endRecordSignature
                && offset + endRecordSize + Int(bytes.uint16(at: offset + 20)) <= bytes.count {
                return offset
            }
        }
        if looksLikeZip {
            throw ArtifactArchiveError("is truncated or damaged: the central directory at the end of the zip is missing")
        }
        throw ArtifactArchiveError("is not a zip file: upload the zip of artifact.json and the environment folders")
    }

    /// Where an entry's data lies: after its local header, before the central directory. The
    /// local header must name the same path as the central directory (two names for one entry is
    /// how archives smuggle a file past a checker that reads the other one).
    private static func dataRange(
        in bytes: [UInt8], localHeader: Int, compressedSize: Int, name: ArraySlice<UInt8>, limit: Int, path: String
    ) throws(ArtifactArchiveError) -> Range<Int> {
        guard localHeader + localHeaderSize <= limit, bytes.uint32(at: localHeader) == localHeaderSignature else {
            throw ArtifactArchiveError(entry: path, "is damaged: its local header is missing")
        }
        let nameLength = Int(bytes.uint16(at: localHeader + 26)), extraLength = Int(bytes.uint16(at: localHeader + 28))
        let nameStart = localHeader + localHeaderSize
        let start = nameStart + nameLength + extraLength
        guard start + compressedSize <= limit else {
            throw ArtifactArchiveError(entry: path, "is truncated or damaged: its data runs past the end of the archive")
        }
        guard bytes[nameStart..<(nameStart + nameLength)].elementsEqual(name) else {
            throw ArtifactArchiveError(entry: path, "has a different name in its local header: the zip is damaged or crafted")
        }
        return start..<(start + compressedSize)
    }

    /// The entry's type from its Unix mode (zips made on Unix or macOS), else from a trailing `/`
    /// or the MS-DOS folder attribute.
    private static func kind(madeBy: UInt16, externalAttributes: UInt32, path: String) -> ZipEntry.Kind {
        let system = madeBy >> 8
        if system == 3 || system == 19 {
            switch (externalAttributes >> 16) & 0o170000 {
            case 0o100000: return .file
            case 0o040000: return .folder
            case 0o120000: return .symbolicLink
            case 0: break
            case let mode: return .other(mode: mode)
            }
        }
        return path.hasSuffix("/") || externalAttributes & 0x10 != 0 ? .folder : .file
    }
}

extension [UInt8] {
    /// Little-endian integers; callers check the bounds first.
    func uint16(at offset: Int) -> UInt16 {
        UInt16(self[offset]) | UInt16(self[offset + 1]) << 8
    }

    func uint32(at offset: Int) -> UInt32 {
        UInt32(self[offset]) | UInt32(self[offset + 1]) << 8 | UInt32(self[offset + 2]) << 16 | UInt32(self[offset + 3]) << 24
    }
}
