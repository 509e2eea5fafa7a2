import Foundation
import GoCompat
import MoonbaseStore
import SQLiteStore
import ReleaseModel
import Testing

@Suite struct AccessStoreTests {
    @Test(arguments: StoreKind.available) func createdTokensVerify(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { store, database in
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
    }

    @Test(arguments: StoreKind.available) func everyTokenIsDifferent(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { store, database in
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
    }

    @Test func rawTokensAreNotInTheDatabaseFiles() async throws {
        let folder = try TemporaryFolder()
        let store = try SQLiteStore(path: folder.databasePath)
        let created = try await store.createToken(group: .admin, name: "first admin")
        let client = try await store.createOAuthClient(name: "github actions", group: .artifact)
        let bytes = try folder.allBytes()
        #expect(bytes.range(of: Data(created.secret.utf8)) == nil)
        #expect(bytes.range(of: Data(client.secret.utf8)) == nil)
        // The name is there, so the search does look at the stored rows.
        #expect(bytes.range(of: Data("first admin".utf8)) != nil)
    }

    @Test(arguments: StoreKind.available) func revokedTokensNoLongerVerify(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { store, database in
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
    }

    @Test(arguments: StoreKind.available) func tokensSurviveAReopen(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { store, database in
            let created = try await store.createToken(group: .artifact, name: "ci")
            let reopened = try await database.open()
            #expect(try await reopened.verifyToken(created.secret)?.name == "ci")
        }
    }

    @Test(arguments: StoreKind.available) func oauthClientsVerifyWithTheirSecret(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { store, database in
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
    }

    @Test(arguments: StoreKind.available) func auditLogIsNewestFirst(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { store, database in
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

    @Test(arguments: StoreKind.available) func portalSessionsLastUntilTheyEndExpireOrLoseTheirToken(_ kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { store, database in
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let person = PortalSessionRecord(name: "alice@example.com", group: .hamctl, isVerifiedPerson: true, tokenID: nil, expiresAt: now + 3600)
            let secret = try await store.startPortalSession(person)
            #expect(secret.hasPrefix("mbp_"))
            #expect(try await store.portalSession(secret: secret, now: now) == person)
            // Another replica answers the same cookie.
            #expect(try await database.open().portalSession(secret: secret, now: now) == person)
            #expect(try await store.portalSession(secret: secret, now: now + 3600) == nil)
            #expect(try await store.portalSession(secret: secret + "x", now: now) == nil)
            try await store.endPortalSession(secret: secret)
            #expect(try await store.portalSession(secret: secret, now: now) == nil)

            let token = try await store.createToken(group: .admin, name: "ops")
            let signedIn = try await store.startPortalSession(
                PortalSessionRecord(name: "ops", group: .admin, isVerifiedPerson: false, tokenID: token.token.id, expiresAt: now + 3600))
            #expect(try await store.portalSession(secret: signedIn, now: now)?.tokenID == token.token.id)
            try await store.revokeToken(id: token.token.id)
            #expect(try await store.portalSession(secret: signedIn, now: now) == nil)
        }
    }
}
