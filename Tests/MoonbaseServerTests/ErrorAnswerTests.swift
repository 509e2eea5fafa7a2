import Foundation
import HTTPTypes
import Hummingbird
import InMemoryLogging
import Logging
@testable import MoonbaseServer
import ReleaseModel
import Testing

/// One error type, answered in one place: what a failed request answers, and what is logged.
@Suite struct ErrorAnswerTests {
    struct DiskFull: Error, CustomStringConvertible {
        var description: String { "disk full" }
    }

    static func request(_ path: String) -> Request {
        Request(head: HTTPRequest(method: .get, scheme: "http", authority: "localhost", path: path), body: RequestBody(buffer: ByteBuffer()))
    }

    @Test func aCallersMistakeIsAnsweredAsThrownAndNotLoggedAsAnError() {
        let logs = InMemoryLogHandler()
        let logger = Logger(label: "test") { _ in logs }

        let refused = ErrorResponse(answering: ErrorResponse(status: 404, message: "no release with id 'x'"), to: Self.request("/releases/x"), logger: logger)
        let unknownRoute = ErrorResponse(answering: HTTPError(.notFound), to: Self.request("/nope"), logger: logger)
        let wrongMethod = ErrorResponse(answering: HTTPError(.methodNotAllowed), to: Self.request("/status"), logger: logger)

        #expect(refused == ErrorResponse(status: 404, message: "no release with id 'x'"))
        #expect(unknownRoute == ErrorResponse(status: 404, message: "not found"))
        #expect(wrongMethod == ErrorResponse(status: 405, message: "method not allowed"))
        #expect(logs.entries.isEmpty)
    }

    @Test func anUnexpectedFailureIsA500WhoseCauseIsLoggedOnlyOnTheServer() throws {
        let logs = InMemoryLogHandler()
        let logger = Logger(label: "test") { _ in logs }

        let answer = ErrorResponse(answering: DiskFull(), to: Self.request("/status"), logger: logger)

        #expect(answer == ErrorResponse(status: 500, message: "unknown error"))
        let entry = try #require(logs.entries.first)
        #expect(logs.entries.count == 1 && entry.level == .error)
        #expect(entry.metadata["error"]?.description == "disk full")
        #expect(entry.metadata["path"]?.description == "/status")
    }

    @Test func thePortalRendersTheSameErrorsAsPagesAndTheAPIAsJSON() async throws {
        try await withRunningServer { server in
            let browser = PortalBrowser(base: server.base)
            _ = try await browser.signIn(token: server.adminToken)

            let page = try await browser.get("/services/nothing-here")
            #expect(page.status == 404)
            #expect(page.header("Content-Type")?.hasPrefix("text/html") == true)
            #expect(page.body.contains("Not found"))
            #expect(page.body.contains("it has never uploaded an artifact"))

            let badOffset = try await browser.get("/catalog?offset=minus+one")
            #expect(badOffset.status == 400)
            // Hummingbird's form decoding: `+` is a space.
            #expect(badOffset.body.contains("offset must be a whole number of at least 0, got"))
            #expect(badOffset.body.contains("minus one"))

            let api = try await server.request("GET", "/releases/nothing-here", token: server.adminToken)
            #expect(api.status == 404)
            #expect(api.body == #"{"status":404,"message":"no release with id 'nothing-here'"}"# + "\n")
        }
    }
}
