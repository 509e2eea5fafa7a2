import Foundation

/// Where a plan's skeleton is: a local plan's own folder, or a temporary clone of a git plan
/// (removed by `cleanUp`). Plans are resolved as shuttle.yaml's `plan:` is.
struct SkeletonSource: Sendable {
    /// The plan as given to `--plan`.
    let planText: String
    let reference: PlanReference
    let planDirectory: String
    /// A temporary folder holding a git plan's clone.
    let scratch: String?

    var skeletonDirectory: String { planDirectory + "/skeleton" }

    static func resolve(_ planText: String, workingDirectory: String, environment: [String: String],
                        console: Console) async throws(ShuttleError) -> SkeletonSource {
        let reference = try PlanReference.parse(planText, relativeTo: workingDirectory)
        switch reference {
        case .none:
            throw .usage("no plan given: pass --plan with a path or git URL of a plan with a skeleton/ folder")
        case .local(let path):
            return SkeletonSource(planText: planText, reference: reference, planDirectory: path, scratch: nil)
        case .git(let source):
            let scratch = FileManager.default.temporaryDirectory.path + "/shuttle-new-" + UUID().uuidString.prefix(8).lowercased()
            let token = environment["SHUTTLE_GIT_TOKEN"]
            let clone = PlanClone(source: source, directory: scratch + "/plan",
                                  git: ShuttleGit(console: console, secrets: [token].compactMap { $0 }),
                                  console: console, token: token, skipPull: false, cacheMinutes: nil)
            let resolved = SkeletonSource(planText: planText, reference: reference, planDirectory: scratch + "/plan", scratch: scratch)
            do {
                try await clone.update()
            } catch {
                resolved.cleanUp()
                throw error
            }
            return resolved
        }
    }

    /// The `plan:` the new shuttle.yaml gets: git URLs and absolute paths as given; a relative
    /// path is rewritten to be relative to the new repository, since shuttle.yaml's `plan:`
    /// is read relative to the project folder, not to where `shuttle new` ran.
    func valueForProject(target: String) -> String {
        guard case .local(let path) = reference, !planText.hasPrefix("/") else { return planText }
        return Self.relativePath(from: target, to: path)
    }

    static func relativePath(from base: String, to path: String) -> String {
        let from = base.split(separator: "/"), to = path.split(separator: "/")
        var common = 0
        while common < from.count, common < to.count, from[common] == to[common] { common += 1 }
        let parts = Array(repeating: "..", count: from.count - common) + to[common...].map(String.init)
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    func cleanUp() {
        if let scratch { try? FileManager.default.removeItem(atPath: scratch) }
    }
}
