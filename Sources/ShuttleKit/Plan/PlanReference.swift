import Foundation

/// What `plan:` in shuttle.yaml (or `--plan`) points at.
public enum PlanReference: Sendable, Equatable {
    /// `plan: false` or an empty string: the project has no plan.
    case none
    /// A folder on disk (absolute, after resolving relative paths).
    case local(path: String)
    /// A git repository, optionally pinned to a branch, tag or sha (`#ref`).
    case git(GitPlanSource)
}

/// A plan in a git repository.
public struct GitPlanSource: Sendable, Equatable {
    public enum Transport: String, Sendable { case https, ssh, file }

    public var transport: Transport
    /// The URL as written, without `#ref`, for messages.
    public var url: String
    /// What `git clone` is given (before a token is added).
    public var cloneURL: String
    /// Branch, tag or sha; nil means the remote's default branch.
    public var ref: String?

    /// `cloneURL` with `SHUTTLE_GIT_TOKEN` for https plans.
    public func authenticatedCloneURL(token: String?) -> String {
        guard transport == .https, let token, !token.isEmpty else { return cloneURL }
        return "https://\(token)@" + cloneURL.dropFirst("https://".count)
    }

    /// A web page for the repository, for `shuttle documentation`.
    public var webURL: String? {
        switch transport {
        case .https: return url
        case .ssh:
            // user@host:path → https://host/path
            let hostAndPath = cloneURL.split(separator: "@", maxSplits: 1).last.map(String.init) ?? cloneURL
            guard let colon = hostAndPath.firstIndex(of: ":") else { return nil }
            return "https://\(hostAndPath[..<colon])/\(hostAndPath[hostAndPath.index(after: colon)...])"
        case .file: return nil
        }
    }
}

extension PlanReference {
    /// Parses a plan string. `base` resolves relative paths (the project folder for
    /// shuttle.yaml, the working directory for `--plan`).
    public static func parse(_ text: String, relativeTo base: String) throws(ShuttleError) -> PlanReference {
        if text.isEmpty { return .none }
        let (location, ref) = splitRef(text)
        if location.hasPrefix("git://") {
            // git://[user@]host:path → user@host:path over ssh
            let rest = String(location.dropFirst("git://".count))
            guard rest.contains(":"), !rest.hasPrefix(":") else {
                throw .configuration("plan \"\(text)\" is not a valid ssh git plan; write it as git://git@host:org/repo.git")
            }
            return .git(GitPlanSource(transport: .ssh, url: location, cloneURL: rest, ref: ref))
        }
        if location.hasPrefix("https://") || location.hasPrefix("http://") {
            guard location.hasPrefix("https://"), location.hasSuffix(".git") else {
                throw .configuration("plan \"\(text)\" is not supported: an https plan must be a git repository URL ending in .git (for example https://github.com/org/plan.git#main)")
            }
            return .git(GitPlanSource(transport: .https, url: location, cloneURL: location, ref: ref))
        }
        if location.hasPrefix("file://") {
            return .git(GitPlanSource(transport: .file, url: location, cloneURL: location, ref: ref))
        }
        if text.hasPrefix("/") { return .local(path: normalize(text)) }
        return .local(path: normalize(base + "/" + text))
    }

    /// Whether `--plan VALUE` names a plan (rather than a `#ref` for the configured git plan).
    static func isPlanOverride(_ value: String) -> Bool {
        value.hasPrefix("/") || value.hasPrefix("./") || value.hasPrefix("../")
            || value.hasPrefix("git://") || value.hasPrefix("https://") || value.hasPrefix("file://")
    }

    private static func splitRef(_ text: String) -> (String, String?) {
        guard let hash = text.lastIndex(of: "#") else { return (text, nil) }
        let ref = String(text[text.index(after: hash)...])
        return (String(text[..<hash]), ref.isEmpty ? nil : ref)
    }

    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            if part == "..", parts.isEmpty { continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }
}
