import Foundation

/// The global options every shuttle command takes, and the process environment they apply to.
public struct ShuttleOptions: Sendable {
    /// `-p/--project`: when set, only `PATH/shuttle.yaml` is considered (no walk-up).
    public var projectPath: String?
    /// `-c/--clean`: delete `<project>/.shuttle` first.
    public var clean = false
    /// `--skip-pull`: use an existing git plan clone as it is.
    public var skipPull = false
    /// `--plan`: another plan, or `#ref` for the configured git plan.
    public var planOverride: String?
    public var verbose = false
    public var workingDirectory: String
    public var environment: [String: String]

    public init(projectPath: String? = nil, clean: Bool = false, skipPull: Bool = false, planOverride: String? = nil,
                verbose: Bool = false, workingDirectory: String = FileManager.default.currentDirectoryPath,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.projectPath = projectPath
        self.clean = clean
        self.skipPull = skipPull
        self.planOverride = planOverride
        self.verbose = verbose
        self.workingDirectory = workingDirectory
        self.environment = environment
    }

    /// `--plan`, falling back to `SHUTTLE_PLAN_OVERLOAD`.
    var effectivePlanOverride: String? {
        if let planOverride, !planOverride.isEmpty { return planOverride }
        if let value = environment["SHUTTLE_PLAN_OVERLOAD"], !value.isEmpty { return value }
        return nil
    }

    /// Plan folders a parent shuttle already validated (`SHUTTLE_PLANS_ALREADY_VALIDATED`).
    var alreadyValidatedPlans: [String] {
        environment["SHUTTLE_PLANS_ALREADY_VALIDATED"].map { $0.split(separator: ":").map(String.init) } ?? []
    }

    func cacheMinutes() throws(ShuttleError) -> Int? {
        guard let text = environment["SHUTTLE_CACHE_DURATION_MIN"], !text.isEmpty else { return nil }
        guard let minutes = Int(text), minutes >= 0 else {
            throw .usage("SHUTTLE_CACHE_DURATION_MIN is not valid: \(text) (it must be a whole number of minutes)")
        }
        return minutes
    }
}
