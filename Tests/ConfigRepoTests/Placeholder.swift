import Testing
@testable import ConfigRepo
