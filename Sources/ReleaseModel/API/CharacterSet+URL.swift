import Foundation

extension CharacterSet {
    /// RFC 3986's unreserved characters: all a path segment, query value or form field keeps
    /// unencoded (clients building requests and the portal building links encode the rest).
    public static let urlUnreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
}
