import ArgumentParser
import ShuttleKit

struct Documentation: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the plan's documentation in a browser ($BROWSER, else xdg-open).",
        aliases: ["docs"])

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let project = try global.locate()
        let url = try await project.documentationURL()
        project.console.info("Documentation available at: \(url)")
        try await project.openInBrowser(url)
    }
}
