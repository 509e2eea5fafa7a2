import MoonbaseClient
import ReleaseModel

/// `hamctl history`: a service's releases across environments, newest first.
public enum ReleaseTimeline {
    /// The environments to read: those asked for, else every environment where the service runs.
    public static func environments(asked: [String], status: () async throws(HamctlError) -> StatusResponse)
        async throws(HamctlError) -> [String] {
        if !asked.isEmpty { return asked }
        return try await status().environments.filter { !$0.tag.isEmpty }.map(\.name)
    }

    /// Each environment's newest releases merged into one timeline of the newest `count`. Ties
    /// keep the order the environments were given in.
    public static func merge(_ pages: [(environment: String, releases: [DescribeReleaseResponse.Release])], count: Int) -> [HistoryEntry] {
        let entries = pages.flatMap { page in page.releases.map { HistoryEntry(environment: page.environment, release: $0) } }
        let ordered = entries.enumerated().sorted { a, b in
            if a.element.releasedAt > b.element.releasedAt { return true }
            if b.element.releasedAt > a.element.releasedAt { return false }
            return a.offset < b.offset
        }
        return ordered.prefix(max(0, count)).map(\.element)
    }

    /// Reads the timeline of `service` through `connection`.
    public static func load(service: String, environments asked: [String], count: Int, connection: Connection)
        async throws(HamctlError) -> [HistoryEntry] {
        let environments = try await environments(asked: asked) { () throws(HamctlError) in
            try await connection.run { client throws(ClientError) in try await client.status(service: service) }
        }
        var pages: [(environment: String, releases: [DescribeReleaseResponse.Release])] = []
        for environment in environments {
            let response = try await connection.run { client throws(ClientError) in
                try await client.describeRelease(service: service, environment: environment, count: count)
            }
            pages.append((environment, response.releases))
        }
        return merge(pages, count: count)
    }
}
