/// The names `shuttle new` accepts. A service's name becomes a Kubernetes object name, so it is
/// an RFC 1123 label: lowercase letters, digits and '-', starting with a letter and ending with
/// a letter or digit, at most 63 characters. A squad becomes a Kubernetes label value.
public enum ServiceName {
    public static let maximumLength = 63

    /// Checks a service name; the error names the value and says what a valid name looks like.
    public static func validate(_ name: String) throws(ShuttleError) {
        let problem: String?
        if name.isEmpty {
            problem = "it is empty"
        } else if name.count > maximumLength {
            problem = "it is \(name.count) characters long; the limit is \(maximumLength)"
        } else if let first = name.unicodeScalars.first, !("a"..."z").contains(first) {
            problem = "it must start with a lowercase letter"
        } else if let bad = name.unicodeScalars.first(where: { !isNameCharacter($0) }) {
            problem = "it contains \"\(bad)\"; only lowercase letters, digits and '-' are allowed"
        } else if name.hasSuffix("-") {
            problem = "it must not end with '-'"
        } else {
            problem = nil
        }
        if let problem {
            throw .usage("invalid service name \"\(name)\": \(problem). A service name becomes a Kubernetes name: lowercase letters, digits and '-', starting with a letter, at most \(maximumLength) characters (for example payments or order-history)")
        }
    }

    /// Checks a squad name (a Kubernetes label value): letters, digits, '-', '_' and '.',
    /// starting and ending with a letter or digit, at most 63 characters.
    public static func validateSquad(_ squad: String) throws(ShuttleError) {
        let scalars = Array(squad.unicodeScalars)
        var valid = false
        if let first = scalars.first, let last = scalars.last {
            valid = scalars.count <= maximumLength && isAlphanumeric(first) && isAlphanumeric(last)
                && scalars.allSatisfy { isAlphanumeric($0) || $0 == "-" || $0 == "_" || $0 == "." }
        }
        if !valid {
            throw .usage("invalid squad \"\(squad)\": a squad becomes a Kubernetes label value: letters, digits, '-', '_' and '.', starting and ending with a letter or digit, at most \(maximumLength) characters (for example --squad money)")
        }
    }

    private static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-"
    }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
