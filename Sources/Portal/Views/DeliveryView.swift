import Foundation
import MoonbaseStore

/// `/delivery`: the DORA measures for the organisation, a squad or a service over a window,
/// as numbers and server-drawn charts.
public struct DeliveryView: PortalView {
    public static let template = "delivery"
    public var title: String { "Delivery: \(scope)" }

    public var metrics: DeliveryMetrics
    /// What is measured, as a reader names it: `the organisation`, `squad money`, `service payments`.
    public var scope: String
    public var squad: String?
    public var service: String?
    public var windowDays: Int
    public var production: String
    public var squads: [Squad]

    public static let windows = [7, 30, 90]

    public init(metrics: DeliveryMetrics, scope: String, squad: String?, service: String?, windowDays: Int, production: String, squads: [Squad]) {
        self.metrics = metrics
        self.scope = scope
        self.squad = squad
        self.service = service
        self.windowDays = windowDays
        self.production = production
        self.squads = squads
    }

    public func context(now: Date) -> [String: Any] {
        let deployments = BarChart(
            title: "Releases to \(production) per day, rollbacks on top",
            bars: metrics.days.map { day in
                BarChart.Bar(
                    label: PortalFormat.monthAndDay(day.start), value: Double(day.deployments), highlight: Double(day.rollbacks),
                    text: "\(UTCTime(day.start).date): \(day.deployments) releases, \(day.rollbacks) rollbacks")
            },
            formatValue: { String(Int($0)) })
        let leadTimes = BarChart(
            title: "Median lead time per day",
            bars: metrics.days.map { day in
                BarChart.Bar(
                    label: PortalFormat.monthAndDay(day.start), value: day.leadTime ?? 0,
                    text: "\(UTCTime(day.start).date): " + (day.leadTime.map(PortalFormat.duration) ?? "no releases"))
            },
            formatValue: PortalFormat.duration)
        return [
            "scope": scope,
            "production": production,
            "squad": squad ?? "",
            "service": service ?? "",
            "windows": Self.windows.map { ["days": $0, "selected": $0 == windowDays] as [String: Any] },
            "squadOptions": squads.map { ["name": $0.name, "selected": $0.name == squad] as [String: Any] },
            "from": PortalFormat.timestamp(metrics.window.start),
            "to": PortalFormat.timestamp(metrics.window.end),
            "deployments": metrics.deployments,
            "perDay": String(format: "%.2f", metrics.deploymentsPerDay),
            "leadTime": metrics.leadTime.map(PortalFormat.duration) ?? "no data",
            "changeFailureRate": metrics.changeFailureRate.map { String(format: "%.0f %%", $0 * 100) } ?? "no data",
            "failed": metrics.failedDeployments,
            "rollbacks": metrics.rollbacks,
            "timeToRestore": metrics.timeToRestore.map(PortalFormat.duration) ?? "no data",
            "deploymentChart": deployments.svg,
            "leadTimeChart": leadTimes.svg,
        ]
    }
}
