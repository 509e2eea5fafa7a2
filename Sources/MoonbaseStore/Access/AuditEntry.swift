import Foundation
import GoCompat
import ReleaseModel

/// One line of the audit log: a sign-in, a token or client created or revoked, a policy changed.
public struct AuditEntry: Sendable, Hashable, Identifiable {
    /// Increasing with the order entries were recorded.
    public var id: Int64
    /// Who did it: a token's name, a JWT subject, an email.
    public var actor: String
    /// What happened, as a short dotted verb: `token.create`, `sign-in`, `policy.apply`.
    public var action: String
    public var at: Date
    /// What else a reader needs (the token's group, the policy's id, …).
    public var details: JSONValue

    public init(id: Int64, actor: String, action: String, at: Date, details: JSONValue) {
        self.id = id
        self.actor = actor
        self.action = action
        self.at = at
        self.details = details
    }
}

/// An audit entry to record.
public struct NewAuditEntry: Sendable, Hashable {
    public var actor: String
    public var action: String
    public var at: Date
    public var details: JSONValue

    public init(actor: String, action: String, at: Date = Date(), details: JSONValue = .object([])) {
        self.actor = actor
        self.action = action
        self.at = at
        self.details = details
    }
}
