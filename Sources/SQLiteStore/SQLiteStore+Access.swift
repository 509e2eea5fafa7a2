import Foundation
import GRDB
import MoonbaseStore
import GoCompat
import ReleaseModel

extension SQLiteStore {
    public func createToken(group: ClientGroup, name: String) async throws -> CreatedToken {
        let secret = Secret.make(prefix: "mbt_")
        let token = APIToken(id: UUID().uuidString.lowercased(), group: group, name: name, createdAt: Date())
        let hash = Secret.hash(secret)
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO api_tokens (id, client_group, name, token_hash, created_at, revoked_at)
                    VALUES (?, ?, ?, ?, ?, NULL)
                    """,
                arguments: [token.id, group.rawValue, name, hash, token.createdAt.storedMicroseconds])
        }
        return CreatedToken(token: token, secret: secret)
    }

    public func verifyToken(_ secret: String) async throws -> APIToken? {
        let hash = Secret.hash(secret)
        return try await pool.read { db in
            // Looked up by hash: what the index lookup's timing could reveal is about the hash,
            // which says nothing about the secret. The stored hash is then compared in constant time.
            guard let row = try Row.fetchOne(
                db, sql: "SELECT * FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL", arguments: [hash])
            else { return nil }
            let stored = try row.text("token_hash", table: "api_tokens", key: "?")
            guard Secret.constantTimeEquals(stored, hash) else { return nil }
            return try APIToken(stored: row)
        }
    }

    @discardableResult
    public func revokeToken(id: String) async throws -> Bool {
        let now = Date().storedMicroseconds
        return try await pool.write { db in
            try db.execute(
                sql: "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [now, id])
            return db.changesCount > 0
        }
    }

    public func tokens() async throws -> [APIToken] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM api_tokens ORDER BY created_at, id").map { try APIToken(stored: $0) }
        }
    }

    public func createOAuthClient(name: String, group: ClientGroup) async throws -> CreatedOAuthClient {
        let client = OAuthClient(
            id: Secret.make(prefix: "mbc_", byteCount: 16), name: name, group: group, createdAt: Date())
        let secret = Secret.make(prefix: "mbs_")
        let hash = Secret.hash(secret)
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO oauth_clients (id, name, client_group, secret_hash, created_at, revoked_at)
                    VALUES (?, ?, ?, ?, ?, NULL)
                    """,
                arguments: [client.id, name, group.rawValue, hash, client.createdAt.storedMicroseconds])
        }
        return CreatedOAuthClient(client: client, secret: secret)
    }

    public func verifyOAuthClient(id: String, secret: String) async throws -> OAuthClient? {
        let hash = Secret.hash(secret)
        return try await pool.read { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT * FROM oauth_clients WHERE id = ? AND revoked_at IS NULL", arguments: [id])
            else { return nil }
            let stored = try row.text("secret_hash", table: "oauth_clients", key: id)
            guard Secret.constantTimeEquals(stored, hash) else { return nil }
            return try OAuthClient(stored: row)
        }
    }

    @discardableResult
    public func revokeOAuthClient(id: String) async throws -> Bool {
        let now = Date().storedMicroseconds
        return try await pool.write { db in
            try db.execute(
                sql: "UPDATE oauth_clients SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [now, id])
            return db.changesCount > 0
        }
    }

    public func oauthClients() async throws -> [OAuthClient] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM oauth_clients ORDER BY created_at, id").map { try OAuthClient(stored: $0) }
        }
    }

    @discardableResult
    public func startPortalSession(_ session: PortalSessionRecord) async throws -> String {
        let secret = Secret.make(prefix: "mbp_")
        let hash = Secret.hash(secret)
        let now = Date().storedMicroseconds
        try await pool.write { db in
            // Sessions that expired a day ago are of no use to anybody: clear them out as we go.
            try db.execute(sql: "DELETE FROM portal_sessions WHERE expires_at < ?", arguments: [now - 86_400_000_000])
            try db.execute(
                sql: """
                    INSERT INTO portal_sessions (secret_hash, name, client_group, verified_person, token_id, created_at, expires_at, ended_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, NULL)
                    """,
                arguments: [
                    hash, session.name, session.group.rawValue, session.isVerifiedPerson, session.tokenID, now,
                    session.expiresAt.storedMicroseconds,
                ])
        }
        return secret
    }

    public func portalSession(secret: String, now: Date) async throws -> PortalSessionRecord? {
        let hash = Secret.hash(secret)
        return try await pool.read { db in
            guard let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT s.* FROM portal_sessions s LEFT JOIN api_tokens t ON t.id = s.token_id
                    WHERE s.secret_hash = ? AND s.ended_at IS NULL AND s.expires_at > ?
                        AND (s.token_id IS NULL OR (t.id IS NOT NULL AND t.revoked_at IS NULL))
                    """,
                arguments: [hash, now.storedMicroseconds])
            else { return nil }
            guard Secret.constantTimeEquals(try row.text("secret_hash", table: "portal_sessions", key: "?"), hash) else { return nil }
            return try PortalSessionRecord(stored: row)
        }
    }

    public func endPortalSession(secret: String) async throws {
        let hash = Secret.hash(secret)
        let now = Date().storedMicroseconds
        try await pool.write { db in
            try db.execute(sql: "UPDATE portal_sessions SET ended_at = ? WHERE secret_hash = ? AND ended_at IS NULL", arguments: [now, hash])
        }
    }

    public func recordAudit(_ entry: NewAuditEntry, notifying: [OutboxEvent]) async throws -> AuditEntry {
        let details = entry.details.goCompact()
        let at = entry.at.storedMicroseconds
        let outbox = try Self.outboxRows(notifying)
        return try await pool.write { db in
            try Self.insert(outbox, into: db)
            try db.execute(
                sql: "INSERT INTO audit_log (actor, action, at, details_json) VALUES (?, ?, ?, ?)",
                arguments: [entry.actor, entry.action, at, details])
            return AuditEntry(
                id: db.lastInsertedRowID, actor: entry.actor, action: entry.action, at: Date(storedMicroseconds: at),
                details: entry.details)
        }
    }

    public func auditLog(limit: Int, offset: Int) async throws -> [AuditEntry] {
        try StoreError.checkPage(limit: limit, offset: offset)
        return try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM audit_log ORDER BY seq DESC LIMIT ? OFFSET ?", arguments: [limit, offset]
            ).map { try AuditEntry(stored: $0) }
        }
    }
}
