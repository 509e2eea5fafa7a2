import Foundation

/// The current git branch of the working directory, as `release` uses it by default.
enum CurrentBranch {
    static func detect() async throws(HamctlError) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "branch", "--show-current"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw HamctlError("Could not determine current branch (git: \(error.localizedDescription)). Specify --branch or --artifact explicitly")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let branch = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0, !branch.isEmpty else {
            throw HamctlError("Could not determine current branch. Specify --branch or --artifact explicitly")
        }
        return branch
    }
}
