import Foundation
import ReleaseModel

/// What is wrong with a release-managed pod's containers, read as the reference daemon reads
/// it (spec §6), plus image pulls that fail.
struct PodTrouble: Sendable, Equatable {
    enum Kind: String, Sendable {
        case crashLoopBackOff = "CrashLoopBackOff"
        case createContainerConfigError = "CreateContainerConfigError"
        case oomKilled = "OOMKilled"
        case imagePullBackOff = "ImagePullBackOff"
        case errImagePull = "ErrImagePull"

        /// The same trouble for reporting once: a failing image pull is one, whichever of its
        /// two states the kubelet shows.
        var signature: String {
            self == .errImagePull ? Kind.imagePullBackOff.rawValue : rawValue
        }
    }

    struct Container: Sendable, Equatable {
        var name: String
        var kind: Kind
        var message: String
        var restartCount: Int
    }

    var namespace: String
    var podName: String
    var marks: ReleaseMarks
    var alertChannel: String
    var containers: [Container]

    /// A Kubernetes bug the reference ignores: the kubelet reports it while it catches up.
    static let configMapCacheTimeout = "failed to sync configmap cache: timed out waiting for the condition"

    /// Nil when the pod is being deleted, not controlled by the release manager, or well.
    /// `crashReportModulo` keeps crash loops from reporting every restart: only the restarts
    /// `n` with `n % modulo == 1` of the first container are reported.
    init?(_ pod: Pod, crashReportModulo: Int) {
        let meta = pod.metadata
        guard meta.deletionTimestamp == nil, let marks = ReleaseMarks(meta) else { return nil }
        let statuses = pod.status?.containerStatuses ?? []
        let phase = pod.status?.phase ?? ""
        var containers: [Container] = []
        let ownedByJob = meta.ownerReferences?.contains(where: { $0.kind == "Job" }) ?? false
        let firstRestarts = statuses.first?.restartCount ?? 0
        if phase == "Running", !ownedByJob, crashReportModulo > 0, firstRestarts % crashReportModulo == 1 % crashReportModulo {
            for status in statuses where status.state?.waiting?.reason == Kind.crashLoopBackOff.rawValue {
                containers.append(Container(name: status.name ?? "", kind: .crashLoopBackOff, message: "", restartCount: status.restartCount ?? 0))
            }
        }
        for status in statuses {
            guard let waiting = status.state?.waiting, let reason = waiting.reason else { continue }
            let message = waiting.message ?? ""
            switch reason {
            case Kind.createContainerConfigError.rawValue where phase == "Pending" && message != Self.configMapCacheTimeout:
                containers.append(Container(name: status.name ?? "", kind: .createContainerConfigError, message: message, restartCount: status.restartCount ?? 0))
            case Kind.imagePullBackOff.rawValue, Kind.errImagePull.rawValue:
                containers.append(Container(name: status.name ?? "", kind: Kind(rawValue: reason)!, message: message, restartCount: status.restartCount ?? 0))
            default:
                break
            }
        }
        for status in statuses {
            for terminated in [status.state?.terminated, status.lastState?.terminated] where terminated?.reason == Kind.oomKilled.rawValue {
                containers.append(Container(
                    name: status.name ?? "", kind: .oomKilled, message: terminated?.message ?? "", restartCount: status.restartCount ?? 0))
                break
            }
        }
        guard !containers.isEmpty else { return nil }
        namespace = meta.namespace ?? ""
        podName = meta.name ?? ""
        self.marks = marks
        self.containers = containers
        let squad = marks.squad.isEmpty ? "no-one" : marks.squad
        switch meta.annotations?[ReleaseAnnotations.runtimeAlerts] {
        case "false": alertChannel = ""
        case let channel? where !channel.isEmpty: alertChannel = channel
        default: alertChannel = "#squad-\(squad)-alerts"
        }
    }

    /// The report, with `logs` for the crash-looping containers (the last lines of each).
    func event(environment: String, logs: [String: String]) -> PodErrorEvent {
        PodErrorEvent(
            podName: podName, namespace: namespace,
            errors: containers.map {
                PodErrorEvent.ContainerError(name: $0.name, message: $0.kind == .crashLoopBackOff ? logs[$0.name] ?? "" : $0.message, type: $0.kind.rawValue)
            },
            authorEmail: marks.author, environment: environment, artifactID: marks.artifactID, squad: marks.squad, alertSquad: alertChannel)
    }

    /// Container logs as the reference shows them: JSON lines `{"level","message"}` become
    /// their messages, other lines stay as they are.
    static func readableLog(_ text: String) -> String {
        struct Line: Decodable {
            var message: String
        }
        return text.split(separator: "\n", omittingEmptySubsequences: true).map { line in
            (try? JSONDecoder().decode(Line.self, from: Data(line.utf8)))?.message ?? String(line)
        }.joined(separator: "\n")
    }
}
