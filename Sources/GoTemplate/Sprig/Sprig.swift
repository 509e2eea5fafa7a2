import Foundation

extension FunctionMap {
    /// sprig v3's "text" function map (`sprig.TxtFuncMap()`, v3.2.3), less the functions listed
    /// under "Left out" in docs/templates.md, plus `sha512sum` (sprig 3.3) and Helm's `required`.
    public static let sprig = FunctionMap(SprigSignatures.typed(
        SprigStrings.functions + SprigStringLists.functions + SprigDefaults.functions + SprigMath.functions
            + SprigLists.functions + SprigDicts.functions + SprigConversion.functions + SprigEncoding.functions
            + SprigRegex.functions + SprigSemver.functions + SprigHashes.functions + SprigPaths.functions
            + SprigDates.functions + SprigSystem.functions + SprigURLs.functions
    ))
}
