import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// A stand-in's Hummingbird server on 127.0.0.1: listening when ``start(port:label:application:)``
/// returns, stopped gracefully (cancelled after 5 s) by ``stop()``.
struct LoopbackServer: Sendable {
    let port: Int
    let task: Task<Void, any Error>
    let group: ServiceGroup

    /// Runs the application `application` makes (with the logger and the callback it must call
    /// once listening) on `port` (0 picks a free one); nil when it did not listen.
    static func start(
        port: Int, label: String,
        application: (_ logger: Logger, _ onServerRunning: @escaping @Sendable (any Channel) async -> Void) -> any Service
    ) async throws -> LoopbackServer? {
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: label)
        logger.logLevel = .warning
        let app = application(logger) { channel in
            portContinuation.yield(channel.localAddress?.port ?? 0)
            portContinuation.finish()
        }
        let group = ServiceGroup(services: [app], gracefulShutdownSignals: [], cancellationSignals: [], logger: logger)
        let task = Task {
            defer { portContinuation.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let bound = await iterator.next() else {
            try await task.value
            return nil
        }
        return LoopbackServer(port: bound, task: task, group: group)
    }

    /// Stops listening: open connections get 5 s to finish (a client that stopped reading does
    /// not hold the server up for long).
    func stop() async {
        await group.triggerGracefulShutdown()
        let deadline = Task {
            guard (try? await Task.sleep(for: .seconds(5))) != nil else { return }
            task.cancel()
        }
        _ = await task.result
        deadline.cancel()
    }
}
