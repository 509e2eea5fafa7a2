// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "Moonbase",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "shuttle", targets: ["shuttle"]),
        .library(name: "GoCompat", targets: ["GoCompat"]),
        .library(name: "GitRunner", targets: ["GitRunner"]),
        .library(name: "GoTemplate", targets: ["GoTemplate"]),
        .library(name: "ShuttleKit", targets: ["ShuttleKit"]),
        .library(name: "ReleaseModel", targets: ["ReleaseModel"]),
        .library(name: "ConfigRepo", targets: ["ConfigRepo"]),
        .library(name: "MoonbaseStore", targets: ["MoonbaseStore"]),
        .library(name: "SQLiteStore", targets: ["SQLiteStore"]),
        .library(name: "PostgresStore", targets: ["PostgresStore"]),
        .library(name: "ReleaseEngine", targets: ["ReleaseEngine"]),
        .library(name: "Portal", targets: ["Portal"]),
        .library(name: "Notifications", targets: ["Notifications"]),
        .library(name: "MoonbaseServer", targets: ["MoonbaseServer"]),
        .executable(name: "moonbase", targets: ["moonbase"]),
        .library(name: "MoonbaseClient", targets: ["MoonbaseClient"]),
        .executable(name: "hamctl", targets: ["hamctl"]),
        .executable(name: "artifact", targets: ["artifact"]),
        .executable(name: "daemon", targets: ["daemon"]),
        .library(name: "DaemonKit", targets: ["DaemonKit"]),
        // For the Benchmarks package, which drives the fake Kubernetes API too.
        .library(name: "TestSupport", targets: ["TestSupport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // Go's formats, once: JSON encoding and parsing, time layouts and civil dates,
        // durations, float and quoted-string formatting, hex, RE2 regular expressions on ICU.
        // Foundation only.
        .target(name: "GoCompat"),
        .testTarget(name: "GoCompatTests", dependencies: ["GoCompat"]),
        // The one way to run the `git` executable: environment hygiene, secrets never shown.
        .target(
            name: "GitRunner",
            dependencies: [.product(name: "Subprocess", package: "swift-subprocess")]
        ),
        .testTarget(name: "GitRunnerTests", dependencies: ["GitRunner"]),
        // Go text/template + sprig compatible engine, and the YAML value model it renders.
        .target(
            name: "GoTemplate",
            dependencies: ["GoCompat", .product(name: "Yams", package: "Yams")]
        ),
        // shuttle.yaml / plan.yaml, plan resolution, script runner, template rendering.
        .target(
            name: "ShuttleKit",
            dependencies: [
                "GitRunner",
                "GoTemplate",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ]
        ),
        .target(
            name: "ShuttleCLI",
            dependencies: [
                "ShuttleKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "shuttle", dependencies: ["ShuttleCLI"]),

        // Temporary folders, processes, git repositories and zip archives for tests.
        .target(
            name: "TestSupport",
            dependencies: [
                // FakeKubernetesAPI: a local API server speaking Kubernetes' wire format.
                "GoCompat",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),  // FakeWebhookReceiver: HMAC-SHA256 signatures.
                // FunctionCase: one template function call and its expected result.
                "GoTemplate",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "GoTemplateTests", dependencies: ["GoCompat", "GoTemplate", "TestSupport"]),
        .testTarget(name: "ShuttleKitTests", dependencies: ["GoCompat", "GoTemplate", "ShuttleKit", "TestSupport"]),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "shuttle", "moonbase", "hamctl", "artifact", "daemon", "TestSupport", "MoonbaseStore", "SQLiteStore", "ReleaseModel",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Codable types shared by server and clients: artifact spec, intents, policies, API
        // requests/responses, the release commit message. GoCompat and Foundation only.
        .target(name: "ReleaseModel", dependencies: ["GoCompat"]),
        .testTarget(name: "ReleaseModelTests", dependencies: ["ReleaseModel", "GoCompat"]),
        // The GitOps config repository: layout, releases, history, push (git through GitRunner).
        .target(
            name: "ConfigRepo",
            dependencies: [
                "GitRunner", "GoCompat", "ReleaseModel",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(name: "ConfigRepoTests", dependencies: ["GitRunner", "ConfigRepo"]),
        // The server's storage seam: the store protocols and the records they keep. No
        // database library: implementations live beside it.
        .target(
            name: "MoonbaseStore",
            dependencies: [
                "GoCompat",
                "ReleaseModel",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The store on one SQLite file (GRDB), the zero-setup default.
        .target(
            name: "SQLiteStore",
            dependencies: [
                "GoCompat",
                "MoonbaseStore",
                "ReleaseModel",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // The store on PostgreSQL (postgres-nio), for several replicas sharing one database. In a
        // target of its own: only the server builds it, never the CLIs.
        .target(
            name: "PostgresStore",
            dependencies: [
                "GoCompat",
                "MoonbaseStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // One suite for every store: the tests run against SQLite and, when MOONBASE_TEST_DATABASE
        // names a PostgreSQL server (scripts/test starts one), against PostgreSQL too.
        .testTarget(
            name: "MoonbaseStoreTests",
            dependencies: [
                "GoCompat", "MoonbaseStore", "SQLiteStore", "PostgresStore", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        // Release, promote, rollback and auto-release flows, the release queue (one writer per
        // config repository, batching concurrent releases into few pushes) and artifact archive
        // reading (ZIPFoundation's inflate, zlib on Linux). No HTTP.
        .target(
            name: "ReleaseEngine",
            dependencies: [
                "GoCompat",
                "ReleaseModel", "ConfigRepo", "MoonbaseStore", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Logging", package: "swift-log"),
                // Reads the service's shuttle.yaml in an upload.
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .testTarget(
            name: "ReleaseEngineTests",
            dependencies: [
                "ReleaseEngine", "ConfigRepo", "MoonbaseStore", "SQLiteStore", "ReleaseModel", "TestSupport",
                // Real failures injected into the store (a trigger), and the queue's logs captured.
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ]
        ),
        // The developer portal's pages: view models, Mustache templates, SVG charts and the
        // delivery (DORA) measures, all embedded in the binary. No HTTP: the server serves them.
        .target(
            name: "Portal",
            dependencies: [
                "GoCompat",
                "MoonbaseStore", "ReleaseModel",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [
                .embedInCode("Templates/audit.mustache"),
                .embedInCode("Templates/catalog-table.mustache"),
                .embedInCode("Templates/catalog.mustache"),
                .embedInCode("Templates/cluster-badge.mustache"),
                .embedInCode("Templates/delivery.mustache"),
                .embedInCode("Templates/environment.mustache"),
                .embedInCode("Templates/home.mustache"),
                .embedInCode("Templates/layout-bottom.mustache"),
                .embedInCode("Templates/layout-top.mustache"),
                .embedInCode("Templates/message.mustache"),
                .embedInCode("Templates/notifications.mustache"),
                .embedInCode("Templates/pager.mustache"),
                .embedInCode("Templates/plans.mustache"),
                .embedInCode("Templates/release-row.mustache"),
                .embedInCode("Templates/release-table.mustache"),
                .embedInCode("Templates/search.mustache"),
                .embedInCode("Templates/service.mustache"),
                .embedInCode("Templates/sign-in.mustache"),
                .embedInCode("Templates/squad.mustache"),
                .embedInCode("Assets/portal.css"),
                .embedInCode("Assets/portal.js"),
            ]
        ),
        .testTarget(name: "PortalTests", dependencies: ["Portal", "MoonbaseStore", "ReleaseModel"]),
        // The outbox's delivery: fan-out, retries and dead letters, and the receivers (Slack's
        // Web API, signed webhooks, Grafana annotations, GitHub tags and deployments) over
        // AsyncHTTPClient. No server code.
        .target(
            name: "Notifications",
            dependencies: [
                "GoCompat", "MoonbaseStore", "ReleaseModel",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "NotificationsTests",
            dependencies: [
                "Notifications", "MoonbaseStore", "SQLiteStore", "ReleaseModel", "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // The server's HTTP: the API routes, the portal's pages and authentication.
        .target(
            name: "MoonbaseServer",
            dependencies: [
                "GoCompat",
                "ReleaseEngine", "MoonbaseStore", "ConfigRepo", "ReleaseModel", "Portal", "Notifications",
                // MoonbaseHome, the composition root, opens the SQLite store.
                "SQLiteStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                // Fetches identity providers' JWKS (no FoundationNetworking: it needs libcurl).
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            resources: [.embedInCode("OpenAPI/openapi.yaml")]
        ),
        .testTarget(
            name: "MoonbaseServerTests",
            dependencies: [
                "GoCompat",
                "MoonbaseServer", "MoonbaseStore", "SQLiteStore", "ReleaseModel", "TestSupport",
                // A stand-in identity provider serving JWKS, and keys to sign JWTs with.
                .product(name: "Hummingbird", package: "hummingbird"),
                // The portal's tests browse without following redirects and keep cookies.
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ]
        ),
        .target(
            name: "MoonbaseCLI",
            dependencies: [
                "MoonbaseServer", "MoonbaseDemo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "moonbase", dependencies: ["MoonbaseCLI"]),
        // `moonbase demo`: sample services rendered with the service plan's templates (embedded
        // from plans/service through symbolic links) and pushed, released, promoted and rolled
        // back through the HTTP API.
        .target(
            name: "MoonbaseDemo",
            dependencies: [
                "GoCompat",
                "ShuttleKit", "ArtifactKit", "MoonbaseClient", "ReleaseModel",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [
                .embedInCode("ServicePlan/plan.yaml"),
                .embedInCode("ServicePlan/templates/validate.tmpl"),
                .embedInCode("ServicePlan/templates/configmap.yaml.tmpl"),
                .embedInCode("ServicePlan/templates/database.yaml.tmpl"),
                .embedInCode("ServicePlan/templates/deployment.yaml.tmpl"),
                .embedInCode("ServicePlan/templates/service.yaml.tmpl"),
                .embedInCode("ServicePlan/templates/ingress.yaml.tmpl"),
                .embedInCode("ServicePlan/templates/kustomization.yaml.tmpl"),
            ]
        ),
        .testTarget(
            name: "MoonbaseDemoTests",
            dependencies: ["MoonbaseDemo", "ReleaseModel", "TestSupport", .product(name: "Yams", package: "Yams")]
        ),
    
        // The HTTP client of moonbase's API for hamctl and artifact: typed calls, errors that
        // say what went wrong, timeouts, and retries on idempotent calls. AsyncHTTPClient
        // rather than URLSession, whose Linux implementation hangs on a 401 with a challenge.
        .target(
            name: "MoonbaseClient",
            dependencies: [
                "GoCompat",
                "ReleaseModel",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "MoonbaseClientTests",
            dependencies: [
                "MoonbaseClient", "ReleaseModel", "TestSupport",
                // Small servers that misbehave on purpose (503s, HTML errors, silence).
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        // What the command-line tools share: running a command and reporting its errors.
        .target(
            name: "CommandLineTool",
            dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // hamctl, the developer's client: settings (server, token, service from shuttle.yaml) and
        // the reference's text output in HamctlKit; the commands in HamctlCLI.
        .target(
            name: "HamctlKit",
            dependencies: [
                "GitRunner", "GoCompat", "MoonbaseClient", "ReleaseModel",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "HamctlCLI",
            dependencies: [
                "HamctlKit", "MoonbaseClient", "ReleaseModel", "CommandLineTool",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "hamctl", dependencies: ["HamctlCLI", "CommandLineTool"]),
        .testTarget(name: "HamctlKitTests", dependencies: ["GoCompat", "HamctlKit", "ReleaseModel"]),
        // daemon, next to each cluster: how it reaches the Kubernetes API (kubeconfig or
        // in-cluster, TLS through NIOSSL), informers (LIST + WATCH), the rules that turn what it
        // sees into reports, the bounded queue that sends them, and its own small endpoint for
        // Flux's alerts (Hummingbird). No server code in it.
        .target(
            name: "DaemonKit",
            dependencies: [
                "GoCompat", "ReleaseModel", "MoonbaseClient",
                .product(name: "Yams", package: "Yams"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "DaemonCLI",
            dependencies: [
                "DaemonKit", "MoonbaseClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "daemon", dependencies: ["DaemonCLI", "CommandLineTool"]),
        .testTarget(
            name: "DaemonKitTests",
            dependencies: [
                "DaemonKit", "GoCompat", "ReleaseModel", "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // artifact, CI's client: artifact.json and message.json (written atomically), scan
        // reports, the deterministic zip and the push in ArtifactKit; the commands in ArtifactCLI.
        .target(
            name: "ArtifactKit",
            dependencies: [
                "GoCompat",
                "MoonbaseClient", "ReleaseModel",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "ArtifactCLI",
            dependencies: [
                "ArtifactKit", "MoonbaseClient", "ReleaseModel", "CommandLineTool",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "artifact", dependencies: ["ArtifactCLI", "CommandLineTool"]),
        .testTarget(
            name: "ArtifactCLITests",
            dependencies: [
                "GoCompat",
                "ArtifactCLI", "ArtifactKit", "CommandLineTool", "ReleaseModel", "TestSupport",
                // Reads back the zips push builds.
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
    ]
)
