import Foundation
import GitRunner
import ReleaseModel

/// Why a config-repository operation failed, with what a user or operator needs to act on it.
public enum ConfigRepositoryError: Error, Sendable, CustomStringConvertible {
    /// A service, environment, namespace or branch name was refused.
    case invalidName(InvalidNameError)
    /// A path would leave the repository (or pass through a symbolic link).
    case unsafePath(String)
    /// A file of a release has a path that cannot be written (absolute, `..`, empty segment…).
    case invalidReleaseFile(path: String, reason: String)
    /// A git command failed.
    case git(GitError)
    /// Rebasing local commits onto the moved remote hit a conflict; the rebase was aborted.
    case rebaseConflict(GitError)
    /// The push was still rejected after this many attempts.
    case pushRejected(attempts: Int, last: GitError)
    /// An `artifact.json` in the repository could not be read.
    case artifact(path: String, ArtifactSpecError)
    /// A `policies/<service>.json` could not be read.
    case policies(path: String, PoliciesFileError)
    /// A manifest could not be read as YAML while looking for the Flux Kustomization.
    case manifest(path: String, reason: String)
    /// `bootstrap` was pointed at a repository that already has the branch.
    case alreadyBootstrapped(String)
    /// Reading or writing a file failed.
    case file(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidName(let error): error.description
        case .unsafePath(let path): "path '\(path)' is outside the config repository"
        case .invalidReleaseFile(let path, let reason): "release file '\(path)' cannot be written: \(reason)"
        case .git(let error): error.description
        case .rebaseConflict(let error): "the config repository moved and the local commits do not rebase cleanly: \(error)"
        case .pushRejected(let attempts, let last): "push rejected after \(attempts) attempts: \(last)"
        case .artifact(let path, let error): "\(path): \(error)"
        case .policies(let path, let error): "\(path): \(error)"
        case .manifest(let path, let reason): "\(path): not valid YAML: \(reason)"
        case .alreadyBootstrapped(let location): "\(location) already has commits; bootstrap only creates new repositories"
        case .file(let path, let reason): "\(path): \(reason)"
        }
    }
}
