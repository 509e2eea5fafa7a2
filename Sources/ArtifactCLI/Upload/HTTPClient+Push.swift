import AsyncHTTPClient
import NIOCore

extension HTTPClient {
    /// The HTTP client of one `artifact push`. `HTTPClient.shared` keeps retrying a refused
    /// connection until its 90 s connect timeout, and MoonbaseClient retries that twice more: a
    /// push to a server that is down took 4.5 minutes to say so. Here a refused connection fails
    /// at once and MoonbaseClient's own retries (three attempts, 0.25 s and 0.5 s apart) decide.
    static func forPush() -> HTTPClient {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.timeout.connect = .seconds(10)
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }
}
