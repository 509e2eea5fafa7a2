import Crypto
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import MoonbaseServer
import GoCompat
import MoonbaseStore
import ReleaseModel
import TestSupport
import Testing

extension RunningServer {
    /// A request with any headers and a raw body (the upload PUT has no token).
    func send(_ method: String, _ url: URL, headers: [String: String] = [:], body: Data? = nil) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: url)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        return (http.statusCode, String(decoding: data, as: UTF8.self))
    }

    /// `POST /artifacts/create` as `artifact push` sends it: a JSON body without Content-Type.
    func createArtifact(_ spec: ArtifactSpec, zip: Data, token: String) async throws -> (status: Int, body: String) {
        let body = try GoJSONEncoder.httpBody.encode(CreateArtifactRequest(artifact: spec, md5: md5(zip)))
        return try await request("POST", "/artifacts/create", token: token, body: String(decoding: body, as: UTF8.self))
    }

    /// The upload URL `POST /artifacts/create` answers for `spec`.
    func uploadURL(_ spec: ArtifactSpec, zip: Data, token: String) async throws -> URL {
        let created = try await createArtifact(spec, zip: zip, token: token)
        #expect(created.status == 201, "\(created.body)")
        let response = try JSONDecoder().decode(CreateArtifactResponse.self, from: Data(created.body.utf8))
        return try #require(URL(string: response.artifactUploadURL))
    }

    /// `artifact push`: create, then PUT the zip with Content-Md5 and no Authorization.
    func push(_ spec: ArtifactSpec, zip: Data, token: String) async throws -> (status: Int, body: String) {
        let url = try await uploadURL(spec, zip: zip, token: token)
        return try await send("PUT", url, headers: ["Content-Md5": md5(zip)], body: zip)
    }
}

/// Runs `body` against a fresh server, stopping it afterwards whatever happens.
func withRunningServer(
    configure: (inout MoonbaseConfiguration) -> Void = { _ in }, _ body: (RunningServer) async throws -> Void
) async throws {
    let server = try await RunningServer.start(configure)
    do {
        try await body(server)
    } catch {
        await server.stop()
        throw error
    }
    await server.stop()
}

func md5(_ data: Data) -> String {
    Data(Insecure.MD5.hash(data: data)).base64EncodedString()
}

@Suite struct ArtifactRouteTests {
    static func spec(sha: String = "0123456789ab", branch: String = "master", service: String = "product") -> ArtifactSpec {
        var spec = ArtifactSpec(id: ArtifactID.make(branch: branch, sha: sha, planSHA: "plan000000"), service: service, squad: "nasa")
        spec.application.branch = branch
        spec.application.sha = sha
        spec.application.authorName = "Alice"
        spec.application.authorEmail = "alice@example.com"
        return spec
    }

    static func zip(_ spec: ArtifactSpec, manifest: String = "kind: Deployment\n", extra: [ZipEntrySource] = []) throws -> Data {
        try makeZip([
            .file("artifact.json", data: spec.goJSON(trailingNewline: true)),
            .file("dev.yaml", "ignored at the top level\n"),
            .file("dev/deployment.yaml", manifest),
            .file("prod/deployment.yaml", manifest),
        ] + extra)
    }

