import Foundation
import MoonbaseServer

/// The server process of a benchmark: serves the home at `path` on a free port, configured as
/// `moonbase serve` is (defaults, then MOONBASE_… variables), and prints the line
/// `moonbase serve` prints.
public func serveHome(_ path: String) async throws {
    let configuration = try MoonbaseConfiguration.load(flags: ConfigurationFlags(listen: "127.0.0.1:0", home: path))
    let opened = try await MoonbaseHome.open(configuration)
    try await MoonbaseServer(home: opened, host: "127.0.0.1", port: 0).run { host, port in
        FileHandle.standardOutput.write(Data("Moonbase listening on http://\(host):\(port)\n".utf8))
    }
}

/// Starts this program again as the server on `home` (its `serve HOME` mode, which calls
/// ``serveHome(_:)``) with `environment` added; returns the process and its base URL.
public func startServer(home: URL, environment: [String: String] = [:]) throws -> (Process, URL) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    process.arguments = ["serve", home.path]
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    var buffer = Data()
    while true {
        let chunk = output.fileHandleForReading.availableData
        guard !chunk.isEmpty else { fatalError("moonbase exited before listening") }
        buffer.append(chunk)
        let text = String(decoding: buffer, as: UTF8.self)
        if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Moonbase listening on ") }) {
            return (process, URL(string: String(line.dropFirst("Moonbase listening on ".count)))!)
        }
    }
}
