import Foundation

/// One release to commit: the artifact's files for one environment, namespace and service,
/// its `artifact.json`, and the message of its commit.
public struct ReleaseWrite: Sendable, Hashable {
    public var environment: String
    public var namespace: String
    public var service: String
    public var files: [ReleaseFile]
    public var artifactJSON: Data
    public var message: String

    public init(environment: String, namespace: String, service: String, files: [ReleaseFile], artifactJSON: Data, message: String) {
        self.environment = environment
        self.namespace = namespace
        self.service = service
        self.files = files
        self.artifactJSON = artifactJSON
        self.message = message
    }
}
