import Foundation

/// Keeps a git plan's clone in `<project>/.shuttle/plan` up to date.
///
/// A new clone checks out the requested ref (branch, tag or sha) or the remote's default
/// branch. An existing clone is pulled unless it has local changes, `--skip-pull` is given,
/// the cache window (`SHUTTLE_CACHE_DURATION_MIN`) has not passed, or it is on a tag or sha.
struct PlanClone {
    let source: GitPlanSource
    let directory: String
    let git: ShuttleGit
    let console: Console
    let token: String?
    let skipPull: Bool
    let cacheMinutes: Int?

    /// With a token, https URLs are rewritten to carry it for this one git call only
    /// (`-c url.<with token>.insteadOf=<url>`), so the clone's stored remote never holds it.
    private var authentication: [String] {
        let authenticated = source.authenticatedCloneURL(token: token)
        guard authenticated != source.cloneURL else { return [] }
        return ["url.\(authenticated).insteadOf=\(source.cloneURL)"]
    }

    func update() async throws(ShuttleError) {
        if FileManager.default.fileExists(atPath: directory + "/.git") {
            try await refresh()
        } else {
            try await clone()
        }
    }

    private func clone() async throws(ShuttleError) {
        let parent = (directory as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            if FileManager.default.fileExists(atPath: directory) { try FileManager.default.removeItem(atPath: directory) }
        } catch {
            throw .configuration("Cannot prepare \(directory) for the plan: \(error.localizedDescription)")
        }
        console.info("Cloning plan \(source.cloneURL)")
        let name = (directory as NSString).lastPathComponent
        try await git.run(["clone", "--quiet", source.cloneURL, name], in: parent, settings: authentication)
        if let ref = source.ref {
            try await git.run(["-c", "advice.detachedHead=false", "checkout", "--quiet", ref], in: directory)
        }
    }

    private func refresh() async throws(ShuttleError) {
        let status = try await git.run(["status", "--porcelain=v2", "--branch"], in: directory)
        var changed = 0
        for line in status.split(separator: "\n") {
            if line.hasPrefix("u ") {
                throw ShuttleError(.planInMergeState, "Plan's cloned output is in merge state. Please resolve merge conflicts in \(directory) and then try again")
            }
            if line.hasPrefix("1 ") || line.hasPrefix("2 ") || line.hasPrefix("? ") { changed += 1 }
        }
        if changed > 0 {
            console.emphasis("Found \(changed) files locally changed in plan")
            console.emphasis("Skipping plan pull because of changes")
            return
        }
        if skipPull { return }
        if let cacheMinutes, isFresh(minutes: cacheMinutes) {
            console.verbose("Plan was updated less than \(cacheMinutes) minutes ago; skipping pull")
            return
        }
        try await git.run(["fetch", "--quiet", "--tags", "--force", "origin"], in: directory, settings: authentication)
        let target: String
        if let ref = source.ref {
            target = ref
        } else {
            target = try await defaultBranch()
        }
        try await git.run(["-c", "advice.detachedHead=false", "checkout", "--quiet", target], in: directory)
        let onBranch = (try? await git.run(["symbolic-ref", "-q", "HEAD"], in: directory)) != nil
        if onBranch {
            console.info("Pulling latest plan changes on \(target)")
            try await git.run(["pull", "--quiet", "--ff-only", "origin", target], in: directory, settings: authentication)
            touch()
        } else {
            console.emphasis("Skipping plan pull because its running on detached head")
        }
    }

    private func defaultBranch() async throws(ShuttleError) -> String {
        if let head = try? await git.run(["symbolic-ref", "--short", "refs/remotes/origin/HEAD"], in: directory) {
            return String(head.trimmingCharacters(in: .whitespacesAndNewlines).dropFirst("origin/".count))
        }
        try await git.run(["remote", "set-head", "origin", "--auto"], in: directory, settings: authentication)
        let head = try await git.run(["symbolic-ref", "--short", "refs/remotes/origin/HEAD"], in: directory)
        return String(head.trimmingCharacters(in: .whitespacesAndNewlines).dropFirst("origin/".count))
    }

    private func isFresh(minutes: Int) -> Bool {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: directory),
              let modified = attributes[.modificationDate] as? Date
        else { return false }
        return modified > Date().addingTimeInterval(-Double(minutes) * 60)
    }

    private func touch() {
        try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: directory)
    }
}
