import Foundation
import Testing
import TestSupport
@testable import GoTemplate

/// Go's path and path/filepath functions, and the OS, UUID and URL functions.
@Suite struct PathsTests {
    @Test(arguments: [
        FunctionCase("base", ["foo/bar/baz"], "baz"),
        FunctionCase("base", [""], "."),
        FunctionCase("base", ["/"], "/"),
        FunctionCase("base", ["a/b/"], "b"),
        FunctionCase("base", ["file.txt"], "file.txt"),
        FunctionCase("dir", ["foo/bar/baz"], "foo/bar"),
        FunctionCase("dir", ["baz"], "."),
        FunctionCase("dir", ["/a"], "/"),
        FunctionCase("dir", [""], "."),
        FunctionCase("dir", ["a/b/../c/d"], "a/c"),
        FunctionCase("clean", ["foo/bar/../baz"], "foo/baz"),
        FunctionCase("clean", [""], "."),
        FunctionCase("clean", ["/../a"], "/a"),
        FunctionCase("clean", ["a/../.."], ".."),
        FunctionCase("clean", ["//a//b/./c/"], "/a/b/c"),
        FunctionCase("clean", ["./"], "."),
        FunctionCase("ext", ["foo.bar"], ".bar"),
        FunctionCase("ext", ["foo"], ""),
        FunctionCase("ext", ["a.b/c"], ""),
        FunctionCase("ext", ["archive.tar.gz"], ".gz"),
        FunctionCase("isAbs", ["/foo"], true),
        FunctionCase("isAbs", ["foo"], false),
        FunctionCase("osBase", ["foo/bar"], "bar"),
        FunctionCase("osDir", ["foo/bar"], "foo"),
        FunctionCase("osClean", ["a//b/../c"], "a/c"),
        FunctionCase("osExt", ["x.yaml"], ".yaml"),
        FunctionCase("osIsAbs", ["/x"], true),
        FunctionCase("base", [1], error: "wrong type for value; expected string; got int"),
    ])
    func pathFunction(_ c: FunctionCase) { c.check() }

    @Test func uuidv4LooksLikeAVersion4UUID() throws {
        let s = try #require(try call("uuidv4").stringValue)
        #expect(s.range(of: "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", options: .regularExpression) != nil)
        #expect(try call("uuidv4") != call("uuidv4"))
    }

    @Test func randBytesGivesBase64OfThatManyBytes() throws {
        let s = try #require(try call("randBytes", 12).stringValue)
        #expect(Data(base64Encoded: s)?.count == 12)
    }

    @Test func envReadsTheProcessEnvironment() throws {
        setenv("MOONBASE_SPRIG_TEST", "hello", 1)
        #expect(try call("env", "MOONBASE_SPRIG_TEST") == "hello")
        #expect(try call("env", "MOONBASE_SPRIG_TEST_UNSET") == "")
        #expect(try call("expandenv", "say $MOONBASE_SPRIG_TEST and ${MOONBASE_SPRIG_TEST}!") == "say hello and hello!")
    }

    @Test(arguments: [
        ("$A-${B}", "a-b"), ("$$", ""), ("cost $", "cost $"), ("${}x", "x"), ("$1", "one"), ("${A", "A"), ("x$-y", "xdashy"),
    ])
    func expandFollowsGosOsExpand(input: String, expected: String) {
        let values = ["A": "a", "B": "b", "1": "one", "-": "dash", "$": ""]
        #expect(SprigSystem.expand(input) { values[$0] ?? "" } == expected)
    }

    @Test func urlParseSplitsAURL() throws {
        let parsed = try call("urlParse", "https://user:pass@example.com:8080/a/b?x=1&y=2#frag")
        #expect(parsed == [
            "scheme": "https", "host": "example.com:8080", "hostname": "example.com", "path": "/a/b",
            "query": "x=1&y=2", "opaque": "", "fragment": "frag", "userinfo": "user:pass",
        ])
        #expect(try call("urlParse", "mailto:me@example.com") == [
            "scheme": "mailto", "host": "", "hostname": "", "path": "", "query": "", "opaque": "me@example.com",
            "fragment": "", "userinfo": "",
        ])
    }

    @Test func urlJoinBuildsAURL() throws {
        #expect(try call("urlJoin", ["scheme": "https", "host": "example.com", "path": "/a", "query": "q=1", "fragment": "f"])
            == "https://example.com/a?q=1#f")
        #expect(try call("urlJoin", ["host": "example.com:80", "path": "/x", "userinfo": "bob"]) == "//bob@example.com:80/x")
        #expect(try call("urlJoin", ["scheme": "mailto", "opaque": "me@example.com"]) == "mailto:me@example.com")
    }
}
