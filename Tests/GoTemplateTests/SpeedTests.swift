import Testing
import GoTemplate

/// A rough guard against accidental slowness: a deployment-like template rendered many times.
@Suite struct SpeedTests {
    static let text = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{ .name }}
          labels:
        {{- range $k, $v := .labels }}
            {{ $k }}: {{ $v | printf "%q" }}
        {{- end }}
        spec:
          replicas: {{ .replicas | default 1 }}
          template:
            spec:
              containers:
        {{- range .containers }}
                - name: {{ .name }}
                  image: "{{ .image }}:{{ .tag }}"
                  {{- if .ports }}
                  ports:
                  {{- range .ports }}
                    - containerPort: {{ . }}
                  {{- end }}
                  {{- end }}
                  env:
                  {{- range $i, $e := .env }}
                    - name: {{ $e.name | upper }}
                      value: {{ printf "%v" $e.value | quote }}
                  {{- end }}
        {{- end }}
        """

    static let functions = FunctionMap([
        Function("default", arity: .exactly(2)) { args in args[1].isTruthy ? args[1] : args[0] },
        Function("upper", arity: .exactly(1)) { args in .string((args[0].stringValue ?? "").uppercased()) },
        Function("quote", arity: .exactly(1)) { args in .string("\"" + (args[0].stringValue ?? "") + "\"") },
    ])

    static let data: Value = [
        "name": "web", "replicas": 3,
        "labels": ["app": "web", "tier": "frontend", "team": "platform"],
        "containers": .list((0..<5).map { i in
            [
                "name": .string("c\(i)"), "image": "registry/app", "tag": "1.2.3",
                "ports": [8080, 9090],
                "env": .list((0..<10).map { j in ["name": .string("var\(j)"), "value": .int(j)] }),
            ]
        }),
    ]

    @Test func rendersQuickly() throws {
        let template = try Template(name: "deployment.yaml", text: Self.text, functions: Self.functions)
        let clock = ContinuousClock()
        var size = 0
        let elapsed = try clock.measure {
            for _ in 0..<300 { size += try template.execute(Self.data).utf8.count }
        }
        print("rendered 300 × \(size / 300) bytes in \(elapsed)")
        // Generous even for debug builds on a busy machine; a regression to quadratic work fails it.
        #expect(elapsed < .seconds(10))
    }
}
