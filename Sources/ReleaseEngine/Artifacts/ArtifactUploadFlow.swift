import Foundation
import MoonbaseStore
import ReleaseModel

/// Why an upload was not stored.
public enum ArtifactUploadError: Error, Sendable, CustomStringConvertible {
    /// The archive broke a rule (API: 400).
    case invalidArchive(ArtifactArchiveError)
    /// The artifact is stored already with different content (API: 409).
    case conflict(service: String, artifactID: String)
    /// The store failed.
    case store(String)

    public var description: String {
        switch self {
        case .invalidArchive(let error):
            error.description
        case .conflict(let service, let artifactID):
            "artifact '\(artifactID)' of service '\(service)' is already stored with different content: artifact ids are immutable, "
                + "so build a new id (a new commit or plan) instead of uploading again"
        case .store(let reason):
            "store: \(reason)"
        }
    }
}

/// What an upload led to.
public struct ArtifactUploadResult: Sendable {
    /// Whether the artifact was new, or an identical re-upload.
    public var stored: ArtifactStoreOutcome
    /// The auto-releases started for a new artifact (none for a re-upload).
    public var autoReleases: [AutoReleaseFlow.Attempt]
    /// Why the auto-release policies could not be read, when they could not.
    public var autoReleaseError: ReleaseError?
}

/// Receives an artifact archive: reads it safely (``ArtifactArchive``), stores it, and when it
/// is new (not an identical re-upload) starts its auto-releases (``AutoReleaseFlow``).
public struct ArtifactUploadFlow: Sendable {
    public let store: any ArtifactStore
    public let autoRelease: AutoReleaseFlow
    public var limits: ArtifactArchiveLimits

    public init(store: any ArtifactStore, autoRelease: AutoReleaseFlow, limits: ArtifactArchiveLimits = ArtifactArchiveLimits()) {
        self.store = store
        self.autoRelease = autoRelease
        self.limits = limits
    }

    public func receive(_ archive: Data, service: String, artifactID: String) async throws(ArtifactUploadError) -> ArtifactUploadResult {
        let upload: ArtifactUpload
        do {
            upload = try ArtifactArchive.read(archive, service: service, artifactID: artifactID, limits: limits)
        } catch {
            throw .invalidArchive(error)
        }
        let stored: ArtifactStoreOutcome
        do {
            stored = try await store.storeArtifact(upload, notifying: [Notifications.artifactCreated(upload.spec, at: Date())])
        } catch StoreError.artifactConflict {
            throw .conflict(service: service, artifactID: artifactID)
        } catch {
            throw .store("\(error)")
        }
        guard stored == .stored else { return ArtifactUploadResult(stored: stored, autoReleases: []) }
        do {
            return ArtifactUploadResult(stored: stored, autoReleases: try await autoRelease.releaseNewArtifact(upload.spec))
        } catch {
            return ArtifactUploadResult(stored: stored, autoReleases: [], autoReleaseError: error)
        }
    }
}
