import Foundation
import Logging
import MoonbaseStore
import NIOSSL
import PostgresNIO

/// The store on PostgreSQL, shared by any number of `moonbase` replicas: a PostgresNIO
/// connection pool, migrations applied once by whichever replica opens the database first
/// (under an advisory lock), and the same records, queries and rules as ``SQLiteStore``.
///
/// So far it keeps access (tokens, OAuth clients, portal sessions, the audit log) and the
/// release queue, and writes outbox events with the audit log; the other store protocols
/// follow before the server can run on it.
public final class PostgresStore: Sendable {
    let client: PostgresClient
    let logger: Logger
    /// Runs the pool until ``close()``.
    private let pool: Task<Void, Never>
    public let url: PostgresDatabaseURL

    /// Connects to `url`, waiting at most `connectTimeout` for the server, and migrates the
    /// database. The password never appears in errors or logs.
    public init(
        url: PostgresDatabaseURL, maximumConnections: Int = 10, connectTimeout: Duration = .seconds(10),
        logger: Logger = Logger(label: "moonbase.postgres")
    ) async throws {
        let tls = try Self.tlsConfiguration(url)
        // One connection first: the pool retries a server that refuses it instead of failing,
        // and its answer (a wrong password, an unknown database) is what the operator needs.
        try await Self.probe(url, tls: tls, connectTimeout: connectTimeout, logger: logger)
        var configuration = PostgresClient.Configuration(
            host: url.host, port: url.port, username: url.username, password: url.password, database: url.database,
            tls: tls.map { url.tls == .prefer ? .prefer($0) : .require($0) } ?? .disable)
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = connectTimeout
        configuration.options.additionalStartupParameters = [("application_name", "moonbase")]
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        self.url = url
        pool = Task { await client.run() }
        do {
            try await Self.withDeadline(connectTimeout + .seconds(5), url: url) { try await self.migrate() }
        } catch {
            await close()
            throw error
        }
    }

    /// Closes every connection; the store cannot be used after.
    public func close() async {
        pool.cancel()
        await pool.value
    }

