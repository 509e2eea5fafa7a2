import Foundation
import GoCompat
import MoonbaseClient
import ReleaseModel

extension ArtifactFolder {
    /// The pipeline message, or `nil` when the file does not exist (a pipeline started by
    /// another tool, say).
    public func readMessage() throws(ArtifactError) -> PipelineMessage? {
        guard FileManager.default.fileExists(atPath: messagePath) else { return nil }
        let data = try Self.readFile(messagePath, missing: "\(messageFileName) not found in \(root)")
        do {
            return try JSONDecoder().decode(PipelineMessage.self, from: data)
        } catch {
            throw ArtifactError("\(messagePath) is not a valid message file: \(error)")
        }
    }

    public func writeMessage(_ message: PipelineMessage) throws(ArtifactError) {
        let data: Data
        do {
            data = try GoJSONEncoder(style: .indented, trailingNewline: true).encode(message)
        } catch {
            throw ArtifactError("could not encode \(messagePath): \(error)")
        }
        do {
            try AtomicFile.write(data, to: messagePath)
        } catch {
            throw ArtifactError(error.description)
        }
    }

    /// Applies `change` to the message when the file exists; the message never fails a step of
    /// the pipeline, so problems come back as a warning to print.
    @discardableResult
    public func updateMessage(_ change: (inout PipelineMessage) -> Void) -> String? {
        do {
            guard var message = try readMessage() else { return nil }
            change(&message)
            try writeMessage(message)
            return nil
        } catch {
            return "warning: \(error.description) (the message was not updated)"
        }
    }
}
