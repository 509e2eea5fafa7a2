// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "Moonbase",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "GoTemplate", targets: ["GoTemplate"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
    ],
    targets: [
        // Go text/template + sprig compatible engine, and the YAML value model it renders.
        .target(
            name: "GoTemplate",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .testTarget(name: "GoTemplateTests", dependencies: ["GoTemplate"]),
    ]
)
