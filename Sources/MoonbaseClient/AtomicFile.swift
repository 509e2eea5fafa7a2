import Foundation

/// Replaces a file's content all at once: the new content goes to a temporary file in the same
/// folder, is flushed to disk, and is renamed over the file. Readers see the old content or the
/// new one, never a part; a failure leaves the old file as it was and no temporary file behind.
/// The file is created with `mode` from the start (a token file is never readable by others,
/// not even for a moment). Both clients keep their local files this way.
public enum AtomicFile {
    /// Writes `data` to `path` atomically.
    public static func write(_ data: Data, to path: String, mode: mode_t = 0o644) throws(AtomicFileError) {
        try write(to: path, mode: mode) { descriptor throws(AtomicFileError) in
            try writeAll(data, to: descriptor, path: path)
        }
    }

    /// Creates the temporary file, lets `fill` write it through its descriptor, then renames it
    /// over `path`. When `fill` throws, the temporary file is removed and the error rethrown.
    public static func write(to path: String, mode: mode_t = 0o644, fill: (Int32) throws(AtomicFileError) -> Void) throws(AtomicFileError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temporary = folder + "/." + url.lastPathComponent + ".tmp-" + UUID().uuidString.prefix(8)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            throw AtomicFileError("could not write \(path): \(lastError())")
        }
        // open's mode is filtered by the umask; a mode stricter than the umask's is kept.
        fchmod(descriptor, mode)
        var renamed = false
        defer {
            if !renamed { unlink(temporary) }
        }
        do throws(AtomicFileError) {
            try fill(descriptor)
            guard fsync(descriptor) == 0 else { throw AtomicFileError("could not write \(path): \(lastError())") }
        } catch {
            close(descriptor)
            throw error
        }
        guard close(descriptor) == 0 else { throw AtomicFileError("could not write \(path): \(lastError())") }
        guard rename(temporary, path) == 0 else {
            throw AtomicFileError("could not write \(path): \(lastError())")
        }
        renamed = true
    }

    public static func writeAll(_ data: Data, to descriptor: Int32, path: String) throws(AtomicFileError) {
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
        if let failure { throw AtomicFileError("could not write \(path): \(failure)") }
    }

    private static func lastError() -> String {
        String(cString: strerror(errno))
    }
}

/// A file that could not be written, with the path and the system's reason.
public struct AtomicFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
