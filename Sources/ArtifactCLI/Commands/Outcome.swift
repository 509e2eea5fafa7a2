import ArgumentParser
import ArtifactKit
import Foundation

extension ArtifactCommand {
    struct Failure: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark the pipeline failed and print its summary. Always exits 0.",
            discussion: """
                The reference CLI posts the failure to Slack here; Moonbase's artifact sends no Slack \
                messages. It marks the message file as the reference does (red, title ':jenkins: Jenkins \
                :no_entry:', a line ':no_entry: *<error message>*') and prints a summary of the pipeline \
                from artifact.json. Like the reference it exits 0 whatever happens, so it never hides the \
                pipeline's own failure; problems are printed as warnings.

                Example (a CI step that runs when an earlier one failed):
                  artifact failure --root artifact --error-message "Tests failed"
                """)
        @OptionGroup var options: FolderOptions
        @Option(help: "What went wrong.") var errorMessage = PipelineOutcome.defaultFailureMessage

        func run() {
            finish(.failed(message: errorMessage), options: options)
        }
    }

    struct Successful: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark the pipeline successful and print its summary. Always exits 0.",
            discussion: """
                The reference CLI posts the success to Slack here; Moonbase's artifact sends no Slack \
                messages. It marks the message file as the reference does (green, title ':jenkins: Jenkins \
                :white_check_mark:') and prints a summary of the pipeline from artifact.json. Exits 0 \
                whatever happens; problems are printed as warnings.

                Example:
                  artifact successful --root artifact
                """)
        @OptionGroup var options: FolderOptions

        func run() {
            finish(.successful, options: options)
        }
    }
}

private func finish(_ outcome: PipelineOutcome, options: FolderOptions) {
    let (summary, warnings) = options.folder.finish(outcome, at: Date())
    print(summary, terminator: "")
    warnings.forEach(printError)
    options.noteSlackIsNotSent()
}
