import Foundation

/// What every page shows around its content: who is signed in, the navigation, a notice
/// after an action, and the token forms must carry.
public struct Chrome: Sendable {
    public enum Section: String, Sendable, CaseIterable {
        case home, catalog, environments, squads, plans, delivery, audit, notifications, none
    }

    /// The signed-in person or token name; nil when nobody is signed in.
    public var user: String?
    /// The anti-forgery token every form posts back.
    public var csrf: String
    public var section: Section
    /// What the last action did (after a redirect), if anything.
    public var notice: String?
    public var noticeIsError: Bool
    /// The environments in promotion order, for the navigation.
    public var environments: [String]

    public init(
        user: String?, csrf: String, section: Section, notice: String? = nil, noticeIsError: Bool = false, environments: [String]
    ) {
        self.user = user
        self.csrf = csrf
        self.section = section
        self.notice = notice
        self.noticeIsError = noticeIsError
        self.environments = environments
    }

    var context: [String: Any] {
        var context: [String: Any] = [
            "csrf": csrf,
            "environments": environments.map { ["name": $0, "url": "/environments/" + PortalFormat.escaped($0)] },
            "current": Dictionary(uniqueKeysWithValues: Section.allCases.map { ($0.rawValue, $0 == section) }),
        ]
        if let user { context["user"] = user }
        if let notice {
            context["notice"] = ["text": notice, "error": noticeIsError]
        }
        return context
    }
}
