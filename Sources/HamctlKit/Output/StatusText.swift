import Foundation
import ReleaseModel

/// `hamctl status` as the reference prints it (spec §5.4): one line per environment with
/// the release's date (the artifact's CI end), artifact id, committer and message, and (when a
/// cluster daemon reports for the environment) what the cluster runs, in brackets.
public enum StatusText {
    public static func render(service: String, _ status: StatusResponse, timeZone: TimeZone = .current) -> String {
        var text = "Status for service \(service)\n\n"
        let released = status.environments.filter { !$0.tag.isEmpty }
        guard !released.isEmpty else {
            text += "No environments managed by release-manager.\n"
            if status.defaultNamespaces {
                text += "\nUsing environment specific namespace, ie. dev, prod.\nAre you setting the right namespace?\n"
            }
            return text
        }
        let width = (released.map(\.name.count).max() ?? 0) + 2
        for environment in released {
            let date = DateText.format(Date(timeIntervalSince1970: Double(environment.date) / 1000), timeZone: timeZone)
            let cluster = environment.cluster.map { " [\($0.summary)]" } ?? ""
            text += "\((environment.name + ":").padded(to: width))\(date) \(environment.tag) by \(environment.committer): \(environment.message.firstLine)\(cluster)\n"
        }
        return text
    }
}
