import Foundation

/// Mirrors a local plan folder into `<project>/.shuttle/plan`.
///
/// Files whose size, mode and modification time already match are left alone, so an
/// unchanged plan costs one `lstat` per file; files gone from the plan are removed from the
/// copy. `.git` and `.shuttle` folders are skipped at any depth (so `plan: .` works).
struct PlanCopy {
    let source: String
    let destination: String

    /// Returns how many files were written or removed.
    @discardableResult
    func sync() throws(ShuttleError) -> Int {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .configuration("Failed to copy the plan to .shuttle/plan: the plan folder \(source) does not exist; check `plan:` in shuttle.yaml")
        }
        var changes = 0
        try mirror(source, destination, &changes)
        return changes
    }

    private func mirror(_ from: String, _ to: String, _ changes: inout Int) throws(ShuttleError) {
        try makeDirectory(to, like: from)
        let sourceEntries = entries(of: from)
        var wanted = Set<String>()
        for name in sourceEntries where name != ".git" && name != ".shuttle" {
            wanted.insert(name)
            let sourcePath = from + "/" + name, destinationPath = to + "/" + name
            var sourceInfo = stat(), destinationInfo = stat()
            guard lstat(sourcePath, &sourceInfo) == 0 else { continue }
            // A folder that contains the copy itself (plan: .) must not be entered twice.
            if sourcePath == destination { continue }
            let haveDestination = lstat(destinationPath, &destinationInfo) == 0
            switch sourceInfo.st_mode & S_IFMT {
            case S_IFDIR:
                if haveDestination, destinationInfo.st_mode & S_IFMT != S_IFDIR { try remove(destinationPath) }
                try mirror(sourcePath, destinationPath, &changes)
            case S_IFREG:
                if haveDestination, sameFile(sourceInfo, destinationInfo) { continue }
                if haveDestination { try remove(destinationPath) }
                try copyFile(sourcePath, destinationPath, sourceInfo)
                changes += 1
            case S_IFLNK:
                let target = try? FileManager.default.destinationOfSymbolicLink(atPath: sourcePath)
                if haveDestination, (try? FileManager.default.destinationOfSymbolicLink(atPath: destinationPath)) == target { continue }
                if haveDestination { try remove(destinationPath) }
                if let target { _ = symlink(target, destinationPath) }
                changes += 1
            default:
                continue
            }
        }
        for name in entries(of: to) where !wanted.contains(name) {
            try remove(to + "/" + name)
            changes += 1
        }
    }

    private func sameFile(_ a: stat, _ b: stat) -> Bool {
        a.st_size == b.st_size && a.st_mode == b.st_mode
            && a.st_mtim.tv_sec == b.st_mtim.tv_sec && a.st_mtim.tv_nsec == b.st_mtim.tv_nsec
    }

    private func entries(of directory: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    private func makeDirectory(_ path: String, like source: String) throws(ShuttleError) {
        var info = stat()
        if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { return }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .configuration("Failed to copy the plan: cannot create \(path): \(error.localizedDescription)")
        }
    }

    private func copyFile(_ from: String, _ to: String, _ info: stat) throws(ShuttleError) {
        guard let data = FileManager.default.contents(atPath: from),
              FileManager.default.createFile(atPath: to, contents: data)
        else {
            throw .configuration("Failed to copy the plan: cannot copy \(from) to \(to)")
        }
        chmod(to, info.st_mode & 0o7777)
        var times = [info.st_atim, info.st_mtim]
        utimensat(AT_FDCWD, to, &times, 0)
    }

    private func remove(_ path: String) throws(ShuttleError) {
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw .configuration("Failed to update the plan copy: cannot remove \(path): \(error.localizedDescription)")
        }
    }
}
