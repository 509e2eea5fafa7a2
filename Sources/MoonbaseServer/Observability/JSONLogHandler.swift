import Foundation
import Logging

/// Structured logs: one JSON object per line on standard error, e.g.
/// `{"time":"2026-11-26T18:30:00.123Z","level":"info","logger":"moonbase","message":"request","method":"POST","path":"/release","status":200}`.
///
/// Each line is written with one `write(2)`, so lines from concurrent tasks never interleave.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    init(label: String, level: Logger.Level = .info) {
        self.label = label
        self.logLevel = level
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields = metadata
        if let provided = metadataProvider?.get() { fields.merge(provided) { _, new in new } }
        if let extra = event.metadata { fields.merge(extra) { _, new in new } }
        var object: [String: Any] = [
            "time": Self.timestamp(Date()),
            "level": event.level.rawValue,
            "logger": label,
            "message": "\(event.message)",
        ]
        for (key, value) in fields where object[key] == nil {
            object[key] = Self.json(value)
        }
        guard var line = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        line.append(0x0A)
        FileHandle.standardError.write(line)
    }

    private static func json(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let string): string
        case .stringConvertible(let convertible): "\(convertible)"
        case .array(let values): values.map(json)
        case .dictionary(let dictionary): dictionary.mapValues(json)
        }
    }

    private static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }
}

extension Logger {
    /// The server's logger: JSON lines on standard error at `LOG_LEVEL` (default `info`).
    static func moonbase(level: String? = ProcessInfo.processInfo.environment["LOG_LEVEL"]) -> Logger {
        let level = level.flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .info
        return Logger(label: "moonbase") { label in JSONLogHandler(label: label, level: level) }
    }
}
