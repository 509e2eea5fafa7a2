import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat

/// An external identity provider whose JWTs Moonbase accepts: keys fetched from its JWKS URLs
/// and cached, claims checked as the reference does (spec §1.2).
actor IdentityProvider {
    /// How long fetched keys are used before they are fetched again.
    static let refreshInterval: TimeInterval = 24 * 3600
    /// The least time between two refetches for an unknown `kid`, and between retries of a
    /// failed fetch, so that tokens with made-up claims or key ids cannot make Moonbase hammer
    /// the provider.
    static let minimumFetchInterval: TimeInterval = 10

    let settings: MoonbaseConfiguration.JWTSettings
    private var keys: [JSONWebKey] = []
    private var fetchedAt: Date?
    private var lastFailedFetch: Date?
    private var lastUnknownKeyRefetch: Date?
    /// The fetch in progress, which concurrent callers wait for instead of starting their own.
    private var inFlight: Task<Void, Never>?

    init(settings: MoonbaseConfiguration.JWTSettings) {
        self.settings = settings
    }

    /// The subject of `token` when it is signed by one of the provider's keys and its claims
    /// hold; nil otherwise.
    func subject(of token: JSONWebToken, now: Date = Date()) async -> String? {
        let claims = token.claims
        guard claims.isCurrent(at: now), claims.iss == settings.issuer,
              settings.audience.isEmpty || (claims.aud?.values.contains(settings.audience) ?? false),
              let subject = claims.sub, !subject.isEmpty
        else { return nil }
        var fetchedNow = false
        if fetchedAt.map({ now.timeIntervalSince($0) > Self.refreshInterval }) ?? true, !Self.isRecent(lastFailedFetch, now: now) {
            await fetchOnce(now: now)
            fetchedNow = true
        }
        var candidates = self.candidates(for: token.header.kid)
        if candidates.isEmpty, !fetchedNow, !Self.isRecent(lastUnknownKeyRefetch, now: now), !Self.isRecent(lastFailedFetch, now: now) {
            lastUnknownKeyRefetch = now
            await fetchOnce(now: now)
            candidates = self.candidates(for: token.header.kid)
        }
        let verified = candidates.contains { $0.verifies(token.signature, of: token.signingInput, algorithm: token.header.alg) }
        return verified ? subject : nil
    }

    private func candidates(for keyID: String?) -> [JSONWebKey] {
        guard let keyID else { return keys }
        return keys.filter { $0.id == keyID }
    }

    private static func isRecent(_ date: Date?, now: Date) -> Bool {
        date.map { now.timeIntervalSince($0) < minimumFetchInterval } ?? false
    }

    /// Fetches the keys, or waits for the fetch already in progress (concurrent callers share
    /// one fetch).
    private func fetchOnce(now: Date) async {
        if let inFlight {
            await inFlight.value
            return
        }
        let task = Task { await self.fetch(now: now) }
        inFlight = task
        await task.value
        inFlight = nil
    }

    /// The HTTP client of JWKS fetches. A provider that refuses connections fails the fetch at
    /// once, rather than being retried until the timeout while requests wait. (AsyncHTTPClient
    /// rather than URLSession: FoundationNetworking needs libcurl, which a static
    /// `moonbase` cannot link.)
    static let http: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// Fetches every key set; keeps the keys it had when any fetch fails.
    private func fetch(now: Date) async {
        var fetched: [JSONWebKey] = []
        for url in settings.jwksURLs {
            do {
                var request = HTTPClientRequest(url: url.absoluteString)
                request.headers.add(name: "Accept", value: "application/json")
                let response = try await Self.http.execute(request, timeout: .seconds(10))
                let data = Data(buffer: try await response.body.collect(upTo: 1 << 20))
                let status = Int(response.status.code)
                guard status == 200 else {
                    API.logger.warning("JWKS fetch failed; keeping the keys fetched before", metadata: ["url": "\(url.absoluteString)", "status": "\(status)"])
                    lastFailedFetch = now
                    return
                }
                fetched += try JSONWebKey.keySet(from: data)
            } catch {
                API.logger.warning("JWKS fetch failed; keeping the keys fetched before", metadata: ["url": "\(url.absoluteString)", "error": "\(error)"])
                lastFailedFetch = now
                return
            }
        }
        keys = fetched
        fetchedAt = now
        lastFailedFetch = nil
    }
}
