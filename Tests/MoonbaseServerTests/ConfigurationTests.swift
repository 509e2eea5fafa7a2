import Foundation
import MoonbaseServer
import ReleaseModel
import TestSupport
import Testing

@Suite struct ConfigurationTests {
    static let fullFile = """
        listen: 0.0.0.0:9090
        home: /srv/moonbase
        database: /srv/moonbase/store.sqlite
        configRepository:
          url: git@github.com:example/config.git
          branch: main
        environments: [qa, staging, live]
        tokens:
          hamctl: [h1, h2]
          artifact:
            - a1
          daemon: []
        branchRestrictions:
          - live=^main$
        jwt:
          jwksURLs: [https://idp.example.com/.well-known/jwks.json]
          issuer: https://idp.example.com/
          audience: ""
        publicURL: https://moonbase.example.com/

        """

    @Test func readsEveryKeyOfAFile() throws {
        let folder = try TemporaryDirectory("moonbase-config")
        defer { folder.remove() }
        let file = try folder.write("moonbase.yaml", Self.fullFile)
        let configuration = try MoonbaseConfiguration.load(flags: ConfigurationFlags(config: file), environment: [:])
        #expect(configuration.listen == ListenAddress(host: "0.0.0.0", port: 9090))
        #expect(configuration.home == "/srv/moonbase")
        #expect(configuration.databasePath == "/srv/moonbase/store.sqlite")
        #expect(configuration.configRepository.url == "git@github.com:example/config.git")
        #expect(configuration.configRepository.branch == "main")
        #expect(configuration.environments == ["qa", "staging", "live"])
        #expect(configuration.tokens == .init(hamctl: ["h1", "h2"], artifact: ["a1"], daemon: []))
        #expect(configuration.branchRestrictions == [.global(environment: "live", branchRegex: "^main$")])
        #expect(configuration.jwt.jwksURLs.map(\.absoluteString) == ["https://idp.example.com/.well-known/jwks.json"])
        #expect(configuration.jwt.issuer == "https://idp.example.com/")
        #expect(configuration.jwt.audience == "")
        #expect(configuration.publicURL == "https://moonbase.example.com")
    }

    @Test func defaultsWithoutAFile() throws {
        let folder = try TemporaryDirectory("moonbase-config")
        defer { folder.remove() }
        let configuration = try MoonbaseConfiguration.load(flags: ConfigurationFlags(home: folder.path + "/home"), environment: [:])
        #expect(configuration.listen.description == "127.0.0.1:8080")
        #expect(configuration.environments == ["dev", "staging", "prod"])
        #expect(configuration.configRepository == .init(url: nil, branch: "master"))
        #expect(configuration.configRepositoryRemote == folder.path + "/home/config.git")
        #expect(configuration.databasePath == folder.path + "/home/moonbase.sqlite")
        #expect(configuration.jwt.audience == "release-manager")
    }

    @Test func anUnknownKeyNamesItsLineAndTheAllowedKeys() throws {
        let folder = try TemporaryDirectory("moonbase-config")
        defer { folder.remove() }
        let file = try folder.write("moonbase.yaml", "listen: 127.0.0.1:1\nenvironments: [dev]\nlisen: 1\n")
        let error = try #require(throws: ConfigurationError.self) {
            try MoonbaseConfiguration.load(flags: ConfigurationFlags(config: file), environment: [:])
        }
        #expect(error.message == "\(file):3: unknown key 'lisen'; allowed keys: listen, home, database, configRepository, environments, tokens, branchRestrictions, jwt, publicURL, github, portal, notifications")

