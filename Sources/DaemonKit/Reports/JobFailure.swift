import Foundation
import ReleaseModel

/// A release-managed job whose `Failed` condition is true and not yet reported.
struct JobFailure: Sendable, Equatable {
    var namespace: String
    var name: String
    var marks: ReleaseMarks
    var errors: [JobErrorEvent.ConditionError]

    init?(_ job: Job) {
        guard let marks = ReleaseMarks(job.metadata, template: job.spec?.template?.metadata), !marks.observed else { return nil }
        let failed = (job.status?.conditions ?? []).filter { $0.type == "Failed" && $0.status == "True" }
        guard !failed.isEmpty else { return nil }
        namespace = job.metadata.namespace ?? ""
        name = job.metadata.name ?? ""
        self.marks = marks
        errors = failed.map { JobErrorEvent.ConditionError(reason: $0.reason ?? "", message: $0.message ?? "") }
    }

    func event(environment: String) -> JobErrorEvent {
        JobErrorEvent(
            jobName: name, namespace: namespace, errors: errors, authorEmail: marks.author, environment: environment,
            artifactID: marks.artifactID, squad: marks.squad)
    }
}
