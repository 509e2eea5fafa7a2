import Foundation
import MoonbaseStore
import ReleaseModel

/// `/sign-in`: a token field.
public struct SignInView: PortalView {
    public static let template = "sign-in"
    public let title = "Sign in"

    public var next: String
    public var error: String?
    /// The form's anti-forgery token (the page has no session yet).
    public var formToken: String

    public init(next: String, error: String?, formToken: String) {
        self.next = next
        self.error = error
        self.formToken = formToken
    }

    public func context(now: Date) -> [String: Any] {
        var context: [String: Any] = ["next": next, "formToken": formToken]
        if let error { context["error"] = error }
        return context
    }
}