    /// The TLS settings `url`'s `sslmode` asks for; nil for none.
    static func tlsConfiguration(_ url: PostgresDatabaseURL) throws -> TLSConfiguration? {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch url.tls {
        case .disable: return nil
        case .prefer, .require: tls.certificateVerification = .none
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        case .verifyFull: tls.certificateVerification = .fullVerification
        }
        if let path = url.rootCertificatePath {
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw PostgresStoreError.unreachable(url: url, reason: "sslrootcert \(path) cannot be read")
            }
            tls.trustRoots = .file(path)
        }
        return tls
    }

    static func probe(_ url: PostgresDatabaseURL, tls: TLSConfiguration?, connectTimeout: Duration, logger: Logger) async throws {
        do {
            let connectionTLS: PostgresConnection.Configuration.TLS = try tls.map {
                url.tls == .prefer ? .prefer(try NIOSSLContext(configuration: $0)) : .require(try NIOSSLContext(configuration: $0))
            } ?? .disable
            var configuration = PostgresConnection.Configuration(
                host: url.host, port: url.port, username: url.username, password: url.password, database: url.database, tls: connectionTLS)
            configuration.options.connectTimeout = .seconds(max(1, connectTimeout.components.seconds))
            let configured = configuration
            let connection = try await withDeadline(connectTimeout, url: url) {
                try await PostgresConnection.connect(configuration: configured, id: 0, logger: logger)
            }
            try await connection.close()
        } catch let error as PSQLError {
            let reason = error.serverInfo?[.message].map { message in
                message + (error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
            }
            throw PostgresStoreError.unreachable(url: url, reason: reason ?? Self.describe(error.code))
        } catch let error as NIOSSLError {
            throw PostgresStoreError.unreachable(url: url, reason: "TLS: \(error)")
        }
    }

    /// The part of a connection error worth showing: PSQLError's own description is a
    /// placeholder (it could hold a statement's values).
    static func describe(_ code: PSQLError.Code) -> String {
        switch code {
        case .connectionError: "the connection failed (is the server running, and the host and port right?)"
        case .sslUnsupported: "the server does not support TLS (sslmode=disable or prefer connects without)"
        case .serverClosedConnection: "the server closed the connection"
        default: "\(code)"
        }
    }

    /// Runs `body`, failing with ``PostgresStoreError/unreachable(url:reason:)`` when it takes
    /// longer than `deadline` (the pool keeps retrying an unreachable server rather than failing).
    static func withDeadline<T: Sendable>(
        _ deadline: Duration, url: PostgresDatabaseURL, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: deadline)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw PostgresStoreError.unreachable(url: url, reason: "no answer within \(deadline)")
            }
            return value
        }
    }

    // MARK: Queries

    /// The rows of `query`, read whole (a statement's errors arrive with its rows).
    func rows(_ query: PostgresQuery, on connection: PostgresConnection? = nil) async throws -> [PostgresRandomAccessRow] {
        try await translated {
            let sequence = if let connection {
                try await connection.query(query, logger: logger)
            } else {
                try await client.query(query, logger: logger)
            }
            return try await sequence.collect().map { $0.makeRandomAccess() }
        }
    }

    /// Runs `body` in one transaction.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await translated {
            try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        }
    }

    /// Runs `body`, turning the driver's errors into ones that say what went wrong (never
    /// with the statement's values) and letting the store's own through.
    func translated<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StoreError {
            throw error
        } catch let error as PostgresTransactionError {
            for case let inner? in [error.closureError, error.beginError, error.commitError] {
                if let store = inner as? StoreError { throw store }
                if let psql = inner as? PSQLError { throw PostgresStoreError(psql, url: url) }
            }
            throw PostgresStoreError.database(url: url, reason: "the transaction failed")
        } catch let error as PSQLError {
            throw PostgresStoreError(error, url: url)
        }
    }
}

/// What went wrong talking to PostgreSQL: the server's own message and SQLSTATE, the URL
/// without its password.
public enum PostgresStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreachable(url: PostgresDatabaseURL, reason: String)
    case database(url: PostgresDatabaseURL, reason: String)

    init(_ error: PSQLError, url: PostgresDatabaseURL) {
        if let message = error.serverInfo?[.message] {
            let state = error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
            self = .database(url: url, reason: message + state)
        } else {
            self = .unreachable(url: url, reason: PostgresStore.describe(error.code))
        }
    }

    public var description: String {
        switch self {
        case .unreachable(let url, let reason): "cannot reach PostgreSQL at \(url): \(reason)"
        case .database(let url, let reason): "PostgreSQL at \(url): \(reason)"
        }
    }
}

extension PostgresRandomAccessRow: StoredRow {
    // A missing column or a value of another type throws ``StoreError/corruptRecord``, as the
    // SQLite store's rows do, never traps.

    public func optionalText(_ column: String, table: String, key: String) throws -> String? {
        let cell = try self.cell(column, table: table, key: key)
        return try decoded(column, table: table, key: key) { try cell.decode(String?.self) }
    }

    public func optionalInteger(_ column: String, table: String, key: String) throws -> Int64? {
        let cell = try self.cell(column, table: table, key: key)
        return try decoded(column, table: table, key: key) { try cell.decode(Int64?.self) }
    }

    func cell(_ column: String, table: String, key: String) throws(StoreError) -> PostgresCell {
        guard contains(column) else { throw .corruptRecord(table: table, key: key, reason: "no column \(column)") }
        return self[column]
    }

    private func decoded<T>(_ column: String, table: String, key: String, _ decode: () throws -> T) throws(StoreError) -> T {
        do {
            return try decode()
        } catch {
            throw .corruptRecord(table: table, key: key, reason: "column \(column) has a value of another type")
        }
    }
}
