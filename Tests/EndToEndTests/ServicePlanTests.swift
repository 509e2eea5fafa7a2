import Foundation
import TestSupport
import Testing
import Yams

/// The paved-path plan in plans/service, run by the built `shuttle`: rendered manifests equal the
/// checked-in golden files, every one is well-formed for its kind, every invalid spec is refused
/// with its message, and what it renders is released by a real moonbase.
@Suite(.tags(.endToEnd), .timeLimit(.minutes(10))) struct ServicePlanTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let plan = repository + "/plans/service"
    static let fixtures = repository + "/Tests/Fixtures/service-plan"
    static var shuttle: String { productsDirectory + "/shuttle" }
    static let artifactID = "master-0123456789-abcdef0123"

    /// A project in a temporary folder with `vars` (YAML lines) and the plan.
    static func project(_ vars: String, in root: TemporaryDirectory) throws -> String {
        try root.write("project/shuttle.yaml", "plan: \(plan)\n" + vars)
        return root.path + "/project"
    }

    /// Every file under `folder`, by relative path.
    static func files(under folder: String) throws -> [String: String] {
        var files: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let path = enumerator?.nextObject() as? String {
            var isFolder: ObjCBool = false
            FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isFolder)
            if !isFolder.boolValue { files[path] = try String(contentsOfFile: folder + "/" + path, encoding: .utf8) }
        }
        return files
    }

    static let cases = ["swift-postgres-ingress", "go-defaults", "docker-flux"]

    /// Set UPDATE_GOLDEN=1 to rewrite the expected files from what the plan renders now.
    @Test(.enabled(if: ExternalTools.kubernetesValidateAvailable, ExternalTools.kubernetesValidateMissing), .tags(.python), arguments: cases) func rendersTheGoldenManifests(_ name: String) async throws {
        let root = try TemporaryDirectory("service-plan")
        defer { root.remove() }
        let spec = try String(contentsOfFile: "\(Self.fixtures)/\(name)/shuttle.yaml", encoding: .utf8)
        let project = try Self.project(spec, in: root)
        let generated = try await runProcess(Self.shuttle, ["-p", project, "run", "generate", "artifact=\(Self.artifactID)"], in: root.path)
        #expect(generated.status == 0, "\(generated.stdout) \(generated.stderr)")
        let rendered = try Self.files(under: project + "/.shuttle/temp")
        let expectedFolder = "\(Self.fixtures)/\(name)/expected"
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try? FileManager.default.removeItem(atPath: expectedFolder)
            for (path, text) in rendered {
                let file = expectedFolder + "/" + path
                try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try text.write(toFile: file, atomically: true, encoding: .utf8)
            }
        }
        let expected = try Self.files(under: expectedFolder)
        #expect(!expected.isEmpty)
        #expect(Set(rendered.keys) == Set(expected.keys))
        for (path, text) in expected {
            #expect(rendered[path] == text, "\(name)/\(path) differs from the golden file")
        }
        let manifests = rendered.filter { $0.key.hasPrefix("manifests/") }
        for (path, text) in manifests {
            try ManifestCheck.check(text, file: "\(name)/\(path)")
        }
        let checked = try await Self.checkSchemas(manifests.keys.sorted().map { project + "/.shuttle/temp/" + $0 })
        #expect(checked.status == 0 && checked.stdout.isEmpty, "\(name): \(checked.stdout)\(checked.stderr)")
    }

    /// The Kubernetes version whose JSON schemas the rendered manifests must pass.
    static let kubernetesVersion = "1.31"

    /// Checks manifests strictly against the JSON schemas of their kinds: kubernetes-validate's
    /// for the core kinds (scripts/test installs it), the fixtures' own for the custom ones.
    static func checkSchemas(_ files: [String]) async throws -> ProcessOutput {
        try await runProcess("python3", [fixtures + "/schemas/check_manifests.py", kubernetesVersion] + files, in: fixtures)
    }

    @Test(.enabled(if: ExternalTools.kubernetesValidateAvailable, ExternalTools.kubernetesValidateMissing), .tags(.python)) func theSchemaCheckRefusesWhatKubernetesWould() async throws {
        let root = try TemporaryDirectory("service-plan")
        defer { root.remove() }
        let deployment = try root.write("deployment.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: p}
            spec:
              replica: 2
              selector: {matchLabels: {app: p}}
              template:
                metadata: {labels: {app: p}}
                spec: {containers: [{name: p, image: p, ports: [{containerPort: "8080"}]}]}
            """)
        let database = try root.write("database.yaml", """
            apiVersion: database.moonbase.dev/v1alpha1
            kind: PostgreSQLInstance
            metadata: {name: p}
            spec: {parameters: {storageGB: big}, writeConnectionSecretToRef: {name: p-database}}
            """)
        let unknown = try root.write("unknown.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n")
        let checked = try await Self.checkSchemas([deployment, database, unknown])
        #expect(checked.status == 1)
        #expect(checked.stdout == """
            \(deployment): spec: Additional properties are not allowed ('replica' was unexpected)
            \(deployment): spec.template.spec.containers.0.ports.0.containerPort: '8080' is not of type 'integer'
            \(database): spec.parameters.storageGB: 'big' is not of type 'integer'
            \(unknown): no schema for kind Widget of example.com/v1 in Kubernetes \(Self.kubernetesVersion)

            """, "\(checked.stdout)\(checked.stderr)")
    }

    /// Each invalid spec and the line its refusal must carry.
    static let invalidSpecs: [(vars: String, message: String)] = [
        ("vars:\n  squad: s\n  language: go\n", "vars.service: required: the service's name"),
        ("vars:\n  service: Pay_1\n  squad: s\n  language: go\n", #"vars.service: "Pay_1" is not a service name"#),
        ("vars:\n  service: p\n  language: go\n", "vars.squad: required: the squad that owns the service"),
        ("vars:\n  service: p\n  squad: s\n", "vars.language: required: one of swift, go, node, python, docker"),
        ("vars:\n  service: p\n  squad: s\n  language: rust\n", #"vars.language: "rust" is not supported: use one of swift, go, node, python, docker"#),
        ("vars:\n  service: p\n  squad: s\n  language: go\n  port: 70000\n", #"vars.port: "70000" is not a port: use a whole number from 1 to 65535"#),
        ("vars:\n  service: p\n  squad: s\n  language: go\n  port: http\n", #"vars.port: "http" is not a port"#),
        ("vars:\n  service: p\n  squad: s\n  language: go\n  replicas: {qa: 1}\n", "vars.replicas.qa: unknown environment; the environments are dev, staging, prod"),
        ("vars:\n  service: p\n  squad: s\n  language: go\n  replicas: {prod: many}\n", #"vars.replicas.prod: "many" is not a replica count"#),
        ("vars:\n  service: p\n  squad: s\n  language: go\n  replicas: 3\n", "vars.replicas: must be a map of environment to count"),
        ("vars:\n  service: p\n  squad: s\n  language: go\n  resources: {cpu: lots}\n", #"vars.resources.cpu: "lots" is not a CPU quantity"#),
        ("vars:\n  service: p\n  squad: s\n  language: go\n  resources: {memory: 1GB}\n", #"vars.resources.memory: "1GB" is not a memory quantity"#),
        ("vars:\n  service: p\n  squad: s\n  language: go\n  resources: {gpu: 1}\n", "vars.resources.gpu: unknown key; allowed: cpu, memory"),
        ("vars:\n  service: p\n  squad: s\n  language: go\n  env: {9LIVES: x}\n", "vars.env.9LIVES: not an environment variable name"),
        ("vars:\n  service: p\n  squad: s\n  language: go\n  env: {A: [1, 2]}\n", "vars.env.A: must be a text, number or boolean, not a slice"),
        ("vars:\n  service: p\n  squad: s\n  language: go\n  ingress: {host: Not_A_Host}\n", #"vars.ingress.host: "Not_A_Host" is not a host name"#),
        ("vars:\n  service: p\n  squad: s\n  language: go\n  ingress: {tls: true}\n", "vars.ingress.tls: unknown key; allowed: host"),
        ("vars:\n  service: p\n  squad: s\n  language: go\n  database: mysql\n", #"vars.database: "mysql" is not supported: use postgres, or none"#),
        ("vars:\n  service: p\n  squad: s\n  language: go\n  healthcheck: healthz\n", #"vars.healthcheck: "healthz" is not a path"#),
        ("vars:\n  service: p\n  squad: s\n  language: go\n  flux: maybe\n", #"vars.flux: "maybe" must be true or false"#),
        ("vars:\n  service: p\n  squad: s\n  language: go\n  colour: blue\n", "vars.colour: unknown key; allowed: service, squad, language"),
    ]

    @Test(.enabled(if: ExternalTools.kubernetesValidateAvailable, ExternalTools.kubernetesValidateMissing), .tags(.python)) func refusesEveryInvalidSpecNamingTheKey() async throws {
        let root = try TemporaryDirectory("service-plan")
        defer { root.remove() }
        for (vars, message) in Self.invalidSpecs {
            let project = try Self.project(vars, in: root)
            let validated = try await runProcess(Self.shuttle, ["-p", project, "run", "validate"], in: root.path)
            #expect(validated.status != 0, "\(vars)")
            #expect(validated.stderr.contains("shuttle.yaml is not a valid service spec:\n  "), "\(vars): \(validated.stderr)")
            #expect(validated.stderr.contains(message), "\(vars): \(validated.stderr)")
            let generated = try await runProcess(Self.shuttle, ["-p", project, "run", "generate"], in: root.path)
            #expect(generated.status != 0, "generate went ahead with \(vars)")
            #expect(!FileManager.default.fileExists(atPath: project + "/.shuttle/temp/manifests"), "\(vars)")
        }
        let valid = try Self.project("vars:\n  service: p\n  squad: s\n  language: go\n", in: root)
        let ok = try await runProcess(Self.shuttle, ["-p", valid, "run", "validate"], in: root.path)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout == """
            service spec ok: p (go), squad s
            9 rendered manifests ok
            kubernetes-validate: the core kinds match the Kubernetes schemas

            """, "\(ok.stdout)")
    }

    /// Without a container engine or scanner, build, push and security-scan say what is missing.
    @Test func buildAndPushNameTheMissingContainerEngine() async throws {
        let root = try TemporaryDirectory("service-plan")
        defer { root.remove() }
        let project = try Self.project("vars:\n  service: p\n  squad: s\n  language: go\n", in: root)
        let bin = root.path + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: bin + "/shuttle", withDestinationPath: Self.shuttle)
        for tool in ["sh", "cat"] {
            try FileManager.default.createSymbolicLink(atPath: bin + "/" + tool, withDestinationPath: "/bin/" + tool)
        }
        let bare = ["PATH": bin]
        // Each message must be the script's own first line, not only part of shuttle's dump of the script.
        let built = try await runProcess(Self.shuttle, ["-p", project, "run", "build"], in: root.path, environment: bare)
        #expect(built.status == 1)
        #expect(built.stderr.hasPrefix("build needs docker, podman or buildah on PATH, and none is there: install one, or let CI build\n"), "\(built.stderr)")
        let notBuilt = try await runProcess(Self.shuttle, ["-p", project, "run", "push"], in: root.path, environment: bare)
        #expect(notBuilt.status == 1)
        #expect(notBuilt.stderr.hasPrefix("push: nothing built yet; run 'shuttle run build' first\n"), "\(notBuilt.stderr)")
        _ = try root.write("project/.shuttle/temp/image", "registry.example.com/p:latest\n")
        let pushed = try await runProcess(Self.shuttle, ["-p", project, "run", "push"], in: root.path, environment: bare)
        #expect(pushed.status == 1)
        #expect(pushed.stderr.hasPrefix("push needs docker, podman or buildah on PATH, and none is there\n"), "\(pushed.stderr)")
        let scanned = try await runProcess(Self.shuttle, ["-p", project, "run", "security-scan"], in: root.path, environment: bare)
        #expect(scanned.status == 0)
        #expect(scanned.stderr == "security-scan: neither trivy nor grype is installed; the artifact records no scan\n", "\(scanned.stderr)")
    }

    @Test func validateChecksEachRenderedManifest() async throws {
        let root = try TemporaryDirectory("service-plan")
        defer { root.remove() }
        let project = try Self.project("vars:\n  service: p\n  squad: s\n  language: go\n", in: root)
        let bad = try root.write("bad.yaml", "kind: Deployment\nmetadata: {name: Bad_Name}\nspec: {selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: c}}}}\n")
        let checked = try await runProcess(Self.shuttle, ["-p", project, "template", "check-manifest.tmpl", "file=\(bad)"], in: root.path)
        #expect(checked.status != 0)
        #expect(checked.stderr.contains("""
            \(bad) is not a valid manifest:
              apiVersion is missing
              metadata.name "Bad_Name" is not a DNS-1123 label
              spec.selector.matchLabels.a does not match the pod template's label
            """), "\(checked.stderr)")
        let notYAML = try root.write("broken.yaml", "kind: [\n")
        let broken = try await runProcess(Self.shuttle, ["-p", project, "template", "check-manifest.tmpl", "file=\(notYAML)"], in: root.path)
        #expect(broken.status != 0)
        #expect(broken.stderr.contains("yaml:"), "\(broken.stderr)")
    }
}

extension ServicePlanTests {
    /// The paved path end to end: `shuttle new` a service, render it with the plan, record and
    /// push the artifact, release it to dev, and find the manifests and the release commit in
    /// the config repository.
    @Test func whatThePlanRendersIsReleasedByMoonbase() async throws {
        let fixture = try await ReleaseManagerFixture.start()
        defer { fixture.stop() }
        let project = fixture.root.path + "/ledger"
        let created = try await runProcess(
            Self.shuttle, ["new", "ledger", "--plan", Self.plan, "--language", "go", "--squad", "books", "--into", project], in: fixture.root.path)
        #expect(created.status == 0, "\(created.stderr)")
        let id = Self.artifactID
        let generated = try await runProcess(Self.shuttle, ["-p", project, "run", "generate", "artifact=\(id)"], in: project)
        #expect(generated.status == 0, "\(generated.stderr)")
        let root = project + "/.shuttle/temp/artifact"
        let environment = ["ARTIFACT_URL": fixture.url, "ARTIFACT_AUTH_TOKEN": fixture.adminToken]
        let steps: [[String]] = [
            [
                "init", "--artifact-id", id, "--service", "ledger", "--squad", "books", "--git-branch", "master", "--git-sha", "0123456789abcdef",
                "--git-message", "First", "--git-author-name", "Jane", "--git-author-email", "jane@example.com",
                "--git-committer-name", "Jane", "--git-committer-email", "jane@example.com",
            ],
            ["end"],
        ]
        for step in steps {
            let output = try await runProcess(ReleaseManagerFixture.artifactPath, step + ["--root", root], in: project, environment: environment)
            #expect(output.status == 0, "\(step): \(output.stderr)")
        }
        // As the plan's ci script does: the rendered manifests become the artifact's folders.
        for environment in ["dev", "staging", "prod"] {
            try FileManager.default.copyItem(atPath: project + "/.shuttle/temp/manifests/" + environment, toPath: root + "/" + environment)
        }
        let pushed = try await runProcess(ReleaseManagerFixture.artifactPath, ["push", "--root", root], in: project, environment: environment)
        #expect(pushed.stdout == id + "\n", "\(pushed.stderr)")
        let released = try await fixture.hamctl(["release", "--service", "ledger", "--env", "dev", "--artifact", id])
        #expect(released.status == 0, "\(released.stdout) \(released.stderr)")

        let configRepository = fixture.home + "/config.git"
        let files = try await git(["--git-dir", configRepository, "ls-tree", "-r", "--name-only", "HEAD"], in: fixture.root.path)
        for file in ["01-configmap.yaml", "40-deployment.yaml", "50-service.yaml", "artifact.json"] {
            #expect(files.contains("dev/releases/dev/ledger/\(file)"), "\(files)")
        }
        let deployment = try await git(["--git-dir", configRepository, "show", "HEAD:dev/releases/dev/ledger/40-deployment.yaml"], in: fixture.root.path)
        #expect(deployment.contains("image: registry.example.com/ledger:\(id)"))
        let message = try await git(["--git-dir", configRepository, "log", "-1", "--format=%B"], in: fixture.root.path)
        #expect(message.hasPrefix("[dev/ledger] release \(id) by "), "\(message)")
        #expect(message.contains("Artifact-ID: \(id)"))
    }
}

/// Structural checks of the Kubernetes kinds the plan renders: the fields the API server
/// requires, and that the pieces which refer to each other agree (selectors, ports, names).
enum ManifestCheck {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func check(_ text: String, file: String) throws {
        guard let document = try Yams.load(yaml: text) as? [String: Any] else { throw Failure(description: "\(file): not a YAML mapping") }
        func require(_ condition: Bool, _ what: String) throws {
            if !condition { throw Failure(description: "\(file): \(what)") }
        }
        let kind = document["kind"] as? String
        let metadata = document["metadata"] as? [String: Any]
        try require(document["apiVersion"] is String, "apiVersion missing")
        try require(kind != nil, "kind missing")
        let name = metadata?["name"] as? String ?? ""
        try require(name.range(of: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", options: .regularExpression) != nil, "metadata.name '\(name)' is not a DNS-1123 label")
        for (key, value) in metadata?["labels"] as? [String: Any] ?? [:] {
            try require(value is String, "label \(key) is not a string")
        }
        let spec = document["spec"] as? [String: Any] ?? [:]
        switch (document["apiVersion"] as? String, kind) {
        case ("v1", "ConfigMap"):
            for (key, value) in document["data"] as? [String: Any] ?? [:] { try require(value is String, "data.\(key) is not a string") }
        case ("apps/v1", "Deployment"):
            try require(spec["replicas"] is Int, "spec.replicas is not an integer")
            let selector = (spec["selector"] as? [String: Any])?["matchLabels"] as? [String: String] ?? [:]
            let template = spec["template"] as? [String: Any]
            let labels = (template?["metadata"] as? [String: Any])?["labels"] as? [String: String] ?? [:]
            try require(!selector.isEmpty && selector.allSatisfy { labels[$0.key] == $0.value }, "spec.selector does not match the pod template's labels")
            let containers = (template?["spec"] as? [String: Any])?["containers"] as? [[String: Any]] ?? []
            try require(!containers.isEmpty, "no containers")
            for container in containers {
                try require(container["name"] is String && container["image"] is String, "a container lacks name or image")
                for port in container["ports"] as? [[String: Any]] ?? [] {
                    try require((port["containerPort"] as? Int).map { (1...65535).contains($0) } == true, "containerPort is not a port")
                }
            }
        case ("v1", "Service"):
            let ports = spec["ports"] as? [[String: Any]] ?? []
            try require(!ports.isEmpty && ports.allSatisfy { $0["port"] is Int }, "spec.ports missing or not integers")
            try require(spec["selector"] is [String: Any], "spec.selector missing")
        case ("networking.k8s.io/v1", "Ingress"):
            let rules = spec["rules"] as? [[String: Any]] ?? []
            try require(!rules.isEmpty && rules.allSatisfy { $0["host"] is String && $0["http"] != nil }, "spec.rules missing host or http")
        case ("kustomize.toolkit.fluxcd.io/v1", "Kustomization"):
            try require(spec["path"] is String && spec["sourceRef"] is [String: Any] && spec["interval"] is String, "spec.path, sourceRef or interval missing")
        case ("database.moonbase.dev/v1alpha1", "PostgreSQLInstance"):
            try require((spec["writeConnectionSecretToRef"] as? [String: Any])?["name"] is String, "spec.writeConnectionSecretToRef.name missing")
        default:
            throw Failure(description: "\(file): \(kind ?? "?") of \(document["apiVersion"] ?? "?") is not a kind the plan renders")
        }
    }
}
