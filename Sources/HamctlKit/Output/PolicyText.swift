import ReleaseModel

/// `hamctl policy list` as the reference prints it (spec §5.6): a table per kind, each column
/// padded to its longest value plus a five-space gutter (trailing spaces included).
public enum PolicyText {
    public static func render(_ response: ListPoliciesResponse) -> String {
        var text = "Policies for service \(response.service)\n\n"
        if !response.autoReleases.isEmpty {
            text += "Auto-releases:\n\n"
            text += table(header: ["ENV", "BRANCH", "ID"], rows: response.autoReleases.map { [$0.environment, $0.branch, $0.id] })
            text += "\n"
        }
        if !response.branchRestrictions.isEmpty {
            text += "Branch restrictions:\n\n"
            text += table(header: ["ENV", "REGEX", "ID"], rows: response.branchRestrictions.map { [$0.environment, $0.branchRegex, $0.id] })
            text += "\n"
        }
        if !response.autoRollbacks.isEmpty {
            text += "Auto-rollbacks:\n\n"
            text += table(header: ["ENV", "ID"], rows: response.autoRollbacks.map { [$0.environment, $0.id] })
            text += "\n"
        }
        return text
    }

    public static func table(header: [String], rows: [[String]]) -> String {
        let widths = header.indices.map { column in (rows.map { $0[column].count }.max() ?? 0) + 5 }
        return ([header] + rows).map { row in
            zip(row, widths).map { $0.padded(to: $1) }.joined() + "\n"
        }.joined()
    }
}
