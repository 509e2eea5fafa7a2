import Foundation
import Testing

/// Tags for tests that cost more than a unit test, so a run can pick or skip them
/// (`swift test --filter` by suite, or Xcode's and `swift test`'s tag filters).
extension Tag {
    /// Drives chromium through Selenium.
    @Tag public static var browser: Self
    /// Runs a Python tool (kubernetes-validate, a stand-in server).
    @Tag public static var python: Self
    /// Runs the built executables as processes (servers, CLIs, git plans).
    @Tag public static var endToEnd: Self
    /// Builds and runs a toolchain outside Swift (go, node).
    @Tag public static var toolchain: Self
}

/// The programs and Python modules some tests need beside Swift. `scripts/test` installs them;
/// a plain `swift test` on a machine without them skips those tests, saying why.
public enum ExternalTools {
    /// Whether `program` is an executable on PATH.
    public static func onPath(_ program: String) -> Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(program)") }
    }

    /// Whether `python3` can import every module in `modules`.
    public static func pythonImports(_ modules: String...) -> Bool {
        guard onPath("python3") else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", modules.map { "import \($0)" }.joined(separator: "; ")]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return false
        }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// chromium, chromedriver and Selenium, for the portal's browser test.
    public static let browserAvailable = (onPath("chromium") || onPath("chromium-browser")) && onPath("chromedriver")
        && pythonImports("selenium")
    public static let browserMissing: Comment = "needs chromium, chromedriver and python3's selenium (scripts/test installs them)"

    /// kubernetes-validate, jsonschema and PyYAML, for checking manifests against Kubernetes' schemas.
    public static let kubernetesValidateAvailable = pythonImports("kubernetes_validate", "jsonschema", "yaml", "referencing")
    public static let kubernetesValidateMissing: Comment = "needs python3 with kubernetes-validate (scripts/test installs it)"
}