        let nested = try folder.write("nested.yaml", "jwt:\n  issuer: x\n  audiences: [a]\n")
        let nestedError = try #require(throws: ConfigurationError.self) {
            try MoonbaseConfiguration.load(flags: ConfigurationFlags(config: nested), environment: [:])
        }
        #expect(nestedError.message == "\(nested):3: unknown key 'jwt.audiences'; allowed keys in 'jwt': jwksURLs, issuer, audience")
    }

    @Test func aValueOfTheWrongTypeNamesTheKey() throws {
        let folder = try TemporaryDirectory("moonbase-config")
        defer { folder.remove() }
        let cases: [(String, String)] = [
            ("environments: dev\n", ":1: environments must be a list of strings"),
            ("listen: [a, b]\n", ":1: listen must be a string"),
            ("tokens: secret\n", ":1: 'tokens' must be a mapping of keys to values"),
            ("tokens:\n  hamctl:\n    - {a: b}\n", ":3: tokens.hamctl must be a list of strings"),
            ("listen: 8080\n", ":1: listen must be HOST:PORT (e.g. 127.0.0.1:8080), got '8080'"),
            ("environments: [dev, ../prod]\n", ":1: environments has invalid environment '../prod': must not contain '/'"),
            ("environments: [dev, dev]\n", ":1: environments names 'dev' twice"),
            ("branchRestrictions: [prod]\n", ":1: branchRestrictions has an invalid mapping 'prod': expected <environment>=<branchRegex> (items are <environment>=<branchRegex>)"),
            ("listen: 127.0.0.1:1\nlisten: 127.0.0.1:2\n", ": not valid YAML: Parser: expected all keys to be unique but found the following duplicated key(s): 'listen'."),
            ("- listen\n", ":1: the file must be a mapping of keys to values"),
        ]
        for (index, (text, expected)) in cases.enumerated() {
            let file = try folder.write("case\(index).yaml", text)
            let error = try #require(throws: ConfigurationError.self) {
                try MoonbaseConfiguration.load(flags: ConfigurationFlags(config: file), environment: [:])
            }
            // (Yams adds the offending lines after its message.)
            #expect(error.message.hasPrefix(file + expected), "\(error.message)")
        }
    }

    @Test func postgresIsNotSupportedYet() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try MoonbaseConfiguration.load(environment: ["MOONBASE_DATABASE": "postgres://db/moonbase", "MOONBASE_HOME": "/nonexistent"])
        }
        #expect(error.message == "environment variable MOONBASE_DATABASE: database 'postgres://db/moonbase': PostgreSQL is not supported yet; use an SQLite file path")
    }

    @Test func flagsOverrideEnvironmentOverridesFile() throws {
        let folder = try TemporaryDirectory("moonbase-config")
        defer { folder.remove() }
        let home = folder.path + "/home"
        // Found as <home>/moonbase.yaml without --config.
        try folder.write("home/moonbase.yaml", """
            listen: 127.0.0.1:1001
            environments: [a, b]
            publicURL: http://from-file
            tokens:
              hamctl: [file-token]

            """)
        let environment = [
            "MOONBASE_LISTEN": "127.0.0.1:2002", "MOONBASE_ENVIRONMENTS": "x, y ,z", "HAMCTL_AUTH_TOKEN": "e1,e2",
            "MOONBASE_JWT_AUDIENCE": "",
        ]
        let fromFile = try MoonbaseConfiguration.load(flags: ConfigurationFlags(home: home), environment: [:])
        #expect(fromFile.listen.port == 1001)
        #expect(fromFile.environments == ["a", "b"])

        let fromEnvironment = try MoonbaseConfiguration.load(flags: ConfigurationFlags(home: home), environment: environment)
        #expect(fromEnvironment.listen.port == 2002)
        #expect(fromEnvironment.environments == ["x", "y", "z"])
        #expect(fromEnvironment.tokens.hamctl == ["e1", "e2"])
        #expect(fromEnvironment.publicURL == "http://from-file")
        #expect(fromEnvironment.jwt.audience == "")

        let fromFlags = try MoonbaseConfiguration.load(flags: ConfigurationFlags(listen: "127.0.0.1:3003", home: home), environment: environment)
        #expect(fromFlags.listen.port == 3003)
        #expect(fromFlags.home == home)

        let badFlag = try #require(throws: ConfigurationError.self) {
            try MoonbaseConfiguration.load(flags: ConfigurationFlags(listen: "nowhere", home: home), environment: environment)
        }
        #expect(badFlag.message == "--listen: listen must be HOST:PORT (e.g. 127.0.0.1:8080), got 'nowhere'")
    }

    @Test func aNamedFileMustExist() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try MoonbaseConfiguration.load(environment: ["MOONBASE_CONFIG": "/nonexistent/moonbase.yaml"])
        }
        #expect(error.message.hasPrefix("/nonexistent/moonbase.yaml: cannot read the configuration file"))
    }

    @Test func identityProviderKeysNeedAnIssuer() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try MoonbaseConfiguration.load(environment: ["MOONBASE_JWKS_URLS": "https://idp.example.com/jwks", "MOONBASE_HOME": "/nonexistent"])
        }
        #expect(error.message.hasPrefix("jwt.issuer (MOONBASE_JWT_ISSUER) is required"))
    }

    @Test func aHomeUsesItsConfiguration() async throws {
        let folder = try TemporaryDirectory("moonbase-config")
        defer { folder.remove() }
        var configuration = MoonbaseConfiguration()
        configuration.home = folder.path + "/home"
        configuration.environments = ["qa", "live"]
        configuration.configRepository.branch = "trunk"
        configuration.database = folder.path + "/elsewhere.sqlite"
        let home = try await MoonbaseHome.open(configuration)
        #expect(home.configuration == configuration)
        #expect(FileManager.default.fileExists(atPath: folder.path + "/elsewhere.sqlite"))
        #expect(Set(try await home.repository.environments()) == ["qa", "live"])
        let branch = try await git(["--git-dir", home.configRepositoryPath.path, "branch", "--format=%(refname:short)"], in: folder.path)
        #expect(branch == "trunk")
    }
}
