import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix

extension ClientError {
    /// A failure below HTTP, from AsyncHTTPClient or SwiftNIO, in words.
    init(transport error: any Error, url: String, timeout: Duration, requestID: String) {
        let server = Self.origin(of: url)
        if let error = error as? ClientError {
            self = error
            return
        }
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                self.init(.timeout, message: "no answer from \(server) within \(Self.seconds(timeout)); the server may be overloaded, or raise the timeout", requestID: requestID)
            case .connectTimeout:
                self.init(.unreachable, message: "could not connect to \(server): timed out connecting", requestID: requestID)
            case .remoteConnectionClosed:
                self.init(.interrupted, message: "\(server) closed the connection before answering", requestID: requestID)
            case .invalidURL, .emptyHost, .emptyScheme:
                self.init(.invalidRequest, message: "'\(url)' is not a valid URL", requestID: requestID)
            default:
                self.init(.unreachable, message: "could not talk to \(server): \(error)", requestID: requestID)
            }
            return
        }
        if let error = error as? NIOConnectionError {
            let reason: String
            if error.dnsAError != nil || error.dnsAAAAError != nil, error.connectionErrors.isEmpty {
                reason = "unknown host"
            } else if let first = error.connectionErrors.first?.error {
                reason = Self.reason(first)
            } else {
                reason = "no address to connect to"
            }
            self.init(.unreachable, message: "could not connect to \(server): \(reason)", requestID: requestID)
            return
        }
        if error is SocketAddressError {
            self.init(.unreachable, message: "could not connect to \(server): unknown host", requestID: requestID)
            return
        }
        if let error = error as? IOError, error.errnoCode == ECONNRESET || error.errnoCode == EPIPE {
            self.init(.interrupted, message: "\(server) closed the connection before answering", requestID: requestID)
            return
        }
        self.init(.unreachable, message: "could not connect to \(server): \(Self.reason(error))", requestID: requestID)
    }

    private static func reason(_ error: any Error) -> String {
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED: return "connection refused (is moonbase running there?)"
            case ENETUNREACH, EHOSTUNREACH: return "network unreachable"
            case ETIMEDOUT: return "timed out connecting"
            default: return String(cString: strerror(error.errnoCode)).lowercased()
            }
        }
        if let error = error as? ChannelError, case .connectTimeout = error { return "timed out connecting" }
        return "\(error)"
    }

    /// `scheme://host:port` of a URL, for messages (the path says nothing about reachability).
    static func origin(of url: String) -> String {
        guard let components = URLComponents(string: url), let scheme = components.scheme, let host = components.host else { return url }
        return "\(scheme)://\(host)\(components.port.map { ":\($0)" } ?? "")"
    }

    static func seconds(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return seconds == seconds.rounded() ? "\(Int(seconds)) s" : String(format: "%.1f s", seconds)
    }
}
