import ArgumentParser
import DaemonKit
import Foundation
import Logging
import MoonbaseClient

/// The `daemon` command: runs next to a cluster and reports what it runs to moonbase.
public struct DaemonCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Watch a Kubernetes cluster and report rollouts, pod errors and Flux's progress to moonbase.",
        subcommands: [StartCommand.self]
    )

    public init() {}
}

struct StartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start the daemon.",
        discussion: """
            Authenticates with --auth-token (or $DAEMON_AUTH_TOKEN), a token of the daemon \
            group, or with OAuth 2 client credentials (--idp-url, --client-id, \
            --client-secret) as the reference daemon does. Without --kubeconfig it uses the \
            pod's service account. See docs/daemon.md.
            """
    )

    @Option(help: "The environment this cluster runs, e.g. prod.")
    var environment: String

    @Option(name: .customLong("release-manager-url"), help: "moonbase's URL (default: $RELEASE_MANAGER_ADDRESS).")
    var releaseManagerURL: String?

    @Option(name: .customLong("http-timeout"), help: "Seconds a call to moonbase may take.")
    var httpTimeout: Int = 20

    @Option(help: "A kubeconfig file; the pod's service account when empty.")
    var kubeconfig: String = ""

    @Option(name: .customLong("modulo-crash-report-notif"), help: "Report a crash loop on restarts 1, N+1, 2N+1, …")
    var moduloCrashReportNotif: Int = 5

    @Option(name: .customLong("idp-url"), help: "The OAuth 2 authorization server; tokens come from <idp-url>/v1/token (default: <release-manager-url>/oauth).")
    var idpURL: String?

    @Option(name: .customLong("client-id"), help: "OAuth 2 client id.")
    var clientID: String?

    @Option(name: .customLong("client-secret"), help: "OAuth 2 client secret (default: $DAEMON_CLIENT_SECRET).")
    var clientSecret: String?

    @Option(name: .customLong("deamon-scope"), help: "OAuth 2 scope (the reference's spelling).")
    var scope: String = "release_daemon"

    @Option(name: .customLong("auth-token"), help: "A daemon token instead of OAuth 2 (default: $DAEMON_AUTH_TOKEN).")
    var authToken: String?

    @Option(name: .customLong("log.level"), help: "debug, info, warning or error.")
    var logLevel: String = "info"

    @Option(help: "Where the daemon's own endpoint (Flux alerts, /healthz, /readyz) listens.")
    var listen: String = ":3001"

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        guard let level = Logger.Level(daemonFlag: logLevel) else {
            throw ValidationError("--log.level '\(logLevel)' is not a level: use debug, info, warning or error")
        }
        guard let address = ListenAddress(parsing: listen) else {
            throw ValidationError("--listen '\(listen)' is not an address: give it as :PORT or HOST:PORT, e.g. :3001")
        }
        guard moduloCrashReportNotif > 0 else {
            throw ValidationError("--modulo-crash-report-notif must be 1 or more (1 reports every restart)")
        }
        guard let serverURL = releaseManagerURL ?? environment["RELEASE_MANAGER_ADDRESS"], !serverURL.isEmpty else {
            throw ValidationError("give moonbase's URL with --release-manager-url or $RELEASE_MANAGER_ADDRESS")
        }
        let server: MoonbaseClient
        do {
            server = try MoonbaseClient(
                baseURL: serverURL, token: nil, timeout: .seconds(max(1, httpTimeout)), userAgent: "moonbase-daemon/\(MoonbaseClient.version)")
        } catch {
            throw ValidationError("--release-manager-url: \(error.message)")
        }
        let credentials = try credentials(environment, serverURL: server.baseURL)
        let connection: KubernetesConnection
        do {
            connection = kubeconfig.isEmpty ? try .inCluster() : try .load(kubeconfig: kubeconfig)
        } catch {
            throw ValidationError(error.message)
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let daemon = Daemon(
            options: .init(
                environment: self.environment, connection: connection, server: server, credentials: credentials,
                crashReportModulo: moduloCrashReportNotif, listenHost: address.host, listenPort: address.port),
            logger: Logger(label: "daemon"))
        let host = address.host
        try await daemon.run { port in
            // As `moonbase serve` does: one line that says where, for scripts and tests.
            let shown = host.contains(":") ? "[\(host)]" : host
            FileHandle.standardOutput.write(Data("Daemon listening on http://\(shown):\(port)\n".utf8))
        }
    }

    private func credentials(_ environment: [String: String], serverURL: String) throws -> DaemonCredentials {
        if let token = authToken ?? environment["DAEMON_AUTH_TOKEN"], !token.isEmpty {
            return .token(token)
        }
        let secret = clientSecret ?? environment["DAEMON_CLIENT_SECRET"]
        guard let clientID, let secret, !clientID.isEmpty, !secret.isEmpty else {
            throw ValidationError(
                "give a daemon token (--auth-token or $DAEMON_AUTH_TOKEN) or OAuth 2 client credentials (--client-id and --client-secret, with --idp-url)")
        }
        var idp = idpURL.flatMap { $0.isEmpty ? nil : $0 } ?? serverURL + "/oauth"
        while idp.hasSuffix("/") { idp.removeLast() }
        guard idp.hasPrefix("http://") || idp.hasPrefix("https://") else {
            throw ValidationError("--idp-url '\(idp)' is not a URL: give it as http(s)://HOST[:PORT][/PATH]")
        }
        return .clientCredentials(OAuthClientCredentials(tokenURL: idp + "/v1/token", clientID: clientID, clientSecret: secret, scope: scope))
    }
}

extension Logger.Level {
    /// The reference's zap levels, and swift-log's names.
    init?(daemonFlag: String) {
        switch daemonFlag.lowercased() {
        case "debug": self = .debug
        case "info": self = .info
        case "warn", "warning": self = .warning
        case "error": self = .error
        default: return nil
        }
    }
}
