import ArgumentParser
import ArtifactKit
import Foundation
import ReleaseModel

extension ArtifactCommand {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start recording a pipeline: write a new artifact.json with the commit and ci.start = now.",
            discussion: """
                Writes <root>/<file> (artifact.json) and the pipeline message (<root>/<message-file>), replacing \
                what a previous run left. Author and committer emails that do not end with --email-suffix are \
                replaced by their --user-mappings (or USER_MAPPINGS) entry when there is one.

                Example:
                  artifact init --root artifact --service checkout \\
                    --artifact-id master-0123456789-abcdef0123 \\
                    --git-branch master --git-sha 0123456789abcdef \\
                    --git-message "Add receipts" \\
                    --git-author-name "Jane Doe" --git-author-email jane@example.com \\
                    --git-committer-name "Jane Doe" \\
                    --git-committer-email jane@example.com \\
                    --ci-job-url "$CI_JOB_URL"
                """
        )

        @OptionGroup var options: FolderOptions

        @Option(help: "The artifact's id, by convention <branch with / as _>-<sha[0:10]>-<plan sha[0:10]>.")
        var artifactID: String
        @Option(help: "The service the artifact is a build of.")
        var service: String
        @Option(help: "The namespace to release to (default: the environment's name).")
        var namespace = ""
        @Option(help: "The squad owning the service.")
        var squad = ""

        @Option(help: "The commit's author name.") var gitAuthorName: String
        @Option(help: "The commit's author email.") var gitAuthorEmail: String
        @Option(help: "The commit message.") var gitMessage: String
        @Option(help: "The commit's committer name.") var gitCommitterName: String
        @Option(help: "The commit's committer email.") var gitCommitterEmail: String
        @Option(help: "The commit's sha.") var gitSha: String
        @Option(help: "The branch built.") var gitBranch: String
        @Option(help: "The repository's provider, e.g. GitHub.") var provider = ""
        @Option(help: "The URL of the commit or repository.") var url = ""
        @Option(help: "The repository's name.") var name = ""

        @Option(help: "The shuttle plan's commit sha.") var shuttlePlanSha = ""
        @Option(help: "The shuttle plan's URL.") var shuttlePlanUrl = ""
        @Option(help: "The shuttle plan's commit message.") var shuttlePlanMessage = ""
        @Option(help: "The shuttle plan's branch.") var shuttlePlanBranch = ""

        @Option(help: "The CI job's URL.") var ciJobUrl = ""

        @Option(help: ArgumentHelp(
            "Git email to company email, <git email>=<company email>; repeat or separate with commas (default: USER_MAPPINGS).",
            valueName: "mappings"))
        var userMappings: [String] = []

        func validate() throws {
            do {
                try Name.validate(artifactID, as: .artifactID)
            } catch {
                throw ValidationError("--artifact-id: \(error.description)")
            }
            do {
                try Name.validate(service, as: .service)
            } catch {
                throw ValidationError("--service: \(error.description)")
            }
            if !namespace.isEmpty {
                do {
                    try Name.validate(namespace, as: .namespace)
                } catch {
                    throw ValidationError("--namespace: \(error.description)")
                }
            }
        }

        func run() throws {
            let mappings: UserMappings
            if userMappings.isEmpty {
                mappings = try UserMappings(parsing: [ProcessInfo.processInfo.environment["USER_MAPPINGS"] ?? ""], source: "USER_MAPPINGS")
            } else {
                mappings = try UserMappings(parsing: userMappings, source: "--user-mappings")
            }
            var spec = ArtifactSpec(id: artifactID, service: service, namespace: namespace, squad: squad)
            spec.application = Repository(
                branch: gitBranch, sha: gitSha, authorName: gitAuthorName, authorEmail: gitAuthorEmail,
                committerName: gitCommitterName, committerEmail: gitCommitterEmail, message: gitMessage, name: name,
                url: url, provider: provider)
            for keyPath in [\Repository.authorEmail, \Repository.committerEmail] {
                let (email, missing) = mappings.email(for: spec.application[keyPath: keyPath], suffix: options.emailSuffix)
                if missing { printError("note: no user mapping for \(email); it is recorded as given") }
                spec.application[keyPath: keyPath] = email
            }
            spec.shuttle.plan = Repository(branch: shuttlePlanBranch, sha: shuttlePlanSha, message: shuttlePlanMessage, url: shuttlePlanUrl)
            spec.ci.jobURL = ciJobUrl
            let warnings = try options.folder.start(spec, at: Date())
            warnings.forEach(printError)
            options.noteSlackIsNotSent()
        }
    }
}
