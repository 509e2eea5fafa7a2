import Foundation
import MoonbaseStore
import ReleaseModel

/// A page that only says something: not found, not allowed.
public struct MessageView: PortalView {
    public static let template = "message"
    public var title: String

    public var message: String

    public init(title: String, message: String) {
        self.title = title
        self.message = message
    }

    public func context(now: Date) -> [String: Any] {
        ["message": message]
    }
}
