import Foundation
import GoCompat
import MoonbaseStore

/// `/catalog`: every service with its squad, plan and what runs in each environment;
/// filtered by squad, environment and text, sorted by a column.
public struct CatalogView: PortalView {
    public static let template = "catalog"
    public let title = "Catalog"

    public var page: CatalogPage
    public var query: CatalogQuery
    public var environments: [String]
    public var squads: [Squad]

    public init(page: CatalogPage, query: CatalogQuery, environments: [String], squads: [Squad]) {
        self.page = page
        self.query = query
        self.environments = environments
        self.squads = squads
    }

    public func context(now: Date) -> [String: Any] {
        let filters: [(String, String?)] = [("squad", query.squad), ("environment", query.environment), ("q", query.text)]
        let sorted = filters + [("sort", query.order.rawValue), ("order", query.descending ? "desc" : "asc")]
        return [
            "q": query.text ?? "",
            "squads": squads.map { ["name": $0.name, "selected": $0.name == query.squad] as [String: Any] },
            "environmentOptions": environments.map { ["name": $0, "selected": $0 == query.environment] as [String: Any] },
            "columns": environments.map { ["name": $0] },
            // Service, squad, updated, language and plan, then one per environment.
            "columnCount": 5 + environments.count,
            "sortLinks": CatalogQuery.Order.allCases.map { order in
                let active = order == query.order
                let descending = active ? !query.descending : order == .updated
                return [
                    "name": order.rawValue,
                    "url": queryBase("/catalog", filters + [("sort", order.rawValue), ("order", descending ? "desc" : "asc")]),
                    "active": active,
                    "direction": active ? (query.descending ? "descending" : "ascending") : "none",
                ] as [String: Any]
            },
            "entries": page.entries.map { entry in row(entry, now: now) },
            "filtered": query.squad != nil || query.environment != nil || !(query.text ?? "").isEmpty,
            "pager": Pager(total: page.total, limit: query.limit, offset: query.offset, base: queryBase("/catalog", sorted)).context,
        ]
    }
}

extension CatalogView {
    func row(_ entry: CatalogEntry, now: Date) -> [String: Any] {
        var row: [String: Any] = [
            "service": entry.service, "serviceURL": Links.service(entry.service),
            "squad": entry.squad, "squadURL": Links.squad(entry.squad),
            "plan": PlanName.of(entry.latestArtifact.planURL),
            "updated": PortalFormat.age(entry.latestArtifact.uploadedAt, now: now),
            "cells": environments.map { environment -> [String: Any] in
                guard let deployment = entry.deployments[environment] else { return ["none": true] }
                return [
                    "artifactID": deployment.artifactID,
                    "age": PortalFormat.age(deployment.releasedAt, now: now),
                    "at": PortalFormat.timestamp(deployment.releasedAt),
                ]
            },
        ]
        row["planVersion"] = PortalFormat.shortCommit(entry.latestArtifact.planSHA).nonEmpty
        row["language"] = entry.latestArtifact.language.nonEmpty
        return row
    }
}

/// A plan's short name for lists: the last segment of its repository URL or path.
enum PlanName {
    static func of(_ url: String) -> String {
        guard !url.isEmpty else { return "" }
        var name = Substring(url)
        while name.hasSuffix("/") { name = name.dropLast() }
        if name.hasSuffix(".git") { name = name.dropLast(4) }
        return name.split(separator: "/").last.map(String.init) ?? String(name)
    }
}
