import Foundation
import GoCompat
import ReleaseModel

/// What the pipeline commands do to the folder: `init`, `add`, `end`, `failure`, `successful`.
/// Each returns the warnings to print (the message file never fails a pipeline step).
extension ArtifactFolder {
    /// `artifact init`: a new artifact.json with `ci.start` = `now`, and a new message. The root
    /// folder is created when missing.
    @discardableResult
    public func start(_ spec: ArtifactSpec, at now: Date) throws(ArtifactError) -> [String] {
        var spec = spec
        spec.ci.start = GoTime(now)
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        } catch {
            throw ArtifactError("could not create the root folder \(root): \(error.localizedDescription)")
        }
        try writeSpec(spec)
        do {
            try writeMessage(PipelineMessage(startedFor: spec))
            return []
        } catch {
            return ["warning: \(error.description) (the message was not written)"]
        }
    }

    /// `artifact add <stage>`: replaces the stage with the same id in place, or appends it.
    @discardableResult
    public func record(_ data: StageData) throws(ArtifactError) -> [String] {
        try updateSpec { spec in spec.upsert(Stage(data)) }
        return updateMessage { $0.append(line: data.messageLine) }.map { [$0] } ?? []
    }

    /// `artifact end`: `ci.end` = `now`.
    public func end(at now: Date) throws(ArtifactError) {
        try updateSpec { spec in spec.ci.end = GoTime(now) }
    }

    /// `artifact failure` and `artifact successful`: marks the message with the outcome and
    /// returns the pipeline's summary. Never throws: the reference's commands always succeed.
    public func finish(_ outcome: PipelineOutcome, at now: Date) -> (summary: String, warnings: [String]) {
        var warnings: [String] = []
        let spec: ArtifactSpec?
        do {
            spec = try readSpec()
        } catch {
            spec = nil
            warnings.append("warning: \(error.description)")
        }
        if let warning = updateMessage({ outcome.mark(&$0) }) { warnings.append(warning) }
        let summary = PipelineSummary(spec: spec, outcome: outcome, now: now).text
        return (summary, warnings)
    }
}

/// How a pipeline ended.
public enum PipelineOutcome: Sendable, Equatable {
    case failed(message: String)
    case successful

    public static let defaultFailureMessage = "Unexpected error in pipeline"

    func mark(_ message: inout PipelineMessage) {
        switch self {
        case .failed(let text):
            message.color = PipelineMessage.Color.failed
            message.title = PipelineMessage.Title.failed
            message.append(line: ":no_entry: *\(text)*")
        case .successful:
            message.color = PipelineMessage.Color.successful
            message.title = PipelineMessage.Title.successful
        }
    }
}
