import GoCompat

/// Branch regexes, with Go's RE2 semantics (as templates have them, see ``GoRegex``) and
/// matched anywhere in the name (as Go's `MatchString`).
public enum BranchRegex {
    public static func validate(_ regex: String) throws(PolicyError) {
        _ = try compile(regex)
    }

    public static func matches(_ regex: String, _ branch: String) throws(PolicyError) -> Bool {
        try compile(regex).matches(branch)
    }

    static func compile(_ regex: String) throws(PolicyError) -> GoRegex {
        do {
            return try GoRegex(regex)
        } catch {
            throw .invalidRegex(regex: regex, reason: error.message)
        }
    }

    /// Whether every top-level alternative starts with `^` (or `\A`) and ends with an unescaped
    /// `$` (or `\z`, `\Z`), so the regex cannot match in the middle of a branch name.
    public static func isAnchored(_ regex: String) -> Bool {
        let alternatives = topLevelAlternatives(regex)
        return !alternatives.isEmpty && alternatives.allSatisfy { alternative in
            let startAnchored = alternative.hasPrefix("^") || alternative.hasPrefix("\\A")
            let endAnchored: Bool
            if alternative.hasSuffix("\\z") || alternative.hasSuffix("\\Z") {
                endAnchored = trailingBackslashes(alternative.dropLast(2)) % 2 == 0
            } else if alternative.hasSuffix("$") {
                endAnchored = trailingBackslashes(alternative.dropLast()) % 2 == 0
            } else {
                endAnchored = false
            }
            return startAnchored && endAnchored
        }
    }

    private static func trailingBackslashes(_ text: Substring) -> Int {
        text.reversed().prefix(while: { $0 == "\\" }).count
    }

    private static func topLevelAlternatives(_ regex: String) -> [String] {
        var alternatives: [String] = []
        var current = ""
        var depth = 0
        var inClass = false
        var escaped = false
        for character in regex {
            if escaped {
                escaped = false
                current.append(character)
                continue
            }
            switch character {
            case "\\": escaped = true
            case "[" where !inClass: inClass = true
            case "]" where inClass: inClass = false
            case "(" where !inClass: depth += 1
            case ")" where !inClass: depth = max(0, depth - 1)
            case "|" where !inClass && depth == 0:
                alternatives.append(current)
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        alternatives.append(current)
        return alternatives
    }
}
