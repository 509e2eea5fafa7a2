import Foundation
import GoCompat
import GoTemplate
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The file-system reads behind shuttle's `getFiles`, `getFileContent` and `fileExists`, with
/// Go's `os` semantics and error wording.
enum GoFiles {
    /// `ioutil.ReadDir` sorted by name, as `os.FileInfo` records; an unreadable directory gives [].
    static func readDirectory(_ path: String) -> [Value] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return [] }
        return names.sorted(by: String.goLess).compactMap { name in
            let full = (path.isEmpty ? "." : path) + "/" + name
            var info = stat()
            guard lstat(full, &info) == 0 else { return nil }
            let modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
            return .record(Record(typeName: "*os.fileStat", fields: [
                ("Name", .string(name)),
                ("IsDir", .bool(info.st_mode & S_IFMT == S_IFDIR)),
                ("Size", .int(Int(info.st_size))),
                ("Mode", .string(modeString(UInt32(info.st_mode)))),
                ("ModTime", .time(Time(date: Date(timeIntervalSince1970: modified), timeZone: .current))),
            ]))
        }
    }

    /// Go's `FileMode.String()` for a POSIX mode: type letter(s) then `rwxrwxrwx`.
    static func modeString(_ mode: UInt32) -> String {
        var s = ""
        switch mode & UInt32(S_IFMT) {
        case UInt32(S_IFDIR): s += "d"
        case UInt32(S_IFLNK): s += "L"
        case UInt32(S_IFIFO): s += "p"
        case UInt32(S_IFSOCK): s += "S"
        case UInt32(S_IFBLK): s += "D"
        case UInt32(S_IFCHR): s += "Dc"
        default: break
        }
        if mode & UInt32(S_ISUID) != 0 { s += "u" }
        if mode & UInt32(S_ISGID) != 0 { s += "g" }
        if mode & UInt32(S_ISVTX) != 0 { s += "t" }
        if s.isEmpty { s = "-" }
        let letters = Array("rwxrwxrwx")
        for i in 0..<9 { s.append(mode & (1 << UInt32(8 - i)) != 0 ? letters[i] : "-") }
        return s
    }

    /// `ioutil.ReadFile`, with Go's `open PATH: reason` / `read PATH: reason` errors.
    static func readFile(_ path: String) throws(FunctionError) -> String {
        let fd = open(path, O_RDONLY)
        if fd < 0 { throw FunctionError("open \(path): \(reason(errno))") }
        defer { close(fd) }
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n < 0 { throw FunctionError("read \(path): \(reason(errno))") }
            if n == 0 { break }
            data += buffer[0..<n]
        }
        return String(goBytes: data)
    }

    /// True unless `os.Stat` fails with "does not exist" (so unreadable paths count as existing).
    static func exists(_ path: String) -> Bool {
        var info = stat()
        if stat(path, &info) == 0 { return true }
        return errno != ENOENT && errno != ENOTDIR
    }

    /// Go's lower-case errno text ("no such file or directory").
    private static func reason(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
    }
}
