import ArgumentParser
import HamctlKit
import Foundation
import MoonbaseClient
import ReleaseModel

struct ReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Release an artifact to one or more environments.",
        discussion: """
            Releases a given artifact (--artifact), the latest artifact of a branch (--branch), \
            or, with neither, the latest artifact of the current git branch. Each environment \
            is released in turn and hamctl waits until the release is committed.
            Examples:
              hamctl release --env dev --artifact master-1a2b3c4d5e-6f7a8b9c0d
              hamctl release --env dev,staging --branch master
            """
    )

    @OptionGroup var server: ServerOptions
    @OptionGroup var rollout: RolloutWaitOptions
    @Option(name: [.short, .long], help: ArgumentHelp("Environments, comma separated.", valueName: "env[,env…]"))
    var env: String
    @Option(name: [.short, .long], help: "Release the latest artifact of this branch.")
    var branch: String?
    @Option(name: .long, help: "Release this artifact id.")
    var artifact: String?
    @Flag(name: [.customShort("c"), .customLong("current-branch")], help: "Release the latest artifact of the current git branch (the default).")
    var currentBranch = false
    @Option(name: .long, help: "Why; recorded in the release commit.")
    var reason: String?

    func validate() throws {
        if branch != nil && currentBranch { throw ValidationError("--branch and --current-branch cannot both be specified") }
        if branch != nil && artifact != nil { throw ValidationError("--branch and --artifact cannot both be specified") }
        if currentBranch && artifact != nil { throw ValidationError("--current-branch and --artifact cannot both be specified") }
        if EnvironmentList.parse(env).isEmpty { throw ValidationError("--env must contain at least one value") }
    }

    func run() async throws {
        let service = try server.resolvedService()
        let connection = try server.connection()
        let artifactID: String
        let intent: Intent
        if let artifact {
            artifactID = artifact
            intent = .releaseArtifact
            if server.output == .text { Printer.text("Release of service: \(service)\n") }
        } else {
            let branch: String
            if let given = self.branch { branch = given } else { branch = try await CurrentBranch.detect() }
            let latest = try await connection.run { client throws(ClientError) in try await client.latestArtifact(service: service, branch: branch) }
            guard let newest = latest.artifacts.first else {
                throw HamctlError("no artifacts found on branch '\(branch)' of service '\(service)'")
            }
            artifactID = newest.id
            intent = .releaseBranch(branch: branch)
            if server.output == .text { Printer.text("Release of service \(service) using branch \(branch)\n") }
        }
        var outcomes: [ReleaseOutcome] = []
        for environment in EnvironmentList.parse(env) {
            let request = ReleaseRequest(service: service, environment: environment, artifactID: artifactID, intent: intent, reason: reason ?? "")
            let outcome = await ReleaseOutcome.of(environment: environment, connection: connection) { client throws(ClientError) in
                try await client.release(request)
            }
            if server.output == .text { Printer.text(outcome.line + "\n") }
            outcomes.append(await rollout.follow(outcome, service: service, connection: connection, format: server.output))
        }
        try ReleaseOutcome.finish(outcomes, format: server.output)
    }
}
