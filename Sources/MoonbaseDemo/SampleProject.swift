import Foundation
import ShuttleKit

/// A sample service's shuttle project in the demo's workspace: its `shuttle.yaml` next to the
/// embedded service plan, rendered in process with ShuttleKit as `shuttle run generate` does.
struct SampleProject {
    let service: SampleService
    let project: Project
    let plan: PlanFile?
    /// The `shuttle.yaml` written for the service, which its artifacts carry.
    let spec: String

    /// Writes `<workspace>/<service>/shuttle.yaml` (plan `../plan`, which
    /// ``EmbeddedServicePlan/write(to:)`` must have written) and loads it.
    static func create(_ service: SampleService, in workspace: String) async throws(DemoError) -> SampleProject {
        let directory = workspace + "/" + service.name
        let vars = ["service: \(service.name)", "squad: \(service.squad)", "language: \(service.language)"] + service.vars
        let text = "plan: ../plan\nvars:\n" + vars.map { "  \($0)\n" }.joined()
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/shuttle.yaml"))
        } catch {
            throw DemoError("could not write \(directory)/shuttle.yaml: \(error.localizedDescription)")
        }
        do {
            let project = try Project.locate(
                ShuttleOptions(projectPath: directory, workingDirectory: workspace, environment: [:]), console: Console(level: .error))
            try await project.materializePlan()
            let sample = SampleProject(service: service, project: project, plan: try await project.loadPlanFile(), spec: text)
            _ = try sample.render("validate.tmpl", environment: nil, artifactID: nil)
            return sample
        } catch {
            throw DemoError("sample service \(service.name): \(error)")
        }
    }

    /// The manifests `shuttle run generate artifact=ID` renders, by environment then file name
    /// (`40-deployment.yaml`), following the plan's generate script.
    func manifests(artifactID: String) throws(DemoError) -> [String: [String: String]] {
        do {
            let environments = try project.variableText("environments", template: #"{{ join " " . }}"#, plan: plan)
            let database = try project.variableText("database", plan: plan)
            let flux = try project.variableText("flux", plan: plan)
            var files: [(name: String, template: String)] = [("01-configmap.yaml", "configmap.yaml.tmpl")]
            if database == "postgres" { files.append(("20-database.yaml", "database.yaml.tmpl")) }
            files += [("40-deployment.yaml", "deployment.yaml.tmpl"), ("50-service.yaml", "service.yaml.tmpl")]
            if project.has("ingress.host", script: false, plan: plan) { files.append(("60-ingress.yaml", "ingress.yaml.tmpl")) }
            if flux == "true" { files.append(("90-kustomization.yaml", "kustomization.yaml.tmpl")) }
            var manifests: [String: [String: String]] = [:]
            for environment in environments.split(separator: " ").map(String.init) {
                for file in files {
                    manifests[environment, default: [:]][file.name] = try render(file.template, environment: environment, artifactID: artifactID)
                }
            }
            return manifests
        } catch {
            throw DemoError("sample service \(service.name): \(error)")
        }
    }

    private func render(_ template: String, environment: String?, artifactID: String?) throws(ShuttleError) -> String {
        var arguments: [String: String] = [:]
        arguments["env"] = environment
        arguments["artifact"] = artifactID
        return try TemplateFile(project: project).render(
            template, arguments: arguments, vars: project.vars(plan: plan), output: nil, ignoreProjectOverrides: true) ?? ""
    }
}
