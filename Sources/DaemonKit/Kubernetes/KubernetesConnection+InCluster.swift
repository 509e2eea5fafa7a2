import Foundation

extension KubernetesConnection {
    /// Where a pod's service account is mounted.
    public static let serviceAccountFolder = URL(fileURLWithPath: "/var/run/secrets/kubernetes.io/serviceaccount")

    /// The connection of a pod to its own cluster, as client-go's `InClusterConfig`: the API at
    /// `https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT`, trusted through the service
    /// account's `ca.crt`, authenticated with its `token`, in its `namespace`.
    public static func inCluster(
        environment: [String: String] = ProcessInfo.processInfo.environment, serviceAccount: URL = serviceAccountFolder
    ) throws(KubernetesConnectionError) -> KubernetesConnection {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty,
              let port = environment["KUBERNETES_SERVICE_PORT"], !port.isEmpty
        else {
            throw KubernetesConnectionError(
                "not running in a Kubernetes pod: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set; pass --kubeconfig FILE")
        }
        guard let portNumber = Int(port), (1...65535).contains(portNumber) else {
            throw KubernetesConnectionError("KUBERNETES_SERVICE_PORT '\(port)' is not a port number")
        }
        // An IPv6 address goes in brackets, as net.JoinHostPort writes it.
        let authority = host.contains(":") ? "[\(host)]:\(portNumber)" : "\(host):\(portNumber)"
        guard let server = URL(string: "https://\(authority)") else {
            throw KubernetesConnectionError("KUBERNETES_SERVICE_HOST '\(host)' is not a host name or address")
        }
        func read(_ name: String) throws(KubernetesConnectionError) -> Data {
            let file = serviceAccount.appendingPathComponent(name)
            do {
                return try Data(contentsOf: file)
            } catch {
                throw KubernetesConnectionError("the service account's \(file.path) cannot be read: is a service account mounted in the pod?")
            }
        }
        let token = String(decoding: try read("token"), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else {
            throw KubernetesConnectionError("the service account's \(serviceAccount.appendingPathComponent("token").path) is empty")
        }
        let namespace = (try? read("namespace")).map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
        return KubernetesConnection(
            server: server, certificateAuthority: try read("ca.crt"), bearerToken: token,
            bearerTokenFile: serviceAccount.appendingPathComponent("token"),
            namespace: namespace.flatMap { $0.isEmpty ? nil : $0 })
    }
}
