import Foundation
import Synchronization

extension TimeZone {
    /// The zone name Go prints at `date`: "UTC" for UTC, the tzdata abbreviation ("CEST",
    /// "EDT") for a named zone, "" for an unnamed fixed offset (Go then prints the numeric
    /// offset).
    public func goAbbreviation(at date: Date) -> String {
        let offset = secondsFromGMT(for: date)
        if let name = TZif.abbreviation(zone: identifier, at: date, offset: offset, isDST: isDaylightSavingTime(for: date)) {
            return name
        }
        let name = abbreviation(for: date) ?? ""
        if name.hasPrefix("GMT") || name.hasPrefix("UTC") { return offset == 0 ? "UTC" : "" }
        return name
    }
}

/// Zone abbreviations from the system's tzdata files (Foundation on Linux reports "GMT-4"
/// where Go prints "EDT").
enum TZif {
    private struct Kind { var offset: Int, isDST: Bool, name: String }
    private struct Zone { var kinds: [Kind] = [], transitions: [(time: Int, kind: Int)] = [] }

    private static let cache = Mutex<[String: Zone]>([:])

    static func abbreviation(zone identifier: String, at date: Date, offset: Int, isDST: Bool) -> String? {
        if identifier == "GMT" || identifier == "UTC" || identifier.hasPrefix("GMT+") || identifier.hasPrefix("GMT-") {
            return offset == 0 ? "UTC" : nil
        }
        let zone = cache.withLock { cached -> Zone in
            if let zone = cached[identifier] { return zone }
            let zone = read(identifier)
            cached[identifier] = zone
            return zone
        }
        func matches(_ k: Int) -> Bool {
            k < zone.kinds.count && zone.kinds[k].offset == offset && zone.kinds[k].isDST == isDST
        }
        let seconds = Int(exactly: date.timeIntervalSince1970.rounded(.down)) ?? 0
        // The kind in force at the date, when it agrees with Foundation's offset; otherwise the
        // most recent kind with that offset (dates past the last listed transition).
        if let current = zone.transitions.last(where: { $0.time <= seconds }), matches(current.kind) {
            return zone.kinds[current.kind].name
        }
        if let recent = zone.transitions.last(where: { matches($0.kind) }) { return zone.kinds[recent.kind].name }
        return zone.kinds.last(where: { $0.offset == offset && $0.isDST == isDST })?.name
    }

    private static func read(_ identifier: String) -> Zone {
        guard !identifier.contains(".."),
              let data = FileManager.default.contents(atPath: "/usr/share/zoneinfo/" + identifier) else { return Zone() }
        let b = [UInt8](data)
        func integer(_ at: Int, _ size: Int) -> Int? {
            guard at + size <= b.count else { return nil }
            var v: UInt64 = 0
            for i in 0..<size { v = v << 8 | UInt64(b[at + i]) }
            return size == 4 ? Int(Int32(bitPattern: UInt32(v))) : Int(Int64(bitPattern: v))
        }
        func block(at start: Int, timeSize: Int) -> (zone: Zone, end: Int)? {
            guard start + 44 <= b.count, b[start] == 0x54, b[start + 1] == 0x5A, b[start + 2] == 0x69, b[start + 3] == 0x66,
                  let isut = integer(start + 20, 4), let isstd = integer(start + 24, 4), let leap = integer(start + 28, 4),
                  let time = integer(start + 32, 4), let type = integer(start + 36, 4), let chars = integer(start + 40, 4)
            else { return nil }
            let timesStart = start + 44
            let indexStart = timesStart + time * timeSize
            let typeStart = indexStart + time
            let charStart = typeStart + type * 6
            let end = charStart + chars + leap * (timeSize + 4) + isstd + isut
            guard end <= b.count else { return nil }
            var zone = Zone()
            for i in 0..<type {
                let at = typeStart + i * 6
                guard let offset = integer(at, 4) else { return nil }
                let index = charStart + Int(b[at + 5])
                var stop = index
                while stop < charStart + chars, b[stop] != 0 { stop += 1 }
                zone.kinds.append(Kind(offset: offset, isDST: b[at + 4] != 0, name: String(decoding: b[min(index, stop)..<stop], as: UTF8.self)))
            }
            for i in 0..<time {
                guard let t = integer(timesStart + i * timeSize, timeSize) else { return nil }
                zone.transitions.append((t, Int(b[indexStart + i])))
            }
            return (zone, end)
        }
        guard let first = block(at: 0, timeSize: 4) else { return Zone() }
        if b.count > 4, b[4] >= 0x32, let second = block(at: first.end, timeSize: 8) { return second.zone }
        return first.zone
    }
}
