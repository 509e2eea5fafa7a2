import ArgumentParser
import HamctlKit
import Foundation
import MoonbaseClient

struct DescribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Describe releases and artifacts of a service.",
        subcommands: [Releases.self, Artifacts.self, LatestArtifact.self]
    )

    struct Releases: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "release", abstract: "The latest releases to an environment.",
            discussion: "Example: hamctl describe release --env prod --count 5", aliases: ["releases"])

        @OptionGroup var server: ServerOptions
        @Option(name: [.short, .long], help: "The environment.")
        var env: String
        @Option(name: [.short, .long], help: "How many releases.")
        var count = 1
        @Option(name: .long, help: "Skip this many of the newest releases (to page).")
        var offset = 0
        @Option(name: [.short, .long], help: ArgumentHelp("Accepted for the reference's scripts; not used.", visibility: .hidden))
        var namespace: String?

        func validate() throws {
            if count < 1 { throw ValidationError("--count must be a positive number, not \(count)") }
            if offset < 0 { throw ValidationError("--offset must not be negative") }
        }

        func run() async throws {
            let service = try server.resolvedService()
            let response = try await server.connection().run { client throws(ClientError) in
                try await client.describeRelease(service: service, environment: env, count: count, offset: offset)
            }
            try Printer.answer(response, as: server.output) { DescribeText.releases(response) }
        }
    }

    struct Artifacts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "artifact", abstract: "The latest artifacts of the service.",
            discussion: "Example: hamctl describe artifact --count 10 --branch master", aliases: ["artifacts"])

        @OptionGroup var server: ServerOptions
        @Option(name: [.short, .long], help: "How many artifacts.")
        var count = 5
        @Option(name: [.short, .long], help: "Only artifacts of this branch.")
        var branch: String?

        func validate() throws {
            if count < 1 { throw ValidationError("--count must be a positive number, not \(count)") }
        }

        func run() async throws {
            let service = try server.resolvedService()
            let response = try await server.connection().run { client throws(ClientError) in
                try await client.describeArtifact(service: service, count: count, branch: branch ?? "")
            }
            try Printer.answer(response, as: server.output) { DescribeText.artifacts(response) }
        }
    }

    struct LatestArtifact: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "latest-artifact", abstract: "The newest artifact of a branch.",
            discussion: "Example: hamctl describe latest-artifact --branch master")

        @OptionGroup var server: ServerOptions
        @Option(name: [.short, .long], help: "The branch.")
        var branch: String

        func run() async throws {
            let service = try server.resolvedService()
            let response = try await server.connection().run { client throws(ClientError) in
                try await client.latestArtifact(service: service, branch: branch)
            }
            try Printer.answer(response, as: server.output) { DescribeText.artifacts(response) }
        }
    }
}
