import Foundation
import GoCompat
import MoonbaseStore
import ReleaseModel
import Testing

/// The daemon's reports through HTTP: kept as each release's cluster state (GET /status,
/// GET /cluster/state) and timeline (GET /cluster/events), answered `{}` as the reference
/// daemon expects, and acted on by the auto-rollback policy.
@Suite struct DaemonRouteTests {
    static func deploy(_ artifactID: String, available: Int = 3) -> String {
        #"{"name":"product","namespace":"dev","resourceType":"Deployment","availablePods":\#(available),"replicas":3,"artifactId":"\#(artifactID)","authorEmail":"a@b.c","squad":"money","environment":"dev","extra":true}"#
    }

    static func rollout(_ artifactID: String, state: String, available: Int, reason: String = "", message: String = "") -> String {
        #"{"name":"product","namespace":"dev","resourceType":"Deployment","artifactId":"\#(artifactID)","environment":"dev","squad":"money","authorEmail":"a@b.c","state":"\#(state)","availablePods":\#(available),"replicas":3,"reason":"\#(reason)","message":"\#(message)"}"#
    }

    static func clusterState(_ server: RunningServer, token: String) async throws -> ClusterState? {
        let answer = try await server.request("GET", "/cluster/state?service=product&environment=dev", token: token)
        #expect(answer.status == 200, "\(answer.body)")
        return try JSONDecoder().decode(ClusterStateResponse.self, from: Data(answer.body.utf8)).states.first?.state
    }

    @Test func reportsBecomeTheReleasesClusterState() async throws {
        try await withRunningServer { server in
            let daemon = try await server.home.store.createToken(group: .daemon, name: "daemon-dev").secret
            let hamctl = try await server.home.store.createToken(group: .hamctl, name: "dev").secret
            let id = try await ServerTests.storeArtifact(in: server.home.store, sha: "aaaaaaaaaaaa")
            try await PromoteRollbackRouteTests.release(id, on: server)
            // No daemon has said anything: no state, and status carries no cluster field.
            #expect(try await Self.clusterState(server, token: hamctl) == nil)
            #expect(try await !server.request("GET", "/status?service=product", token: hamctl).body.contains("cluster"))

            let progressing = try await server.request(
                "POST", "/webhook/daemon/k8s/rollout", token: daemon, body: Self.rollout(id, state: "progressing", available: 1))
            #expect(progressing.status == 200)
            #expect(progressing.body == "{}\n")
            var state = try #require(try await Self.clusterState(server, token: hamctl))
            #expect(state.phase == .rollingOut)
            #expect(state.summary == "rolling out 1/3")

            let deployed = try await server.request("POST", "/webhook/daemon/k8s/deploy", token: daemon, body: Self.deploy(id))
            #expect(deployed.status == 200)
            #expect(deployed.body == "{}\n")
            state = try #require(try await Self.clusterState(server, token: hamctl))
            #expect(state.phase == .running)
            #expect(state.available == 3 && state.desired == 3)
            #expect(!state.drift)

            let status = try JSONDecoder().decode(
                StatusResponse.self, from: Data(try await server.request("GET", "/status?service=product", token: hamctl).body.utf8))
            #expect(status.environments.first { $0.name == "dev" }?.cluster?.phase == .running)

            let events = try await server.request("GET", "/cluster/events?service=product", token: hamctl)
            let timeline = try JSONDecoder().decode(ClusterEventsResponse.self, from: Data(events.body.utf8)).events
            #expect(timeline.map(\.kind) == ["rollout.running", "rollout.progressing"])
            #expect(timeline.first?.details["availablePods"] == .number("3"))
        }
    }

