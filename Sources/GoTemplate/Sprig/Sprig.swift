import Foundation

extension FunctionMap {
    /// sprig v3's "text" function map (`sprig.TxtFuncMap()`, v3.2.3), less the functions listed
    /// under "Left out" in docs/templates.md, plus `sha512sum` (sprig 3.3) and Helm's `required`.
    public static let sprig = FunctionMap(
        SprigStrings.functions + SprigStringLists.functions + SprigDefaults.functions + SprigMath.functions
            + SprigLists.functions + SprigDicts.functions + SprigConversion.functions + SprigEncoding.functions
            + SprigRegex.functions + SprigSemver.functions + SprigHashes.functions + SprigPaths.functions
            + SprigDates.functions + SprigSystem.functions + SprigURLs.functions
    )

    /// Functions that change an argument in place in Go (`set`, `unset`, `merge`…), by name →
    /// argument index. Go maps are references, so `{{ $_ := set $d "k" 1 }}` changes `$d`;
    /// `Value.map` is a Swift value, so these functions return the changed map and the evaluator
    /// should store the result back into the variable or field the argument came from.
    public static let argumentsChangedInPlace: [String: Int] = SprigDicts.mutatedArgument
}
