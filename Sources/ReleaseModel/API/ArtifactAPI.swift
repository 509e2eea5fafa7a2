import Foundation

/// `POST /artifacts/create` body: the spec and the base64 MD5 of the zip to upload.
public struct CreateArtifactRequest: Sendable, Hashable, Codable {
    public var artifact: ArtifactSpec
    public var md5: String

    public init(artifact: ArtifactSpec, md5: String) {
        self.artifact = artifact
        self.md5 = md5
    }

    enum CodingKeys: String, CodingKey { case artifact, md5 }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        artifact = try container.decodeIfPresent(ArtifactSpec.self, forKey: .artifact) ?? ArtifactSpec()
        md5 = try container.goString(.md5)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(artifact, forKey: .artifact)
        try container.encodeOmitEmpty(md5, forKey: .md5)
    }

    public func validationErrors() -> [String] {
        var errors: [String] = []
        if md5.isBlank { errors.append(ErrorResponse.requiredField("md5")) }
        if artifact.id.isBlank { errors.append(ErrorResponse.requiredField("artifact.id")) }
        if artifact.service.isBlank { errors.append(ErrorResponse.requiredField("artifact.service")) }
        errors += Name.problems([(artifact.id, .artifactID), (artifact.service, .service)])
        return errors
    }
}

/// `POST /artifacts/create` answer: where to `PUT` the zip.
public struct CreateArtifactResponse: Sendable, Hashable, Codable {
    public var artifactUploadURL: String

    public init(artifactUploadURL: String) {
        self.artifactUploadURL = artifactUploadURL
    }

    enum CodingKeys: String, CodingKey { case artifactUploadURL = "artifactUploadUrl" }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        artifactUploadURL = try container.goString(.artifactUploadURL)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOmitEmpty(artifactUploadURL, forKey: .artifactUploadURL)
    }
}
