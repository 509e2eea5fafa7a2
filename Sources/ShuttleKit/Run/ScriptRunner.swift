import Foundation
import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Runs a script's actions in order with `sh -c`, in the project folder, attached to the
/// terminal (stdin, stdout and stderr are shuttle's own), and stops at the first failure.
public struct ScriptRunner: Sendable {
    public let project: Project

    public init(project: Project) {
        self.project = project
    }

    /// The environment actions see: shuttle's own, plus every declared argument (empty when
    /// not given), `plan`, `tmp`, `project`, shuttle's folder first on `PATH`, and the
    /// `SHUTTLE_*` variables that keep nested shuttle calls from pulling the plan again.
    public func environment(for script: Script, invocation: ScriptInvocation, executableDirectory: String) -> [String: String] {
        var environment = project.options.environment
        for argument in script.arguments { environment[argument.name] = "" }
        for (name, value) in invocation.values { environment[name] = value }
        environment["plan"] = project.localPlanPath
        environment["tmp"] = project.temporaryDirectory
        environment["project"] = project.directory
        let path = environment["PATH"].map { executableDirectory + ":" + $0 } ?? executableDirectory
        environment["PATH"] = path
        var validated = project.options.alreadyValidatedPlans
        if !project.localPlanPath.isEmpty, !validated.contains(project.localPlanPath) { validated.append(project.localPlanPath) }
        environment["SHUTTLE_PLANS_ALREADY_VALIDATED"] = validated.joined(separator: ":")
        environment["SHUTTLE_INTERACTIVE"] = "default"
        if environment["SHUTTLE_CONTEXT_ID"] == nil { environment["SHUTTLE_CONTEXT_ID"] = UUID().uuidString.lowercased() }
        return environment
    }

    /// Runs every action; a failing action ends the run with its own exit status
    /// (128+N when killed by signal N).
    public func run(_ script: Script, invocation: ScriptInvocation, executableDirectory: String) async throws(ShuttleError) {
        let environment = environment(for: script, invocation: invocation, executableDirectory: executableDirectory)
        // NUL-terminated "KEY=VALUE" entries, as execve takes them.
        let rawEnvironment = environment.map { Array("\($0.key)=\($0.value)".utf8) + [0] }
        for action in script.actions {
            switch action {
            case .unsupported(let kind, let location):
                throw .configuration("Failed executing script `\(script.name)`: \(location) is a `\(kind):` action, which Moonbase's shuttle has no executor for; use a `shell:` action instead")
            case .shell(let code):
                project.console.verbose("Starting shell command: sh -c \(code)")
                let status = try await runShell(code, environment: rawEnvironment)
                if status != 0 {
                    throw ShuttleError(.actionFailed(status: status),
                                       "Failed executing script `\(script.name)`: shell script `\(code)`\nExit code: \(status)")
                }
            }
        }
    }

    private func runShell(_ code: String, environment: [[UInt8]]) async throws(ShuttleError) -> Int32 {
        // Like system(3): while the action runs, Ctrl-C and Ctrl-\ are the action's to handle;
        // the child starts with default signal handling, and its status tells what happened.
        let previousInterrupt = signal(SIGINT, SIG_IGN)
        let previousQuit = signal(SIGQUIT, SIG_IGN)
        defer {
            signal(SIGINT, previousInterrupt)
            signal(SIGQUIT, previousQuit)
        }
        do {
            let result = try await Subprocess.run(
                .path("/bin/sh"), arguments: ["-c", code], environment: .custom(environment),
                workingDirectory: FilePath(project.directory),
                input: .currentStandardInput, output: .currentStandardOutput, error: .currentStandardError)
            return result.terminationStatus.code
        } catch {
            throw .configuration("Failed to start /bin/sh for an action: \(error)")
        }
    }
}
