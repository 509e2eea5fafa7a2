import ReleaseModel

/// One of the services `moonbase demo` creates: its service spec (the vars of its
/// `shuttle.yaml` for plans/service), the commits CI built, and what happens to it.
public struct SampleService: Sendable {
    public var name: String
    public var squad: String
    public var language: String
    /// shuttle.yaml vars beyond service, squad and language, one YAML line each (`port: 3000`).
    public var vars: [String]
    /// Commits on master, oldest first; each becomes an artifact.
    public var masterCommits: [SampleCommit]
    /// One commit on a feature branch, also an artifact.
    public var featureCommit: SampleCommit
    public var featureBranch: String
    public var story: SampleStory

    /// The sample services: three squads, five languages.
    public static let all: [SampleService] = [
        SampleService(
            name: "payments", squad: "money", language: "swift",
            vars: ["database: postgres", "ingress: {host: payments.example.com}", "replicas: {prod: 4}"],
            masterCommits: [
                SampleCommit("Accept SEPA instant transfers", by: .jane, tests: 212),
                SampleCommit("Round fees half-even", by: .omar, tests: 215),
                SampleCommit("Retry card captures on timeouts", by: .jane, tests: 221),
            ],
            featureCommit: SampleCommit("Split payouts per merchant", by: .omar, tests: 224, failed: 2),
            featureBranch: "feature/split-payouts",
            story: SampleStory(promoteTo: "prod", rollbackReason: "Card captures time out at the acquirer since the retry change")
        ),
        SampleService(
            name: "ledger", squad: "money", language: "go", vars: ["database: postgres"],
            masterCommits: [
                SampleCommit("Double-entry postings for refunds", by: .omar, tests: 98),
                SampleCommit("Close books at midnight UTC", by: .jane, tests: 101),
                SampleCommit("Faster balance queries", by: .omar, tests: 104),
            ],
            featureCommit: SampleCommit("Multi-currency balances", by: .jane, tests: 107),
            featureBranch: "feature/multi-currency",
            story: SampleStory(promoteTo: "prod", prodOnlyFromMaster: true)
        ),
        SampleService(
            name: "invoices", squad: "money", language: "python", vars: ["env: {PDF_RENDERER: weasyprint}"],
            masterCommits: [
                SampleCommit("Invoice numbers per country", by: .jane, tests: 57),
                SampleCommit("PDF footer with the VAT id", by: .omar, tests: 58, vulnerabilities: SeverityCounts(high: 1, medium: 3, low: 4)),
            ],
            featureCommit: SampleCommit("Send invoices by e-mail", by: .omar, tests: 60),
            featureBranch: "feature/email-invoices",
            story: SampleStory(promoteTo: "staging", autoReleaseToDev: true)
        ),
        SampleService(
            name: "checkout", squad: "shop", language: "node", vars: ["port: 3000", "ingress: {host: shop.example.com}"],
            masterCommits: [
                SampleCommit("One-page checkout", by: .mia, tests: 143),
                SampleCommit("Remember the last address", by: .leo, tests: 149),
                SampleCommit("Apple Pay button", by: .mia, tests: 152),
            ],
            featureCommit: SampleCommit("Gift cards", by: .leo, tests: 155),
            featureBranch: "feature/gift-cards",
            story: SampleStory(promoteTo: "prod", autoReleaseToDev: true)
        ),
        SampleService(
            name: "catalog", squad: "shop", language: "go", vars: ["resources: {cpu: 250m, memory: 256Mi}"],
            masterCommits: [
                SampleCommit("Product variants", by: .leo, tests: 76),
                SampleCommit("Search by brand", by: .mia, tests: 80,
                             vulnerabilities: SeverityCounts(critical: 2, high: 4, medium: 7, low: 12)),
            ],
            featureCommit: SampleCommit("Faceted search", by: .leo, tests: 83,
                                        vulnerabilities: SeverityCounts(critical: 2, high: 3, medium: 6, low: 11)),
            featureBranch: "feature/facets",
            story: SampleStory(promoteTo: "staging", releaseFeatureToDev: true)
        ),
        SampleService(
            name: "login", squad: "identity", language: "node", vars: ["env: {SESSION_TTL: 3600}"],
            masterCommits: [
                SampleCommit("Passkeys", by: .sam, tests: 88),
                SampleCommit("Lock accounts after ten failures", by: .ada, tests: 91),
                SampleCommit("Shorter session cookies", by: .sam, tests: 93),
            ],
            featureCommit: SampleCommit("Sign in with GitHub", by: .ada, tests: 95,
                                        vulnerabilities: SeverityCounts(critical: 1, high: 2, medium: 2)),
            featureBranch: "feature/github-login",
            story: SampleStory(promoteTo: "prod", releaseFeatureToDev: true)
        ),
        SampleService(
            name: "edge-proxy", squad: "identity", language: "docker", vars: ["port: 8081", "flux: true"],
            masterCommits: [
                SampleCommit("Rate limits per client", by: .ada, tests: 0),
                SampleCommit("HTTP/2 to the upstreams", by: .sam, tests: 0,
                             vulnerabilities: SeverityCounts(critical: 3, high: 6, medium: 9, low: 20)),
            ],
            featureCommit: SampleCommit("Brotli compression", by: .sam, tests: 0),
            featureBranch: "feature/brotli",
            story: SampleStory(promoteTo: "dev")
        ),
    ]

    /// Every artifact of the service, in the order CI built them: the master commits with the
    /// feature branch's before the last one.
    var commits: [(branch: String, commit: SampleCommit)] {
        var commits = masterCommits.map { (branch: "master", commit: $0) }
        commits.insert((branch: featureBranch, commit: featureCommit), at: commits.count - 1)
        return commits
    }
}

/// A commit CI built into an artifact: who wrote it, what its tests and the security scan said.
public struct SampleCommit: Sendable {
    public var message: String
    public var author: Person
    public var tests: TestResults
    public var vulnerabilities: SeverityCounts

    init(_ message: String, by author: Person, tests passed: Int, failed: Int = 0,
         vulnerabilities: SeverityCounts = SeverityCounts(medium: 1, low: 2)) {
        self.message = message
        self.author = author
        self.tests = TestResults(passed: passed, failed: failed, skipped: passed > 0 ? 1 : 0)
        self.vulnerabilities = vulnerabilities
    }
}

/// What the demo does with a service through the API.
public struct SampleStory: Sendable {
    /// The last environment its master artifacts are promoted to (dev, staging or prod).
    public var promoteTo: String
    /// An auto-release policy master → dev: uploads release themselves.
    public var autoReleaseToDev = false
    /// A branch restriction `^master$` on prod, and a feature-branch release to prod it refuses.
    public var prodOnlyFromMaster = false
    /// The feature branch's artifact released to dev after master's.
    public var releaseFeatureToDev = false
    /// A rollback in prod to the previous master artifact, with this reason.
    public var rollbackReason: String?
}

extension Person {
    static let jane = Person(name: "Jane Doe", email: "jane@example.com")
    static let omar = Person(name: "Omar Haddad", email: "omar@example.com")
    static let mia = Person(name: "Mia Jensen", email: "mia@example.com")
    static let leo = Person(name: "Leo Martin", email: "leo@example.com")
    static let ada = Person(name: "Ada Okafor", email: "ada@example.com")
    static let sam = Person(name: "Sam Lee", email: "sam@example.com")
}
