import Foundation
import GoTemplate

/// A shuttle project: the folder holding `shuttle.yaml`, its configuration, and its plan.
///
/// Loading is lazy: locating a project reads only shuttle.yaml; the plan is read (and, for
/// commands that run things, materialised in `.shuttle/plan`) only when a command needs it.
public struct Project: Sendable {
    public let directory: String
    public let file: ProjectFile
    /// The plan in effect, after `--plan` / `SHUTTLE_PLAN_OVERLOAD`.
    public let plan: PlanReference
    public let options: ShuttleOptions
    public let console: Console

    /// Finds and reads the project: `-p PATH` exactly, otherwise the nearest `shuttle.yaml`
    /// in the working directory or a parent.
    public static func locate(_ options: ShuttleOptions, console: Console) throws(ShuttleError) -> Project {
        guard let directory = findDirectory(options) else {
            let place = options.projectPath.map { " in \($0)" } ?? " in \(options.workingDirectory) or any parent folder"
            throw .configuration("Failed to load shuttle configuration: shuttle.yaml file not found\(place)\n\nMake sure you are in a project using shuttle and that a 'shuttle.yaml' file is available.")
        }
        let file = try ProjectFile.load(directory + "/shuttle.yaml")
        var plan = try PlanReference.parse(file.planText == "false" ? "" : file.planText, relativeTo: directory)
        if let override = options.effectivePlanOverride {
            if PlanReference.isPlanOverride(override) {
                console.info("Using overloaded plan \(override)")
                plan = try PlanReference.parse(override, relativeTo: options.workingDirectory)
            } else if case .git(var source) = plan {
                guard override.hasPrefix("#"), override.count > 1 else {
                    throw .usage("Plan argument wasn't valid for a git plan (#<branch / tag name>): \(override)")
                }
                source.ref = String(override.dropFirst())
                console.emphasis("Overload git plan branch/tag/sha with \(source.ref!)")
                plan = .git(source)
            }
        }
        let project = Project(directory: directory, file: file, plan: plan, options: options, console: console)
        if options.clean { try project.clean() }
        return project
    }

    /// Whether a project is reachable from these options (for commands that also work outside one).
    public static func exists(_ options: ShuttleOptions) -> Bool {
        findDirectory(options) != nil
    }

    static func findDirectory(_ options: ShuttleOptions) -> String? {
        let fm = FileManager.default
        if let explicit = options.projectPath {
            let path = explicit.hasPrefix("/") ? explicit : options.workingDirectory + "/" + explicit
            let directory = PlanReference.normalize(path)
            return fm.fileExists(atPath: directory + "/shuttle.yaml") ? directory : nil
        }
        var directory = PlanReference.normalize(options.workingDirectory)
        while true {
            if fm.fileExists(atPath: directory + "/shuttle.yaml") { return directory }
            if directory == "/" { return nil }
            directory = (directory as NSString).deletingLastPathComponent
        }
    }

    public var shuttleDirectory: String { directory + "/.shuttle" }
    public var temporaryDirectory: String { shuttleDirectory + "/temp" }

    /// `$plan`: `<project>/.shuttle/plan`, or empty without a plan.
    public var localPlanPath: String {
        if case .none = plan { return "" }
        return shuttleDirectory + "/plan"
    }

    private func clean() throws(ShuttleError) {
        console.info("Cleaning \(shuttleDirectory)")
        do {
            if FileManager.default.fileExists(atPath: shuttleDirectory) {
                try FileManager.default.removeItem(atPath: shuttleDirectory)
            }
        } catch {
            throw .configuration("Cannot remove \(shuttleDirectory): \(error.localizedDescription)")
        }
    }

    /// Brings `.shuttle/plan` up to date: mirrors a local plan, clones or pulls a git plan.
    /// A plan that a parent shuttle already validated is used as it is.
    public func materializePlan() async throws(ShuttleError) {
        if case .none = plan { return }
        if options.alreadyValidatedPlans.contains(localPlanPath) {
            console.verbose("Shuttle already validated plan. Skipping further plan validation")
            return
        }
        switch plan {
        case .none:
            return
        case .local(let path):
            console.verbose("Using local plan at '\(path)'")
            try PlanCopy(source: path, destination: localPlanPath).sync()
        case .git(let source):
            let token = options.environment["SHUTTLE_GIT_TOKEN"]
            if source.transport == .ssh, token != nil {
                console.verbose("SHUTTLE_GIT_TOKEN is ignored for ssh plans")
            }
            let git = ShuttleGit(console: console, secrets: [token].compactMap { $0 })
            try await PlanClone(source: source, directory: localPlanPath, git: git, console: console, token: token,
                                skipPull: options.skipPull, cacheMinutes: try options.cacheMinutes()).update()
        }
    }

    /// The plan's plan.yaml. A local plan is read where it is (nothing is copied); a git plan
    /// from its clone, which is made first if there is none yet.
    public func loadPlanFile() async throws(ShuttleError) -> PlanFile? {
        switch plan {
        case .none:
            return nil
        case .local(let path):
            return try PlanFile.load(planDirectory: path)
        case .git:
            if !FileManager.default.fileExists(atPath: localPlanPath + "/plan.yaml") {
                try await materializePlan()
            }
            return try PlanFile.load(planDirectory: localPlanPath)
        }
    }

    /// Whether the plan's plan.yaml can be read without fetching anything (every plan but a
    /// git plan that has not been cloned yet).
    public var planIsOnDisk: Bool {
        guard case .git = plan else { return true }
        return FileManager.default.fileExists(atPath: localPlanPath + "/plan.yaml")
    }

    /// The plan.yaml already on disk (the local plan, or an existing clone), without fetching
    /// anything: for shell completion and quick queries, which must answer at once.
    public func planFileOnDisk() throws(ShuttleError) -> PlanFile? {
        switch plan {
        case .none: return nil
        case .local(let path): return try PlanFile.load(planDirectory: path)
        case .git: return try PlanFile.load(planDirectory: localPlanPath)
        }
    }

    /// Plan scripts, replaced wholesale by project scripts of the same name.
    public func scripts(plan planFile: PlanFile?) -> [String: Script] {
        (planFile?.scripts ?? [:]).merging(file.scripts, uniquingKeysWith: { _, project in project })
    }

    /// Plan vars as defaults, deep-merged under the project's vars.
    public func vars(plan planFile: PlanFile?) -> Value {
        (planFile?.vars ?? .map([:])).deepMerged(with: file.vars)
    }
}

extension Project {
    /// Runs `git ARGS` in the plan's clone, attached to the terminal; returns git's status.
    public func runGitInPlan(_ arguments: [String]) async throws(ShuttleError) -> Int32 {
        try await ShuttleGit(console: console, secrets: []).runAttached(arguments, in: localPlanPath)
    }
}
