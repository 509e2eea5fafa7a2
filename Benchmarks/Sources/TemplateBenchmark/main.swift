// Renders Templates/deployment.yaml.tmpl (about 200 lines, a dozen sprig functions) with
// GoTemplate and reports parse time and render time percentiles; GoReference does the same
// with Go's text/template and sprig. `--print` writes the rendered text instead, so the two
// outputs can be compared byte for byte.
import Foundation
import GoTemplate

let directory = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "Benchmarks/Templates"
guard let text = FileManager.default.contents(atPath: directory + "/deployment.yaml.tmpl").map({ String(decoding: $0, as: UTF8.self) }),
      let values = FileManager.default.contents(atPath: directory + "/values.yaml").map({ String(decoding: $0, as: UTF8.self) })
else {
    FileHandle.standardError.write(Data("cannot read the templates in \(directory)\n".utf8))
    exit(1)
}

do {
    let data = try YAML.decode(values)
    let clock = ContinuousClock()
    var template: Template?
    let parse = try clock.measure {
        template = try Template(name: "deployment.yaml", text: text, functions: .sprig)
    }
    guard let template else { exit(1) }
    var output = try template.execute(data)
    if CommandLine.arguments.dropFirst(2).first == "--print" {
        print(output, terminator: "")
        exit(0)
    }
    for _ in 0..<200 { output = try template.execute(data) }
    var samples: [Duration] = []
    samples.reserveCapacity(2000)
    for _ in 0..<2000 {
        let start = clock.now
        output = try template.execute(data)
        samples.append(clock.now - start)
    }
    samples.sort()
    func micros(_ d: Duration) -> String {
        let (seconds, attoseconds) = d.components
        return String(format: "%.1f", Double(seconds) * 1e6 + Double(attoseconds) / 1e12)
    }
    print("swift GoTemplate: parse \(micros(parse)) µs, render p50 \(micros(samples[samples.count / 2])) µs, p90 \(micros(samples[samples.count * 9 / 10])) µs (\(output.utf8.count) bytes)")
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