    @Test func aNewReleaseIsPendingUntilFluxAppliesItAndDriftIsFlagged() async throws {
        try await withRunningServer { server in
            let daemon = try await server.home.store.createToken(group: .daemon, name: "daemon-dev").secret
            let hamctl = try await server.home.store.createToken(group: .hamctl, name: "dev").secret
            let old = try await ServerTests.storeArtifact(in: server.home.store, sha: "aaaaaaaaaaaa")
            try await PromoteRollbackRouteTests.release(old, on: server)
            _ = try await server.request("POST", "/webhook/daemon/k8s/deploy", token: daemon, body: Self.deploy(old))
            let new = try await ServerTests.storeArtifact(in: server.home.store, sha: "bbbbbbbbbbbb")
            try await PromoteRollbackRouteTests.release(new, on: server)

            var state = try #require(try await Self.clusterState(server, token: hamctl))
            #expect(state.phase == .pending)
            #expect(state.artifactID == old)
            #expect(!state.drift)

            let status = try JSONDecoder().decode(
                StatusResponse.self, from: Data(try await server.request("GET", "/status?service=product", token: hamctl).body.utf8))
            let commit = try #require(status.environments.first { $0.name == "dev" }?.releaseCommit)
            let applied = try await server.request(
                "POST", "/webhook/daemon/flux/kustomization", token: daemon,
                body: #"{"name":"product","namespace":"flux-system","environment":"dev","ready":true,"reason":"ReconciliationSucceeded","message":"Applied revision: master@sha1:\#(commit)","lastAppliedRevision":"master@sha1:\#(commit)","lastAttemptedRevision":"master@sha1:\#(commit)"}"#)
            #expect(applied.status == 200)
            state = try #require(try await Self.clusterState(server, token: hamctl))
            #expect(state.phase == .applied)
            #expect(state.appliedRevision == "master@sha1:\(commit)")

            // After Flux applied the release, the cluster still says it runs the old artifact.
            _ = try await server.request("POST", "/webhook/daemon/k8s/rollout", token: daemon, body: Self.rollout(old, state: "running", available: 3))
            state = try #require(try await Self.clusterState(server, token: hamctl))
            #expect(state.drift)
            #expect(state.summary == "applied (drift: cluster runs \(old))")
        }
    }

    @Test func aLaterRevisionAppliesTheReleasesBeforeIt() async throws {
        try await withRunningServer { server in
            let daemon = try await server.home.store.createToken(group: .daemon, name: "daemon-dev").secret
            let hamctl = try await server.home.store.createToken(group: .hamctl, name: "dev").secret
            let id = try await ServerTests.storeArtifact(in: server.home.store, sha: "aaaaaaaaaaaa")
            try await PromoteRollbackRouteTests.release(id, on: server)
            _ = try await server.request("POST", "/webhook/daemon/k8s/rollout", token: daemon, body: Self.rollout("master-old", state: "running", available: 3))
            // Another service's release makes a later commit; one Kustomization applies the repository.
            let other = try await ServerTests.storeArtifact(in: server.home.store, service: "ledger", sha: "bbbbbbbbbbbb")
            let released = try await server.request(
                "POST", "/release", token: server.adminToken,
                body: #"{"service":"ledger","environment":"dev","artifactId":"\#(other)","intent":{"type":"ReleaseArtifact"}}"#)
            let later = try JSONDecoder().decode(ReleaseResponse.self, from: Data(released.body.utf8)).commit
            let body = #"{"name":"apps","namespace":"flux-system","environment":"dev","ready":true,"lastAppliedRevision":"master@sha1:\#(later)"}"#
            #expect(try await server.request("POST", "/webhook/daemon/flux/kustomization", token: daemon, body: body).status == 200)
            for _ in 0..<2 {  // the second answer comes from what the first learnt
                let state = try #require(try await Self.clusterState(server, token: hamctl))
                #expect(state.phase == .applied)
                #expect(state.appliedRevision == "master@sha1:\(later)")
            }
        }
    }

    @Test func aFailedRolloutIsRolledBackWhenThePolicySaysSo() async throws {
        try await withRunningServer { server in
            let daemon = try await server.home.store.createToken(group: .daemon, name: "daemon-dev").secret
            let hamctl = try await server.home.store.createToken(group: .hamctl, name: "dev").secret
            let good = try await ServerTests.storeArtifact(in: server.home.store, sha: "aaaaaaaaaaaa")
            try await PromoteRollbackRouteTests.release(good, on: server)
            let bad = try await ServerTests.storeArtifact(in: server.home.store, sha: "bbbbbbbbbbbb")
            try await PromoteRollbackRouteTests.release(bad, on: server)
            let policy = try await server.request(
                "PATCH", "/policies/auto-rollback", token: hamctl, body: #"{"service":"product","environment":"dev"}"#)
            #expect(policy.status == 201, "\(policy.body)")
            #expect(policy.body.contains(#""id":"auto-rollback-dev""#))
            #expect(try await server.request("GET", "/policies?service=product", token: hamctl).body.contains(#""autoRollbacks":[{"id":"auto-rollback-dev","environment":"dev"}]"#))

            let failed = try await server.request(
                "POST", "/webhook/daemon/k8s/rollout", token: daemon,
                body: Self.rollout(bad, state: "failed", available: 1, reason: "ProgressDeadlineExceeded", message: #"ReplicaSet \"product-5d\" has timed out progressing."#))
            #expect(failed.status == 200)

            // The report's answer came after the rollback was queued; it is in the history once pushed.
            await server.home.queue.drain()
            let rolledBack = try #require(try await server.home.releaseRepository.history(environment: "dev", service: "product", count: 1, offset: 0).first)
            #expect(rolledBack.artifact.id == good)
            #expect(rolledBack.intent == .rollback(previousArtifactID: bad))
            #expect(rolledBack.reason.hasPrefix("auto-rollback: \(bad) failed in dev (ProgressDeadlineExceeded: ReplicaSet"))
            #expect(rolledBack.releasedBy.name == "Moonbase auto-rollback")

            // The rolled-back-to artifact failing too is left to people.
            _ = try await server.request(
                "POST", "/webhook/daemon/k8s/rollout", token: daemon, body: Self.rollout(good, state: "failed", available: 0, reason: "ProgressDeadlineExceeded"))
            let history = try await server.home.releaseRepository.history(environment: "dev", service: "product", count: 10, offset: 0)
            #expect(history.map(\.artifact.id) == [good, bad, good])
        }
    }

    @Test func podErrorsFailARolloutInProgressAndJobErrorsJoinTheTimeline() async throws {
        try await withRunningServer { server in
            let daemon = try await server.home.store.createToken(group: .daemon, name: "daemon-dev").secret
            let hamctl = try await server.home.store.createToken(group: .hamctl, name: "dev").secret
            let id = try await ServerTests.storeArtifact(in: server.home.store, sha: "aaaaaaaaaaaa")
            try await PromoteRollbackRouteTests.release(id, on: server)
            _ = try await server.request("POST", "/webhook/daemon/k8s/rollout", token: daemon, body: Self.rollout(id, state: "progressing", available: 0))
            let podError = try await server.request(
                "POST", "/webhook/daemon/k8s/error", token: daemon,
                body: #"{"podName":"product-7d9f8b6c5d-x2x7q","namespace":"dev","errors":[{"name":"app","message":"panic: no database\ngoroutine 1","type":"CrashLoopBackOff"}],"artifactId":"\#(id)","environment":"dev"}"#)
            #expect(podError.status == 200)
            let state = try #require(try await Self.clusterState(server, token: hamctl))
            #expect(state.phase == .failed)
            #expect(state.reason == "CrashLoopBackOff")
            #expect(state.message == "panic: no database")
            #expect(state.pod == "product-7d9f8b6c5d-x2x7q")
            #expect(state.container == "app")

            let jobError = try await server.request(
                "POST", "/webhook/daemon/k8s/joberror", token: daemon,
                body: #"{"jobName":"product-migrate","errors":[{"reason":"BackoffLimitExceeded","message":"Job has reached the specified backoff limit"}],"artifactId":"\#(id)","environment":"dev"}"#)
            #expect(jobError.status == 200)
            let events = try await server.request("GET", "/cluster/events?service=product&environment=dev&limit=2", token: hamctl)
            let timeline = try JSONDecoder().decode(ClusterEventsResponse.self, from: Data(events.body.utf8)).events
            #expect(timeline.map(\.kind) == ["job.error", "pod.error"])
            #expect(timeline.first?.summary == "job product-migrate failed: BackoffLimitExceeded: Job has reached the specified backoff limit")
        }
    }

    @Test func aServiceWithSeveralWorkloadsRunsWhenAllOfThemDo() async throws {
        try await withRunningServer { server in
            let daemon = try await server.home.store.createToken(group: .daemon, name: "daemon-dev").secret
            let hamctl = try await server.home.store.createToken(group: .hamctl, name: "dev").secret
            let id = try await ServerTests.storeArtifact(in: server.home.store, sha: "aaaaaaaaaaaa")
            try await PromoteRollbackRouteTests.release(id, on: server)
            func report(_ name: String, _ state: String, available: Int) async throws {
                let body = Self.rollout(id, state: state, available: available).replacingOccurrences(of: #""name":"product""#, with: #""name":"\#(name)""#)
                #expect(try await server.request("POST", "/webhook/daemon/k8s/rollout", token: daemon, body: body).status == 200)
            }
            try await report("product", "running", available: 3)
            try await report("product-worker", "progressing", available: 1)
            var state = try #require(try await Self.clusterState(server, token: hamctl))
            #expect(state.phase == .rollingOut)
            #expect(state.available == 4 && state.desired == 6)
            try await report("product-worker", "running", available: 3)
            state = try #require(try await Self.clusterState(server, token: hamctl))
            #expect(state.phase == .running)
            #expect(state.summary == "running 6/6")
        }
    }

    @Test func badBodiesAndOtherGroupsAreRefused() async throws {
        let server = try await RunningServer.start()
        let daemon = try await server.home.store.createToken(group: .daemon, name: "daemon").secret
        let hamctl = try await server.home.store.createToken(group: .hamctl, name: "dev").secret
        let bad = try await server.request("POST", "/webhook/daemon/k8s/deploy", token: daemon, body: #"{"availablePods":"three"}"#)
        #expect(bad.status == 400)
        let badState = try await server.request("POST", "/webhook/daemon/k8s/rollout", token: daemon, body: #"{"state":"exploded"}"#)
        #expect(badState.status == 400)
        for path in [
            "/webhook/daemon/k8s/deploy", "/webhook/daemon/k8s/error", "/webhook/daemon/k8s/joberror", "/webhook/daemon/k8s/rollout",
            "/webhook/daemon/flux/kustomization", "/webhook/daemon/flux/event",
        ] {
            #expect(try await server.request("POST", path, token: hamctl, body: "{}").status == 401)
            #expect(try await server.request("POST", path, body: "{}").status == 401)
        }
        #expect(try await server.request("GET", "/cluster/state?environment=not/valid", token: hamctl).status == 400)
        await server.stop()
    }
}
