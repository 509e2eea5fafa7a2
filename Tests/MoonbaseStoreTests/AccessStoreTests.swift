import Foundation
import GoCompat
import MoonbaseStore
import SQLiteStore
import ReleaseModel
import Testing

@Suite struct AccessStoreTests {
    let folder: TemporaryFolder
    let store: SQLiteStore

    init() throws {
        folder = try TemporaryFolder()
        store = try SQLiteStore(path: folder.databasePath)
    }

    @Test func createdTokensVerify() async throws {
        let created = try await store.createToken(group: .hamctl, name: "alice laptop")
        #expect(created.secret.hasPrefix("mbt_"))
        // 32 random bytes in unpadded URL-safe base64.
        #expect(created.secret.count == 4 + 43)
        #expect(created.token.group == .hamctl && created.token.name == "alice laptop" && !created.token.isRevoked)

        let verified = try #require(try await store.verifyToken(created.secret))
        #expect(verified.id == created.token.id)
        #expect(verified.group == .hamctl)
        #expect(try await store.verifyToken(created.secret + "x") == nil)
        #expect(try await store.verifyToken(String(created.secret.dropLast())) == nil)
        #expect(try await store.verifyToken("") == nil)
    }

    @Test func everyTokenIsDifferent() async throws {
        var secrets = Set<String>()
        for group in ClientGroup.allCases {
            for index in 0..<5 {
                let created = try await store.createToken(group: group, name: "\(group)-\(index)")
                secrets.insert(created.secret)
                #expect(try await store.verifyToken(created.secret)?.group == group)
            }
        }
        #expect(secrets.count == 20)
    }

    @Test func rawTokensAreNotInTheDatabaseFiles() async throws {
        let created = try await store.createToken(group: .admin, name: "first admin")
        let client = try await store.createOAuthClient(name: "github actions", group: .artifact)
        let bytes = try folder.allBytes()
        #expect(bytes.range(of: Data(created.secret.utf8)) == nil)
        #expect(bytes.range(of: Data(client.secret.utf8)) == nil)
        // The name is there, so the search does look at the stored rows.
        #expect(bytes.range(of: Data("first admin".utf8)) != nil)
    }

    @Test func revokedTokensNoLongerVerify() async throws {
        let kept = try await store.createToken(group: .daemon, name: "cluster-1")
        let revoked = try await store.createToken(group: .daemon, name: "cluster-2")
        #expect(try await store.revokeToken(id: revoked.token.id))
        #expect(try await store.revokeToken(id: revoked.token.id) == false)
        #expect(try await store.revokeToken(id: "nope") == false)
        #expect(try await store.verifyToken(revoked.secret) == nil)
        #expect(try await store.verifyToken(kept.secret) != nil)

        let listed = try await store.tokens()
        #expect(listed.map(\.name) == ["cluster-1", "cluster-2"])
        #expect(listed.map(\.isRevoked) == [false, true])
    }

    @Test func tokensSurviveAReopen() async throws {
        let created = try await store.createToken(group: .artifact, name: "ci")
        let reopened = try SQLiteStore(path: folder.databasePath)
        #expect(try await reopened.verifyToken(created.secret)?.name == "ci")
    }

    @Test func oauthClientsVerifyWithTheirSecret() async throws {
        let created = try await store.createOAuthClient(name: "github actions", group: .artifact)
        #expect(created.client.id.hasPrefix("mbc_"))
        #expect(created.secret.hasPrefix("mbs_"))
        let verified = try #require(try await store.verifyOAuthClient(id: created.client.id, secret: created.secret))
        #expect(verified.name == "github actions" && verified.group == .artifact)
        #expect(try await store.verifyOAuthClient(id: created.client.id, secret: "mbs_wrong") == nil)
        #expect(try await store.verifyOAuthClient(id: "mbc_unknown", secret: created.secret) == nil)

        let other = try await store.createOAuthClient(name: "jenkins", group: .artifact)
        #expect(try await store.verifyOAuthClient(id: other.client.id, secret: created.secret) == nil)
        #expect(try await store.revokeOAuthClient(id: created.client.id))
        #expect(try await store.verifyOAuthClient(id: created.client.id, secret: created.secret) == nil)
        let listed = try await store.oauthClients()
        #expect(Set(listed.map(\.name)) == ["github actions", "jenkins"])
        #expect(listed.first(where: { $0.name == "github actions" })?.isRevoked == true)
    }

    @Test func auditLogIsNewestFirst() async throws {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let details = try JSONValue.parse(Data(#"{"group":"hamctl","name":"alice laptop","count":2}"#.utf8))
        try await store.recordAudit(NewAuditEntry(actor: "admin", action: "token.create", at: start, details: details))
        try await store.recordAudit(NewAuditEntry(actor: "alice@example.com", action: "sign-in", at: start + 1))
        let third = try await store.recordAudit(
            NewAuditEntry(actor: "alice@example.com", action: "policy.apply", at: start + 2))

        let log = try await store.auditLog(limit: 10, offset: 0)
        #expect(log.map(\.action) == ["policy.apply", "sign-in", "token.create"])
        #expect(log.first == third)
        #expect(log.last?.details == details)
        #expect(log.last?.at == start)
        #expect(try await store.auditLog(limit: 1, offset: 1).map(\.action) == ["sign-in"])
    }
}
