import ArgumentParser
import Foundation

extension AsyncParsableCommand {
    /// Parses `arguments`, runs the command and returns its exit status, for a thin `main` to
    /// exit with and for tests to run a tool in-process. Help goes to stdout; errors go to
    /// stderr as ArgumentParser words them (`Error: …`, with the usage for a wrong command
    /// line); nothing traps.
    public static func execute(arguments: [String]) async -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
            return 0
        } catch {
            let status = exitCode(for: error)
            let message = fullMessage(for: error)
            if !message.isEmpty {
                let stream = status == .success ? FileHandle.standardOutput : FileHandle.standardError
                stream.write(Data(message.utf8 + [0x0A]))
            }
            return status.rawValue
        }
    }
}
