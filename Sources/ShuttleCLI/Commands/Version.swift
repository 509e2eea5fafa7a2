import ArgumentParser
import ShuttleKit

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print shuttle's version.")

    func run() {
        StandardOutput.write(Shuttle.version + "\n")
    }
}
