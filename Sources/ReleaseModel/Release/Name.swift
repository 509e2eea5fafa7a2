import Foundation

/// The kinds of names that end up in config-repository paths, commit messages and policies.
public enum NameKind: String, Sendable, CaseIterable {
    case service
    case environment
    case namespace
    case branch
    case artifactID = "artifact id"
}

/// A name that Moonbase refuses, with the field, the value and the reason.
public struct InvalidNameError: Error, Sendable, Equatable, CustomStringConvertible {
    public var kind: NameKind
    public var value: String
    public var reason: String

    public var description: String {
        "invalid \(kind.rawValue) '\(Self.printable(value))': \(reason)"
    }

    static func printable(_ value: String) -> String {
        let shown = value.unicodeScalars.map { scalar in
            scalar.properties.generalCategory == .control
                ? String(format: "\\u{%X}", scalar.value) : String(scalar)
        }.joined()
        return shown.count > 80 ? String(shown.prefix(80)) + "…" : shown
    }
}

/// Validation of the names users give (spec: no `..`, no `/` where the layout forbids it).
public enum Name {
    /// Longest service, environment and namespace (Kubernetes object names allow 253; DNS labels 63).
    public static let maximumLength = 128
    /// Longest branch name and artifact id.
    public static let maximumRefLength = 255
    /// Top-level folders of the config repository that cannot be environments.
    public static let reservedEnvironments: Set<String> = ["policies", "clusters"]

    /// What is wrong with each value that is not blank as the name of its kind, for a request's
    /// validation items (a blank value is the required-field check's to report).
    public static func problems(_ values: [(String, NameKind)]) -> [String] {
        values.compactMap { value, kind -> String? in
            guard !value.isBlank else { return nil }
            do throws(InvalidNameError) {
                try validate(value, as: kind)
                return nil
            } catch {
                return error.description
            }
        }
    }

    /// Throws ``InvalidNameError`` when `value` is not an acceptable name of `kind`.
    ///
    /// - service, environment, namespace: 1–128 of `A–Z a–z 0–9 . _ -`, not starting with `.` or
    ///   `-`, no `..` (they are single path segments).
    /// - branch: git's ref rules: no whitespace, control characters, `..`, `~^:?*[\`, `@{`, no
    ///   empty or dot-started segment, not ending in `/`, `.` or `.lock`; `/` separates segments.
    /// - artifact id: printable, no whitespace or `/`.
    public static func validate(_ value: String, as kind: NameKind) throws(InvalidNameError) {
        func fail(_ reason: String) -> InvalidNameError {
            InvalidNameError(kind: kind, value: value, reason: reason)
        }
        if value.isEmpty { throw fail("must not be empty") }
        if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw fail("must not contain control characters")
        }
        switch kind {
        case .service, .environment, .namespace:
            if value.utf8.count > maximumLength { throw fail("must be at most \(maximumLength) characters") }
            if value.contains("/") || value.contains("\\") { throw fail("must not contain '/'") }
            if value.contains("..") { throw fail("must not contain '..'") }
            if value.hasPrefix(".") || value.hasPrefix("-") { throw fail("must not start with '.' or '-'") }
            let allowed = value.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "-" || scalar == "_" || scalar == ".")
            }
            if !allowed { throw fail("may only contain letters, digits, '.', '_' and '-'") }
            if kind == .environment, reservedEnvironments.contains(value) {
                throw fail("is reserved by the config repository layout")
            }
        case .branch:
            if value.utf8.count > maximumRefLength { throw fail("must be at most \(maximumRefLength) characters") }
            if value.contains("..") { throw fail("must not contain '..'") }
            if value.unicodeScalars.contains(where: { $0.properties.isWhitespace }) { throw fail("must not contain whitespace") }
            if let bad = value.first(where: { "~^:?*[\\".contains($0) }) { throw fail("must not contain '\(bad)'") }
            if value.contains("@{") { throw fail("must not contain '@{'") }
            if value.hasPrefix("-") { throw fail("must not start with '-'") }
            if value.hasSuffix("/") || value.hasSuffix(".") || value.hasSuffix(".lock") {
                throw fail("must not end with '/', '.' or '.lock'")
            }
            let segments = value.split(separator: "/", omittingEmptySubsequences: false)
            if segments.contains(where: { $0.isEmpty || $0.hasPrefix(".") }) {
                throw fail("must not have empty segments or segments starting with '.'")
            }
        case .artifactID:
            if value.utf8.count > maximumRefLength { throw fail("must be at most \(maximumRefLength) characters") }
            if value.contains("/") || value.contains("\\") { throw fail("must not contain '/'") }
            if value.unicodeScalars.contains(where: { $0.properties.isWhitespace }) { throw fail("must not contain whitespace") }
            if value == "." || value == ".." { throw fail("must not be '.' or '..'") }
        }
    }

    /// Whether `value` is an acceptable name of `kind`.
    public static func isValid(_ value: String, as kind: NameKind) -> Bool {
        (try? validate(value, as: kind)) != nil
    }
}
