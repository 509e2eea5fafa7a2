import Foundation
import MoonbaseClient
import ReleaseModel

/// `artifact push`: zips the folder, announces the artifact to moonbase (`POST
/// /artifacts/create` with the spec and the zip's MD5) and uploads the zip to the URL it
/// answers with. Every failure names what to fix: the file and field, the flag or variable,
/// or the server's own reason.
public struct ArtifactPush: Sendable {
    public var folder: ArtifactFolder
    public var baseURL: String
    /// Where the base URL came from (`--http-base-url` or `ARTIFACT_URL`), for errors.
    public var baseURLSource: String
    public var credentials: PushCredentials
    public var timeout: Duration

    public init(folder: ArtifactFolder, baseURL: String, baseURLSource: String, credentials: PushCredentials, timeout: Duration = .seconds(120)) {
        self.folder = folder
        self.baseURL = baseURL
        self.baseURLSource = baseURLSource
        self.credentials = credentials
        self.timeout = timeout
    }

    /// The file name the server reads the spec from, at the top of the zip.
    static let specName = "artifact.json"

    /// Pushes the artifact and returns its id.
    public func run() async throws(ArtifactError) -> String {
        let spec = try checkedSpec()
        let zip = try ArtifactZip(root: folder.root, excluding: excludedPaths)
        try await upload(spec: spec, zip: zip)
        return spec.id
    }

    func upload(spec: ArtifactSpec, zip: ArtifactZip) async throws(ArtifactError) {
        let request = CreateArtifactRequest(artifact: spec, md5: zip.md5)
        var client: MoonbaseClient
        do {
            client = try MoonbaseClient(baseURL: baseURL, token: nil, timeout: timeout, userAgent: "artifact/\(MoonbaseClient.version)")
        } catch {
            throw ArtifactError("\(baseURLSource): \(error.message)")
        }
        client.token = try await token(using: client)

        let created: CreateArtifactResponse
        do {
            created = try await client.createArtifactUpload(request)
        } catch {
            throw explain(error)
        }
        do {
            try await client.upload(zip: zip.data, md5: zip.md5, to: created.artifactUploadURL)
        } catch {
            throw explainUpload(error)
        }
    }

    /// The spec, with the fields the server needs checked here so the error can name the file.
    func checkedSpec() throws(ArtifactError) -> ArtifactSpec {
        guard folder.fileName == Self.specName || folder.fileName == "./" + Self.specName else {
            throw ArtifactError(
                "push uploads the spec as \(Self.specName) at the top of --root, where the server reads it; --file \(folder.fileName) cannot be pushed")
        }
        let spec = try folder.readSpec()
        let path = folder.specPath
        for (field, value, kind) in [("id", spec.id, NameKind.artifactID), ("service", spec.service, NameKind.service)] {
            if value.isEmpty {
                throw ArtifactError("\(path): field \(field) is empty; 'artifact init' sets it (--\(field == "id" ? "artifact-id" : field))")
            }
            do {
                try Name.validate(value, as: kind)
            } catch {
                throw ArtifactError("\(path): field \(field): \(error.description)")
            }
        }
        return spec
    }

    /// The message file is left out of the zip: the server ignores it, and `push` itself
    /// appends to it, so a retried push would otherwise upload different bytes.
    var excludedPaths: Set<String> {
        var path = folder.messageFileName
        while path.hasPrefix("./") { path.removeFirst(2) }
        return [path]
    }

    func token(using client: MoonbaseClient) async throws(ArtifactError) -> String {
        switch credentials {
        case .token(let token, _):
            return token
        case .client(let oauth):
            do {
                return try await oauth.token(using: client)
            } catch {
                switch error.kind {
                case .unauthorized:
                    throw ArtifactError("\(error.description): check --client-id and --client-secret")
                case .unreachable, .timeout, .interrupted, .invalidRequest:
                    throw ArtifactError("could not get a token from \(oauth.tokenURL): \(error.description); check --idp-url (default <http-base-url>/oauth)")
                case .refused, .badResponse:
                    throw ArtifactError("could not get a token from \(oauth.tokenURL): \(error.description)")
                }
            }
        }
    }

    func explain(_ error: ClientError) -> ArtifactError {
        switch error.kind {
        case .unauthorized:
            switch credentials {
            case .token(_, let source):
                return ArtifactError(
                    "the server refused the token from \(source): \(error.description). Set \(source) to a token of the artifact group "
                        + "(moonbase token create --group artifact)")
            case .client(let oauth):
                return ArtifactError(
                    "the server refused the access token of OAuth client '\(oauth.clientID)': \(error.description). The client must be of the artifact group "
                        + "(moonbase client create --group artifact)")
            }
        case .unreachable, .timeout, .interrupted, .invalidRequest:
            return ArtifactError("\(error.description); check \(baseURLSource)")
        case .refused:
            return ArtifactError("the server refused the artifact: \(error.description)")
        case .badResponse:
            return ArtifactError("\(error.description); check that \(baseURLSource) is moonbase's URL")
        }
    }

    /// The upload URL itself is never printed: its path is the permission to upload.
    func explainUpload(_ error: ClientError) -> ArtifactError {
        switch error.kind {
        case .refused, .unauthorized:
            ArtifactError("the server refused the upload: \(error.description)")
        case .unreachable, .timeout, .interrupted, .invalidRequest:
            ArtifactError("could not upload the zip to the URL the server gave: \(error.description)")
        case .badResponse:
            ArtifactError("the upload failed: \(error.description)")
        }
    }
}
