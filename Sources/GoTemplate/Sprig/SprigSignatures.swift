/// The Go parameter types of sprig's functions (``table``, generated from sprig itself), which
/// the evaluator checks each argument against before a call, in order, as Go's `text/template`
/// does: `upper 1` is `expected string; found 1` at the argument, and `repeat 2.0 "x"` passes
/// the integral float constant as the int it stands for.
enum SprigSignatures {
    /// `functions` with their Go parameter types attached.
    static func typed(_ functions: [Function]) -> [Function] {
        functions.map { function in
            var typed = function
            typed.parameterTypes = table[function.name].map(ParameterTypes.init)
            return typed
        }
    }
}
