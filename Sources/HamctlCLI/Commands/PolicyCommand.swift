import ArgumentParser
import HamctlKit
import Foundation
import MoonbaseClient
import ReleaseModel

struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "List, apply and delete release policies of a service.",
        subcommands: [List.self, Apply.self, Delete.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the service's policies.", discussion: "Example: hamctl policy list")

        @OptionGroup var server: ServerOptions

        func run() async throws {
            let service = try server.resolvedService()
            let response = try await server.connection().run { client throws(ClientError) in try await client.policies(service: service) }
            switch (server.output, response) {
            case (.json, let response?): try Printer.json(response)
            case (.json, nil): try Printer.json(ListPoliciesResponse(service: service, autoReleases: [], branchRestrictions: []))
            case (.text, let response?): Printer.text(PolicyText.render(response))
            case (.text, nil): Printer.text("No policies exist for service\n")
            }
        }
    }

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply a policy.", subcommands: [AutoRelease.self, BranchRestriction.self, AutoRollback.self])
    }

    struct AutoRelease: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "auto-release",
            abstract: "Release every new artifact of a branch to an environment.",
            discussion: "Example: hamctl policy apply auto-release --branch master --env dev")

        @OptionGroup var server: ServerOptions
        @Option(name: [.short, .long], help: "The branch whose artifacts are released.")
        var branch: String
        @Option(name: [.short, .long], help: "The environment they are released to.")
        var env: String

        func run() async throws {
            let service = try server.resolvedService()
            let request = ApplyAutoReleasePolicyRequest(service: service, branch: branch, environment: env)
            let response = try await server.connection().run { client throws(ClientError) in try await client.applyAutoRelease(request) }
            try Printer.answer(response, as: server.output) { "[✓] Applied auto-release policy '\(response.id)' to service '\(response.service)'\n" }
        }
    }

    struct AutoRollback: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "auto-rollback",
            abstract: "Roll back to the previous artifact when a rollout in an environment fails.",
            discussion: "Needs the cluster daemon in that environment. Example: hamctl policy apply auto-rollback --env prod")

        @OptionGroup var server: ServerOptions
        @Option(name: [.short, .long], help: "The environment whose failed rollouts are rolled back.")
        var env: String

        func run() async throws {
            let service = try server.resolvedService()
            let request = ApplyAutoRollbackPolicyRequest(service: service, environment: env)
            let response = try await server.connection().run { client throws(ClientError) in try await client.applyAutoRollback(request) }
            try Printer.answer(response, as: server.output) { "[✓] Applied auto-rollback policy '\(response.id)' to service '\(response.service)'\n" }
        }
    }

    struct BranchRestriction: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "branch-restriction",
            abstract: "Allow only artifacts of matching branches in an environment.",
            discussion: """
                The regex must be anchored (^…$) unless --force is given, since an unanchored \
                one matches anywhere in a branch name.
                Example: hamctl policy apply branch-restriction --env prod --branch-regex '^master$'
                """)

        @OptionGroup var server: ServerOptions
        @Option(name: .customLong("branch-regex"), help: "The branches allowed, as a regular expression.")
        var branchRegex: String
        @Option(name: [.short, .long], help: "The environment.")
        var env: String
        @Flag(name: .long, help: "Store an unanchored regex anyway.")
        var force = false

        func run() async throws {
            let service = try server.resolvedService()
            let request = ApplyBranchRestrictionPolicyRequest(service: service, environment: env, branchRegex: branchRegex, force: force)
            let response = try await server.connection().run { client throws(ClientError) in try await client.applyBranchRestriction(request) }
            try Printer.answer(response, as: server.output) { "[✓] Applied branch restriction policy '\(response.id)' to service '\(response.service)'\n" }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete policies by id.", discussion: "Example: hamctl policy delete auto-release-master-dev")

        @OptionGroup var server: ServerOptions
        @Argument(help: "The policy ids (see 'hamctl policy list').")
        var ids: [String] = []

        func validate() throws {
            if ids.isEmpty { throw ValidationError("at least one policy id must be specified.") }
        }

        func run() async throws {
            let service = try server.resolvedService()
            let request = DeletePolicyRequest(service: service, policyIDs: ids)
            let response = try await server.connection().run { client throws(ClientError) in try await client.deletePolicies(request) }
            try Printer.answer(response, as: server.output) { "Deleted \(response.count) policies\n" }
        }
    }
}
