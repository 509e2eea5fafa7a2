import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import MoonbaseStore
import ReleaseEngine
import ReleaseModel

extension API {
    static let artifactGroups: Set<ClientGroup> = [.artifact, .admin]

    var artifactUploads: ArtifactUploadFlow {
        ArtifactUploadFlow(store: home.store, autoRelease: AutoReleaseFlow(release: flow))
    }

    /// Where clients reach this server, for the URLs it hands out: the configured `publicURL`,
    /// else `http://` and the request's `Host`.
    func publicBaseURL(for request: Request) -> String {
        home.configuration.publicURL ?? "http://" + (request.head.authority ?? "127.0.0.1")
    }

    /// `POST /artifacts/create`: a signed upload URL for the artifact's archive.
    func createArtifact(_ request: Request) async throws -> CreateArtifactResponse {
        let body = try await request.decodeJSON(CreateArtifactRequest.self)
        var errors = body.validationErrors()
        if !body.md5.isBlankText, Data(base64Encoded: body.md5)?.count != 16 {
            errors.append("invalid md5 '\(body.md5)': must be the base64 MD5 of the zip (16 bytes, as in a Content-MD5 header)")
        }
        guard errors.isEmpty else { throw ErrorResponse.invalidInput(errors) }
        let capability = UploadCapability(
            service: body.artifact.service, artifactID: body.artifact.id, md5: body.md5,
            expires: Date().addingTimeInterval(UploadCapability.lifetime)
        )
        return CreateArtifactResponse(
            artifactUploadURL: publicBaseURL(for: request) + "/artifacts/upload/" + capability.token(key: home.signingKey)
        )
    }

    /// `PUT /artifacts/upload/{capability}`: no token (the capability is the permission);
    /// the route answers exactly `200 {}` once the archive is stored, also for an identical
    /// re-upload.
    func uploadArtifact(_ request: Request, capability token: String) async throws {
        let capability = try UploadCapability.verify(token, key: home.signingKey)
        let contentMD5 = request.headers[Self.contentMD5] ?? ""
        guard !contentMD5.isBlankText else {
            throw ErrorResponse(status: 400, message: "header Content-MD5 required: the base64 MD5 of the zip given to POST /artifacts/create")
        }
        guard contentMD5 == capability.md5 else {
            throw ErrorResponse(
                status: 400, message: "Content-MD5 '\(contentMD5)' is not the md5 '\(capability.md5)' the upload URL was created for"
            )
        }
        let uploads = artifactUploads
        let limit = uploads.limits.maximumArchiveBytes
        let tooLarge = ErrorResponse(
            status: 413, message: "artifact archive is larger than \(ArtifactArchiveLimits.describe(limit)), the limit for an upload"
        )
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw tooLarge }
        let archive: Data
        do {
            archive = Data(try await request.body.collect(upTo: limit).readableBytesView)
        } catch {
            throw tooLarge
        }
        let actualMD5 = Data(Insecure.MD5.hash(data: archive)).base64EncodedString()
        guard actualMD5 == capability.md5 else {
            throw ErrorResponse(
                status: 400,
                message: "the body's MD5 is '\(actualMD5)', not the Content-MD5 '\(contentMD5)': the upload was damaged or is not the announced archive"
            )
        }
        let result: ArtifactUploadResult
        do {
            result = try await uploads.receive(archive, service: capability.service, artifactID: capability.artifactID)
        } catch {
            switch error {
            case .invalidArchive: throw ErrorResponse(status: 400, message: error.description)
            case .conflict: throw ErrorResponse(status: 409, message: error.description)
            case .store: throw error
            }
        }
        Self.logAutoReleases(result, service: capability.service, artifactID: capability.artifactID)
    }

    static let contentMD5 = HTTPField.Name("Content-MD5")!

    /// Auto-release failures cannot fail an upload that is stored: they are logged (refusals are
    /// also release events).
    private static func logAutoReleases(_ result: ArtifactUploadResult, service: String, artifactID: String) {
        if let error = result.autoReleaseError {
            logger.warning("auto-release of '\(artifactID)' of service '\(service)' not started: \(error)")
        }
        for attempt in result.autoReleases {
            if case .failure(let error) = attempt.outcome {
                logger.warning("auto-release of '\(artifactID)' to '\(attempt.policy.environment)' (\(attempt.policy.id)) failed: \(error)")
            }
        }
    }
}
