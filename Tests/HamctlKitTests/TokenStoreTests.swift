import Foundation
@testable import HamctlKit
import Testing

/// Where hamctl's token comes from, and how `login` keeps it.
@Suite struct TokenStoreTests {
    let home: String

    init() throws {
        home = NSTemporaryDirectory() + "hamctl-tokens-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    }

    func write(_ path: String, _ text: String) throws {
        let full = home + "/" + path
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: true, encoding: .utf8)
    }

    @Test func theVariableWinsOverALoginWhichWinsOverTheReferenceFile() throws {
        defer { try? FileManager.default.removeItem(atPath: home) }
        try write(".Config/release-manager/token.json", #"{"access_token":"reference","expiry":"0001-01-01T00:00:00Z"}"#)
        var store = TokenStore(environment: ["HOME": home])
        #expect(try store.credential(for: "http://m") == .init(token: "reference", source: home + "/.Config/release-manager/token.json"))
        try store.save(.init(token: "saved", name: "alice", group: "hamctl", savedAt: Date()), for: "http://m")
        #expect(try store.credential(for: "http://m")?.token == "saved")
        #expect(try store.credential(for: "http://other")?.token == "reference")
        let attributes = try FileManager.default.attributesOfItem(atPath: store.loginFile)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        #expect(store.loginFile == home + "/.config/moonbase/hamctl-tokens.json")
        store.environment["HAMCTL_AUTH_TOKEN"] = " from-env \n"
        #expect(try store.credential(for: "http://m") == .init(token: "from-env", source: "HAMCTL_AUTH_TOKEN"))
    }

    @Test func anExpiredReferenceTokenIsNotUsedAndABrokenFileIsNamed() throws {
        defer { try? FileManager.default.removeItem(atPath: home) }
        let store = TokenStore(environment: ["HOME": home, "XDG_CONFIG_HOME": home + "/xdg"])
        #expect(store.loginFile == home + "/xdg/moonbase/hamctl-tokens.json")
        try write(".Config/release-manager/token.json", #"{"access_token":"old","expiry":"2020-01-01T00:00:00Z"}"#)
        #expect(try store.credential(for: "http://m") == nil)
        try write(".Config/release-manager/token.json", "not json")
        #expect(throws: HamctlError.self) { try store.credential(for: "http://m") }
        try write("xdg/moonbase/hamctl-tokens.json", "{")
        let error = try #require(throws: HamctlError.self) { try store.credential(for: "http://m") }
        #expect(error.description.hasPrefix(home + "/xdg/moonbase/hamctl-tokens.json is not a hamctl token file"))
    }
}
