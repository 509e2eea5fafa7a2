import Foundation

/// Where a PostgreSQL store lives: `postgres://user:password@host:port/database?sslmode=…`
/// (also `postgresql://`), as libpq writes it. The password is kept but never shown:
/// ``description`` prints it as `***`.
public struct PostgresDatabaseURL: Sendable, Hashable, CustomStringConvertible {
    /// libpq's `sslmode` values.
    public enum TLSMode: String, Sendable, Hashable, CaseIterable {
        /// Never TLS.
        case disable
        /// TLS when the server offers it (libpq's default).
        case prefer
        /// TLS or fail, the certificate not verified.
        case require
        /// TLS or fail, the certificate verified against the trusted roots.
        case verifyCA = "verify-ca"
        /// As `verify-ca`, and the host name must match the certificate.
        case verifyFull = "verify-full"
    }

    public var username: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    public var tls: TLSMode
    /// `sslrootcert`: a PEM file of the roots to verify the server's certificate with.
    public var rootCertificatePath: String?

    public init(
        username: String, password: String?, host: String, port: Int = 5432, database: String, tls: TLSMode = .prefer,
        rootCertificatePath: String? = nil
    ) {
        self.username = username
        self.password = password
        self.host = host
        self.port = port
        self.database = database
        self.tls = tls
        self.rootCertificatePath = rootCertificatePath
    }

    /// Parses `text`; the error names what is wrong, without the password.
    public init(_ text: String) throws(PostgresDatabaseURLError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw .invalid(Self.redacted(text), "not a URL; write postgres://user:password@host:5432/database")
        }
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw .invalid(Self.redacted(text), "the scheme must be postgres:// or postgresql://, not \(scheme)://")
        }
        guard let host = components.host, !host.isEmpty else {
            throw .invalid(Self.redacted(text), "the host is missing (postgres://user:password@HOST:5432/database)")
        }
        guard let username = components.user.map({ $0.removingPercentEncoding ?? $0 }), !username.isEmpty else {
            throw .invalid(Self.redacted(text), "the user name is missing (postgres://USER:password@host:5432/database)")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw .invalid(Self.redacted(text), "the database name is missing (postgres://user:password@host:5432/DATABASE)")
        }
        if let port = components.port, !(1...65535).contains(port) {
            throw .invalid(Self.redacted(text), "the port must be 1 to 65535, not \(port)")
        }
        var tls = TLSMode.prefer
        var rootCertificatePath: String?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let value = item.value, let mode = TLSMode(rawValue: value) else {
                    let allowed = TLSMode.allCases.map(\.rawValue).joined(separator: ", ")
                    throw .invalid(Self.redacted(text), "sslmode must be one of \(allowed), not '\(item.value ?? "")'")
                }
                tls = mode
            case "sslrootcert":
                rootCertificatePath = item.value
            default:
                throw .invalid(Self.redacted(text), "unknown parameter '\(item.name)' (known: sslmode, sslrootcert)")
            }
        }
        self.init(
            username: username, password: components.password.map { $0.removingPercentEncoding ?? $0 }, host: host,
            port: components.port ?? 5432, database: database.removingPercentEncoding ?? database, tls: tls,
            rootCertificatePath: rootCertificatePath)
    }

    /// The URL with the password as `***`: safe for logs and error messages.
    public var description: String {
        var components = URLComponents()
        components.scheme = "postgres"
        components.user = username
        components.password = password == nil ? nil : "***"
        components.host = host
        components.port = port
        components.path = "/" + database
        var items = [URLQueryItem(name: "sslmode", value: tls.rawValue)]
        if let rootCertificatePath { items.append(URLQueryItem(name: "sslrootcert", value: rootCertificatePath)) }
        components.queryItems = items
        return components.string ?? "postgres://\(host):\(port)/\(database)"
    }

    /// The same server and credentials, another database.
    public func database(_ name: String) -> PostgresDatabaseURL {
        var url = self
        url.database = name
        return url
    }

    /// `text` with whatever stands between `://user:` and `@` replaced by `***`.
    static func redacted(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://"), let at = text.range(of: "@", options: .backwards),
              schemeEnd.upperBound <= at.lowerBound
        else { return text }
        let credentials = text[schemeEnd.upperBound..<at.lowerBound]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<text.index(after: colon)]) + "***" + String(text[at.lowerBound...])
    }
}

/// A database URL that cannot be used.
public enum PostgresDatabaseURLError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalid(_ redactedURL: String, _ reason: String)

    public var description: String {
        switch self {
        case .invalid(let url, let reason): "invalid PostgreSQL URL \(url): \(reason)"
        }
    }
}
