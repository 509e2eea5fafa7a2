import Foundation
import GoTemplate

/// `shuttle new`: a new service repository from a plan's skeleton.
///
/// Checks the name and the target folder, finds the plan's skeleton (cloning a git plan into a
/// temporary folder), renders every file in memory, writes them, and runs `git init`. The target
/// folder must not exist or be empty; nothing is ever overwritten, and on any failure what was
/// created is removed again.
public struct Scaffold: Sendable {
    /// The service's name (a Kubernetes name; see `ServiceName`).
    public var name: String
    /// `--plan` as given; nil falls back to `$SHUTTLE_NEW_PLAN`.
    public var plan: String?
    /// `--language`; nil is allowed only when the skeleton offers a single language.
    public var language: String?
    public var squad: String?
    /// `--into`: the new repository's folder; nil means `./<name>`.
    public var into: String?
    public var workingDirectory: String
    public var environment: [String: String]

    /// What `run` made.
    public struct Result: Sendable, Equatable {
        /// The new repository's folder (absolute).
        public var directory: String
        public var language: String
        /// The files written, relative to `directory`, sorted.
        public var files: [String]
        /// Whether `git init` ran (false when git is not installed).
        public var gitInitialized: Bool
    }

    public init(name: String, plan: String?, language: String?, squad: String? = nil, into: String? = nil,
                workingDirectory: String, environment: [String: String]) {
        self.name = name
        self.plan = plan
        self.language = language
        self.squad = squad
        self.into = into
        self.workingDirectory = workingDirectory
        self.environment = environment
    }

    /// The folder the repository goes to: `--into` or `<name>`, relative to the working folder.
    public var targetDirectory: String {
        let path = into ?? name
        return PlanReference.normalize(path.hasPrefix("/") ? path : workingDirectory + "/" + path)
    }

    public func run(console: Console) async throws(ShuttleError) -> Result {
        try ServiceName.validate(name)
        if let squad { try ServiceName.validateSquad(squad) }
        let target = targetDirectory
        try checkTargetIsFree(target)

        let planText = try planValue()
        let source = try await SkeletonSource.resolve(planText, workingDirectory: workingDirectory,
                                                     environment: environment, console: console)
        defer { source.cleanUp() }
        let skeleton = try Skeleton(directory: source.skeletonDirectory)
        let language = try chooseLanguage(skeleton)
        let data = templateData(language: language, plan: source.valueForProject(target: target))
        let rendered = try render(try skeleton.files(language: language), data: data)

        let written = try FileWriter(target: target)
        do {
            for file in rendered { try written.write(file) }
            let gitInitialized = try await initializeRepository(in: target, console: console)
            return Result(directory: target, language: language, files: rendered.map(\.path), gitInitialized: gitInitialized)
        } catch {
            written.rollBack()
            throw error
        }
    }

    // MARK: Steps

    private func planValue() throws(ShuttleError) -> String {
        if let plan, !plan.isEmpty { return plan }
        if let fromEnvironment = environment["SHUTTLE_NEW_PLAN"], !fromEnvironment.isEmpty { return fromEnvironment }
        throw .usage("no plan given: pass --plan with the plan to scaffold from, a path (--plan ../plans/service) or a git URL (--plan https://github.com/org/plans.git#main), or set SHUTTLE_NEW_PLAN")
    }

    private func checkTargetIsFree(_ target: String) throws(ShuttleError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw .usage("cannot create the service in \(target): a file with that name exists; choose another folder with --into")
        }
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: target)
        } catch {
            throw .usage("cannot read \(target): \(error.localizedDescription)")
        }
        if !entries.isEmpty {
            throw .usage("cannot create the service in \(target): the folder is not empty and shuttle new never overwrites files; choose another folder with --into or empty it")
        }
    }

    private func chooseLanguage(_ skeleton: Skeleton) throws(ShuttleError) -> String {
        let available = skeleton.languages()
        guard let language else {
            if available.count == 1 { return available[0] }
            throw .usage("no language given; choose one of \(available.joined(separator: ", ")) with --language")
        }
        guard available.contains(language) else {
            throw .usage(Skeleton.unknownLanguageMessage(language, available: available))
        }
        return language
    }

    /// What the skeleton's templates see: `.Name`, `.Language`, `.Plan` and `.Squad` (nil when
    /// `--squad` was not given).
    func templateData(language: String, plan: String) -> Value {
        .record(Record(typeName: "skeletonData", fields: [
            ("Name", .string(name)),
            ("Language", .string(language)),
            ("Plan", .string(plan)),
            ("Squad", squad.map(Value.string) ?? .null),
        ]))
    }

    /// Every file's contents, templates rendered, before anything is written: a template error
    /// leaves no trace.
    private func render(_ files: [Skeleton.File], data: Value) throws(ShuttleError) -> [RenderedFile] {
        var rendered: [RenderedFile] = []
        for file in files {
            guard let contents = FileManager.default.contents(atPath: file.source) else {
                throw .configuration("cannot read the skeleton file \(file.source)")
            }
            var output = contents
            if file.isTemplate {
                let template: Template
                do {
                    template = try Template(name: file.source, text: String(decoding: contents, as: UTF8.self), functions: .shuttle)
                } catch {
                    throw .configuration("the skeleton template \(file.source) does not parse: \(error)")
                }
                do {
                    output = Data(try template.execute(data).utf8)
                } catch {
                    throw .configuration("the skeleton template \(file.source) failed to render: \(error)")
                }
            }
            rendered.append(RenderedFile(path: file.destination, contents: output, executable: file.isExecutable))
        }
        return rendered
    }

    /// `git init` in the new repository, when git is installed. The branch is `main`, the
    /// branch the skeleton's CI workflow builds on push.
    private func initializeRepository(in target: String, console: Console) async throws(ShuttleError) -> Bool {
        guard Self.gitIsInstalled(path: environment["PATH"] ?? "") else {
            console.info("git is not installed; skipped git init")
            return false
        }
        try await ShuttleGit(console: console, secrets: []).run(["init", "--quiet", "--initial-branch=main"], in: target)
        return true
    }

    static func gitIsInstalled(path: String) -> Bool {
        path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/git") }
    }
}

/// A file of the new repository, ready to write.
struct RenderedFile: Sendable {
    var path: String
    var contents: Data
    var executable: Bool
}
