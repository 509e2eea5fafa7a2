import Foundation
import TestSupport

/// A temporary workspace with a local plan and a project using it, and the built `shuttle`.
struct ShuttleFixture {
    let root: TemporaryDirectory
    var project: String { root.path + "/project" }

    static let planYAML = """
        documentation: https://docs.example.com/plan
        vars:
          docker:
            registry: quay.io
            image: default-image
          replicas: 1
        scripts:
          build:
            description: build the image
            args:
            - name: tag
              required: true
              description: the image tag
            - name: pushImage
              type: bool
              description: push after building
            actions:
            - shell: echo "build tag=$tag push=$pushImage"
          env:
            description: print the action environment
            actions:
            - shell: 'echo "plan=$plan"; echo "project=$project"; echo "tmp=$tmp"; echo "pwd=$(pwd)"; echo "validated=$SHUTTLE_PLANS_ALREADY_VALIDATED"'
          nested:
            description: call shuttle from an action
            actions:
            - shell: shuttle get docker.image
          fail:
            actions:
            - shell: echo before
            - shell: exit 3
            - shell: echo never
          stdin:
            actions:
            - shell: read line; echo "got $line"
          render:
            actions:
            - shell: shuttle template Dockerfile.tmpl -o Dockerfile && cat $tmp/Dockerfile
        """

    static let projectYAML = """
        plan: ../plan
        vars:
          service: payments
          enabled: yes
          version: 1.10
          name: "1.0"
          docker:
            image: payments
          empty:
          off: false
          long: aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr
        scripts:
          hello:
            description: say hello
            actions:
            - shell: echo hello from $project
        """

    init() throws {
        root = try TemporaryDirectory("e2e")
        try root.write("plan/plan.yaml", Self.planYAML)
        try root.write("plan/templates/Dockerfile.tmpl", "FROM {{ .Vars.docker.registry }}/{{ .Vars.docker.image }}\n")
        try root.write("project/shuttle.yaml", Self.projectYAML)
        try FileManager.default.createDirectory(atPath: project + "/src/deep", withIntermediateDirectories: true)
    }

    /// Runs the built shuttle in `directory` (default: the project).
    func shuttle(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:], input: String = "") async throws -> ProcessOutput {
        try await runProcess(productsDirectory + "/shuttle", arguments, in: directory ?? project, environment: environment, input: input)
    }

    func remove() { root.remove() }
}
