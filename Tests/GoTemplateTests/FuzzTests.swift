import Testing
@testable import GoTemplate

/// Random and mutated templates through lexer, parser and executor: nothing may crash, and every
/// failure must be a `TemplateError`. Seeded, so a failure reproduces.
@Suite struct FuzzTests {
    /// SplitMix64: small, fast and reproducible.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let vocabulary = [
        "{{", "}}", "{{- ", " -}}", "(", ")", "|", " ", "\n", "$", "$x", "$y", ":=", "=", ",", ".", ".a", ".b",
        ".list", ".map", ".n", ".person", ".nested.inner", "range", "if", "else", "end", "with", "define",
        "template", "block", "break", "continue", "nil", "true", "false", "\"T\"", "\"%d\"", "\"%*d\"", "`r`",
        "'x'", "'", "\"", "`", "/*", "*/", "0", "1", "-1", "3.5", "1e3", "0x10", "99999999999999999999",
        "printf", "print", "println", "len", "index", "slice", "eq", "lt", "and", "or", "not", "call", "html",
        "js", "urlquery", "upper", "add", "fail", "echo", "list", "join", "%", "-", "+", "é", "\u{0}",
    ]

    static let seeds: [String] = {
        let all = Conformance.text + Conformance.fields + Conformance.control + Conformance.builtins
            + Conformance.printf + Conformance.errors
        return all.map(\.template)
    }()

    static let data: Value = (try? TestData.parse("@std")) ?? .null
    static let limits = Limits(outputBytes: 1 << 20, rangeIterations: 10_000)

    static func mutate(_ text: String, _ rng: inout Generator) -> String {
        var bytes = Array(text.utf8)
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &rng)
            switch Int.random(in: 0..<5, using: &rng) {
            case 0:  // insert a token
                bytes.insert(contentsOf: Array(vocabulary.randomElement(using: &rng)!.utf8), at: position)
            case 1:  // delete a run
                if !bytes.isEmpty {
                    let start = min(position, bytes.count - 1)
                    let end = min(bytes.count, start + Int.random(in: 1...4, using: &rng))
                    bytes.removeSubrange(start..<end)
                }
            case 2:  // replace a byte with a random one
                if !bytes.isEmpty { bytes[min(position, bytes.count - 1)] = UInt8.random(in: 0...255, using: &rng) }
            case 3:  // duplicate a slice
                if !bytes.isEmpty {
                    let start = min(position, bytes.count - 1)
                    let end = min(bytes.count, start + Int.random(in: 1...12, using: &rng))
                    bytes.insert(contentsOf: bytes[start..<end], at: start)
                }
            default:  // splice in a piece of another seed
                let other = Array(seeds.randomElement(using: &rng)!.utf8)
                if !other.isEmpty {
                    let start = Int.random(in: 0..<other.count, using: &rng)
                    let end = min(other.count, start + Int.random(in: 1...16, using: &rng))
                    bytes.insert(contentsOf: other[start..<end], at: position)
                }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func randomTemplate(_ rng: inout Generator) -> String {
        (0..<Int.random(in: 1...24, using: &rng)).map { _ in vocabulary.randomElement(using: &rng)! }.joined()
    }

    /// How far fuzzed templates got: parsed, and executed without error.
    struct Progress { var parsed = 0, executed = 0 }

    /// Parses and runs one template; returns false if anything but a TemplateError came out.
    static func exercise(_ text: String, _ progress: inout Progress) -> Bool {
        let template: Template
        do {
            template = try Template(name: "fuzz", text: text, functions: TestData.functions, limits: limits)
        } catch {
            return true  // typed: always a TemplateError
        }
        progress.parsed += 1
        for name in template.templateNames {
            do {
                _ = try template.execute(templateNamed: name, data: data)
                progress.executed += 1
            } catch is TemplateError {
                continue
            } catch {
                return false
            }
        }
        return true
    }

    @Test func mutatedConformanceTemplates() {
        var rng = Generator(state: 0x5EED_1234)
        var failures: [String] = []
        var progress = Progress()
        for i in 0..<40000 {
            let seed = Self.seeds[i % Self.seeds.count]
            let text = Self.mutate(seed, &rng)
            if !Self.exercise(text, &progress) { failures.append(text) }
        }
        #expect(failures.isEmpty, "non-TemplateError failures: \(failures.prefix(5))")
        // The mutations must still reach the evaluator often, or the test proves little.
        #expect(progress.parsed > 10000 && progress.executed > 7000, "\(progress)")
    }

    @Test func randomTokenSequences() {
        var rng = Generator(state: 42)
        var failures: [String] = []
        var progress = Progress()
        for _ in 0..<20000 {
            let text = Self.randomTemplate(&rng)
            if !Self.exercise(text, &progress) { failures.append(text) }
            if !Self.exercise("{{" + text + "}}", &progress) { failures.append("{{" + text + "}}") }
        }
        print("fuzz random: \(progress)")
        #expect(failures.isEmpty, "non-TemplateError failures: \(failures.prefix(5))")
    }
}
