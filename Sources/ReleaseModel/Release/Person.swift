import Foundation

/// A name and an email, written `Name <email>` in commit trailers.
public struct Person: Sendable, Hashable, Codable, CustomStringConvertible {
    public var name: String
    public var email: String

    public init(name: String, email: String) {
        self.name = name
        self.email = email
    }

    /// `Name <email>`; an empty name gives ` <email>` as the reference writes it.
    public var description: String { "\(name) <\(email)>" }

    /// Parses `Name <email>` (also `<email>` alone). `nil` when the text has no `<…>` at its end.
    public init?(parsing text: String) {
        guard text.hasSuffix(">"), let open = text.lastIndex(of: "<") else { return nil }
        let email = text[text.index(after: open)..<text.index(before: text.endIndex)]
        let name = text[..<open].trimmingCharacters(in: .whitespaces)
        self.init(name: name, email: String(email))
    }
}
