import Foundation
import GRDB
import MoonbaseStore
import ReleaseModel

extension SQLiteStore {
    public func catalog(_ query: CatalogQuery) async throws -> CatalogPage {
        try StoreError.checkPage(limit: query.limit, offset: query.offset)
        return try await pool.read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let squad = query.squad {
                conditions.append("s.squad = ?")
                arguments += [squad]
            }
            if let environment = query.environment {
                conditions.append("EXISTS (SELECT 1 FROM deployments d WHERE d.service = s.service AND d.environment = ?)")
                arguments += [environment]
            }
            if let text = query.text, !text.isEmpty {
                conditions.append("(s.service LIKE ? ESCAPE '\\' OR s.squad LIKE ? ESCAPE '\\')")
                arguments += [Self.containing(text), Self.containing(text)]
            }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let direction = query.descending ? "DESC" : "ASC"
            let order = switch query.order {
            case .service: "s.service \(direction)"
            case .squad: "s.squad \(direction), s.service"
            case .updated: "s.updated_at \(direction), s.service"
            }
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM services s \(filter)", arguments: arguments) ?? 0
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT s.service, s.squad, \(Self.summaryColumns) FROM services s JOIN artifacts a ON a.seq = s.artifact_seq
                    \(filter) ORDER BY \(order) LIMIT ? OFFSET ?
                    """,
                arguments: arguments + [query.limit, query.offset])
            let deployments = try Self.deployments(services: rows.map { $0["service"] }, in: db)
            let entries = try rows.map { row in
                let service: String = try row.text("service", table: "services", key: "?")
                guard let latest = try Self.summary(from: row) else {
                    throw StoreError.corruptRecord(table: "services", key: service, reason: "its newest artifact is missing")
                }
                return CatalogEntry(
                    service: service, squad: try row.text("squad", table: "services", key: service), latestArtifact: latest,
                    deployments: deployments[service] ?? [:])
            }
            return CatalogPage(entries: entries, total: total)
        }
    }

    public func catalogEntry(service: String) async throws -> CatalogEntry? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT s.service, s.squad, \(Self.summaryColumns) FROM services s JOIN artifacts a ON a.seq = s.artifact_seq
                    WHERE s.service = ?
                    """,
                arguments: [service]),
                let latest = try Self.summary(from: row)
            else { return nil }
            return CatalogEntry(
                service: service, squad: try row.text("squad", table: "services", key: service), latestArtifact: latest,
                deployments: try Self.deployments(services: [service], in: db)[service] ?? [:])
        }
    }

    public func deployments(environment: String, criticalOnly: Bool, limit: Int, offset: Int) async throws -> DeploymentPage {
        try StoreError.checkPage(limit: limit, offset: offset)
        // Critical artifacts are few: start from them (a partial index) rather than from every deployment.
        let joins = criticalOnly
            ? """
                FROM artifacts a INDEXED BY artifacts_critical
                JOIN deployments d ON d.service = a.service AND d.environment = ?
                JOIN release_events e ON e.seq = d.event_seq AND e.artifact_id = a.artifact_id
                WHERE a.critical_vulnerabilities > 0
                """
            : """
                FROM deployments d
                JOIN release_events e ON e.seq = d.event_seq
                LEFT JOIN artifacts a ON a.service = e.service AND a.artifact_id = e.artifact_id
                WHERE d.environment = ?
                """
        return try await pool.read { db in
            let total = try Int.fetchOne(
                db, sql: criticalOnly ? "SELECT COUNT(*) \(joins)" : "SELECT COUNT(*) FROM deployments WHERE environment = ?",
                arguments: [environment]) ?? 0
            let rows = try Row.fetchAll(
                db, sql: "SELECT e.*, \(Self.summaryColumns) \(joins) ORDER BY d.service LIMIT ? OFFSET ?",
                arguments: [environment, limit, offset])
            return DeploymentPage(deployments: try rows.map(Self.deployment(from:)), total: total)
        }
    }

    public func releaseEvents(_ filter: ReleaseEventFilter, limit: Int, offset: Int) async throws -> ReleaseEventPage {
        try StoreError.checkPage(limit: limit, offset: offset)
        let (whereClause, arguments) = Self.sql(for: filter)
        return try await pool.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM release_events e \(whereClause)", arguments: arguments) ?? 0
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT e.* FROM release_events e \(whereClause) ORDER BY e.requested_at DESC, e.seq DESC LIMIT ? OFFSET ?",
                arguments: arguments + [limit, offset])
            return ReleaseEventPage(events: try rows.map { try ReleaseEvent(stored: $0) }, total: total)
        }
    }

    public func deliveryRecords(_ filter: ReleaseEventFilter, limit: Int) async throws -> [DeliveryRecord] {
        try StoreError.checkPage(limit: limit, offset: 0)
        let (whereClause, arguments) = Self.sql(for: filter)
        return try await pool.read { db in
            // Only the columns the measures need, read by position: thousands of rows.
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT e.service, COALESCE(e.finished_at, e.requested_at), e.intent_type = 'Rollback', a.ci_started_at,
                        (SELECT MIN(c.at) FROM cluster_events c
                         WHERE c.service = e.service AND c.environment = e.environment AND c.artifact_id = e.artifact_id
                           AND c.kind = 'rollout.running' AND c.at >= COALESCE(e.finished_at, e.requested_at))
                    FROM release_events e
                    LEFT JOIN artifacts a ON a.service = e.service AND a.artifact_id = e.artifact_id
                    \(whereClause) ORDER BY e.requested_at DESC, e.seq DESC LIMIT ?
                    """,
                arguments: arguments + [limit])
            var records: [DeliveryRecord] = []
            while let row = try rows.next() {
                let values: [DatabaseValue] = (0..<5).map { row[$0] }
                guard case .string(let service) = values[0].storage, case .int64(let releasedAt) = values[1].storage,
                      case .int64(let rollback) = values[2].storage
                else { throw StoreError.corruptRecord(table: "release_events", key: "?", reason: "a release without service or time") }
                let ciStartedAt: Date? = if case .int64(let started) = values[3].storage { Date(storedMicroseconds: started) } else { nil }
                let runningAt: Date? = if case .int64(let running) = values[4].storage { Date(storedMicroseconds: running) } else { nil }
                records.append(DeliveryRecord(
                    service: service, releasedAt: Date(storedMicroseconds: releasedAt), isRollback: rollback != 0, ciStartedAt: ciStartedAt,
                    runningAt: runningAt))
            }
            return records
        }
    }

    /// The WHERE clause of `filter` over `release_events e`, and its arguments.
    static func sql(for filter: ReleaseEventFilter) -> (String, StatementArguments) {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let service = filter.service {
            conditions.append("e.service = ?")
            arguments += [service]
        }
        if let squad = filter.squad {
            conditions.append("e.service IN (SELECT service FROM services WHERE squad = ?)")
            arguments += [squad]
        }
        if let environment = filter.environment {
            conditions.append("e.environment = ?")
            arguments += [environment]
        }
        if !filter.states.isEmpty {
            let states = filter.states.map(\.rawValue).sorted()
            conditions.append("e.state IN (\(placeholders(states.count)))")
            arguments += StatementArguments(states)
        }
        if !filter.intentTypes.isEmpty {
            let types = filter.intentTypes.sorted()
            conditions.append("e.intent_type IN (\(placeholders(types.count)))")
            arguments += StatementArguments(types)
        }
        if let since = filter.since {
            conditions.append("e.requested_at >= ?")
            arguments += [since.storedMicroseconds]
        }
        if let until = filter.until {
            conditions.append("e.requested_at < ?")
            arguments += [until.storedMicroseconds]
        }
        return (conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "), arguments)
    }

    public func squads() async throws -> [Squad] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT squad, COUNT(*) AS services FROM services GROUP BY squad ORDER BY squad").map { row in
                Squad(name: try row.text("squad", table: "services", key: "?"), services: row["services"])
            }
        }
    }

    public func planUsage(listing: Int) async throws -> [PlanUsage] {
        try StoreError.checkPage(limit: listing, offset: 0)
        return try await pool.read { db in
            var counts: [String: [(sha: String, count: Int)]] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT plan_url, plan_sha, COUNT(*) AS services FROM services WHERE plan_sha != '' GROUP BY plan_url, plan_sha")
            {
                counts[row["plan_url"], default: []].append((row["plan_sha"], row["services"]))
            }
            return try counts.keys.sorted().map { url in
                var versions = try (counts[url] ?? []).map { sha, count in
                    PlanUsage.Version(
                        sha: sha,
                        firstSeen: Date(storedMicroseconds: try Int64.fetchOne(
                            db, sql: "SELECT MIN(created_at) FROM artifacts WHERE plan_url = ? AND plan_sha = ?", arguments: [url, sha]) ?? 0),
                        serviceCount: count,
                        services: try String.fetchAll(
                            db, sql: "SELECT service FROM services WHERE plan_url = ? AND plan_sha = ? ORDER BY service LIMIT ?",
                            arguments: [url, sha, listing]))
                }
                versions.sort { ($0.firstSeen, $0.sha) > ($1.firstSeen, $1.sha) }
                let latest = versions.first?.sha ?? ""
                return PlanUsage(
                    url: url, versions: versions, outdatedCount: versions.dropFirst().reduce(0) { $0 + $1.serviceCount },
                    outdatedServices: try String.fetchAll(
                        db,
                        sql: "SELECT service FROM services WHERE plan_url = ? AND plan_sha != ? AND plan_sha != '' ORDER BY service LIMIT ?",
                        arguments: [url, latest, listing]))
            }
        }
    }

    public func search(_ text: String, limit: Int) async throws -> SearchResults {
        try StoreError.checkPage(limit: limit, offset: 0)
        let text = text.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return SearchResults() }
        let containing = Self.containing(text)
        // Commits (lowercase hex) that start with the text sort from it up to (not including) this.
        let commit = text.lowercased()
        let prefixEnd = commit + "\u{10FFFF}"
        return try await pool.read { db in
            SearchResults(
                services: try String.fetchAll(
                    db, sql: "SELECT service FROM services WHERE service LIKE ? ESCAPE '\\' ORDER BY service LIMIT ?",
                    arguments: [containing, limit]),
                squads: try String.fetchAll(
                    db, sql: "SELECT DISTINCT squad FROM services WHERE squad LIKE ? ESCAPE '\\' ORDER BY squad LIMIT ?",
                    arguments: [containing, limit]),
                artifacts: try Row.fetchAll(
                    db,
                    sql: """
                        SELECT \(Self.summaryColumns) FROM artifacts a
                        WHERE a.artifact_id LIKE ? ESCAPE '\\' OR (a.commit_sha >= ? AND a.commit_sha < ?) ORDER BY a.seq DESC LIMIT ?
                        """,
                    arguments: [containing, commit, prefixEnd, limit]
                ).compactMap(Self.summary(from:)),
                releases: try Row.fetchAll(
                    db,
                    sql: """
                        SELECT * FROM release_events WHERE commit_sha >= ? AND commit_sha < ?
                        ORDER BY requested_at DESC, seq DESC LIMIT ?
                        """,
                    arguments: [commit, prefixEnd, limit]
                ).map { try ReleaseEvent(stored: $0) })
        }
    }

    public func auditLog(_ filter: AuditFilter, limit: Int, offset: Int) async throws -> AuditPage {
        try StoreError.checkPage(limit: limit, offset: offset)
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let action = filter.action, !action.isEmpty {
            conditions.append("action LIKE ? ESCAPE '\\'")
            arguments += [Self.escapedForLike(action) + "%"]
        }
        if let actor = filter.actor, !actor.isEmpty {
            conditions.append("actor LIKE ? ESCAPE '\\'")
            arguments += [Self.containing(actor)]
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let filterArguments = arguments
        return try await pool.read { db in
            let arguments = filterArguments
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_log \(whereClause)", arguments: arguments) ?? 0
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM audit_log \(whereClause) ORDER BY seq DESC LIMIT ? OFFSET ?",
                arguments: arguments + [limit, offset])
            return AuditPage(entries: try rows.map { try AuditEntry(stored: $0) }, total: total)
        }
    }

    // MARK: Rows

    /// An artifact's summary columns, prefixed `a_`, from the table aliased `a`.
    static let summaryColumns = """
        a.service AS a_service, a.artifact_id AS a_artifact_id, a.branch AS a_branch, a.commit_sha AS a_commit_sha,
        a.plan_url AS a_plan_url, a.plan_sha AS a_plan_sha, a.critical_vulnerabilities AS a_critical,
        a.ci_started_at AS a_ci_started_at, a.created_at AS a_created_at, a.language AS a_language
        """

    /// The summary in a row selected with ``summaryColumns``; `nil` when the join found no artifact.
    static func summary(from row: Row) throws -> ArtifactSummary? {
        let table = "artifacts"
        guard let id = try row.optional(String.self, "a_artifact_id", table: table, key: "?") else { return nil }
        let ciStartedAt = try row.optional(Int64.self, "a_ci_started_at", table: table, key: id)
        return ArtifactSummary(
            service: try row.text("a_service", table: table, key: id), id: id,
            branch: try row.text("a_branch", table: table, key: id), commit: try row.text("a_commit_sha", table: table, key: id),
            planURL: try row.text("a_plan_url", table: table, key: id), planSHA: try row.text("a_plan_sha", table: table, key: id),
            language: try row.text("a_language", table: table, key: id),
            criticalVulnerabilities: Int(try row.integer("a_critical", table: table, key: id)),
            ciStartedAt: ciStartedAt.map(Date.init(storedMicroseconds:)),
            uploadedAt: Date(storedMicroseconds: try row.integer("a_created_at", table: table, key: id)))
    }

    static func deployment(from row: Row) throws -> Deployment {
        Deployment(release: try ReleaseEvent(stored: row), artifact: try summary(from: row))
    }

    /// What runs where for each of `services`, by service and environment.
    static func deployments(services: [String], in db: Database) throws -> [String: [String: Deployment]] {
        guard !services.isEmpty else { return [:] }
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT e.*, \(summaryColumns) FROM deployments d
                JOIN release_events e ON e.seq = d.event_seq
                LEFT JOIN artifacts a ON a.service = e.service AND a.artifact_id = e.artifact_id
                WHERE d.service IN (\(placeholders(services.count)))
                """,
            arguments: StatementArguments(services))
        var result: [String: [String: Deployment]] = [:]
        for row in rows {
            let deployment = try deployment(from: row)
            result[deployment.service, default: [:]][deployment.environment] = deployment
        }
        return result
    }

    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }

    /// `text` with LIKE's wildcards and the escape character escaped (`ESCAPE '\'`).
    static func escapedForLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }

    /// A LIKE pattern matching values that contain `text`.
    static func containing(_ text: String) -> String {
        "%" + escapedForLike(text) + "%"
    }
}
