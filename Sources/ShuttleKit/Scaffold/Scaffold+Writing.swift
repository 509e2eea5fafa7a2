import Foundation

extension Scaffold {
    /// Writes files into the new repository's folder and remembers what it created, so a
    /// failure can remove exactly that: the folders it made (up to the first one that already
    /// existed) or, for a target that existed empty, everything inside it.
    final class FileWriter: @unchecked Sendable {
        let target: String
        /// The outermost folder this writer created, if it created the target.
        private var createdRoot: String?

        init(target: String) throws(ShuttleError) {
            self.target = target
            var existing = target
            var firstMissing: String?
            while !FileManager.default.fileExists(atPath: existing) {
                firstMissing = existing
                existing = (existing as NSString).deletingLastPathComponent
            }
            do {
                try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
            } catch {
                throw .usage("cannot create \(target): \(error.localizedDescription)")
            }
            createdRoot = firstMissing
        }

        /// Writes one file; `O_EXCL` makes sure nothing that exists is overwritten.
        func write(_ file: RenderedFile) throws(ShuttleError) {
            let path = target + "/" + file.path
            let folder = (path as NSString).deletingLastPathComponent
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw .usage("cannot create \(folder): \(error.localizedDescription)")
            }
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, file.executable ? 0o755 : 0o644)
            guard descriptor >= 0 else {
                throw .usage("cannot create \(path): \(String(cString: strerror(errno)))")
            }
            defer { close(descriptor) }
            let complete = file.contents.withUnsafeBytes { buffer -> Bool in
                var offset = 0
                while offset < buffer.count {
                    let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0, errno == EINTR { continue }
                    if written <= 0 { return false }
                    offset += written
                }
                return true
            }
            if !complete {
                throw .usage("cannot write \(path): \(String(cString: strerror(errno)))")
            }
        }

        /// Removes what this writer created.
        func rollBack() {
            if let createdRoot {
                try? FileManager.default.removeItem(atPath: createdRoot)
                return
            }
            for name in (try? FileManager.default.contentsOfDirectory(atPath: target)) ?? [] {
                try? FileManager.default.removeItem(atPath: target + "/" + name)
            }
        }
    }
}
