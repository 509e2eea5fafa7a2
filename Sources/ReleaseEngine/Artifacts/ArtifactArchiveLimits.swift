/// How large an artifact archive may be, checked while it is read: sizes declared in the zip
/// are checked before anything is inflated, and the bytes actually inflated are counted as they
/// come, so a zip bomb stops at the limit instead of filling memory.
public struct ArtifactArchiveLimits: Sendable, Hashable {
    /// The zip itself, as uploaded. Default 50 MiB.
    public var maximumArchiveBytes: Int
    /// All files together, uncompressed. Default 200 MiB.
    public var maximumTotalBytes: Int
    /// One file, uncompressed. Default 20 MiB.
    public var maximumFileBytes: Int
    /// Entries in the zip (files and folders). Default 2,000.
    public var maximumEntries: Int

    public init(maximumArchiveBytes: Int = 50 << 20, maximumTotalBytes: Int = 200 << 20, maximumFileBytes: Int = 20 << 20, maximumEntries: Int = 2_000) {
        self.maximumArchiveBytes = maximumArchiveBytes
        self.maximumTotalBytes = maximumTotalBytes
        self.maximumFileBytes = maximumFileBytes
        self.maximumEntries = maximumEntries
    }

    /// `bytes` as a user reads a limit: `50 MiB`, `512 KiB`, `100 bytes`.
    public static func describe(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
