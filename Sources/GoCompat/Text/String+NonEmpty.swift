extension String {
    /// The text, or nil when it is empty: for optional members left out rather than empty
    /// (JSON payloads, Mustache contexts, which treat even an empty string as true).
    public var nonEmpty: String? { isEmpty ? nil : self }
}
