import Testing
import TestSupport
@testable import GoTemplate

/// Conversion, reflection and encoding functions.
@Suite struct ConversionTests {
    static let version = try? call("semver", "1.2.3")

    @Test(arguments: [
        FunctionCase("atoi", ["42"], 42),
        FunctionCase("atoi", ["-7"], -7),
        FunctionCase("atoi", ["+7"], 7),
        FunctionCase("atoi", ["abc"], 0),
        FunctionCase("atoi", ["3.5"], 0),
        FunctionCase("atoi", [" 1"], 0),
        FunctionCase("atoi", ["0x10"], 0),
        FunctionCase("atoi", [1], error: "wrong type for value; expected string; got int"),
        FunctionCase("int64", ["102"], .int64(102)),
        FunctionCase("int64", [102.1234], .int64(102)),
        FunctionCase("int64", [-102.9], .int64(-102)),
        FunctionCase("int64", [true], .int64(1)),
        FunctionCase("int64", [false], .int64(0)),
        FunctionCase("int64", ["frankie"], .int64(0)),
        FunctionCase("int64", [nil], .int64(0)),
        FunctionCase("int64", [.uint(102)], .int64(102)),
        FunctionCase("int64", ["0x1A"], .int64(26)),
        FunctionCase("int64", ["0b101"], .int64(5)),
        FunctionCase("int64", ["1_000"], .int64(1000)),
        FunctionCase("int64", [[1]], .int64(0)),
        FunctionCase("float64", ["102"], 102.0),
        FunctionCase("float64", [102], 102.0),
        FunctionCase("float64", [true], 1.0),
        FunctionCase("float64", ["frankie"], 0.0),
        FunctionCase("float64", ["1e3"], 1000.0),
        FunctionCase("float64", ["102.1234"], 102.1234),
        FunctionCase("float64", [nil], 0.0),
        FunctionCase("toDecimal", ["777"], .int64(511)),
        FunctionCase("toDecimal", [777], .int64(511)),
        FunctionCase("toDecimal", [770], .int64(504)),
        FunctionCase("toDecimal", [755], .int64(493)),
        FunctionCase("toDecimal", ["0777"], .int64(511)),
        FunctionCase("toDecimal", ["abc"], .int64(0)),
        FunctionCase("toDecimal", [8], .int64(0)),
        FunctionCase("typeOf", [1], "int"),
        FunctionCase("typeOf", ["s"], "string"),
        FunctionCase("typeOf", [1.5], "float64"),
        FunctionCase("typeOf", [true], "bool"),
        FunctionCase("typeOf", [[1]], "[]interface {}"),
        FunctionCase("typeOf", [["a": 1]], "map[string]interface {}"),
        FunctionCase("typeOf", [nil], "<nil>"),
        FunctionCase("typeOf", [.uint(1)], "uint"),
        FunctionCase("typeIs", ["int", 1], true),
        FunctionCase("typeIs", ["string", 1], false),
        FunctionCase("typeIsLike", ["int", 1], true),
        FunctionCase("typeIsLike", ["semver.Version", version ?? nil], true),
        FunctionCase("typeIs", ["*semver.Version", version ?? nil], true),
        FunctionCase("kindOf", [[1]], "slice"),
        FunctionCase("kindOf", [["a": 1]], "map"),
        FunctionCase("kindOf", [1], "int"),
        FunctionCase("kindOf", ["s"], "string"),
        FunctionCase("kindOf", [nil], "invalid"),
        FunctionCase("kindOf", [1.5], "float64"),
        FunctionCase("kindOf", [true], "bool"),
        FunctionCase("kindOf", [.record(Record(typeName: "main.T", fields: []))], "struct"),
        FunctionCase("kindOf", [version ?? nil], "ptr"),
        FunctionCase("kindIs", ["int", 123], true),
        FunctionCase("kindIs", ["map", [1]], false),
        FunctionCase("kindIs", ["slice", [1]], true),
        FunctionCase("deepEqual", [[1, 2], [1, 2]], true),
        FunctionCase("deepEqual", [[1, 2], [2, 1]], false),
        FunctionCase("deepEqual", [1, 1.0], false),
        FunctionCase("deepEqual", [["a": [1]], ["a": [1]]], true),
        FunctionCase("deepEqual", [nil, nil], true),
    ])
    func conversionFunction(_ c: FunctionCase) { c.check() }

    @Test func sprigsOwnIntConvertsLikeInt64() {
        FunctionCase("int", ["102"], 102).check(in: .sprig)
        FunctionCase("int", [4.9], 4).check(in: .sprig)
    }

    @Test(arguments: [
        FunctionCase("b64enc", ["coffee"], "Y29mZmVl"),
        FunctionCase("b64enc", [""], ""),
        FunctionCase("b64enc", ["a"], "YQ=="),
        FunctionCase("b64enc", ["é<>?"], "w6k8Pj8="),
        FunctionCase("b64dec", ["Y29mZmVl"], "coffee"),
        FunctionCase("b64dec", ["YQ=="], "a"),
        FunctionCase("b64dec", ["w6k8Pj8="], "é<>?"),
        FunctionCase("b64dec", ["Y29m\nZmVl"], "coffee"),
        FunctionCase("b64dec", ["!!"], "illegal base64 data at input byte 0"),
        FunctionCase("b64dec", ["YQ"], "illegal base64 data at input byte 0"),
        FunctionCase("b64dec", ["Y29mZm!l"], "illegal base64 data at input byte 6"),
        FunctionCase("b32enc", ["coffee"], "MNXWMZTFMU======"),
        FunctionCase("b32enc", ["a"], "ME======"),
        FunctionCase("b32enc", ["hello world"], "NBSWY3DPEB3W64TMMQ======"),
        FunctionCase("b32enc", [""], ""),
        FunctionCase("b32dec", ["MNXWMZTFMU======"], "coffee"),
        FunctionCase("b32dec", ["NBSWY3DPEB3W64TMMQ======"], "hello world"),
        FunctionCase("b32dec", ["ME======"], "a"),
        FunctionCase("b32dec", ["M1======"], "illegal base32 data at input byte 1"),
        FunctionCase("b64enc", [1], error: "wrong type for value; expected string; got int"),
    ])
    func encodingFunction(_ c: FunctionCase) { c.check() }

    @Test(arguments: [
        FunctionCase("sha1sum", ["Hello world!"], "d3486ae9136e7856bc42212385ea797094475802"),
        FunctionCase("sha1sum", [""], "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        FunctionCase("sha256sum", ["Hello world!"], "c0535e4be2b79ffd93291305436bf889314e4a3faec05ecffcbb7df31ad9e51a"),
        FunctionCase("sha256sum", [.string(String(repeating: "a", count: 200))], "c2a908d98f5df987ade41b5fce213067efbcc21ef2240212a41e54b5e7c28ae5"),
        FunctionCase("sha512sum", ["Hello world!"], "f6cde2a0f819314cdde55fc227d8d7dae3d28cc556222a0a8ad66d91ccad4aad6094f517a2182360c9aacf6a3dc323162cb6fd8cdffedb0fe038f55e85ffb5b6"),
        FunctionCase("adler32sum", ["Hello world!"], "487130206"),
        FunctionCase("adler32sum", [""], "1"),
    ])
    func hashFunction(_ c: FunctionCase) { c.check() }
}
