@testable import DaemonKit
import Foundation
import ReleaseModel
import Testing

/// The rules that turn Kubernetes objects into reports (spec §6 and Moonbase's additions),
/// on objects decoded from the JSON the API server sends.
@Suite struct ReportRuleTests {
    static let marks = """
        "annotations": {"lunarway.com/controlled-by-release-manager": "true", "lunarway.com/artifact-id": "master-1a2b-3c4d",
          "lunarway.com/author": "jane@example.com"},
        "labels": {"squad": " money "}
        """

    static func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(json.utf8))
    }

    static func deployment(generation: Int = 2, observed: Int = 2, replicas: Int = 3, updated: Int, available: Int, total: Int? = nil, progressing: String = "") throws -> Deployment {
        let conditions = progressing.isEmpty ? "" : #", "conditions": [\#(progressing)]"#
        return try decode(Deployment.self, """
            {"metadata": {"name": "payments", "namespace": "prod", "generation": \(generation), \(marks)},
             "spec": {"replicas": \(replicas), "template": {"metadata": {"labels": {"app": "payments"}}}},
             "status": {"observedGeneration": \(observed), "replicas": \(total ?? updated), "updatedReplicas": \(updated),
               "availableReplicas": \(available)\(conditions)}}
            """)
    }

    @Test func aDeploymentIsCompleteWhenEveryPodIsUpdatedAndAvailable() throws {
        let complete = try #require(WorkloadRollout(try Self.deployment(updated: 3, available: 3)))
        #expect(complete.progress == .complete)
        #expect(complete.marks.squad == "money")
        let event = complete.deployEvent(environment: "prod")
        #expect(event.resourceType == "Deployment" && event.availablePods == 3 && event.replicas == 3)
        #expect(event.artifactID == "master-1a2b-3c4d" && event.authorEmail == "jane@example.com" && event.environment == "prod")

        #expect(WorkloadRollout(try Self.deployment(updated: 2, available: 2, total: 3))?.progress == .progressing)
        // The controller has not seen the newest spec yet.
        #expect(WorkloadRollout(try Self.deployment(generation: 3, observed: 2, updated: 3, available: 3))?.progress == .progressing)
        // Old pods still terminating: more replicas than updated ones.
        #expect(WorkloadRollout(try Self.deployment(updated: 3, available: 3, total: 4))?.progress == .progressing)
    }

    @Test func aDeploymentPastItsProgressDeadlineHasFailed() throws {
        let failed = try #require(WorkloadRollout(try Self.deployment(
            updated: 1, available: 0, total: 3,
            progressing: #"{"type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded", "message": "ReplicaSet \"payments-5d\" has timed out progressing."}"#)))
        #expect(failed.progress == .failed(reason: "ProgressDeadlineExceeded", message: #"ReplicaSet "payments-5d" has timed out progressing."#))
        // The condition of the generation before (the artifact before) does not fail this one.
        let stale = try #require(WorkloadRollout(try Self.deployment(
            generation: 3, observed: 2, updated: 1, available: 0, total: 3,
            progressing: #"{"type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded"}"#)))
        #expect(stale.progress == .progressing)
        let event = failed.rolloutEvent(.failed, environment: "prod")
        #expect(event.state == .failed && event.reason == "ProgressDeadlineExceeded" && event.availablePods == 0 && event.replicas == 3)
    }

    @Test func onlyReleaseManagedObjectsCount() throws {
        let plain = try Self.decode(Deployment.self, #"{"metadata": {"name": "x", "annotations": {"lunarway.com/artifact-id": "a"}}}"#)
        #expect(WorkloadRollout(plain) == nil)
        let deleting = try Self.decode(Deployment.self, """
            {"metadata": {"name": "x", "deletionTimestamp": "2026-12-07T10:00:00Z", \(Self.marks)}}
            """)
        #expect(WorkloadRollout(deleting) == nil)
        let observed = try Self.decode(Deployment.self, """
            {"metadata": {"name": "x", "annotations": {"lunarway.com/controlled-by-release-manager": "true", "lunarway.com/artifact-id": "a",
              "lunarway.com/author": "j@x", "lunarway.com/observed-artifact-id": "a"}}}
            """)
        #expect(WorkloadRollout(observed)?.marks.observed == true)
    }

    @Test func statefulSetsAndDaemonSetsFollowTheReferencesConditions() throws {
        func statefulSet(desired: Int, replicas: Int) throws -> StatefulSet {
            try Self.decode(StatefulSet.self, """
                {"metadata": {"name": "db", "namespace": "prod", "generation": 1, \(Self.marks)}, "spec": {"replicas": \(desired)},
                 "status": {"observedGeneration": 1, "replicas": \(replicas), "readyReplicas": \(replicas), "currentReplicas": \(replicas),
                   "updatedReplicas": \(replicas)}}
                """)
        }
        #expect(WorkloadRollout(try statefulSet(desired: 2, replicas: 2))?.progress == .complete)
        #expect(WorkloadRollout(try statefulSet(desired: 2, replicas: 2))?.available == 2)
        // An ordered scale-up: two of three pods exist and are ready.
        #expect(WorkloadRollout(try statefulSet(desired: 3, replicas: 2))?.progress == .progressing)
        let nowhere = try Self.decode(DaemonSet.self, """
            {"metadata": {"name": "agent", "namespace": "prod", "generation": 1, \(Self.marks)}, "status": {"observedGeneration": 1}}
            """)
        #expect(WorkloadRollout(nowhere)?.progress == .complete)
        let daemons = try Self.decode(DaemonSet.self, """
            {"metadata": {"name": "agent", "namespace": "prod", "generation": 1, \(Self.marks)},
             "status": {"observedGeneration": 1, "desiredNumberScheduled": 4, "currentNumberScheduled": 4, "numberReady": 3,
               "updatedNumberScheduled": 4, "numberAvailable": 3, "numberUnavailable": 1}}
            """)
        #expect(WorkloadRollout(daemons)?.progress == .progressing)
    }

    static func pod(phase: String, statuses: String, owner: String = "ReplicaSet", annotations: String = "") throws -> Pod {
        try decode(Pod.self, """
            {"metadata": {"name": "payments-7d9f8b6c5d-x2x7q", "namespace": "prod", "uid": "u1",
               "ownerReferences": [{"kind": "\(owner)", "name": "payments-7d9f8b6c5d"}],
               "annotations": {"lunarway.com/controlled-by-release-manager": "true", "lunarway.com/artifact-id": "master-1a2b-3c4d",
                 "lunarway.com/author": "jane@example.com"\(annotations)}, "labels": {"squad": "money"}},
             "status": {"phase": "\(phase)", "containerStatuses": [\(statuses)]}}
            """)
    }

    static func crashLooping(restarts: Int) -> String {
        #"{"name": "app", "restartCount": \#(restarts), "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 5m0s restarting failed container=app"}}, "lastState": {"terminated": {"reason": "Error", "exitCode": 1}}}"#
    }

    @Test func crashLoopsAreReportedOnEveryModuloRestart() throws {
        for (restarts, reported) in [(1, true), (2, false), (5, false), (6, true), (11, true)] {
            let trouble = PodTrouble(try Self.pod(phase: "Running", statuses: Self.crashLooping(restarts: restarts)), crashReportModulo: 5)
            #expect((trouble != nil) == reported, "restart \(restarts)")
        }
        let trouble = try #require(PodTrouble(try Self.pod(phase: "Running", statuses: Self.crashLooping(restarts: 1)), crashReportModulo: 5))
        let event = trouble.event(environment: "prod", logs: ["app": "panic: no database"])
        #expect(event.errors.map(\.type) == ["CrashLoopBackOff"])
        #expect(event.errors.first?.message == "panic: no database")
        #expect(event.alertSquad == "#squad-money-alerts")
        // A Job's pods are the job's business.
        #expect(PodTrouble(try Self.pod(phase: "Running", statuses: Self.crashLooping(restarts: 1), owner: "Job"), crashReportModulo: 5) == nil)
        // Modulo 1 reports every restart.
        #expect(PodTrouble(try Self.pod(phase: "Running", statuses: Self.crashLooping(restarts: 2)), crashReportModulo: 1) != nil)
    }

    @Test func configurationErrorsImagePullsAndOOMKillsAreReported() throws {
        let config = try #require(PodTrouble(try Self.pod(phase: "Pending", statuses: #"""
            {"name": "app", "restartCount": 0, "state": {"waiting": {"reason": "CreateContainerConfigError", "message": "configmap \"payments\" not found"}}}
            """#), crashReportModulo: 5))
        #expect(config.containers.map(\.kind) == [.createContainerConfigError])
        #expect(config.event(environment: "prod", logs: [:]).errors.first?.message == #"configmap "payments" not found"#)
        let transient = PodTrouble(try Self.pod(phase: "Pending", statuses: """
            {"name": "app", "state": {"waiting": {"reason": "CreateContainerConfigError", "message": "\(PodTrouble.configMapCacheTimeout)"}}}
            """), crashReportModulo: 5)
        #expect(transient == nil)

        let pull = try #require(PodTrouble(try Self.pod(phase: "Pending", statuses: #"""
            {"name": "app", "state": {"waiting": {"reason": "ImagePullBackOff", "message": "Back-off pulling image \"registry/payments:master-1a2b\""}}}
            """#), crashReportModulo: 5))
        #expect(pull.containers.map(\.kind) == [.imagePullBackOff])

        let oom = try #require(PodTrouble(try Self.pod(phase: "Running", statuses: """
            {"name": "app", "restartCount": 3, "state": {"running": {}}, "lastState": {"terminated": {"reason": "OOMKilled", "exitCode": 137}}}
            """, annotations: ##", "lunarway.com/runtime-alerts": "#payments-oncall""##), crashReportModulo: 5))
        #expect(oom.containers.map(\.kind) == [.oomKilled])
        #expect(oom.alertChannel == "#payments-oncall")
        let muted = try #require(PodTrouble(try Self.pod(phase: "Running", statuses: """
            {"name": "app", "lastState": {"terminated": {"reason": "OOMKilled"}}}
            """, annotations: #", "lunarway.com/runtime-alerts": "false""#), crashReportModulo: 5))
        #expect(muted.alertChannel == "")

        let healthy = try Self.pod(phase: "Running", statuses: #"{"name": "app", "restartCount": 0, "state": {"running": {}}}"#)
        #expect(PodTrouble(healthy, crashReportModulo: 5) == nil)
    }

    @Test func jsonLogLinesShowTheirMessages() {
        let log = #"{"level":"info","message":"starting"}"# + "\nplain text line\n" + #"{"level":"error","message":"no database"}"# + "\n"
        #expect(PodTrouble.readableLog(log) == "starting\nplain text line\nno database")
    }

    @Test func aFailedJobIsReportedOnceByItsAnnotation() throws {
        let job = try Self.decode(Job.self, """
            {"metadata": {"name": "migrate", "namespace": "prod", \(Self.marks)},
             "status": {"conditions": [{"type": "Failed", "status": "True", "reason": "BackoffLimitExceeded", "message": "Job has reached the specified backoff limit"}]}}
            """)
        let failure = try #require(JobFailure(job))
        #expect(failure.event(environment: "prod").errors == [.init(reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit")])
        let running = try Self.decode(Job.self, #"{"metadata": {"name": "migrate", \#(Self.marks)}, "status": {"active": 1}}"#)
        #expect(JobFailure(running) == nil)
    }

    @Test func fluxRevisionsNameTheirCommit() {
        #expect(KustomizationEvent.commit(ofRevision: "main@sha1:5FD3A8C0E1B2") == "5fd3a8c0e1b2")
        #expect(KustomizationEvent.commit(ofRevision: "main/5fd3a8c0e1b2") == "5fd3a8c0e1b2")
        #expect(KustomizationEvent.commit(ofRevision: "5fd3a8c0e1b2") == "5fd3a8c0e1b2")
        #expect(KustomizationEvent.commit(ofRevision: "v1.2.3") == nil)
    }

    @Test func listenAddressesAreGoStyle() {
        #expect(ListenAddress(parsing: ":3001") == ListenAddress(host: "0.0.0.0", port: 3001))
        #expect(ListenAddress(parsing: "127.0.0.1:0") == ListenAddress(host: "127.0.0.1", port: 0))
        #expect(ListenAddress(parsing: "[::1]:3001") == ListenAddress(host: "::1", port: 3001))
        #expect(ListenAddress(parsing: "3001") == nil)
        #expect(ListenAddress(parsing: ":99999") == nil)
    }
}
