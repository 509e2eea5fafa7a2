import Foundation

extension BranchRestriction {
    /// Parses global restrictions from configuration: items `<environment>=<branchRegex>`,
    /// trimmed, blanks skipped; an item must split on `=` into two non-empty parts, and an
    /// environment may appear once.
    public static func parseGlobal(_ items: [String]) throws(GlobalRestrictionError) -> [BranchRestriction] {
        var restrictions: [BranchRestriction] = []
        for rawItem in items {
            let item = rawItem.trimmingCharacters(in: .whitespaces)
            if item.isEmpty { continue }
            let parts = item.split(separator: "=", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw .invalidMapping(item)
            }
            let environment = String(parts[0])
            if restrictions.contains(where: { $0.environment == environment }) {
                throw .conflictingMappings(environment)
            }
            restrictions.append(.global(environment: environment, branchRegex: String(parts[1])))
        }
        return restrictions
    }
}

public enum GlobalRestrictionError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidMapping(String)
    case conflictingMappings(String)

    public var description: String {
        switch self {
        case .invalidMapping(let item): "invalid mapping '\(item)': expected <environment>=<branchRegex>"
        case .conflictingMappings(let environment): "conflicting mappings for \(environment)"
        }
    }
}
