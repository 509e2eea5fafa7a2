import Foundation
import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// A fresh folder under the system's temporary directory, removed with `remove()`.
public struct TemporaryDirectory: Sendable {
    public let path: String

    public init(_ label: String = "moonbase") throws {
        let base = FileManager.default.temporaryDirectory.resolvingSymlinksInPath().path
        path = base + "/\(label)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `contents` to `relativePath`, creating folders on the way.
    @discardableResult
    public func write(_ relativePath: String, _ contents: String, executable: Bool = false) throws -> String {
        let file = path + "/" + relativePath
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try contents.write(toFile: file, atomically: true, encoding: .utf8)
        if executable { chmod(file, 0o755) }
        return file
    }

    public func read(_ relativePath: String) -> String? {
        FileManager.default.contents(atPath: path + "/" + relativePath).map { String(decoding: $0, as: UTF8.self) }
    }

    public func exists(_ relativePath: String) -> Bool {
        FileManager.default.fileExists(atPath: path + "/" + relativePath)
    }

    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// What a finished process printed and how it ended.
public struct ProcessOutput: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// Runs a program to completion, capturing its output.
public func runProcess(_ executable: String, _ arguments: [String], in directory: String,
                       environment: [String: String] = [:], input: String = "") async throws -> ProcessOutput {
    var merged = ProcessInfo.processInfo.environment
    merged["NO_COLOR"] = "1"
    for (key, value) in environment { merged[key] = value }
    let raw = merged.map { Array("\($0.key)=\($0.value)".utf8) + [0] }
    let executableKind: Executable = executable.contains("/") ? .path(FilePath(executable)) : .name(executable)
    let result = try await Subprocess.run(
        executableKind, arguments: Arguments(arguments), environment: .custom(raw),
        workingDirectory: FilePath(directory), input: .string(input),
        output: .string(limit: 16 << 20), error: .string(limit: 16 << 20))
    let status: Int32 = switch result.terminationStatus {
    case .exited(let code): code
    case .signaled(let signal): 128 + signal
    }
    return ProcessOutput(status: status, stdout: result.standardOutput, stderr: result.standardError)
}

/// Runs git and fails loudly if it does.
@discardableResult
public func git(_ arguments: [String], in directory: String) async throws -> String {
    let output = try await runProcess("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com",
                                              "-c", "init.defaultBranch=main", "-c", "advice.detachedHead=false"] + arguments,
                                      in: directory)
    guard output.status == 0 else {
        throw GitFailure(message: "git \(arguments.joined(separator: " ")) failed (\(output.status)): \(output.stderr)")
    }
    return output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
}

public struct GitFailure: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// A bare git repository holding a plan, with helpers to commit, branch and tag in it.
public struct PlanRepository: Sendable {
    public let bare: String
    public let work: String

    /// Creates `<root>/plan.git` (bare) whose default branch `defaultBranch` holds `plan.yaml`.
    public static func create(in root: TemporaryDirectory, defaultBranch: String = "main", planYAML: String) async throws -> PlanRepository {
        let bare = root.path + "/plan.git", work = root.path + "/plan-work"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        try await git(["init", "--quiet", "--bare", "--initial-branch=\(defaultBranch)", bare], in: root.path)
        try await git(["init", "--quiet", "--initial-branch=\(defaultBranch)"], in: work)
        try await git(["remote", "add", "origin", bare], in: work)
        let repository = PlanRepository(bare: bare, work: work)
        try await repository.commit(["plan.yaml": planYAML], message: "first plan")
        try await git(["push", "--quiet", "origin", defaultBranch], in: work)
        return repository
    }

    public var fileURL: String { "file://" + bare }

    /// Commits files on the current branch and pushes it; returns the new sha.
    @discardableResult
    public func commit(_ files: [String: String], message: String) async throws -> String {
        for (name, contents) in files {
            let file = work + "/" + name
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try contents.write(toFile: file, atomically: true, encoding: .utf8)
        }
        try await git(["add", "-A"], in: work)
        try await git(["commit", "--quiet", "-m", message], in: work)
        let branch = try await git(["rev-parse", "--abbrev-ref", "HEAD"], in: work)
        try await git(["push", "--quiet", "origin", branch], in: work)
        return try await git(["rev-parse", "HEAD"], in: work)
    }

    public func checkout(newBranch: String) async throws {
        try await git(["checkout", "--quiet", "-b", newBranch], in: work)
    }

    public func checkout(_ branch: String) async throws {
        try await git(["checkout", "--quiet", branch], in: work)
    }

    public func tag(_ name: String) async throws {
        try await git(["tag", name], in: work)
        try await git(["push", "--quiet", "origin", name], in: work)
    }
}

/// The folder of the built products (where `swift build` put the test bundle and the tools).
public var productsDirectory: String {
    let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    var directory = (executable as NSString).deletingLastPathComponent
    // On Darwin the test binary sits inside a .xctest bundle.
    while directory.contains(".xctest") { directory = (directory as NSString).deletingLastPathComponent }
    return directory
}
