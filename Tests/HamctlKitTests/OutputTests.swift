import Foundation
@testable import HamctlKit
import GoCompat
import ReleaseModel
import Testing

/// hamctl's text output, in the reference's formats (spec §5.3–§5.6).
@Suite struct OutputTests {
    let utc = TimeZone(identifier: "UTC")!
    let june = GoTime(Date(timeIntervalSince1970: 1_624_437_742))  // 2021-06-23 08:42:22 UTC

    func spec(_ id: String, namespace: String = "") -> ArtifactSpec {
        var spec = ArtifactSpec(id: id, service: "product", namespace: namespace)
        spec.application = Repository(authorName: "Jane Doe", authorEmail: "jane@example.com", committerName: "Jane Doe", message: "Useful bits\nmore", url: "https://github.com/org/product/commit/482c9d808e")
        spec.ci.end = june
        return spec
    }

    @Test func statusPadsTheEnvironmentColumnAndSaysWhenNothingRuns() {
        var dev = EnvironmentStatus(environment: "dev", spec: spec("master-1234-5678"))
        dev.committer = "Jane Doe"
        dev.message = "Useful bits"
        var prod = dev
        prod.name = "prod"
        let text = StatusText.render(service: "svc", StatusResponse(defaultNamespaces: false, environments: [dev, prod]), timeZone: utc)
        #expect(text == "Status for service svc\n\ndev:  2021-06-23 08:42:22 master-1234-5678 by Jane Doe: Useful bits\nprod: 2021-06-23 08:42:22 master-1234-5678 by Jane Doe: Useful bits\n")
        let empty = StatusText.render(service: "svc", StatusResponse(defaultNamespaces: true, environments: []), timeZone: utc)
        #expect(empty == "Status for service svc\n\nNo environments managed by release-manager.\n\nUsing environment specific namespace, ie. dev, prod.\nAre you setting the right namespace?\n")
    }

    @Test func statusShowsWhatTheClusterRunsInBrackets() {
        var dev = EnvironmentStatus(environment: "dev", spec: spec("master-1234-5678"))
        dev.committer = "Jane Doe"
        dev.message = "Useful bits"
        dev.cluster = ClusterState(phase: .running, artifactID: "master-1234-5678", available: 3, desired: 3)
        var staging = dev
        staging.name = "staging"
        staging.cluster = ClusterState(phase: .failed, artifactID: "master-1234-5678", reason: "CrashLoopBackOff")
        var prod = dev
        prod.name = "prod"
        prod.cluster = ClusterState(phase: .applied, artifactID: "master-0000-5678", drift: true)
        let text = StatusText.render(service: "svc", StatusResponse(defaultNamespaces: false, environments: [dev, staging, prod]), timeZone: utc)
        #expect(text == """
            Status for service svc

            dev:     2021-06-23 08:42:22 master-1234-5678 by Jane Doe: Useful bits [running 3/3]
            staging: 2021-06-23 08:42:22 master-1234-5678 by Jane Doe: Useful bits [failed: CrashLoopBackOff]
            prod:    2021-06-23 08:42:22 master-1234-5678 by Jane Doe: Useful bits [applied (drift: cluster runs master-0000-5678)]

            """)
    }

    @Test func describeReleaseShowsTheNamespaceOnlyWhenTheArtifactHasOne() {
        let release = DescribeReleaseResponse.Release(
            releaseIndex: 0, artifact: spec("master-482c9d808e-3bf40478e5"), releasedAt: GoTime(Date(timeIntervalSince1970: 1_624_441_342)),
            releasedByEmail: "jane@example.com", releasedByName: "jane@example.com", intent: .releaseBranch(branch: "master"))
        let text = DescribeText.releases(DescribeReleaseResponse(service: "product", environment: "dev", releases: [release]), timeZone: utc)
        #expect(text == """
            Service: product
            Environment: dev

             - Artifact: master-482c9d808e-3bf40478e5
               Artifact from: 2021-06-23 08:42:22
               Artifact by: Jane Doe (jane@example.com)
               Released at: 2021-06-23 09:42:22
               Released by: jane@example.com (jane@example.com)
               Commit: https://github.com/org/product/commit/482c9d808e
               Message: Useful bits
               Intent: master branch release


            """)
        var namespaced = release
        namespaced.artifact = spec("a", namespace: "payments")
        let withNamespace = DescribeText.releases(DescribeReleaseResponse(service: "product", environment: "dev", releases: [namespaced]), timeZone: utc)
        #expect(withNamespace.contains(" - Artifact: a\n   Namespace: payments\n"))
    }

    @Test func describeArtifactPadsItsColumns() {
        let text = DescribeText.artifacts(DescribeArtifactResponse(service: "product", artifacts: [spec("master-482c9d808e-3bf40478e5")]), timeZone: utc)
        #expect(text == "Latest artifacts for service: product\n\nDate                 Artifact                      Message\n2021-06-23 08:42:22  master-482c9d808e-3bf40478e5  Useful bits\n")
    }

    @Test func historyAlignsItsColumnsAndAddsReasons() {
        var rollback = DescribeReleaseResponse.Release(
            releaseIndex: 0, artifact: spec("master-1"), releasedAt: june, releasedByEmail: "jane@example.com", releasedByName: "Jane Doe",
            intent: .rollback(previousArtifactID: "master-2"))
        rollback.reason = "broken"
        let promotion = DescribeReleaseResponse.Release(
            releaseIndex: 0, artifact: spec("master-22"), releasedAt: june, releasedByEmail: "ci@example.com", releasedByName: "",
            intent: .promote(fromEnvironment: "staging"))
        let text = HistoryEntry.render(
            service: "product", [HistoryEntry(environment: "dev", release: rollback), HistoryEntry(environment: "prod", release: promotion)], timeZone: utc)
        #expect(text == """
            Release history of service product

            2021-06-23 08:42:22  dev   master-1   rollback of master-2    by Jane Doe        reason: broken
            2021-06-23 08:42:22  prod  master-22  promotion from staging  by ci@example.com

            """)
    }

    @Test func pickerRowsFollowTheReferenceTemplate() {
        let now = june.date.addingTimeInterval(3 * 3600)
        let releases = [0, 1].map { index in
            DescribeReleaseResponse.Release(
                releaseIndex: index, artifact: spec("master-\(index)"), releasedAt: june, releasedByEmail: "jane@example.com", releasedByName: "Jane",
                intent: .releaseArtifact)
        }
        #expect(RollbackPicker(environment: "dev", releases: releases, now: now).rows() == [
            "#0 master-0 current release 3 hours ago by jane@example.com", "#1 master-1 3 hours ago by jane@example.com",
        ])
        #expect(Humanized.age(of: now.addingTimeInterval(-61), now: now) == "1 minute ago")
        #expect(Humanized.age(of: now.addingTimeInterval(-86_400 * 3), now: now) == "3 days ago")
    }

    @Test func timeoutsTakeGoDurationsOrSeconds() {
        #expect(HTTPTimeout.parse("30s") == .seconds(30))
        #expect(HTTPTimeout.parse("1m30s") == .seconds(90))
        #expect(HTTPTimeout.parse("500ms") == .milliseconds(500))
        #expect(HTTPTimeout.parse("90") == .seconds(90))
        #expect(HTTPTimeout.parse("24h") == .seconds(86_400))
        for bad in ["", "soon", "0", "-5", "5x", "s", "25h", "86401", "99999999999999999h", "10000000000"] {
            #expect(HTTPTimeout.parse(bad) == nil, "\(bad)")
        }
    }
}
