import ArgumentParser
import ArtifactKit
import Foundation

/// The reference CLI's global flags, taken by every command after its name.
struct FolderOptions: ParsableArguments {
    @Option(help: "The folder holding artifact.json, the message file and one folder of manifests per environment.")
    var root = "."

    @Option(help: "The artifact spec's file name, inside --root.")
    var file = "artifact.json"

    @Option(help: "The pipeline message's file name, inside --root.")
    var messageFile = "message.json"

    @Option(help: ArgumentHelp("Accepted for compatibility with the reference CLI; Moonbase's artifact sends no Slack messages.", valueName: "token"))
    var slackToken: String?

    @Option(help: "Company email suffix: init maps author and committer emails without it through --user-mappings.")
    var emailSuffix = ""

    var folder: ArtifactFolder {
        ArtifactFolder(root: root, fileName: file, messageFileName: messageFile)
    }

    func validate() throws {
        for (flag, value) in [("--root", root), ("--file", file), ("--message-file", messageFile)] where value.isEmpty {
            throw ValidationError("\(flag) must not be empty")
        }
    }

    /// Said where the reference would have sent a Slack message.
    func noteSlackIsNotSent() {
        guard let slackToken, !slackToken.isEmpty else { return }
        printError("note: Moonbase's artifact sends no Slack messages; --slack-token is ignored (the message is kept in \(folder.messagePath))")
    }
}

func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Counts given on the command line are never negative.
func checkCount(_ value: Int?, flag: String) throws {
    if let value, value < 0 { throw ValidationError("\(flag) must be 0 or more, not \(value)") }
}
