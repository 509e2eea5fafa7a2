import Foundation

/// Reads which commit a ref points at from the files under `.git` (`HEAD`, loose refs,
/// `packed-refs`), without starting git: for the checks done on every request or batch. Nil
/// means the files do not say (another ref storage, a ref being rewritten), and the caller asks
/// git instead.
struct RefFiles: Sendable {
    let gitFolder: URL

    /// The commit `HEAD` is at.
    func head() -> String? {
        guard let text = read("HEAD") else { return nil }
        guard text.hasPrefix("ref: ") else { return Self.isCommitID(text) ? text : nil }
        return commit(of: String(text.dropFirst("ref: ".count)))
    }

    /// The commit `ref` (`refs/…`) points at.
    func commit(of ref: String) -> String? {
        guard ref.hasPrefix("refs/"), !ref.split(separator: "/").contains("..") else { return nil }
        if let loose = read(ref) {
            return Self.isCommitID(loose) ? loose : nil
        }
        guard let packed = read("packed-refs") else { return nil }
        for line in packed.split(separator: "\n") where line.hasSuffix(" " + ref) {
            let id = String(line.prefix { $0 != " " })
            return Self.isCommitID(id) ? id : nil
        }
        return nil
    }

    private func read(_ relative: String) -> String? {
        (try? String(contentsOf: gitFolder.appendingPathComponent(relative), encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func isCommitID(_ text: String) -> Bool {
        (text.count == 40 || text.count == 64) && text.allSatisfy(\.isHexDigit)
    }
}
