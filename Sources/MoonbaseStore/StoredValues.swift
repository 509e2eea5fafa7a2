import Foundation
import GoCompat
import ReleaseModel

// How the stores write values into columns, the same in every database, so that a record
// written by one store reads back the same from another (`moonbase migrate`).

extension Date {
    /// Microseconds since 1970: how times are stored (an integer column in every database).
    public var storedMicroseconds: Int64 {
        let value = (timeIntervalSince1970 * 1_000_000).rounded()
        return Int64(exactly: value) ?? (value < 0 ? Int64.min : Int64.max)
    }

    public init(storedMicroseconds: Int64) {
        self.init(timeIntervalSince1970: Double(storedMicroseconds) / 1_000_000)
    }
}

extension Intent {
    /// The intent as stored: its compact API JSON.
    public func storedJSON() throws -> String {
        try GoJSONEncoder(style: .compact).encodeToString(self)
    }

    /// An intent read back from `text`, the stored JSON of row `key` of `table`.
    public init(storedJSON text: String, table: String, key: String) throws(StoreError) {
        do {
            self = try JSONDecoder().decode(Intent.self, from: Data(text.utf8))
        } catch {
            throw .corruptRecord(table: table, key: key, reason: "intent: \(error)")
        }
    }
}

extension NotificationData {
    /// The event's data as stored: JSON with sorted keys.
    public func storedJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

extension OutboxEvent {
    /// An event read back from its stored columns, row `key` of `table`.
    public init(storedID id: String, type: String, time: Int64, data: Data, table: String) throws(StoreError) {
        guard let type = NotificationType(rawValue: type) else {
            throw .corruptRecord(table: table, key: id, reason: "unknown notification type '\(type)'")
        }
        let decoded: NotificationData
        do {
            decoded = try JSONDecoder().decode(NotificationData.self, from: data)
        } catch {
            throw .corruptRecord(table: table, key: id, reason: "data: \(error)")
        }
        self.init(id: id, type: type, time: Date(storedMicroseconds: time), data: decoded)
    }
}

extension StoreError {
    /// Checks a page request before it reaches SQL.
    public static func checkPage(limit: Int, offset: Int) throws(StoreError) {
        if limit < 0 { throw .invalidArgument("limit must not be negative, got \(limit)") }
        if offset < 0 { throw .invalidArgument("offset must not be negative, got \(offset)") }
    }
}
