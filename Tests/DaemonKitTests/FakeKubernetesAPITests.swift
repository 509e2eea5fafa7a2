import AsyncHTTPClient
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import GoCompat
import NIOCore
import NIOHTTP1
import Testing
import TestSupport

/// The fake Kubernetes API server itself, read over raw HTTP so the tests see the wire format
/// the daemon will: lists, watch streams line by line, bookmarks, 410 after compaction, merge
/// patches and their refusals, pod logs and bearer tokens.
@Suite(.timeLimit(.minutes(1))) struct FakeKubernetesAPITests {
    typealias Fixtures = KubernetesFixtures

    /// Runs `body` against a fresh fake, which is stopped afterwards whatever happens.
    func withAPI(requiredToken: String? = nil, _ body: (FakeKubernetesAPI, RawHTTP) async throws -> Void) async throws {
        let api = FakeKubernetesAPI(requiredToken: requiredToken)
        let http = try await RawHTTP(api)
        do {
            try await body(api, http)
        } catch {
            await api.stop()
            throw error
        }
        await api.stop()
    }

    // MARK: LIST

    @Test func listsEveryNamespaceOrOneAsATypedList() async throws {
        try await withAPI { api, http in
            api.put(.deployments, Fixtures.deployment(name: "payments", namespace: "prod"))
            api.put(.deployments, Fixtures.deployment(name: "payments", namespace: "dev"))

            let all = try await http.json("/apis/apps/v1/deployments")
            #expect(all.at("kind")?.text == "DeploymentList")
            #expect(all.at("apiVersion")?.text == "apps/v1")
            #expect(all.at("metadata")?.goCompact() == #"{"resourceVersion":"\#(api.resourceVersion)"}"#)
            let items = try #require(all.at("items")?.arrayValue)
            #expect(items.map { $0.at("metadata", "namespace")?.text } == ["dev", "prod"])
            // Items of a typed list carry no kind or apiVersion.
            #expect(items.allSatisfy { $0.at("kind") == nil && $0.at("apiVersion") == nil })
            let first = try #require(items.first)
            #expect(first.at("metadata", "uid")?.text?.count == 36)
            #expect(first.at("metadata", "resourceVersion")?.text == "2")
            #expect(first.at("metadata", "generation")?.goCompact() == "1")
            #expect(first.at("metadata", "creationTimestamp")?.text?.hasSuffix("Z") == true)

            let dev = try await http.json("/apis/apps/v1/namespaces/dev/deployments?resourceVersion=0")
            #expect(dev.at("items")?.arrayValue?.count == 1)
            let unset = try await http.json("/apis/apps/v1/namespaces/dev/deployments?resourceVersion=")
            #expect(unset.at("items")?.arrayValue?.count == 1)
            let none = try await http.json("/apis/batch/v1/namespaces/dev/jobs")
            #expect(none.goCompact() == #"{"kind":"JobList","apiVersion":"batch/v1","metadata":{"resourceVersion":"2"},"items":[]}"#)
        }
    }

    @Test func servesPodsAndFluxKustomizationsUnderTheirGroups() async throws {
        try await withAPI { api, http in
            let deployment = Fixtures.deployment(name: "payments")
            api.put(.pods, Fixtures.pod(of: deployment))
            api.put(.kustomizations, Fixtures.kustomization(name: "dev", revision: "0123456789abcdef0123456789abcdef01234567"))

            let pods = try await http.json("/api/v1/pods")
            #expect(pods.at("kind")?.text == "PodList")
            #expect(pods.at("apiVersion")?.text == "v1")
            #expect(pods.at("items")?.arrayValue?.count == 1)

            // A custom resource is served unstructured: keys sorted, items keep kind and apiVersion.
            let kustomizations = try await http.json("/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations")
            guard case .object(let members) = kustomizations else { Issue.record("not an object"); return }
            #expect(members.map(\.key) == ["apiVersion", "items", "kind", "metadata"])
            #expect(kustomizations.at("kind")?.text == "KustomizationList")
            let item = try #require(kustomizations.at("items")?.arrayValue?.first)
            #expect(item.at("kind")?.text == "Kustomization")
            #expect(item.at("apiVersion")?.text == "kustomize.toolkit.fluxcd.io/v1")
        }
    }

    @Test func selectsByLabelAndField() async throws {
        try await withAPI { api, http in
            api.put(.deployments, Fixtures.deployment(name: "payments", squad: "bank"))
            api.put(.deployments, Fixtures.deployment(name: "cards", squad: "cards"))

            let bank = try await http.json("/apis/apps/v1/deployments?labelSelector=squad%3Dbank")
            #expect(bank.at("items")?.arrayValue?.map { $0.at("metadata", "name")?.text } == ["payments"])
            let either = try await http.json("/apis/apps/v1/deployments?labelSelector=squad%20in%20(bank,cards),app!=nope")
            #expect(either.at("items")?.arrayValue?.count == 2)
            let named = try await http.json("/apis/apps/v1/deployments?fieldSelector=metadata.name%3Dcards")
            #expect(named.at("items")?.arrayValue?.map { $0.at("metadata", "name")?.text } == ["cards"])
        }
    }

    @Test func aListNewerThanTheServerWaitsThenTimesOut() async throws {
        try await withAPI { api, http in
            api.put(.deployments, Fixtures.deployment(name: "payments"))

            let answer = try await http.send(.GET, "/apis/apps/v1/deployments?resourceVersion=99")
            #expect(answer.status == 504)
            #expect(answer.body == #"""
                {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Timeout: Too large resource version: 99, current: 1","reason":"Timeout","details":{"causes":[{"reason":"ResourceVersionTooLarge","message":"Too large resource version"}],"retryAfterSeconds":1},"code":504}

                """#)
        }
    }

    // MARK: WATCH

    @Test func aWatchStreamsLaterEventsLineByLineInOrder() async throws {
        try await withAPI { api, http in
            api.put(.deployments, Fixtures.deployment(name: "old"))
            let listed = try await http.json("/apis/apps/v1/namespaces/dev/deployments")
            let version = try #require(listed.at("metadata", "resourceVersion")?.text)

            var watch = try await http.watch("/apis/apps/v1/namespaces/dev/deployments?watch=true&resourceVersion=\(version)&allowWatchBookmarks=true&timeoutSeconds=30")
            #expect(watch.status == 200)
            #expect(watch.headers["Content-Type"] == ["application/json"])
            #expect(watch.headers["Transfer-Encoding"] == ["chunked"])
            try await api.waitForWatches(1, timeout: .seconds(5))

            let created = api.put(.deployments, Fixtures.deployment(name: "payments", replicas: 2))
            api.put(.deployments, Fixtures.deployment(name: "elsewhere", namespace: "prod"))
            var scaled = created
            scaled.set(["spec", "replicas"], .number("3"))
            api.put(.deployments, scaled)
            api.delete(.deployments, namespace: "dev", name: "payments")

            let added = try #require(try await watch.nextEvent())
            #expect(added.at("type")?.text == "ADDED")
            #expect(added.at("object", "kind")?.text == "Deployment")
            #expect(added.at("object", "apiVersion")?.text == "apps/v1")
            #expect(added.at("object", "metadata", "name")?.text == "payments")
            #expect(added.at("object", "metadata", "resourceVersion")?.text == "2")
            let modified = try #require(try await watch.nextEvent())
            #expect(modified.at("type")?.text == "MODIFIED")
            #expect(modified.at("object", "metadata", "resourceVersion")?.text == "4")
            #expect(modified.at("object", "metadata", "generation")?.goCompact() == "2")
            let deleted = try #require(try await watch.nextEvent())
            #expect(deleted.at("type")?.text == "DELETED")
            #expect(deleted.at("object", "metadata", "resourceVersion")?.text == "5")
            #expect(api.requests.contains("GET /apis/apps/v1/namespaces/dev/deployments?watch=true&resourceVersion=\(version)&allowWatchBookmarks=true&timeoutSeconds=30"))
        }
    }

    @Test func aWatchWithoutResourceVersionStartsWithTheCurrentObjects() async throws {
        try await withAPI { api, http in
            api.put(.deployments, Fixtures.deployment(name: "b"))
            api.put(.deployments, Fixtures.deployment(name: "a"))

            var watch = try await http.watch("/apis/apps/v1/deployments?watch=1")
            let first = try #require(try await watch.nextEvent())
            let second = try #require(try await watch.nextEvent())
            #expect([first, second].map { $0.at("type")?.text } == ["ADDED", "ADDED"])
            #expect([first, second].map { $0.at("object", "metadata", "name")?.text } == ["a", "b"])
        }
    }

    @Test func aWatchFromAnOlderVersionReplaysWhatChangedSince() async throws {
        try await withAPI { api, http in
            api.put(.jobs, Fixtures.job(name: "migrate"))
            let since = api.resourceVersion
            api.put(.jobs, Fixtures.jobFailed(Fixtures.job(name: "migrate")))
            api.put(.jobs, Fixtures.job(name: "seed"))

            var watch = try await http.watch("/apis/batch/v1/namespaces/dev/jobs?watch=true&resourceVersion=\(since)")
            let replayed = [try await watch.nextEvent(), try await watch.nextEvent()]
            #expect(replayed.map { $0?.at("type")?.text } == ["MODIFIED", "ADDED"])
            #expect(replayed.map { $0?.at("object", "metadata", "name")?.text } == ["migrate", "seed"])
            #expect(replayed.first??.at("object", "status", "conditions")?.arrayValue?.last?.at("reason")?.text == "BackoffLimitExceeded")
        }
    }

    @Test func bookmarksCarryOnlyTheResourceVersionAndGoToWatchesThatAsked() async throws {
        try await withAPI { api, http in
            api.put(.deployments, Fixtures.deployment(name: "payments"))
            api.put(.kustomizations, Fixtures.kustomization(name: "dev", revision: "abc"))
            let version = api.resourceVersion

            var deployments = try await http.watch("/apis/apps/v1/deployments?watch=true&resourceVersion=\(version)&allowWatchBookmarks=true")
            var kustomizations = try await http.watch("/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations?watch=true&resourceVersion=\(version)&allowWatchBookmarks=true")
            var plain = try await http.watch("/apis/apps/v1/deployments?watch=true&resourceVersion=\(version)")
            try await api.waitForWatches(3, timeout: .seconds(5))
            api.sendBookmark()
            api.put(.deployments, Fixtures.deployment(name: "cards"))

            #expect(try await deployments.nextLine() == #"""
                {"type":"BOOKMARK","object":{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"resourceVersion":"2","creationTimestamp":null},"spec":{"selector":null,"template":{"metadata":{"creationTimestamp":null},"spec":{"containers":null}},"strategy":{}},"status":{}}}
                """#)
            #expect(try await kustomizations.nextLine() == #"{"type":"BOOKMARK","object":{"apiVersion":"kustomize.toolkit.fluxcd.io/v1","kind":"Kustomization","metadata":{"resourceVersion":"2"}}}"#)
            #expect(try await deployments.nextEvent()?.at("type")?.text == "ADDED")
            #expect(try await plain.nextEvent()?.at("type")?.text == "ADDED")
        }
    }

    @Test func aWatchFromACompactedVersionGetsOneExpiredErrorAndEnds() async throws {
        try await withAPI { api, http in
            api.put(.deployments, Fixtures.deployment(name: "payments"))
            let old = api.resourceVersion
            api.put(.deployments, Fixtures.deploymentComplete(Fixtures.deployment(name: "payments")))
            api.compactHistory()

            var expired = try await http.watch("/apis/apps/v1/deployments?watch=true&resourceVersion=\(old)&allowWatchBookmarks=true")
            #expect(expired.status == 200)
            #expect(try await expired.nextLine() == #"""
                {"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 1 (2)","reason":"Expired","code":410}}
                """#)
            #expect(try await expired.nextLine() == nil)
            #expect(api.openWatches == 0)

            // From the version the history now starts at, a watch works.
            var current = try await http.watch("/apis/apps/v1/deployments?watch=true&resourceVersion=\(api.resourceVersion)")
            try await api.waitForWatches(1, timeout: .seconds(5))
            api.delete(.deployments, namespace: "dev", name: "payments")
            #expect(try await current.nextEvent()?.at("type")?.text == "DELETED")

            // A list at an exact version no longer kept is 410 too.
            let exact = try await http.send(.GET, "/apis/apps/v1/deployments?resourceVersion=\(old)&resourceVersionMatch=Exact")
            #expect(exact.status == 410)
            #expect(exact.body.contains(#""reason":"Expired""#))
        }
    }

    @Test func aWatchEndsAfterTimeoutSeconds() async throws {
        try await withAPI { api, http in
            let started = ContinuousClock.now
            var watch = try await http.watch("/apis/apps/v1/deployments?watch=true&timeoutSeconds=1")
            #expect(try await watch.nextLine() == nil)
            #expect(ContinuousClock.now - started >= .milliseconds(900))
            #expect(api.openWatches == 0)
        }
    }

    @Test func aRestartEndsWatchesForgetsHistoryAndListensOnTheSamePort() async throws {
        try await withAPI { api, http in
            api.put(.daemonSets, Fixtures.daemonSet(name: "agent"))
            let old = api.resourceVersion
            api.put(.daemonSets, Fixtures.daemonSetReady(Fixtures.daemonSet(name: "agent")))
            var watch = try await http.watch("/apis/apps/v1/daemonsets?watch=true&resourceVersion=\(api.resourceVersion)")
            try await api.waitForWatches(1, timeout: .seconds(5))

            try await api.restart()
            // The stream ends: cleanly, or as a closed connection when the client was mid-read.
            let ended: Bool
            do { ended = try await watch.nextLine() == nil } catch { ended = true }
            #expect(ended)
            #expect(api.openWatches == 0)
            // A pooled connection to the old server may not be known closed yet: one retry, as
            // any client of a restarting API server needs.
            let listed: JSONValue
            do { listed = try await http.json("/apis/apps/v1/daemonsets") } catch { listed = try await http.json("/apis/apps/v1/daemonsets") }
            #expect(listed.at("items")?.arrayValue?.count == 1)
            #expect(listed.at("metadata", "resourceVersion")?.text == "2")
            var expired = try await http.watch("/apis/apps/v1/daemonsets?watch=true&resourceVersion=\(old)")
            #expect(try await expired.nextEvent()?.at("object", "message")?.text == "too old resource version: 1 (2)")
            var resumed = try await http.watch("/apis/apps/v1/daemonsets?watch=true&resourceVersion=2")
            try await api.waitForWatches(1, timeout: .seconds(5))
            api.put(.daemonSets, Fixtures.daemonSet(name: "other"))
            #expect(try await resumed.nextEvent()?.at("object", "metadata", "name")?.text == "other")
        }
    }

    @Test func aWatchEndsWhenItsClientGoesAway() async throws {
        try await withAPI { api, http in
            // A bare TCP connection, closed while the watch is idle.
            let port = try #require(URL(string: http.base)?.port)
            let socket = try RawSocket(port: port)
            socket.send("GET /apis/apps/v1/deployments?watch=true HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            try await api.waitForWatches(1, timeout: .seconds(5))
            socket.close()
            try await api.waitForWatches(atMost: 0, timeout: .seconds(5))
        }
    }

    // MARK: PATCH

    @Test func aMergePatchChangesTheObjectAndTellsWatchers() async throws {
        try await withAPI { api, http in
            api.put(.deployments, Fixtures.deploymentComplete(Fixtures.deployment(name: "payments")))
            var watch = try await http.watch("/apis/apps/v1/deployments?watch=true&resourceVersion=\(api.resourceVersion)")
            try await api.waitForWatches(1, timeout: .seconds(5))

            let patch = #"{"metadata":{"annotations":{"lunarway.com/observed-artifact-id":"master-1a2b3c4d5e-6f7a8b9c0d","deployment.kubernetes.io/revision":null}},"status":{"replicas":9}}"#
            let answer = try await http.send(.PATCH, "/apis/apps/v1/namespaces/dev/deployments/payments", body: patch, contentType: "application/merge-patch+json")
            #expect(answer.status == 200)
            let patched = try JSONValue.parse(answer.body)
            #expect(patched.at("kind")?.text == "Deployment")
            #expect(patched.at("metadata", "resourceVersion")?.text == "2")
            #expect(patched.at("metadata", "generation")?.goCompact() == "1")
            #expect(patched.at("metadata", "annotations", "lunarway.com/observed-artifact-id")?.text == "master-1a2b3c4d5e-6f7a8b9c0d")
            #expect(patched.at("metadata", "annotations", "deployment.kubernetes.io/revision") == nil)
            #expect(patched.at("metadata", "annotations", "lunarway.com/artifact-id")?.text == "master-1a2b3c4d5e-6f7a8b9c0d")
            // Status only changes through the status subresource.
            #expect(patched.at("status", "replicas")?.goCompact() == "2")
            #expect(api.object(.deployments, namespace: "dev", name: "payments") == patched)
            let event = try #require(try await watch.nextEvent())
            #expect(event.at("type")?.text == "MODIFIED")
            #expect(event.at("object") == patched)
            #expect(api.patches == [RecordedPatch(resource: .deployments, namespace: "dev", name: "payments", contentType: "application/merge-patch+json", body: patch)])

            let spec = try await http.send(.PATCH, "/apis/apps/v1/namespaces/dev/deployments/payments", body: #"{"spec":{"replicas":5}}"#, contentType: "application/merge-patch+json")
            #expect(try JSONValue.parse(spec.body).at("metadata", "generation")?.goCompact() == "2")

            // A resourceVersion in the patch is a precondition.
            let stale = try await http.send(
                .PATCH, "/apis/apps/v1/namespaces/dev/deployments/payments", body: #"{"metadata":{"resourceVersion":"1","labels":{"x":"y"}}}"#,
                contentType: "application/merge-patch+json")
            #expect(stale.status == 409)
            #expect(stale.body.contains(#""message":"Operation cannot be fulfilled on deployments.apps \"payments\": the object has been modified; please apply your changes to the latest version and try again","reason":"Conflict""#))
        }
    }

    @Test func otherPatchTypesAre415AndUnknownObjects404() async throws {
        try await withAPI { api, http in
            api.put(.deployments, Fixtures.deployment(name: "payments"))
            api.put(.kustomizations, Fixtures.kustomization(name: "dev", revision: "abc"))

            let json = try await http.send(.PATCH, "/apis/apps/v1/namespaces/dev/deployments/payments", body: "{}", contentType: "application/json")
            #expect(json.status == 415)
            #expect(json.body == #"""
                {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml","reason":"UnsupportedMediaType","code":415}

                """#)
            let strategic = try await http.send(
                .PATCH, "/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/dev", body: "{}", contentType: "application/strategic-merge-patch+json")
            #expect(strategic.status == 415)
            #expect(strategic.body.contains("accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml\""))
            #expect(api.patches.map(\.contentType) == ["application/json", "application/strategic-merge-patch+json"])

            let missing = try await http.send(.PATCH, "/apis/apps/v1/namespaces/dev/deployments/x", body: "{}", contentType: "application/merge-patch+json")
            #expect(missing.status == 404)
            #expect(missing.body == #"""
                {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"deployments.apps \"x\" not found","reason":"NotFound","details":{"name":"x","group":"apps","kind":"deployments"},"code":404}

                """#)
            let pod = try await http.send(.GET, "/api/v1/namespaces/dev/pods/x")
            #expect(pod.body.contains(#""message":"pods \"x\" not found""#))
            #expect(pod.body.contains(#""details":{"name":"x","kind":"pods"}"#))
        }
    }

    // MARK: Logs

    @Test func podLogsAreTextTailedToTheLastLines() async throws {
        try await withAPI { api, http in
            let deployment = Fixtures.deployment(name: "payments")
            let pod = api.put(.pods, Fixtures.pod(of: deployment, .crashLoopBackOff()))
            let name = try #require(pod.at("metadata", "name")?.text)
            api.setLog(namespace: "dev", pod: name, container: "payments", "starting\nlistening on :8080\npanic: no database\n")
            api.setLog(namespace: "dev", pod: name, container: "payments", previous: true, "before\n")

            let tail = try await http.send(.GET, "/api/v1/namespaces/dev/pods/\(name)/log?container=payments&tailLines=2")
            #expect(tail.status == 200)
            #expect(tail.headers["Content-Type"] == ["text/plain"])
            #expect(tail.body == "listening on :8080\npanic: no database\n")
            #expect(try await http.send(.GET, "/api/v1/namespaces/dev/pods/\(name)/log").body == "starting\nlistening on :8080\npanic: no database\n")
            #expect(try await http.send(.GET, "/api/v1/namespaces/dev/pods/\(name)/log?container=payments&previous=true").body == "before\n")

            let wrong = try await http.send(.GET, "/api/v1/namespaces/dev/pods/\(name)/log?container=sidecar")
            #expect(wrong.status == 400)
            #expect(wrong.body.contains(#""message":"container sidecar is not valid for pod \#(name)","reason":"BadRequest""#))

            let pulling = api.put(.pods, Fixtures.pod(of: deployment, .imagePullBackOff, index: 1))
            let pullingName = try #require(pulling.at("metadata", "name")?.text)
            let refused = try await http.send(.GET, "/api/v1/namespaces/dev/pods/\(pullingName)/log?container=payments")
            #expect(refused.status == 400)
            #expect(refused.body.contains(#"is waiting to start: trying and failing to pull image"#))
        }
    }

    // MARK: Authentication

    @Test func aRequiredTokenRefusesOtherRequestsWith401() async throws {
        try await withAPI(requiredToken: "s3cr3t") { api, anonymous in
            let unauthorized = #"""
                {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}

                """#
            let missing = try await anonymous.send(.GET, "/apis/apps/v1/deployments")
            #expect(missing.status == 401)
            #expect(missing.body == unauthorized)
            var wrong = anonymous
            wrong.token = "guess"
            #expect(try await wrong.send(.GET, "/apis/apps/v1/deployments").status == 401)
            var right = anonymous
            right.token = "s3cr3t"
            #expect(try await right.send(.GET, "/apis/apps/v1/deployments").status == 200)
            #expect(api.requests.count == 3)
        }
    }

    // MARK: Fixtures

    @Test func fixturesHaveTheShapesTheAPIReturns() throws {
        let deployment = Fixtures.deployment(name: "payments", namespace: "prod", artifactID: "master-1-2", author: "bob@example.com", squad: "bank", replicas: 3)
        #expect(deployment.at("metadata", "annotations")?.goCompact() == #"""
            {"deployment.kubernetes.io/revision":"1","lunarway.com/artifact-id":"master-1-2","lunarway.com/author":"bob@example.com","lunarway.com/controlled-by-release-manager":"true"}
            """#)
        #expect(deployment.at("metadata", "labels")?.goCompact() == #"{"app":"payments","squad":"bank"}"#)
        #expect(deployment.at("spec", "template", "metadata", "annotations", "lunarway.com/author")?.text == "bob@example.com")
        #expect(deployment.at("spec", "template", "metadata", "labels", "squad")?.text == "bank")
        #expect(deployment.at("spec", "replicas")?.goCompact() == "3")
        let replicaSet = Fixtures.replicaSetName(for: deployment)

        let complete = Fixtures.deploymentComplete(deployment)
        #expect(complete.at("status", "availableReplicas")?.goCompact() == "3")
        #expect(complete.at("status", "observedGeneration")?.goCompact() == "1")
        #expect(complete.at("status", "conditions")?.arrayValue?.map { $0.at("reason")?.text } == ["MinimumReplicasAvailable", "NewReplicaSetAvailable"])

        let rolling = Fixtures.deploymentRollingOut(deployment, updated: 1)
        #expect(rolling.at("status", "updatedReplicas")?.goCompact() == "1")
        #expect(rolling.at("status", "conditions")?.arrayValue?.last?.at("message")?.text == "ReplicaSet \"\(replicaSet)\" is progressing.")

        let failed = Fixtures.deploymentFailed(deployment)
        let progressing = try #require(failed.at("status", "conditions")?.arrayValue?.last)
        #expect(progressing.at("status")?.text == "False")
        #expect(progressing.at("reason")?.text == "ProgressDeadlineExceeded")
        #expect(progressing.at("message")?.text == "ReplicaSet \"\(replicaSet)\" has timed out progressing.")

        let job = Fixtures.jobFailed(Fixtures.job(name: "migrate"))
        #expect(job.at("status", "conditions")?.arrayValue?.map { $0.at("type")?.text } == ["FailureTarget", "Failed"])
        #expect(job.at("status", "conditions")?.arrayValue?.last?.at("message")?.text == "Job has reached the specified backoff limit")

        let crashing = Fixtures.pod(of: deployment, .crashLoopBackOff(restartCount: 7))
        let name = try #require(crashing.at("metadata", "name")?.text)
        let uid = try #require(crashing.at("metadata", "uid")?.text)
        #expect(name.hasPrefix(replicaSet + "-"))
        #expect(crashing.at("metadata", "ownerReferences")?.arrayValue?.first?.at("kind")?.text == "ReplicaSet")
        let status = try #require(crashing.at("status", "containerStatuses")?.arrayValue?.first)
        #expect(status.at("state", "waiting", "message")?.text == "back-off 5m0s restarting failed container=payments pod=\(name)_prod(\(uid))")
        #expect(status.at("lastState", "terminated")?.at("exitCode")?.goCompact() == "1")
        #expect(status.at("restartCount")?.goCompact() == "7")
        let oom = Fixtures.pod(of: deployment, .oomKilled())
        #expect(oom.at("status", "containerStatuses")?.arrayValue?.first?.at("lastState", "terminated", "reason")?.text == "OOMKilled")
        let config = Fixtures.pod(of: deployment, .createContainerConfigError(configMap: "payments-env"))
        #expect(config.at("status", "phase")?.text == "Pending")
        #expect(config.at("status", "containerStatuses")?.arrayValue?.first?.at("state", "waiting", "message")?.text == #"configmap "payments-env" not found"#)

        let kustomization = Fixtures.kustomization(name: "dev", revision: "0123abc")
        let ready = try #require(kustomization.at("status", "conditions")?.arrayValue?.first)
        #expect(ready.at("message")?.text == "Applied revision: main@sha1:0123abc")
        #expect(ready.at("reason")?.text == "ReconciliationSucceeded")
        #expect(kustomization.at("status", "lastAppliedRevision")?.text == "main@sha1:0123abc")
        let failing = Fixtures.failingKustomization(name: "dev", appliedSHA: "0123abc", attemptedSHA: "4567def")
        #expect(failing.at("status", "conditions")?.arrayValue?.first?.at("status")?.text == "False")
        #expect(failing.at("status", "lastAttemptedRevision")?.text == "main@sha1:4567def")
    }
}

// MARK: - Raw HTTP

/// A TCP connection to 127.0.0.1, for a client that goes away without a word.
final class RawSocket {
    let descriptor: Int32

    init(port: Int) throws {
        #if canImport(Glibc)
        descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        descriptor = Darwin.socket(AF_INET, SOCK_STREAM, 0)
        #endif
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard descriptor >= 0, connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    func send(_ text: String) {
        _ = Array(text.utf8).withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }

    func close() {
        #if canImport(Glibc)
        _ = Glibc.close(descriptor)
        #else
        _ = Darwin.close(descriptor)
        #endif
    }
}

/// Requests to the fake with AsyncHTTPClient, bodies as text.
struct RawHTTP {
    let base: String
    var token: String?

    init(_ api: FakeKubernetesAPI, token: String? = nil) async throws {
        base = try await api.start().absoluteString
        self.token = token
    }

    func request(_ method: HTTPMethod, _ path: String, body: String? = nil, contentType: String? = nil) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.body = .bytes(ByteBuffer(string: body))
            request.headers.add(name: "Content-Type", value: contentType ?? "application/json")
        }
        return request
    }

    func send(_ method: HTTPMethod, _ path: String, body: String? = nil, contentType: String? = nil) async throws -> (status: Int, headers: HTTPHeaders, body: String) {
        let response = try await HTTPClient.shared.execute(request(method, path, body: body, contentType: contentType), timeout: .seconds(20))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        return (Int(response.status.code), response.headers, String(buffer: bytes))
    }

    func json(_ path: String) async throws -> JSONValue {
        let answer = try await send(.GET, path)
        #expect(answer.status == 200, "\(path): \(answer.body)")
        #expect(answer.headers["Content-Type"] == ["application/json"])
        return try JSONValue.parse(answer.body)
    }

    func watch(_ path: String) async throws -> WatchLines {
        let response = try await HTTPClient.shared.execute(request(.GET, path), timeout: .seconds(20))
        return WatchLines(status: Int(response.status.code), headers: response.headers, body: response.body.makeAsyncIterator())
    }
}

/// A watch response read one line at a time.
struct WatchLines {
    var status: Int
    var headers: HTTPHeaders
    var body: HTTPClientResponse.Body.AsyncIterator
    var pending: [UInt8] = []

    /// The next line without its newline; nil once the server ended the stream.
    mutating func nextLine() async throws -> String? {
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                return line
            }
            guard let chunk = try await body.next() else {
                return pending.isEmpty ? nil : String(decoding: pending, as: UTF8.self)
            }
            pending += Array(chunk.readableBytesView)
        }
    }

    mutating func nextEvent() async throws -> JSONValue? {
        try await nextLine().map { try JSONValue.parse($0) }
    }
}

extension JSONValue {
    fileprivate func at(_ path: String...) -> JSONValue? {
        var value: JSONValue? = self
        for key in path { value = value?[key] }
        return value
    }

    fileprivate var text: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// Sets the value at a path of existing objects.
    fileprivate mutating func set(_ path: [String], _ value: JSONValue) {
        guard let key = path.first, case .object(var members) = self else {
            self = value
            return
        }
        if let index = members.firstIndex(where: { $0.key == key }) {
            members[index].value.set(Array(path.dropFirst()), value)
        } else {
            var child = JSONValue.object([])
            child.set(Array(path.dropFirst()), value)
            members.append(Member(key, child))
        }
        self = .object(members)
    }
}
