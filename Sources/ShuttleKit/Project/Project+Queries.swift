import GoTemplate

extension Project {
    /// `shuttle get KEY [--template T]` against the plan's `plan.yaml` (nil without a plan):
    /// the variable as YAML without trailing newlines, or rendered with the template; empty
    /// when the key is missing or null.
    public func variableText(_ key: String, template: String? = nil, plan planFile: PlanFile?) throws(ShuttleError) -> String {
        let value = vars(plan: planFile).lookup(path: key)
        // A missing key is Go's nil: the template still renders (`{{ . }}` gives `<no value>`).
        if let template { return try TemplateRendering.renderInline(template, data: value ?? .null) }
        guard let value else { return "" }
        if case .null = value { return "" }
        var text = YAML.encode(value)
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// `shuttle has [--script] NAME`: whether the variable (not null; `false` counts) or script exists.
    public func has(_ name: String, script: Bool, plan planFile: PlanFile?) -> Bool {
        if script { return scripts(plan: planFile)[name] != nil }
        guard let value = vars(plan: planFile).lookup(path: name) else { return false }
        return value != .null
    }
}
