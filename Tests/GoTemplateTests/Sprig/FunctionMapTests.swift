import Testing
@testable import GoTemplate

/// The function maps as a whole: every sprig v3 text function is either present or on the
/// documented "left out" list, and shuttle's map layers its own functions on top.
@Suite struct FunctionMapTests {
    /// sprig v3.2.3's `genericMap` keys.
    static let sprigNames = """
        hello ago date date_in_zone date_modify dateInZone dateModify duration durationRound htmlDate
        htmlDateInZone must_date_modify mustDateModify mustToDate now toDate unixEpoch abbrev abbrevboth trunc
        trim upper lower title untitle substr repeat trimall trimAll trimSuffix trimPrefix nospace initials
        randAlphaNum randAlpha randAscii randNumeric swapcase shuffle snakecase camelcase kebabcase wrap wrapWith
        contains hasPrefix hasSuffix quote squote cat indent nindent replace plural sha1sum sha256sum adler32sum
        toString atoi int64 int float64 seq toDecimal split splitList splitn toStrings until untilStep add1 add
        sub div mod mul randInt add1f addf subf divf mulf biggest max min maxf minf ceil floor round join
        sortAlpha default empty coalesce all any compact mustCompact fromJson toJson toPrettyJson toRawJson
        mustFromJson mustToJson mustToPrettyJson mustToRawJson ternary deepCopy mustDeepCopy typeOf typeIs
        typeIsLike kindOf kindIs deepEqual env expandenv getHostByName base dir clean ext isAbs osBase osClean
        osDir osExt osIsAbs b64enc b64dec b32enc b32dec tuple list dict get set unset hasKey pluck keys pick omit
        merge mergeOverwrite mustMerge mustMergeOverwrite values append push mustAppend mustPush prepend
        mustPrepend first mustFirst rest mustRest last mustLast initial mustInitial reverse mustReverse uniq
        mustUniq without mustWithout has mustHas slice mustSlice concat dig chunk mustChunk bcrypt htpasswd
        genPrivateKey derivePassword buildCustomCert genCA genCAWithKey genSelfSignedCert genSelfSignedCertWithKey
        genSignedCert genSignedCertWithKey encryptAES decryptAES randBytes uuidv4 semver semverCompare fail
        regexMatch mustRegexMatch regexFindAll mustRegexFindAll regexFind mustRegexFind regexReplaceAll
        mustRegexReplaceAll regexReplaceAllLiteral mustRegexReplaceAllLiteral regexSplit mustRegexSplit
        regexQuoteMeta urlParse urlJoin
        """.split(whereSeparator: \.isWhitespace).map(String.init)

    /// The functions docs/templates.md lists under "Left out", with its reasons.
    static let leftOut: Set<String> = [
        "getHostByName", "bcrypt", "htpasswd", "genPrivateKey", "derivePassword", "buildCustomCert", "genCA",
        "genCAWithKey", "genSelfSignedCert", "genSelfSignedCertWithKey", "genSignedCert", "genSignedCertWithKey",
        "encryptAES", "decryptAES",
    ]

    @Test func everySprigFunctionIsThereOrLeftOutOnPurpose() {
        for name in Self.sprigNames where !Self.leftOut.contains(name) {
            #expect(FunctionMap.sprig[name] != nil, "missing sprig function \(name)")
        }
        for name in Self.leftOut {
            #expect(FunctionMap.sprig[name] == nil, "\(name) is listed as left out")
        }
    }
}
