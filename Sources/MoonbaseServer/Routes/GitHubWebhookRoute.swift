import Crypto
import Foundation
import GoCompat
import HTTPTypes
import Hummingbird
import ReleaseModel

/// `POST /webhook/github`: GitHub tells that the config repository was pushed to; the clone
/// is brought up to date through the release queue's writer, so status and policies show
/// changes made outside Moonbase at once rather than at the next release.
///
/// Authenticated by the delivery's HMAC signature with the configured secret
/// (`X-Hub-Signature-256: sha256=…`, or the older `X-Hub-Signature: sha1=…` the reference
/// checks). As in the reference, a bad signature, a missing event header or an event other than
/// `push` is `400 invalid body`; unlike it, `ping` (sent when the hook is created) is accepted.
extension API {
    static let maximumWebhookBodySize = 25 << 20

    func githubWebhook(_ request: Request) async throws {
        guard let secret = home.configuration.githubWebhookSecret else {
            throw ErrorResponse(status: 404, message: "the GitHub webhook is not configured: set github.webhookSecret (or GITHUB_WEBHOOK_SECRET)")
        }
        let invalid = ErrorResponse(status: 400, message: "invalid body")
        guard let body = try? await request.body.collect(upTo: Self.maximumWebhookBodySize) else { throw invalid }
        let payload = Data(body.readableBytesView)
        guard Self.hasValidSignature(request.headers, payload: payload, secret: secret),
              let event = request.headers[HTTPField.Name("X-GitHub-Event")!]
        else { throw invalid }
        switch event {
        case "ping":
            return
        case "push":
            guard let ref = (try? JSONValue.parse(payload))?["ref"], case .string(let name) = ref else { throw invalid }
            if name == "refs/heads/\(home.configuration.configRepository.branch)" {
                do {
                    try await home.queue.synchronize()
                } catch {
                    // GitHub has delivered the push; the next release or push synchronizes again.
                    Self.logger.error("synchronizing the config repository after a GitHub push failed", metadata: ["error": "\(error)"])
                }
            }
        default:
            throw invalid
        }
    }

    static func hasValidSignature(_ headers: HTTPFields, payload: Data, secret: String) -> Bool {
        let key = SymmetricKey(data: Data(secret.utf8))
        if let header = headers[HTTPField.Name("X-Hub-Signature-256")!] {
            guard header.hasPrefix("sha256="), let signature = Hex.decode(header.dropFirst(7)) else { return false }
            return HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: payload, using: key)
        }
        if let header = headers[HTTPField.Name("X-Hub-Signature")!] {
            guard header.hasPrefix("sha1="), let signature = Hex.decode(header.dropFirst(5)) else { return false }
            return HMAC<Insecure.SHA1>.isValidAuthenticationCode(signature, authenticating: payload, using: key)
        }
        return false
    }
}
