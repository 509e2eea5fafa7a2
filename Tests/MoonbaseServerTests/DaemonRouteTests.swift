import Foundation
import MoonbaseStore
import ReleaseModel
import Testing

@Suite struct DaemonRouteTests {
    @Test func reportsAreRecordedInTheAuditLogAndAnsweredWithEmptyJSON() async throws {
        let server = try await RunningServer.start()
        let daemon = try await server.home.store.createToken(group: .daemon, name: "daemon-prod").secret
        let deploy = try await server.request(
            "POST", "/webhook/daemon/k8s/deploy", token: daemon,
            body: #"{"name":"payments","namespace":"prod","resourceType":"Deployment","availablePods":3,"replicas":3,"artifactId":"master-1-2","authorEmail":"a@b.c","squad":"money","environment":"prod","extra":true}"#
        )
        #expect(deploy.status == 200)
        #expect(deploy.body == "{}\n")
        let podError = try await server.request(
            "POST", "/webhook/daemon/k8s/error", token: daemon,
            body: #"{"podName":"payments-1","namespace":"prod","errors":[{"name":"app","message":"boom","type":"CrashLoopBackOff"}],"environment":"prod"}"#
        )
        #expect(podError.status == 200)
        let jobError = try await server.request(
            "POST", "/webhook/daemon/k8s/joberror", token: daemon,
            body: #"{"jobName":"migrate","errors":[{"reason":"BackoffLimitExceeded","message":"failed"}],"environment":"prod"}"#
        )
        #expect(jobError.status == 200)

        let log = try await server.home.store.auditLog(limit: 10, offset: 0)
        #expect(log.map(\.action) == ["cluster.job-error", "cluster.pod-error", "cluster.deployed"])
        #expect(log.allSatisfy { $0.actor == "daemon-prod" })
        #expect(log.last?.details["artifactId"] == .string("master-1-2"))
        #expect(log.last?.details["availablePods"] == .number("3"))
        await server.stop()
    }

    @Test func badBodiesAndOtherGroupsAreRefused() async throws {
        let server = try await RunningServer.start()
        let daemon = try await server.home.store.createToken(group: .daemon, name: "daemon").secret
        let hamctl = try await server.home.store.createToken(group: .hamctl, name: "dev").secret
        let bad = try await server.request("POST", "/webhook/daemon/k8s/deploy", token: daemon, body: #"{"availablePods":"three"}"#)
        #expect(bad.status == 400)
        for path in ["/webhook/daemon/k8s/deploy", "/webhook/daemon/k8s/error", "/webhook/daemon/k8s/joberror"] {
            #expect(try await server.request("POST", path, token: hamctl, body: "{}").status == 401)
            #expect(try await server.request("POST", path, body: "{}").status == 401)
        }
        await server.stop()
    }
}
