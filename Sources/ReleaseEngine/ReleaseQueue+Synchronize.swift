
extension ReleaseQueue {
    /// Brings the working clone up to the remote through the one writer, between batches: for
    /// changes pushed by others (a GitHub push webhook, a start-up after recovery).
    public func synchronize() async throws(ReleaseError) {
        _ = try await change { _ throws(ReleaseError) in StagedChange(message: "", value: ()) }
    }
}
