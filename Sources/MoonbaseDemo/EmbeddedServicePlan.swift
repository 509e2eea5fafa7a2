import Crypto
import Foundation
import GoCompat

/// The files of plans/service the demo renders manifests with, compiled into the binary
/// (SwiftPM `embedInCode` through the symbolic links in `ServicePlan/`), so `moonbase demo`
/// works wherever the binary is run.
enum EmbeddedServicePlan {
    /// Relative path in the plan → contents.
    static let files: [(path: String, contents: [UInt8])] = [
        ("plan.yaml", PackageResources.plan_yaml),
        ("templates/validate.tmpl", PackageResources.validate_tmpl),
        ("templates/configmap.yaml.tmpl", PackageResources.configmap_yaml_tmpl),
        ("templates/database.yaml.tmpl", PackageResources.database_yaml_tmpl),
        ("templates/deployment.yaml.tmpl", PackageResources.deployment_yaml_tmpl),
        ("templates/service.yaml.tmpl", PackageResources.service_yaml_tmpl),
        ("templates/ingress.yaml.tmpl", PackageResources.ingress_yaml_tmpl),
        ("templates/kustomization.yaml.tmpl", PackageResources.kustomization_yaml_tmpl),
    ]

    /// Writes the plan into `directory`.
    static func write(to directory: String) throws(DemoError) {
        for file in files {
            let path = directory + "/" + file.path
            do {
                try FileManager.default.createDirectory(
                    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(file.contents).write(to: URL(fileURLWithPath: path))
            } catch {
                throw DemoError("could not write the service plan's \(file.path) to \(path): \(error.localizedDescription)")
            }
        }
    }

    /// What stands in for the plan's git sha in the artifacts: a SHA-1 over the embedded files,
    /// so it changes exactly when the plan does.
    static let sha: String = {
        var hash = Insecure.SHA1()
        for file in files {
            hash.update(data: Array(file.path.utf8) + [0] + file.contents)
        }
        return Hex.encode(hash.finalize())
    }()
}
