import Foundation

/// Replaces a file's content all at once: the new content goes to a temporary file in the same
/// folder, is flushed to disk, and is renamed over the file. Readers see the old content or the
/// new one, never a part; a failure leaves the old file as it was and no temporary file behind.
enum AtomicFile {
    /// Writes `data` to `path` atomically.
    static func write(_ data: Data, to path: String) throws(ArtifactError) {
        try write(to: path) { descriptor throws(ArtifactError) in
            try writeAll(data, to: descriptor, path: path)
        }
    }

    /// Creates the temporary file, lets `fill` write it through its descriptor, then renames it
    /// over `path`. When `fill` throws, the temporary file is removed and the error rethrown.
    static func write(to path: String, fill: (Int32) throws(ArtifactError) -> Void) throws(ArtifactError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temporary = folder + "/." + url.lastPathComponent + ".tmp-" + UUID().uuidString.prefix(8)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ArtifactError("could not write \(path): \(lastError())")
        }
        var renamed = false
        defer {
            if !renamed { unlink(temporary) }
        }
        do throws(ArtifactError) {
            try fill(descriptor)
            guard fsync(descriptor) == 0 else { throw ArtifactError("could not write \(path): \(lastError())") }
        } catch {
            close(descriptor)
            throw error
        }
        guard close(descriptor) == 0 else { throw ArtifactError("could not write \(path): \(lastError())") }
        guard rename(temporary, path) == 0 else {
            throw ArtifactError("could not write \(path): \(lastError())")
        }
        renamed = true
    }

    static func writeAll(_ data: Data, to descriptor: Int32, path: String) throws(ArtifactError) {
        var failure: String?
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = lastError()
                    return
                }
                offset += written
            }
        }
        if let failure { throw ArtifactError("could not write \(path): \(failure)") }
    }

    private static func lastError() -> String {
        String(cString: strerror(errno))
    }
}
