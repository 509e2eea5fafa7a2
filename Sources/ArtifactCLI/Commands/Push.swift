import ArgumentParser
import ArtifactKit
import Foundation
import MoonbaseClient

extension ArtifactCommand {
    struct Push: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Upload artifact.json and the environments' manifests to moonbase; print the artifact id.",
            discussion: """
                Zips every regular file under --root by its relative path (artifact.json at the top, \
                <environment>/… for each environment's manifests), leaving out only the message file. The \
                zip is byte-for-byte the same for the same files, so a retried push is an identical \
                re-upload that the server accepts. Symbolic links and other special files are refused by \
                name. Then POST /artifacts/create with the spec and the zip's MD5, PUT the zip to the URL \
                the server answers with, and print the artifact id on stdout.

                Authentication: a token of the artifact group from --token or ARTIFACT_AUTH_TOKEN, or an \
                OAuth client (--client-id, --client-secret) that first gets a token from \
                <idp-url>/v1/token, as the reference CLI does.

                Examples:
                  export ARTIFACT_URL=https://moonbase.example.com
                  export ARTIFACT_AUTH_TOKEN=mbt_…
                  artifact push --root artifact

                  artifact push --root artifact \\
                    --http-base-url https://moonbase.example.com \\
                    --client-id "$CLIENT_ID" --client-secret "$CLIENT_SECRET"
                """)
        @OptionGroup var options: FolderOptions

        @Option(help: ArgumentHelp("Moonbase's URL (default: ARTIFACT_URL).", valueName: "url"))
        var httpBaseUrl: String?
        @Option(help: ArgumentHelp("A token of the artifact group (default: ARTIFACT_AUTH_TOKEN).", valueName: "token"))
        var token: String?
        @Option(help: "An OAuth client's id, to get a token with the client-credentials grant.")
        var clientId: String?
        @Option(help: "The OAuth client's secret.")
        var clientSecret: String?
        @Option(help: ArgumentHelp("The identity provider's URL; the token endpoint is <idp-url>/v1/token (default: <http-base-url>/oauth).", valueName: "url"))
        var idpUrl: String?
        @Option(help: "The scope to ask the identity provider for.")
        var artifactScope = "release_artifact"
        @Option(help: "Seconds a call to the server may take.")
        var timeout = 120

        func validate() throws {
            guard timeout > 0, timeout <= 86_400 else {
                throw ValidationError("--timeout must be a number of seconds from 1 to 86400, not \(timeout)")
            }
        }

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            let baseURL: String, source: String
            if let httpBaseUrl {
                (baseURL, source) = (httpBaseUrl, "--http-base-url")
            } else if let url = environment["ARTIFACT_URL"], !url.isEmpty {
                (baseURL, source) = (url, "ARTIFACT_URL")
            } else {
                throw ArtifactError("no server: give --http-base-url or set ARTIFACT_URL")
            }
            var trimmed = baseURL
            while trimmed.hasSuffix("/") { trimmed.removeLast() }
            let credentials = try PushCredentials.resolve(
                token: token, clientID: clientId, clientSecret: clientSecret, idpURL: idpUrl, scope: artifactScope,
                baseURL: trimmed, environment: environment)
            let push = ArtifactPush(
                folder: options.folder, baseURL: trimmed, baseURLSource: source, credentials: credentials, timeout: .seconds(timeout))
            let id = try await push.run()
            if let warning = options.folder.updateMessage({ $0.append(line: ":white_check_mark: *Artifact pushed:* \(id)") }) {
                printError(warning)
            }
            print(id)
        }
    }
}
