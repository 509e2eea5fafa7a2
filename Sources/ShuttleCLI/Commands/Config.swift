import ArgumentParser
import Foundation
import ShuttleKit

struct Config: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print shuttle's version, the project's plan and the environment.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("exclude-env-vars"), help: "Environment variables to leave out, comma-separated.")
    var excludeEnvVars: String?

    func run() async throws {
        let project = try global.locate(.error)
        var planLine = project.file.planText
        if case .git(let source) = project.plan { planLine = "\(source.url) \(source.ref ?? "(default branch)")" }
        let excluded = Set((excludeEnvVars ?? "").split(separator: ",").map(String.init))
        let secrets: Set<String> = ["SHUTTLE_GIT_TOKEN"]
        let environment = global.options.environment
            .filter { !excluded.contains($0.key) }
            .sorted { $0.key < $1.key }
            .map { "\($0.key)=\(secrets.contains($0.key) ? "***" : $0.value)" }
        StandardOutput.write("Version \(Shuttle.version)\n\nPlan:\n\(planLine)\n\nEnvironment:\n" + environment.joined(separator: "\n") + "\n")
    }
}
