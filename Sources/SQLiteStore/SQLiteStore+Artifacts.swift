import Foundation
import GRDB
import MoonbaseStore
import ReleaseModel

extension SQLiteStore {
    @discardableResult
    public func storeArtifact(_ upload: ArtifactUpload, notifying: [OutboxEvent]) async throws -> ArtifactStoreOutcome {
        // Hash outside the write transaction: the writer is shared by every request.
        let files = upload.addressedFiles
        let digest = ArtifactUpload.contentDigest(specJSON: upload.specJSON, files: files, serviceSpec: upload.serviceSpec)
        let spec = upload.spec
        let specJSON = upload.specJSON
        let serviceSpec = upload.serviceSpec
        let createdAt = Date().storedMicroseconds
        let outbox = try Self.outboxRows(notifying)
        return try await pool.write { db in
            let existing = try String.fetchOne(
                db, sql: "SELECT content_sha256 FROM artifacts WHERE service = ? AND artifact_id = ?",
                arguments: [spec.service, spec.id])
            if let existing {
                guard existing == digest else { throw StoreError.artifactConflict(service: spec.service, id: spec.id) }
                return .alreadyStored
            }
            try db.execute(
                sql: """
                    INSERT INTO artifacts (service, artifact_id, branch, squad, created_at, spec_json, content_sha256)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [spec.service, spec.id, spec.application.branch, spec.squad, createdAt, specJSON, digest])
            let artifactSeq = db.lastInsertedRowID
            try db.execute(
                sql: "UPDATE artifacts SET \(Self.summaryAssignments), service_spec = ?, language = ? WHERE seq = ?",
                arguments: Self.summaryArguments(spec) + [serviceSpec?.text, serviceSpec?.language ?? "", artifactSeq])
            try db.execute(
                sql: """
                    INSERT INTO services (service, squad, artifact_seq, updated_at, plan_url, plan_sha) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (service) DO UPDATE SET squad = excluded.squad, artifact_seq = excluded.artifact_seq,
                        updated_at = excluded.updated_at, plan_url = excluded.plan_url, plan_sha = excluded.plan_sha
                    """,
                arguments: [spec.service, spec.squad, artifactSeq, createdAt, spec.shuttle.plan.url, spec.shuttle.plan.sha])
            for (file, sha256) in files {
                try db.execute(
                    sql: "INSERT INTO blobs (sha256, size, content) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING",
                    arguments: [sha256, file.content.count, file.content])
                try db.execute(
                    sql: "INSERT INTO artifact_files (artifact_seq, environment, path, blob_sha256) VALUES (?, ?, ?, ?)",
                    arguments: [artifactSeq, file.environment, file.path, sha256])
            }
            try Self.insert(outbox, into: db)
            return .stored
        }
    }

    public func artifact(service: String, id: String) async throws -> Artifact? {
        try await pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT \(Self.artifactColumns) FROM artifacts WHERE service = ? AND artifact_id = ?",
                arguments: [service, id]
            ).map(Self.artifact(from:))
        }
    }

    public func latestArtifact(service: String, branch: String) async throws -> Artifact? {
        try await pool.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT \(Self.artifactColumns) FROM artifacts
                    WHERE service = ? AND branch = ? ORDER BY seq DESC LIMIT 1
                    """,
                arguments: [service, branch]
            ).map(Self.artifact(from:))
        }
    }

    public func artifacts(service: String, branch: String?, limit: Int, offset: Int) async throws -> ArtifactList {
        try StoreError.checkPage(limit: limit, offset: offset)
        return try await pool.read { db in
            var filter = "service = ?"
            var arguments: StatementArguments = [service]
            if let branch {
                filter += " AND branch = ?"
                arguments += [branch]
            }
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM artifacts WHERE \(filter)", arguments: arguments) ?? 0
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT \(Self.artifactColumns) FROM artifacts WHERE \(filter) ORDER BY seq DESC LIMIT ? OFFSET ?",
                arguments: arguments + [limit, offset])
            return ArtifactList(artifacts: try rows.map(Self.artifact(from:)), total: total)
        }
    }

    public func artifactFiles(service: String, id: String, environment: String) async throws -> [ArtifactFile] {
        try await pool.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT artifact_files.path, blobs.content
                    FROM artifacts
                    JOIN artifact_files ON artifact_files.artifact_seq = artifacts.seq
                    JOIN blobs ON blobs.sha256 = artifact_files.blob_sha256
                    WHERE artifacts.service = ? AND artifacts.artifact_id = ? AND artifact_files.environment = ?
                    """,
                arguments: [service, id, environment])
            let key = "\(service)/\(id)"
            return try rows.map { row in
                ArtifactFile(
                    environment: environment, path: try row.text("path", table: "artifact_files", key: key),
                    content: try row.blob("content", table: "blobs", key: key))
            }
            // Sorted here, not in SQL, so that every database orders paths the same way.
            .sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        }
    }

    public func artifactEnvironments(service: String, id: String) async throws -> [String] {
        try await pool.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT artifact_files.environment
                    FROM artifacts JOIN artifact_files ON artifact_files.artifact_seq = artifacts.seq
                    WHERE artifacts.service = ? AND artifacts.artifact_id = ?
                    """,
                arguments: [service, id]
            ).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        }
    }

    /// How many distinct file contents are stored (content addressing keeps this below the
    /// number of files).
    public func blobCount() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM blobs") ?? 0 }
    }

    static let artifactColumns = "service, artifact_id, created_at, spec_json, service_spec, language"

    /// The summary columns of an artifact row (``ArtifactSummary``), set from its spec.
    static let summaryAssignments = "plan_url = ?, plan_sha = ?, commit_sha = ?, ci_started_at = ?, critical_vulnerabilities = ?"

    static func summaryArguments(_ spec: ArtifactSpec) -> StatementArguments {
        let ciStart: Int64? = spec.ci.start.isZero ? nil : spec.ci.start.date.storedMicroseconds
        return [spec.shuttle.plan.url, spec.shuttle.plan.sha, spec.application.sha, ciStart, spec.vulnerabilities.critical]
    }

    static func artifact(from row: Row) throws -> Artifact {
        let service = try row.text("service", table: "artifacts", key: "?")
        let key = "\(service)/\(try row.text("artifact_id", table: "artifacts", key: service))"
        let specJSON = try row.blob("spec_json", table: "artifacts", key: key)
        let spec: ArtifactSpec
        do {
            spec = try ArtifactSpec(jsonData: specJSON)
        } catch {
            throw StoreError.corruptRecord(table: "artifacts", key: key, reason: error.description)
        }
        let createdAt = try row.integer("created_at", table: "artifacts", key: key)
        let serviceSpec = try row.optional(String.self, "service_spec", table: "artifacts", key: key).map {
            ServiceSpec(text: $0, language: (try? row.text("language", table: "artifacts", key: key)) ?? "")
        }
        return Artifact(spec: spec, specJSON: specJSON, createdAt: Date(storedMicroseconds: createdAt), serviceSpec: serviceSpec)
    }
}
