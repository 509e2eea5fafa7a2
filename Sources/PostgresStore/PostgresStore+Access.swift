import Foundation
import GoCompat
import MoonbaseStore
import PostgresNIO

extension PostgresStore: AccessStore {
    public func createToken(group: ClientGroup, name: String) async throws -> CreatedToken {
        let secret = Secret.make(prefix: "mbt_")
        let token = APIToken(id: UUID().uuidString.lowercased(), group: group, name: name, createdAt: Date())
        let hash = Secret.hash(secret)
        _ = try await rows("""
            INSERT INTO api_tokens (id, client_group, name, token_hash, created_at, revoked_at)
            VALUES (\(token.id), \(group.rawValue), \(name), \(hash), \(token.createdAt.storedMicroseconds), NULL)
            """)
        return CreatedToken(token: token, secret: secret)
    }

    public func verifyToken(_ secret: String) async throws -> APIToken? {
        let hash = Secret.hash(secret)
        // Looked up by hash, then compared in constant time (as the SQLite store does).
        guard let row = try await rows("SELECT * FROM api_tokens WHERE token_hash = \(hash) AND revoked_at IS NULL").first,
              Secret.constantTimeEquals(try row.text("token_hash", table: "api_tokens", key: "?"), hash)
        else { return nil }
        return try APIToken(stored: row)
    }

    @discardableResult
    public func revokeToken(id: String) async throws -> Bool {
        let now = Date().storedMicroseconds
        return !(try await rows("UPDATE api_tokens SET revoked_at = \(now) WHERE id = \(id) AND revoked_at IS NULL RETURNING id")).isEmpty
    }

    public func tokens() async throws -> [APIToken] {
        try await rows("SELECT * FROM api_tokens ORDER BY created_at, id").map { try APIToken(stored: $0) }
    }

    public func createOAuthClient(name: String, group: ClientGroup) async throws -> CreatedOAuthClient {
        let client = OAuthClient(id: Secret.make(prefix: "mbc_", byteCount: 16), name: name, group: group, createdAt: Date())
        let secret = Secret.make(prefix: "mbs_")
        let hash = Secret.hash(secret)
        _ = try await rows("""
            INSERT INTO oauth_clients (id, name, client_group, secret_hash, created_at, revoked_at)
            VALUES (\(client.id), \(name), \(group.rawValue), \(hash), \(client.createdAt.storedMicroseconds), NULL)
            """)
        return CreatedOAuthClient(client: client, secret: secret)
    }

    public func verifyOAuthClient(id: String, secret: String) async throws -> OAuthClient? {
        let hash = Secret.hash(secret)
        guard let row = try await rows("SELECT * FROM oauth_clients WHERE id = \(id) AND revoked_at IS NULL").first,
              Secret.constantTimeEquals(try row.text("secret_hash", table: "oauth_clients", key: id), hash)
        else { return nil }
        return try OAuthClient(stored: row)
    }

    @discardableResult
    public func revokeOAuthClient(id: String) async throws -> Bool {
        let now = Date().storedMicroseconds
        return !(try await rows("UPDATE oauth_clients SET revoked_at = \(now) WHERE id = \(id) AND revoked_at IS NULL RETURNING id")).isEmpty
    }

    public func oauthClients() async throws -> [OAuthClient] {
        try await rows("SELECT * FROM oauth_clients ORDER BY created_at, id").map { try OAuthClient(stored: $0) }
    }

    @discardableResult
    public func startPortalSession(_ session: PortalSessionRecord) async throws -> String {
        let secret = Secret.make(prefix: "mbp_")
        let hash = Secret.hash(secret)
        let now = Date().storedMicroseconds
        let expired = now - 86_400_000_000
        try await transaction { [self] connection in
            // Sessions that expired a day ago are of no use to anybody: clear them out as we go.
            _ = try await rows("DELETE FROM portal_sessions WHERE expires_at < \(expired)", on: connection)
            _ = try await rows("""
                INSERT INTO portal_sessions (secret_hash, name, client_group, verified_person, token_id, created_at, expires_at, ended_at)
                VALUES (\(hash), \(session.name), \(session.group.rawValue), \(session.isVerifiedPerson ? 1 : 0), \(session.tokenID), \(now),
                    \(session.expiresAt.storedMicroseconds), NULL)
                """, on: connection)
        }
        return secret
    }

    public func portalSession(secret: String, now: Date) async throws -> PortalSessionRecord? {
        let hash = Secret.hash(secret)
        let table = "portal_sessions"
        guard let row = try await rows("""
            SELECT s.* FROM portal_sessions s LEFT JOIN api_tokens t ON t.id = s.token_id
            WHERE s.secret_hash = \(hash) AND s.ended_at IS NULL AND s.expires_at > \(now.storedMicroseconds)
                AND (s.token_id IS NULL OR (t.id IS NOT NULL AND t.revoked_at IS NULL))
            """).first,
            Secret.constantTimeEquals(try row.text("secret_hash", table: table, key: "?"), hash)
        else { return nil }
        return try PortalSessionRecord(stored: row)
    }

    public func endPortalSession(secret: String) async throws {
        let hash = Secret.hash(secret)
        let now = Date().storedMicroseconds
        _ = try await rows("UPDATE portal_sessions SET ended_at = \(now) WHERE secret_hash = \(hash) AND ended_at IS NULL")
    }

    public func recordAudit(_ entry: NewAuditEntry, notifying: [OutboxEvent]) async throws -> AuditEntry {
        let details = entry.details.goCompact()
        let at = entry.at.storedMicroseconds
        let outbox = try notifying.map { ($0, try $0.data.storedJSON()) }
        let seq = try await transaction { [self] connection in
            try await insert(outbox, on: connection)
            let inserted = try await rows("""
                INSERT INTO audit_log (actor, action, at, details_json) VALUES (\(entry.actor), \(entry.action), \(at), \(details))
                RETURNING seq
                """, on: connection)
            return try inserted.first?.integer("seq", table: "audit_log", key: "?") ?? 0
        }
        return AuditEntry(id: seq, actor: entry.actor, action: entry.action, at: Date(storedMicroseconds: at), details: entry.details)
    }

    public func auditLog(limit: Int, offset: Int) async throws -> [AuditEntry] {
        try StoreError.checkPage(limit: limit, offset: offset)
        return try await rows("SELECT * FROM audit_log ORDER BY seq DESC LIMIT \(limit) OFFSET \(offset)").map { try AuditEntry(stored: $0) }
    }

    /// Writes outbox events (with their data as stored) in the caller's transaction; an id
    /// written before is skipped.
    func insert(_ events: [(event: OutboxEvent, data: Data)], on connection: PostgresConnection) async throws {
        for (event, data) in events {
            _ = try await rows("""
                INSERT INTO outbox_events (id, type, subject, time, data_json)
                VALUES (\(event.id), \(event.type.rawValue), \(event.subject), \(event.time.storedMicroseconds), \(data))
                ON CONFLICT (id) DO NOTHING
                """, on: connection)
        }
    }
}
