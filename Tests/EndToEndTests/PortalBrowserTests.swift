import Foundation
import TestSupport
import Testing

/// The portal in real headless Chromium: `Tests/Browser/portal_browser_test.py` drives Debian's
/// chromium through Selenium against the built `moonbase demo` (scripts/test installs all
/// three). It signs in, navigates every page, filters and sorts the catalog, sees a release
/// arrive live, releases and rolls back from a service's page, and saves a screenshot of every
/// page in `.build/portal-screenshots` (a test output, never committed).
@Suite(
    .enabled(if: ExternalTools.browserAvailable, ExternalTools.browserMissing), .tags(.endToEnd, .browser, .python), .timeLimit(.minutes(5))
)
struct PortalBrowserTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let pages = [
        "sign-in", "home", "catalog", "catalog-filtered", "service", "service-after-rollback", "environment", "squad", "plans",
        "delivery", "audit", "search", "catalog-phone",
    ]

    @Test func signInNavigateFilterReleaseAndRollBackInChromium() async throws {
        let screenshots = Self.repository + "/.build/portal-screenshots"
        try? FileManager.default.removeItem(atPath: screenshots)
        let result = try await runProcess(
            "python3", [Self.repository + "/Tests/Browser/portal_browser_test.py", productsDirectory + "/moonbase", screenshots],
            in: Self.repository)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        for page in Self.pages {
            #expect(FileManager.default.fileExists(atPath: "\(screenshots)/\(page).png"), "no screenshot of \(page)")
        }
    }
}
