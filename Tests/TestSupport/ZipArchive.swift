import Foundation
import ZIPFoundation

/// One entry of a zip built for a test: a file (deflated unless `stored`), a folder or a
/// symbolic link, at any path (traversing, absolute, duplicated: tests build hostile archives).
public struct ZipEntrySource: Sendable {
    public enum Kind: Sendable { case file, folder, symbolicLink }

    public var path: String
    public var content: Data
    public var kind: Kind
    public var stored: Bool

    public static func file(_ path: String, _ content: String, stored: Bool = false) -> ZipEntrySource {
        ZipEntrySource(path: path, content: Data(content.utf8), kind: .file, stored: stored)
    }

    public static func file(_ path: String, data: Data, stored: Bool = false) -> ZipEntrySource {
        ZipEntrySource(path: path, content: data, kind: .file, stored: stored)
    }

    public static func folder(_ path: String) -> ZipEntrySource {
        ZipEntrySource(path: path, content: Data(), kind: .folder, stored: true)
    }

    public static func symbolicLink(_ path: String, to target: String) -> ZipEntrySource {
        ZipEntrySource(path: path, content: Data(target.utf8), kind: .symbolicLink, stored: true)
    }
}

/// A zip archive in memory, written by ZIPFoundation as a zip tool would.
public func makeZip(_ entries: [ZipEntrySource]) throws -> Data {
    let archive = try Archive(data: Data(), accessMode: .create)
    for entry in entries {
        let type: Entry.EntryType = switch entry.kind {
        case .file: .file
        case .folder: .directory
        case .symbolicLink: .symlink
        }
        let content = entry.content
        try archive.addEntry(
            with: entry.path, type: type, uncompressedSize: Int64(content.count), compressionMethod: entry.stored ? .none : .deflate,
            provider: { position, size in content.subdata(in: Int(position)..<Int(position) + size) }
        )
    }
    guard let data = archive.data else { throw ZipBuildError() }
    return data
}

struct ZipBuildError: Error {}
