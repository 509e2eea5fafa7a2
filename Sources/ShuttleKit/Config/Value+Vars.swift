import GoTemplate

extension Value {
    /// The value at a dot path (`docker.image`), as `shuttle get` reads it: split on the first
    /// dot, index maps by key, recurse. Anything that is not a map on the way means not found.
    public func lookup(path: String) -> Value? {
        var current = self
        var rest = Substring(path)
        while true {
            guard case .map(let map) = current else { return nil }
            if let dot = rest.firstIndex(of: ".") {
                guard let next = map[String(rest[..<dot])] else { return nil }
                current = next
                rest = rest[rest.index(after: dot)...]
            } else {
                return map[String(rest)]
            }
        }
    }

    /// `overrides` laid over this value: maps merge key by key, recursively; anything else
    /// in `overrides` replaces what is here.
    public func deepMerged(with overrides: Value) -> Value {
        guard case .map(var base) = self, case .map(let top) = overrides else { return overrides }
        for (key, value) in top {
            base[key] = base[key].map { $0.deepMerged(with: value) } ?? value
        }
        return .map(base)
    }
}
