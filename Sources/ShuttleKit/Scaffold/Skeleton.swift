import Foundation

/// A plan's `skeleton/` folder: the files of a new service repository.
///
/// Files outside `languages/` are for every service; `languages/<language>/` holds one
/// language's files, which land in the root of the new repository (and win over a common file
/// of the same name). A file whose name ends in `.tmpl` is a GoTemplate template: it is
/// rendered and loses the suffix. Every other file is copied byte for byte.
public struct Skeleton: Sendable {
    public static let languagesFolder = "languages"
    public static let templateSuffix = ".tmpl"

    /// One file of the skeleton and where it goes in the new repository.
    public struct File: Sendable, Equatable {
        /// Absolute path in the skeleton.
        public var source: String
        /// Path relative to the new repository, without `.tmpl`.
        public var destination: String
        public var isTemplate: Bool
        public var isExecutable: Bool
    }

    public let directory: String

    /// The skeleton in `directory`; an error when the folder does not exist.
    public init(directory: String) throws(ShuttleError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .configuration("the plan has no skeleton folder (\(directory) does not exist), so shuttle new cannot scaffold a service from it; give --plan a plan with a skeleton/ folder, such as Moonbase's plans/service")
        }
        self.directory = directory
    }

    /// The languages the skeleton offers: the folders in `languages/`, sorted.
    public func languages() -> [String] {
        let folder = directory + "/" + Self.languagesFolder
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { isDirectory(folder + "/" + $0) }.sorted()
    }

    /// The files of a service in `language`: the common files, then the language's, sorted by
    /// destination. A language file replaces a common file with the same destination.
    public func files(language: String) throws(ShuttleError) -> [File] {
        let available = languages()
        guard available.contains(language) else {
            throw .usage(Self.unknownLanguageMessage(language, available: available))
        }
        var byDestination: [String: File] = [:]
        for file in try walk(directory, under: "", skipping: [Self.languagesFolder]) {
            byDestination[file.destination] = file
        }
        let languageFolder = directory + "/" + Self.languagesFolder + "/" + language
        for file in try walk(languageFolder, under: "", skipping: []) {
            byDestination[file.destination] = file
        }
        return byDestination.values.sorted { $0.destination < $1.destination }
    }

    static func unknownLanguageMessage(_ language: String, available: [String]) -> String {
        if available.isEmpty {
            return "unknown language \"\(language)\": the skeleton has no languages (no folders in \(Skeleton.languagesFolder)/)"
        }
        return "unknown language \"\(language)\"; choose one of \(available.joined(separator: ", ")) with --language"
    }

    /// Regular files under `folder`, recursively, with destinations relative to it. Two
    /// sources with the same destination in one folder (`x` and `x.tmpl`) are an error.
    private func walk(_ folder: String, under prefix: String, skipping skipped: Set<String>) throws(ShuttleError) -> [File] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        } catch {
            throw .configuration("cannot read the skeleton folder \(folder): \(error.localizedDescription)")
        }
        var files: [File] = []
        var seen: [String: String] = [:]
        for name in names where !skipped.contains(name) {
            let path = folder + "/" + name
            if isDirectory(path) {
                files += try walk(path, under: prefix + name + "/", skipping: [])
                continue
            }
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw .configuration("cannot read the skeleton file \(path)")
            }
            let isTemplate = name.hasSuffix(Self.templateSuffix) && name.count > Self.templateSuffix.count
            let destinationName = isTemplate ? String(name.dropLast(Self.templateSuffix.count)) : name
            if let other = seen[destinationName] {
                throw .configuration("the skeleton files \(folder)/\(other) and \(path) would both become \(prefix + destinationName); remove one of them")
            }
            seen[destinationName] = name
            files.append(File(source: path, destination: prefix + destinationName, isTemplate: isTemplate,
                              isExecutable: FileManager.default.isExecutableFile(atPath: path)))
        }
        return files
    }

    private func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
