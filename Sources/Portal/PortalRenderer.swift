import Foundation
import Mustache

/// A page of the portal: which template renders it, its title, and what the template reads.
public protocol PortalView {
    /// The template's name (a file `Templates/<name>.mustache`).
    static var template: String { get }
    var title: String { get }
    /// The values the template reads, for a page rendered at `now`.
    func context(now: Date) -> [String: Any]
}

/// Renders portal views into HTML with the templates embedded in the binary.
///
/// Contexts are dictionaries rather than structs: swift-mustache reads dictionaries several
/// times faster than it reads structs through `Mirror`.
public struct PortalRenderer: Sendable {
    let library: MustacheLibrary

    public init() throws {
        var library = MustacheLibrary()
        for (name, bytes) in PortalTemplates.all {
            try library.register(String(decoding: bytes, as: UTF8.self), named: name)
        }
        self.library = library
    }

    /// The whole page: the view inside the portal's layout.
    public func render(_ view: some PortalView, chrome: Chrome, now: Date = Date()) -> String {
        var context = view.context(now: now)
        context["title"] = view.title
        context["chrome"] = chrome.context
        return library.render(context, withTemplate: type(of: view).template) ?? ""
    }

    /// A release's cluster state, as the live updates replace it.
    public func clusterBadge(_ badge: ClusterBadge) -> String {
        library.render(badge.context, withTemplate: "cluster-badge") ?? ""
    }

    /// One release as a table row, as the home page's live updates insert it.
    public func releaseRow(_ row: ReleaseRow, now: Date = Date()) -> String {
        library.render(row.context(now: now), withTemplate: "release-row") ?? ""
    }
}

/// The templates, by name.
enum PortalTemplates {
    static let all: [(String, [UInt8])] = [
        ("layout-top", PackageResources.layout_top_mustache), ("layout-bottom", PackageResources.layout_bottom_mustache),
        ("release-row", PackageResources.release_row_mustache), ("release-table", PackageResources.release_table_mustache),
        ("pager", PackageResources.pager_mustache), ("cluster-badge", PackageResources.cluster_badge_mustache),
        ("home", PackageResources.home_mustache), ("search", PackageResources.search_mustache),
        ("catalog", PackageResources.catalog_mustache), ("catalog-table", PackageResources.catalog_table_mustache), ("service", PackageResources.service_mustache),
        ("environment", PackageResources.environment_mustache), ("squad", PackageResources.squad_mustache),
        ("plans", PackageResources.plans_mustache), ("delivery", PackageResources.delivery_mustache),
        ("audit", PackageResources.audit_mustache), ("sign-in", PackageResources.sign_in_mustache),
        ("message", PackageResources.message_mustache), ("notifications", PackageResources.notifications_mustache),
    ]
}

/// The portal's static files.
public enum PortalAssets {
    public static let stylesheet = PackageResources.portal_css
    public static let script = PackageResources.portal_js
}
