import ArgumentParser
import ArtifactKit
import Foundation
import ReleaseModel

extension ArtifactCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a stage of the pipeline in artifact.json.",
            discussion: """
                A stage with the same id replaces the recorded one in place; a new id is appended. \
                artifact.json must exist ('artifact init' writes it) and is rewritten atomically: \
                a failing command leaves it as it was.

                Example:
                  artifact add test --root artifact --passed 212 --failed 0 --skipped 3
                  artifact add security-scan --root artifact --report trivy.json
                """,
            subcommands: [Build.self, Push.self, Test.self, SnykCode.self, SnykDocker.self, SecurityScan.self]
        )
    }
}

/// Records one stage and prints the message file's warnings, if any.
func record(_ data: StageData, in options: FolderOptions) throws {
    try options.folder.record(data).forEach(printError)
}

extension ArtifactCommand.Add {
    struct ImageOptions: ParsableArguments {
        @Option(help: "The image's repository, e.g. registry.example.com/checkout.") var image: String
        @Option(help: "The image's tag.") var tag: String
        @Option(help: "The docker version that built or pushed it.") var dockerVersion: String

        var data: ImageData { ImageData(image: image, tag: tag, dockerVersion: dockerVersion) }
    }

    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the build stage: the image and tag built.",
            discussion: """
                Example:
                  artifact add build --root artifact \\
                    --image registry.example.com/checkout \\
                    --tag master-0123456789-abcdef0123 --docker-version 27.3.1
                """)
        @OptionGroup var options: FolderOptions
        @OptionGroup var image: ImageOptions
        func run() throws { try record(.build(image.data), in: options) }
    }

    struct Push: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the push stage: the image and tag pushed to the registry.",
            discussion: """
                Example:
                  artifact add push --root artifact \\
                    --image registry.example.com/checkout \\
                    --tag master-0123456789-abcdef0123 --docker-version 27.3.1
                """)
        @OptionGroup var options: FolderOptions
        @OptionGroup var image: ImageOptions
        func run() throws { try record(.push(image.data), in: options) }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the test stage: passed, failed and skipped counts.",
            discussion: """
                Example:
                  artifact add test --root artifact --passed 212 --failed 0 --skipped 3
                """)
        @OptionGroup var options: FolderOptions
        @Option(help: "Tests that passed.") var passed: Int
        @Option(help: "Tests that failed.") var failed: Int
        @Option(help: "Tests that were skipped.") var skipped: Int
        @Option(help: "Where the test report is.") var url = ""

        func validate() throws {
            try checkCount(passed, flag: "--passed")
            try checkCount(failed, flag: "--failed")
            try checkCount(skipped, flag: "--skipped")
        }

        func run() throws {
            try record(.test(TestData(url: url, results: TestResults(passed: passed, failed: failed, skipped: skipped))), in: options)
        }
    }

    struct SnykOptions: ParsableArguments {
        @Option(help: "The snyk CLI's version.") var snykVersion = ""
        @Option(help: "High severity vulnerabilities.") var high = 0
        @Option(help: "Medium severity vulnerabilities.") var medium = 0
        @Option(help: "Low severity vulnerabilities.") var low = 0

        var vulnerabilities: Vulnerabilities { Vulnerabilities(high: high, medium: medium, low: low) }

        func validate() throws {
            try checkCount(high, flag: "--high")
            try checkCount(medium, flag: "--medium")
            try checkCount(low, flag: "--low")
        }
    }

    struct SnykCode: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "snyk-code",
            abstract: "Record a Snyk code scan: language and vulnerability counts (stage 'Security Scan - Code').",
            discussion: """
                Example:
                  artifact add snyk-code --root artifact --language go \\
                    --snyk-version 1.1294.0 --high 0 --medium 2 --low 5
                """)
        @OptionGroup var options: FolderOptions
        @Option(help: "The scanned code's language.") var language = ""
        @Option(help: "Where the scan's report is.") var url = "https://app.snyk.io"
        @OptionGroup var snyk: SnykOptions

        func run() throws {
            try record(.snykCode(SnykCodeData(snykVersion: snyk.snykVersion, url: url, language: language, vulnerabilities: snyk.vulnerabilities)), in: options)
        }
    }

    struct SnykDocker: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "snyk-docker",
            abstract: "Record a Snyk image scan: base image, tag and vulnerability counts (stage 'Security Scan - Docker').",
            discussion: """
                Example:
                  artifact add snyk-docker --root artifact --base-image alpine:3.20 \\
                    --tag master-0123456789-abcdef0123 --snyk-version 1.1294.0 \\
                    --high 1 --medium 0 --low 3
                """)
        @OptionGroup var options: FolderOptions
        @Option(help: "The image's base image.") var baseImage = ""
        @Option(help: "The scanned image's tag.") var tag = ""
        @Option(help: "Where the scan's report is.") var url = ""
        @OptionGroup var snyk: SnykOptions

        func run() throws {
            try record(
                .snykDocker(SnykDockerData(tag: tag, snykVersion: snyk.snykVersion, url: url, baseImage: baseImage, vulnerabilities: snyk.vulnerabilities)),
                in: options)
        }
    }
}

extension ScanReportFormat: ExpressibleByArgument {}
