/// `--env dev,staging`: environments separated by commas, blanks dropped (as the reference).
public enum EnvironmentList {
    public static func parse(_ list: String) -> [String] {
        list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
