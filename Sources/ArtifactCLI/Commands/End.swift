import ArgumentParser
import ArtifactKit
import Foundation

extension ArtifactCommand {
    struct End: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record that the pipeline's work is done: ci.end = now.",
            discussion: """
                Run it after the last stage and before 'artifact push', so the pushed artifact carries \
                the pipeline's duration.

                Example:
                  artifact end --root artifact
                """)
        @OptionGroup var options: FolderOptions

        func run() throws {
            try options.folder.end(at: Date())
        }
    }
}
