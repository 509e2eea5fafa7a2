/// What the store refuses, with what a user or the calling flow needs to act on it.
///
/// Failures of the database itself (a full disk, a locked file) are thrown as the underlying
/// driver's errors.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `artifact.json` could not be read, or lacks its service or id.
    case invalidArtifactSpec(String)
    /// A file of an artifact has a name that could escape its folder.
    case invalidArtifactFile(environment: String, path: String, reason: String)
    /// An artifact with this service and id is stored with different content.
    case artifactConflict(service: String, id: String)
    /// No release event with this id.
    case releaseEventNotFound(id: String)
    /// A release event with this id is recorded already.
    case releaseEventExists(id: String)
    /// No queued release with this id.
    case queuedReleaseNotFound(id: String)
    /// A queued release with this id exists already.
    case queuedReleaseExists(id: String)
    /// The queued release is not in a state that allows the change.
    case invalidQueueTransition(id: String, from: QueuedRelease.State, to: QueuedRelease.State)
    /// A stored row could not be read back (hand-edited or written by a newer version).
    case corruptRecord(table: String, key: String, reason: String)
    /// A limit, offset or count outside what the query accepts.
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .invalidArtifactSpec(let reason):
            "invalid artifact.json: \(reason)"
        case .invalidArtifactFile(let environment, let path, let reason):
            "invalid artifact file '\(environment)/\(path)': \(reason)"
        case .artifactConflict(let service, let id):
            "artifact '\(id)' of service '\(service)' already exists with different content"
        case .releaseEventNotFound(let id):
            "release event '\(id)' not found"
        case .releaseEventExists(let id):
            "release event '\(id)' is recorded already"
        case .queuedReleaseNotFound(let id):
            "release '\(id)' not found"
        case .queuedReleaseExists(let id):
            "release '\(id)' is already queued"
        case .invalidQueueTransition(let id, let from, let to):
            "release '\(id)' cannot go from \(from.rawValue) to \(to.rawValue)"
        case .corruptRecord(let table, let key, let reason):
            "stored \(table) '\(key)' cannot be read: \(reason)"
        case .invalidArgument(let reason):
            reason
        }
    }
}
