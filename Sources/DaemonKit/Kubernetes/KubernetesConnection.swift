import Foundation

/// How to reach one Kubernetes API server: its URL, how to trust it and how to authenticate,
/// read from a kubeconfig file's current context (``KubernetesConnection/load(kubeconfig:)``)
/// or from the service account a pod runs as (``KubernetesConnection/inCluster(environment:serviceAccount:)``).
///
/// Secrets (the bearer token, the client key) are kept as given and never appear in an error
/// message or a description.
public struct KubernetesConnection: Sendable, Equatable, CustomStringConvertible {
    /// `https://…`, or `http://…` for local and test clusters.
    public var server: URL
    /// PEM certificates to trust instead of the system's; nil for the system's.
    public var certificateAuthority: Data?
    public var insecureSkipTLSVerify: Bool
    public var bearerToken: String?
    /// Where the bearer token was read from, re-read while running: a pod's service-account
    /// token is rotated by the kubelet (client-go re-reads it too).
    public var bearerTokenFile: URL?
    /// PEM client certificate and key, for clusters that authenticate clients by certificate.
    public var clientCertificate: Data?
    public var clientKey: Data?
    /// The namespace of the context (or the pod), nil when none is named.
    public var namespace: String?

    public init(
        server: URL, certificateAuthority: Data? = nil, insecureSkipTLSVerify: Bool = false, bearerToken: String? = nil,
        bearerTokenFile: URL? = nil, clientCertificate: Data? = nil, clientKey: Data? = nil, namespace: String? = nil
    ) {
        self.server = server
        self.certificateAuthority = certificateAuthority
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.bearerToken = bearerToken
        self.bearerTokenFile = bearerTokenFile
        self.clientCertificate = clientCertificate
        self.clientKey = clientKey
        self.namespace = namespace
    }

    public var description: String {
        var parts = [server.absoluteString]
        if certificateAuthority != nil { parts.append("custom CA") }
        if insecureSkipTLSVerify { parts.append("TLS not verified") }
        if bearerToken != nil { parts.append("bearer token") }
        if clientCertificate != nil { parts.append("client certificate") }
        if let namespace { parts.append("namespace \(namespace)") }
        return parts.joined(separator: ", ")
    }
}

/// Why no connection could be read, naming the file and the field to fix.
public struct KubernetesConnectionError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    init(_ message: String) { self.message = message }

    public var description: String { message }
}
