// swift-tools-version: 6.2
// Benchmarks live in their own package so that the main build and CI never compile them.
import PackageDescription

let package = Package(
    name: "MoonbaseBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Moonbase", path: "..")],
    targets: [
        // Runs a benchmark's server in a process of its own, and summarises latencies.
        .target(
            name: "BenchmarkSupport",
            dependencies: [.product(name: "MoonbaseServer", package: "Moonbase")]
        ),
        .executableTarget(
            name: "TemplateBenchmark",
            dependencies: [.product(name: "GoTemplate", package: "Moonbase")]
        ),
        .executableTarget(
            name: "ReleaseBenchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "MoonbaseServer", package: "Moonbase"),
                .product(name: "MoonbaseStore", package: "Moonbase"),
                .product(name: "ConfigRepo", package: "Moonbase"),
                .product(name: "GitRunner", package: "Moonbase"),
                .product(name: "ReleaseModel", package: "Moonbase"),
                // Local Slack, Grafana and webhook receivers for --receivers.
                .product(name: "TestSupport", package: "Moonbase"),
            ]
        ),
        .executableTarget(
            name: "DaemonBenchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "DaemonKit", package: "Moonbase"),
                .product(name: "MoonbaseClient", package: "Moonbase"),
                .product(name: "ReleaseModel", package: "Moonbase"),
                .product(name: "GoCompat", package: "Moonbase"),
                .product(name: "TestSupport", package: "Moonbase"),
            ]
        ),
        .executableTarget(
            name: "PortalBenchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "MoonbaseServer", package: "Moonbase"),
                .product(name: "MoonbaseStore", package: "Moonbase"),
                .product(name: "ReleaseModel", package: "Moonbase"),
            ]
        ),
    ]
)