    @Test func artifactPushAsTheReferenceClientDoesIt() async throws {
        try await withRunningServer { server in
            let token = try await server.home.store.createToken(group: .artifact, name: "ci").secret
            let spec = Self.spec()
            let zip = try Self.zip(spec)

            let created = try await server.createArtifact(spec, zip: zip, token: token)
            #expect(created.status == 201)
            let url = try JSONDecoder().decode(CreateArtifactResponse.self, from: Data(created.body.utf8)).artifactUploadURL
            #expect(url.hasPrefix(server.base.absoluteString + "/artifacts/upload/"))
            #expect(created.body == #"{"artifactUploadUrl":"\#(url)"}"# + "\n")

            let uploaded = try await server.send("PUT", try #require(URL(string: url)), headers: ["Content-Md5": md5(zip)], body: zip)
            #expect(uploaded.status == 200)
            #expect(uploaded.body == "{}\n")
            let stored = try #require(try await server.home.store.artifact(service: "product", id: spec.id))
            #expect(stored.spec == spec)
            #expect(try await server.home.store.artifactEnvironments(service: "product", id: spec.id) == ["dev", "prod"])

            let again = try await server.send("PUT", try #require(URL(string: url)), headers: ["Content-Md5": md5(zip)], body: zip)
            #expect(again.status == 200)
            #expect(again.body == "{}\n")

            let release = try await server.request(
                "POST", "/release", token: server.adminToken,
                body: #"{"service":"product","environment":"dev","artifactId":"\#(spec.id)","intent":{"type":"ReleaseArtifact","releaseBranch":{},"promote":{},"rollback":{}}}"#
            )
            #expect(release.status == 200, "\(release.body)")
            #expect(try JSONDecoder().decode(ReleaseResponse.self, from: Data(release.body.utf8)).commit.count == 40)
        }
    }

    @Test func anIdIsImmutable() async throws {
        try await withRunningServer { server in
            let spec = Self.spec()
            #expect(try await server.push(spec, zip: try Self.zip(spec), token: server.adminToken).status == 200)
            let changed = try await server.push(spec, zip: try Self.zip(spec, manifest: "kind: Changed\n"), token: server.adminToken)
            #expect(changed.status == 409)
            #expect(changed.body.hasPrefix(#"{"status":409,"message":"artifact '\#(spec.id)' of service 'product' is already stored with different content"#))
        }
    }

    @Test func aBadArchiveIsRefusedWhole() async throws {
        try await withRunningServer { server in
            let spec = Self.spec()
            let traversal = try await server.push(spec, zip: try Self.zip(spec, extra: [.file("../x", "x")]), token: server.adminToken)
            #expect(traversal.status == 400)
            #expect(traversal.body
                == #"{"status":400,"message":"artifact archive entry '../x' leaves the archive: entries must be relative paths inside it"}"# + "\n")
            let link = try await server.push(spec, zip: try Self.zip(spec, extra: [.symbolicLink("dev/secret", to: "/etc/shadow")]), token: server.adminToken)
            #expect(link.status == 400)
            #expect(link.body.contains("artifact archive entry 'dev/secret' is a symbolic link"))
            let notZip = try await server.push(spec, zip: Data("not a zip".utf8), token: server.adminToken)
            #expect(notZip.status == 400)
            #expect(notZip.body.contains("artifact archive is not a zip file"))
            let other = Self.spec(sha: "fedcba987654")
            let mismatch = try await server.push(spec, zip: try Self.zip(other), token: server.adminToken)
            #expect(mismatch.status == 400)
            #expect(mismatch.body.contains("artifact archive entry 'artifact.json' is for artifact '\(other.id)'"))
            #expect(try await server.home.store.artifact(service: "product", id: spec.id) == nil)
        }
    }

    @Test func theUploadChecksContentMD5() async throws {
        try await withRunningServer { server in
            let spec = Self.spec()
            let zip = try Self.zip(spec)
            let url = try await server.uploadURL(spec, zip: zip, token: server.adminToken)

            let missing = try await server.send("PUT", url, body: zip)
            #expect(missing.status == 400)
            #expect(missing.body == #"{"status":400,"message":"header Content-MD5 required: the base64 MD5 of the zip given to POST /artifacts/create"}"# + "\n")
            let wrongHeader = try await server.send("PUT", url, headers: ["Content-Md5": md5(Data("other".utf8))], body: zip)
            #expect(wrongHeader.status == 400)
            #expect(wrongHeader.body.contains("is not the md5 '\(md5(zip))' the upload URL was created for"))
            let wrongBody = try await server.send("PUT", url, headers: ["Content-Md5": md5(zip)], body: zip + Data([0]))
            #expect(wrongBody.status == 400)
            #expect(wrongBody.body.contains("the upload was damaged or is not the announced archive"))
            #expect(try await server.home.store.artifact(service: "product", id: spec.id) == nil)
        }
    }

    @Test func forgedAndExpiredCapabilitiesAreForbidden() async throws {
        try await withRunningServer { server in
            let spec = Self.spec()
            let zip = try Self.zip(spec)
            let url = try await server.uploadURL(spec, zip: zip, token: server.adminToken)
            let token = url.lastPathComponent

            // Another service's id under the same signature.
            let payload = UploadCapability(service: "other", artifactID: spec.id, md5: md5(zip), expires: Date().addingTimeInterval(60))
            let forged = payload.token(key: Data(count: 32)).split(separator: ".")[0] + "." + token.split(separator: ".")[1]
            for capability in [String(forged), "garbage", token + "x", String(token.dropLast(2))] {
                let response = try await server.send("PUT", server.base.appendingPathComponent("artifacts/upload/\(capability)"), headers: ["Content-Md5": md5(zip)], body: zip)
                #expect(response.status == 403, "\(capability)")
                #expect(response.body.contains("upload URL is not valid: it was not issued by this server"))
            }
            let expired = UploadCapability(service: "product", artifactID: spec.id, md5: md5(zip), expires: Date().addingTimeInterval(-1))
            let late = try await server.send(
                "PUT", server.base.appendingPathComponent("artifacts/upload/\(expired.token(key: server.home.signingKey))"),
                headers: ["Content-Md5": md5(zip)], body: zip
            )
            #expect(late.status == 403)
            #expect(late.body.contains("upload URL expired at "))
            #expect(try await server.home.store.artifact(service: "product", id: spec.id) == nil)
        }
    }

    @Test func anArchiveOverTheUploadLimitIsTooLarge() async throws {
        try await withRunningServer { server in
            let spec = Self.spec()
            let huge = Data(count: (50 << 20) + 1)
            let url = try await server.uploadURL(spec, zip: huge, token: server.adminToken)
            let response = try await server.send("PUT", url, headers: ["Content-Md5": md5(huge)], body: huge)
            #expect(response.status == 413)
            #expect(response.body == #"{"status":413,"message":"artifact archive is larger than 50 MiB, the limit for an upload"}"# + "\n")
        }
    }

    @Test func createValidatesItsBody() async throws {
        try await withRunningServer { server in
            let empty = try await server.request("POST", "/artifacts/create", token: server.adminToken, body: "{}")
            #expect(empty.status == 400)
            #expect(empty.body == #"{"status":400,"message":"input not valid:\n  Required field 'md5' was empty\n  Required field 'artifact.id' was empty\n  Required field 'artifact.service' was empty\n"}"# + "\n")
            let badMD5 = try await server.request(
                "POST", "/artifacts/create", token: server.adminToken, body: #"{"artifact":{"id":"master-1-2","service":"product"},"md5":"abc"}"#
            )
            #expect(badMD5.status == 400)
            #expect(badMD5.body.contains("invalid md5 'abc': must be the base64 MD5 of the zip"))
            let badName = try await server.request(
                "POST", "/artifacts/create", token: server.adminToken, body: #"{"artifact":{"id":"a/b","service":"../x"},"md5":"\#(md5(Data()))"}"#
            )
            #expect(badName.status == 400)
            #expect(badName.body.contains("invalid artifact id 'a/b': must not contain '/'"))
            #expect(badName.body.contains("invalid service '../x'"))
        }
    }

    @Test func newRoutesRefuseAMissingOrWrongToken() async throws {
        try await withRunningServer { server in
            let hamctl = try await server.home.store.createToken(group: .hamctl, name: "hamctl").secret
            let artifact = try await server.home.store.createToken(group: .artifact, name: "ci").secret
            let routes: [(method: String, path: String, wrongGroup: String)] = [
                ("POST", "/artifacts/create", hamctl),
                ("GET", "/describe/artifact/product", artifact),
                ("GET", "/describe/latest-artifact/product?branch=master", artifact),
                ("POST", "/promote", artifact),
                ("POST", "/rollback", artifact),
            ]
            for route in routes {
                for token in [nil, "wrong", route.wrongGroup] {
                    let response = try await server.request(route.method, route.path, token: token, body: route.method == "POST" ? "{}" : nil)
                    #expect(response.status == 401, "\(route.path) with \(token ?? "no token")")
                    #expect(response.body == #"{"status":401,"message":"please provide a valid authentication token"}"# + "\n")
                }
            }
        }
    }

    @Test func anUploadAutoReleasesToAPushedCommit() async throws {
        try await withRunningServer { server in
            var policies = Policies(service: "product")
            _ = try policies.applyAutoRelease(branch: "master", environment: "dev")
            try await server.home.repository.writePolicies(policies, service: "product")
            _ = try await server.home.repository.commit(message: "[product] policy update: apply auto-release in 'dev'")
            try await server.home.repository.push()

            let spec = Self.spec()
            #expect(try await server.push(spec, zip: try Self.zip(spec), token: server.adminToken).status == 200)
            await server.home.queue.drain()
            let bare = server.home.configRepositoryPath.path
            let released = try await git(["--git-dir", bare, "show", "master:dev/releases/dev/product/artifact.json"], in: server.directory.path)
            #expect(try ArtifactSpec(jsonData: Data(released.utf8)).id == spec.id)
            let message = try await git(["--git-dir", bare, "log", "-1", "--format=%B", "master"], in: server.directory.path)
            #expect(message.contains("Release-intent: AutoRelease"))
            #expect(message.contains("Artifact-released-by: Alice <alice@example.com>"))
        }
    }
}
