import Testing
@testable import ReleaseModel

@Suite("Name validation")
struct NameTests {
    @Test("ordinary names pass", arguments: [
        ("product", NameKind.service), ("finance-manager_v2", .service), ("dev", .environment), ("prod.eu-1", .environment),
        ("banking", .namespace), ("master", .branch), ("feature/login-page", .branch), ("renovate/yams-6.x", .branch),
        ("master-482c9d808e-3bf40478e5", .artifactID), ("feature_login-abc-def", .artifactID),
    ])
    func valid(value: String, kind: NameKind) {
        #expect(Name.isValid(value, as: kind))
    }

    @Test("malicious and broken names fail", arguments: [
        ("", NameKind.service), ("../x", .service), ("a/b", .service), ("..", .service), (".git", .environment),
        ("a\nb", .service), ("a b", .namespace), ("a\u{0}b", .environment), ("-rf", .service), ("x..y", .namespace),
        ("policies", .environment), ("clusters", .environment), (String(repeating: "a", count: 129), .service),
        ("..", .branch), ("a/../b", .branch), ("/master", .branch), ("master/", .branch), ("a//b", .branch),
        ("a b", .branch), ("a~1", .branch), ("a:b", .branch), ("refs/.hidden", .branch), ("x.lock", .branch), ("a@{1}", .branch),
        ("a/b", .artifactID), ("a b", .artifactID), ("..", .artifactID), ("a\tb", .artifactID), ("", .branch),
        ("é", .service), ("a\\b", .service),
    ])
    func invalid(value: String, kind: NameKind) {
        #expect(!Name.isValid(value, as: kind))
    }

    @Test("errors name the field and the value")
    func errorText() {
        #expect(throws: InvalidNameError(kind: .service, value: "../x", reason: "must not contain '/'")) {
            try Name.validate("../x", as: .service)
        }
        #expect {
            try Name.validate("a\nb", as: .environment)
        } throws: { error in
            "\(error)" == "invalid environment 'a\\u{A}b': must not contain control characters"
        }
        #expect {
            try Name.validate("", as: .namespace)
        } throws: { error in
            "\(error)" == "invalid namespace '': must not be empty"
        }
    }
}
