import MoonbaseStore
import ReleaseModel

/// Who made an authenticated request: the client group that let them in and the name the
/// server knows them by (a store token's name, or a JWT's subject).
struct Identity: Sendable, Hashable {
    var group: ClientGroup
    var name: String
    /// Whether `name` names a person verified by an identity provider (a JWT subject) rather
    /// than a shared token.
    var isVerifiedPerson = false
    /// The store token that authenticated the request, if it was one.
    var tokenID: String?

    /// The releaser of a mutating request (spec §1.2's actor rule): a verified person is
    /// always themselves; otherwise the committer the body names, else the token's name.
    func actor(committerName: String, committerEmail: String) -> Person {
        if isVerifiedPerson { return Person(name: name, email: name) }
        if !committerEmail.isBlankText {
            return Person(name: committerName, email: committerEmail)
        }
        return Person(name: committerName.isBlankText ? name : committerName, email: name)
    }
}
