@testable import DaemonKit
import Foundation
import Testing

/// Reading kubeconfig files (current context, inline and file-based credentials) and a pod's
/// service account, with errors that name the file, line and field.
@Suite struct KubernetesConnectionTests {
    static let ca = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"

    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("daemon-kubeconfig-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func write(_ text: String, _ name: String, in folder: URL) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The shape `kubectl config view --raw` writes.
    static let twoContexts = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: dev
          cluster:
            server: http://127.0.0.1:8001
        - name: prod
          cluster:
            server: https://prod.example.com:6443
            certificate-authority-data: \(Data(ca.utf8).base64EncodedString())
        contexts:
        - name: dev
          context:
            cluster: dev
            user: dev-admin
        - name: prod
          context:
            cluster: prod
            user: daemon
            namespace: lunar
        current-context: prod
        preferences: {}
        users:
        - name: dev-admin
          user:
            token: dev-token
        - name: daemon
          user:
            token: s3cr3t-token
        """

    @Test func theCurrentContextChoosesClusterUserAndNamespace() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let connection = try KubernetesConnection.load(kubeconfig: try Self.write(Self.twoContexts, "config", in: folder))

        #expect(connection.server.absoluteString == "https://prod.example.com:6443")
        #expect(connection.certificateAuthority == Data(Self.ca.utf8))
        #expect(connection.bearerToken == "s3cr3t-token")
        #expect(connection.namespace == "lunar")
        #expect(!connection.insecureSkipTLSVerify)
        #expect(!connection.description.contains("s3cr3t"))
    }

    @Test func filesAreReadRelativeToTheKubeconfigAndPlainHTTPIsAccepted() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try Self.write(Self.ca, "ca.pem", in: folder)
        _ = try Self.write("CERT", "client.crt", in: folder)
        _ = try Self.write("KEY", "client.key", in: folder)
        _ = try Self.write("file-token\n", "token", in: folder)
        let path = try Self.write("""
            clusters:
            - name: kind
              cluster: {server: "https://127.0.0.1:6443", certificate-authority: ca.pem, insecure-skip-tls-verify: true}
            users:
            - name: kind
              user: {client-certificate: client.crt, client-key: client.key, tokenFile: token}
            contexts:
            - name: kind
              context: {cluster: kind, user: kind}
            current-context: kind
            """, "config", in: folder)

        let connection = try KubernetesConnection.load(kubeconfig: path)

        #expect(connection.certificateAuthority == Data(Self.ca.utf8))
        #expect(connection.insecureSkipTLSVerify)
        #expect(connection.clientCertificate == Data("CERT".utf8) && connection.clientKey == Data("KEY".utf8))
        #expect(connection.bearerToken == "file-token")
        #expect(connection.namespace == nil)

        let local = try KubernetesConnection.parse(kubeconfig: Self.twoContexts.replacingOccurrences(of: "current-context: prod", with: "current-context: dev"), path: "k")
        #expect(local.server.absoluteString == "http://127.0.0.1:8001" && local.bearerToken == "dev-token")
    }

    @Test(arguments: [
        ("current-context: prod", "current-context: staging", "kubeconfig k:12: contexts has no 'staging' (it has dev, prod)"),
        ("current-context: prod", "", "kubeconfig k: current-context is not set; set it with kubectl config use-context NAME"),
        ("    server: https://prod.example.com:6443\n", "", "kubeconfig k:9: cluster 'prod' has no server URL such as https://kubernetes.example.com:6443"),
        ("certificate-authority-data: ", "certificate-authority-data: '%%%' #", "kubeconfig k:10: certificate-authority-data is not base64"),
        ("kind: Config", "kind: [Config", "kubeconfig k: not valid YAML"),
        ("    token: s3cr3t-token", "    token: s3cr3t-token\n    client-key-data: S0VZ", "kubeconfig k:29: user 'daemon' has a client certificate without its key, or a key without its certificate"),
    ])
    func mistakesNameTheFileLineAndField(find: String, replace: String, message: String) throws {
        let text = Self.twoContexts.replacingOccurrences(of: find, with: replace)
        #expect(throws: KubernetesConnectionError.self) { try KubernetesConnection.parse(kubeconfig: text, path: "k") }
        do {
            _ = try KubernetesConnection.parse(kubeconfig: text, path: "k")
        } catch {
            #expect(error.message.hasPrefix(message), "\(error.message)")
            #expect(!error.message.contains("s3cr3t"))
        }
    }

    @Test func aPodReachesItsClusterThroughItsServiceAccount() throws {
        let account = try Self.folder()
        defer { try? FileManager.default.removeItem(at: account) }
        _ = try Self.write("pod-token\n", "token", in: account)
        _ = try Self.write(Self.ca, "ca.crt", in: account)
        _ = try Self.write("lunar", "namespace", in: account)

        let connection = try KubernetesConnection.inCluster(
            environment: ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443"], serviceAccount: account)
        #expect(connection.server.absoluteString == "https://10.96.0.1:443")
        #expect(connection.bearerToken == "pod-token" && connection.namespace == "lunar")
        #expect(connection.certificateAuthority == Data(Self.ca.utf8))

        let ipv6 = try KubernetesConnection.inCluster(
            environment: ["KUBERNETES_SERVICE_HOST": "fd00::1", "KUBERNETES_SERVICE_PORT": "6443"], serviceAccount: account)
        #expect(ipv6.server.absoluteString == "https://[fd00::1]:6443")
    }

    @Test func outsideAPodTheErrorSaysToPassAKubeconfig() throws {
        #expect(throws: KubernetesConnectionError(
            "not running in a Kubernetes pod: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set; pass --kubeconfig FILE")) {
            try KubernetesConnection.inCluster(environment: [:])
        }
        let empty = try Self.folder()
        defer { try? FileManager.default.removeItem(at: empty) }
        #expect(throws: KubernetesConnectionError.self) {
            try KubernetesConnection.inCluster(
                environment: ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443"], serviceAccount: empty)
        }
    }
}
