import Foundation
import ReleaseModel

/// The one-screen summary `failure` and `successful` print: outcome, service and artifact id,
/// the commit, the CI job and its duration, and one line per recorded stage.
public struct PipelineSummary: Sendable {
    public var spec: ArtifactSpec?
    public var outcome: PipelineOutcome
    /// Stands in for `ci.end` while the pipeline has not run `artifact end`.
    public var now: Date

    public init(spec: ArtifactSpec?, outcome: PipelineOutcome, now: Date) {
        self.spec = spec
        self.outcome = outcome
        self.now = now
    }

    public var text: String {
        var lines: [String] = []
        let verdict = switch outcome {
        case .failed: "FAILED"
        case .successful: "SUCCESSFUL"
        }
        guard let spec else {
            lines.append("Pipeline \(verdict) (no artifact recorded)")
            if case .failed(let message) = outcome { lines.append(Self.row("error", message)) }
            return lines.joined(separator: "\n") + "\n"
        }
        lines.append("Pipeline \(verdict): \(spec.service) \(spec.id)")
        let application = spec.application
        if !application.sha.isEmpty || !application.branch.isEmpty {
            var commit = "\(application.sha.prefix(10)) on \(application.branch)"
            if !application.authorName.isEmpty {
                commit += " by \(application.authorName)"
                if !application.authorEmail.isEmpty { commit += " <\(application.authorEmail)>" }
            }
            lines.append(Self.row("commit", commit))
            if let subject = application.message.split(separator: "\n").first {
                lines.append(Self.row("", "\"\(subject)\""))
            }
        }
        var ci: [String] = []
        if !spec.ci.jobURL.isEmpty { ci.append(spec.ci.jobURL) }
        if !spec.ci.start.isZero {
            ci.append("started \(spec.ci.start.rfc3339Nano)")
            let end = spec.ci.end.isZero ? now : spec.ci.end.date
            ci.append("ran \(Self.duration(end.timeIntervalSince(spec.ci.start.date)))")
        }
        if !ci.isEmpty { lines.append(Self.row("ci", ci.joined(separator: ", "))) }
        if spec.stages.isEmpty {
            lines.append(Self.row("stages", "none recorded"))
        }
        for (index, stage) in spec.stages.enumerated() {
            let name = (stage.name.isEmpty ? stage.id : stage.name).padding(toLength: 24, withPad: " ", startingAt: 0)
            lines.append(Self.row(index == 0 ? "stages" : "", name + Self.details(of: stage)))
        }
        if case .failed(let message) = outcome { lines.append(Self.row("error", message)) }
        return lines.joined(separator: "\n") + "\n"
    }

    static func row(_ label: String, _ value: String) -> String {
        "  " + label.padding(toLength: 8, withPad: " ", startingAt: 0) + value
    }

    static func details(of stage: Stage) -> String {
        switch stage.data {
        case .build(let data), .push(let data): "\(data.image):\(data.tag)"
        case .test(let data): "passed \(data.results.passed), failed \(data.results.failed), skipped \(data.results.skipped)"
        case .snykCode(let data): "\(data.language) \(data.vulnerabilities.summary)"
        case .snykDocker(let data): "\(data.baseImage) \(data.vulnerabilities.summary)"
        case .securityScan(let data):
            ([data.scanner, data.scannerVersion, data.image].filter { !$0.isEmpty }.joined(separator: " ") + " " + data.vulnerabilities.summary)
                .trimmingCharacters(in: .whitespaces)
        case .raw, nil: ""
        }
    }

    /// `45s`, `3m 12s`, `1h 02m`.
    static func duration(_ interval: TimeInterval) -> String {
        let seconds = max(0, Int(interval.rounded()))
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m \(seconds % 60)s" }
        return "\(seconds / 3600)h " + String(format: "%02dm", seconds % 3600 / 60)
    }
}
