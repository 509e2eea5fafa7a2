import Foundation
import Logging
import MoonbaseStore
import ReleaseEngine
import ReleaseModel

/// The API's route handlers: each reads its request (``Request`` parameters and body), calls
/// the release engine or the store, and returns what to answer. Authentication, error answers
/// and the request log are the pipeline's (see `MoonbaseServer.makeRouter`).
struct API: Sendable {
    static let hamctlGroups: Set<ClientGroup> = [.hamctl, .admin]

    let home: MoonbaseHome
    let flow: ReleaseFlow
    let policyFlow: PolicyFlow
    let statusReader: ReleaseStatusReader
    let cluster: ClusterFeedback
    let autoRollback: AutoRollbackFlow
    let authenticator: Authenticator

    init(home: MoonbaseHome) {
        self.home = home
        self.flow = ReleaseFlow(
            repository: home.releaseRepository, store: home.store, queue: home.queue,
            globalBranchRestrictions: home.configuration.branchRestrictions
        )
        self.policyFlow = PolicyFlow(
            repository: home.releaseRepository, queue: home.queue, audit: home.store, globalBranchRestrictions: home.configuration.branchRestrictions
        )
        self.statusReader = ReleaseStatusReader(repository: home.releaseRepository)
        self.cluster = ClusterFeedback(store: home.store, repository: home.releaseRepository)
        self.autoRollback = AutoRollbackFlow(rollback: RollbackFlow(release: flow), logger: Self.logger)
        self.authenticator = Authenticator(home: home)
    }

    /// A name from the path or query, refused with a 400 naming what is wrong with it.
    static func validate(_ value: String, as kind: NameKind) throws {
        do {
            try Name.validate(value, as: kind)
        } catch {
            throw ErrorResponse(status: 400, message: error.description)
        }
    }

    static let logger = Logger.moonbase()
}

extension String {
    var isBlankText: Bool { allSatisfy(\.isWhitespace) }
}
