import Subprocess

extension TerminationStatus {
    /// The status a shell would report: the exit code, or 128+N for signal N.
    var code: Int32 {
        switch self {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        }
    }
}
