import Foundation
import Yams

extension KubernetesConnection {
    /// The connection of `path`'s current context, as kubectl and client-go read it: the
    /// context's cluster (`server`, `certificate-authority` or `certificate-authority-data`,
    /// `insecure-skip-tls-verify`) and user (`token` or `tokenFile`, `client-certificate(-data)`,
    /// `client-key(-data)`). Relative file paths are relative to the kubeconfig's folder.
    public static func load(kubeconfig path: String) throws(KubernetesConnectionError) -> KubernetesConnection {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw KubernetesConnectionError("kubeconfig \(path): cannot be read (\(error.localizedDescription))")
        }
        return try parse(kubeconfig: text, path: path)
    }

    /// ``load(kubeconfig:)`` of text already read from `path`.
    public static func parse(kubeconfig text: String, path: String) throws(KubernetesConnectionError) -> KubernetesConnection {
        let file = Kubeconfig(path: path)
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw KubernetesConnectionError("kubeconfig \(path): the file is empty") }
            root = node
        } catch let error as KubernetesConnectionError {
            throw error
        } catch {
            throw KubernetesConnectionError("kubeconfig \(path): not valid YAML: \(error)")
        }
        let config = try file.mapping(root, "the document")
        guard let currentName = try file.string(config, "current-context"), !currentName.isEmpty else {
            throw KubernetesConnectionError("kubeconfig \(path): current-context is not set; set it with kubectl config use-context NAME")
        }
        let context = try file.named(config, "contexts", currentName, "context")
        guard let clusterName = try file.string(context, "cluster") else {
            throw file.error(context, "context '\(currentName)' names no cluster")
        }
        let cluster = try file.named(config, "clusters", clusterName, "cluster")
        guard let serverText = try file.string(cluster, "server"), let server = URL(string: serverText),
              server.scheme == "https" || server.scheme == "http", server.host != nil
        else {
            throw file.error(cluster, "cluster '\(clusterName)' has no server URL such as https://kubernetes.example.com:6443")
        }
        var connection = KubernetesConnection(server: server, namespace: try file.string(context, "namespace"))
        connection.certificateAuthority = try file.bytes(cluster, data: "certificate-authority-data", file: "certificate-authority")
        connection.insecureSkipTLSVerify = try file.bool(cluster, "insecure-skip-tls-verify")
        if let userName = try file.string(context, "user") {
            let user = try file.named(config, "users", userName, "user")
            if let token = try file.string(user, "token") {
                connection.bearerToken = token
            } else if let tokenFile = try file.string(user, "tokenFile") {
                connection.bearerToken = try file.read(tokenFile, field: "tokenFile", of: user)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                connection.bearerTokenFile = file.url(of: tokenFile)
            }
            connection.clientCertificate = try file.bytes(user, data: "client-certificate-data", file: "client-certificate")
            connection.clientKey = try file.bytes(user, data: "client-key-data", file: "client-key")
            if (connection.clientCertificate == nil) != (connection.clientKey == nil) {
                throw file.error(user, "user '\(userName)' has a client certificate without its key, or a key without its certificate")
            }
        }
        return connection
    }
}

/// Reading one kubeconfig file's nodes, with errors that name the file, line and field.
private struct Kubeconfig {
    let path: String

    var folder: URL { URL(fileURLWithPath: path).deletingLastPathComponent() }

    func error(_ node: Node, _ message: String) -> KubernetesConnectionError {
        let line = node.mark.map { ":\($0.line)" } ?? ""
        return KubernetesConnectionError("kubeconfig \(path)\(line): \(message)")
    }

    func error(_ mapping: Node.Mapping, _ message: String) -> KubernetesConnectionError {
        error(Node.mapping(mapping), message)
    }

    func mapping(_ node: Node, _ what: String) throws(KubernetesConnectionError) -> Node.Mapping {
        guard case .mapping(let mapping) = node else { throw error(node, "\(what) must be a mapping") }
        return mapping
    }

    func value(_ mapping: Node.Mapping, _ key: String) -> Node? {
        mapping.first { $0.key.string == key }?.value
    }

    func string(_ mapping: Node.Mapping, _ key: String) throws(KubernetesConnectionError) -> String? {
        guard let node = value(mapping, key) else { return nil }
        guard case .scalar(let scalar) = node else { throw error(node, "\(key) must be a string") }
        return scalar.string.isEmpty ? nil : scalar.string
    }

    func bool(_ mapping: Node.Mapping, _ key: String) throws(KubernetesConnectionError) -> Bool {
        guard let node = value(mapping, key) else { return false }
        switch node.scalar?.string {
        case "true": return true
        case "false", "": return false
        default: throw error(node, "\(key) must be true or false")
        }
    }

    /// The entry `name` of the list `list` (`- name: …` with its fields under `field`).
    func named(_ config: Node.Mapping, _ list: String, _ name: String, _ field: String) throws(KubernetesConnectionError) -> Node.Mapping {
        guard let node = value(config, list) else {
            throw KubernetesConnectionError("kubeconfig \(path): there is no \(list) list, so '\(name)' cannot be found")
        }
        guard case .sequence(let entries) = node else { throw error(node, "\(list) must be a list") }
        var names: [String] = []
        for entry in entries {
            let fields = try mapping(entry, "an entry of \(list)")
            let entryName = try string(fields, "name") ?? ""
            if entryName == name {
                guard let body = value(fields, field) else { throw error(entry, "\(list) entry '\(name)' has no \(field)") }
                return try mapping(body, "\(field) of '\(name)'")
            }
            names.append(entryName)
        }
        throw error(node, "\(list) has no '\(name)' (it has \(names.isEmpty ? "none" : names.joined(separator: ", ")))")
    }

    /// Bytes given inline as base64 (`data`) or as a file (`file`); nil when neither is set.
    func bytes(_ mapping: Node.Mapping, data: String, file: String) throws(KubernetesConnectionError) -> Data? {
        if let encoded = try string(mapping, data) {
            guard let bytes = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) else {
                throw error(value(mapping, data)!, "\(data) is not base64")
            }
            return bytes
        }
        guard let name = try string(mapping, file) else { return nil }
        return Data(try read(name, field: file, of: mapping).utf8)
    }

    /// A path in the kubeconfig: absolute, or relative to the kubeconfig's folder.
    func url(of name: String) -> URL {
        name.hasPrefix("/") ? URL(fileURLWithPath: name) : folder.appendingPathComponent(name)
    }

    func read(_ name: String, field: String, of mapping: Node.Mapping) throws(KubernetesConnectionError) -> String {
        let url = url(of: name)
        do {
            return try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw self.error(value(mapping, field)!, "\(field) \(url.path) cannot be read")
        }
    }
}
