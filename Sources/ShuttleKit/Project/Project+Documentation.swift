import Foundation
import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif

extension Project {
    /// The plan's documentation page: plan.yaml's `documentation`, else the git plan's web page.
    public func documentationURL() async throws(ShuttleError) -> String {
        switch plan {
        case .none:
            throw .usage("Could not find any plan documentation: this project has no plan")
        case .local:
            if let documentation = try await loadPlanFile()?.documentation, !documentation.isEmpty { return documentation }
            throw .configuration("Local plan has no documentation; add `documentation: <url>` to its plan.yaml")
        case .git(let source):
            // As the reference, which loads (clones or pulls) the plan before answering.
            try await materializePlan()
            if FileManager.default.fileExists(atPath: localPlanPath + "/plan.yaml"),
               let documentation = try await loadPlanFile()?.documentation, !documentation.isEmpty {
                return documentation
            }
            if let web = source.webURL { return web }
            throw .usage("Could not detect protocol for plan '\(source.url)'")
        }
    }

    /// Opens `url` with `$BROWSER` (split on spaces, the URL appended) or `xdg-open`.
    public func openInBrowser(_ url: String) async throws(ShuttleError) {
        let launcher: [String]
        if let browser = options.environment["BROWSER"], !browser.isEmpty {
            launcher = browser.split(separator: " ").map(String.init) + [url]
        } else {
            launcher = ["xdg-open", url]
        }
        let status: TerminationStatus
        do {
            status = try await Subprocess.run(
                launcher[0].contains("/") ? .path(FilePath(launcher[0])) : .name(launcher[0]), arguments: Arguments(Array(launcher.dropFirst())),
                output: .discarded, error: .currentStandardError
            ).terminationStatus
        } catch {
            throw .usage("Failed to open document reference: cannot run \(launcher[0]): \(error)")
        }
        guard status.isSuccess else {
            throw .usage("Failed to open document reference: \(launcher[0]) exited with status \(status.code)")
        }
    }
}
