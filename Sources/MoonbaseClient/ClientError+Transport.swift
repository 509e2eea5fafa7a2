import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix

extension ClientError {
    /// A failure below HTTP, from AsyncHTTPClient or SwiftNIO, in words. Only failures to
    /// connect are ``Kind/unreachable`` (nothing was sent, so any call may be sent again);
    /// whatever breaks later is ``Kind/interrupted``, since the server may have acted on it.
    init(transport error: any Error, server: String, timeout: Duration, requestID: String) {
        let httpError = error as? HTTPClientError
        switch error {
        case _ where [.deadlineExceeded, .readTimeout, .writeTimeout].contains(httpError):
            self.init(.timeout, message: "no answer from \(server) within \(Self.seconds(timeout)); the server may be overloaded, or raise the timeout", requestID: requestID)
        case _ where httpError == .connectTimeout:
            self.init(.unreachable, message: "could not connect to \(server): timed out connecting", requestID: requestID)
        case let error as NIOConnectionError:
            self.init(.unreachable, message: "could not connect to \(server): \(Self.reason(error))", requestID: requestID)
        case let error as IOError where [ECONNREFUSED, ENETUNREACH, EHOSTUNREACH].contains(error.errnoCode):
            // Errors only a connect gets (an IP literal is connected to without NIOConnectionError).
            self.init(.unreachable, message: "could not connect to \(server): \(Self.reason(connecting: error))", requestID: requestID)
        case ChannelError.connectTimeout:
            self.init(.unreachable, message: "could not connect to \(server): timed out connecting", requestID: requestID)
        case is SocketAddressError:
            self.init(.unreachable, message: "could not connect to \(server): unknown host", requestID: requestID)
        case is NIOTooManyBytesError:
            self.init(.badResponse, message: "\(server) answered more than \(MoonbaseClient.maximumAnswerSize >> 20) MiB: that is not moonbase", requestID: requestID)
        case _ where httpError == .remoteConnectionClosed:
            self.init(.interrupted, message: "\(server) closed the connection before answering", requestID: requestID)
        default:
            self.init(.interrupted, message: "the connection to \(server) failed: \(error)", requestID: requestID)
        }
    }

    private static func reason(_ error: NIOConnectionError) -> String {
        if error.connectionErrors.isEmpty, error.dnsAError != nil || error.dnsAAAAError != nil { return "unknown host" }
        guard let first = error.connectionErrors.first?.error else { return "no address to connect to" }
        if let error = first as? IOError { return reason(connecting: error) }
        if let error = first as? ChannelError, case .connectTimeout = error { return "timed out connecting" }
        return "\(first)"
    }

    private static func reason(connecting error: IOError) -> String {
        switch error.errnoCode {
        case ECONNREFUSED: "connection refused (is moonbase running there?)"
        case ENETUNREACH, EHOSTUNREACH: "network unreachable"
        case ETIMEDOUT: "timed out connecting"
        default: String(cString: strerror(error.errnoCode)).lowercased()
        }
    }

    /// `scheme://host:port` of a URL: what messages name (the path says nothing about
    /// reachability, and an upload URL's path is its permission).
    static func origin(of url: String) -> String {
        guard let components = URLComponents(string: url), let scheme = components.scheme, let host = components.host else { return "the server" }
        return "\(scheme)://\(host)\(components.port.map { ":\($0)" } ?? "")"
    }

    static func seconds(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return seconds == seconds.rounded() ? "\(Int(seconds)) s" : String(format: "%.1f s", seconds)
    }
}
