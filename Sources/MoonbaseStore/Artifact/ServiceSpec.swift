import Foundation

/// The service's own declaration as CI uploaded it with an artifact: its `shuttle.yaml`, and
/// the language it names (`vars.language`), for the catalog.
public struct ServiceSpec: Sendable, Hashable {
    /// The file exactly as uploaded.
    public var text: String
    /// `vars.language`, empty when the file does not say.
    public var language: String

    public init(text: String, language: String) {
        self.text = text
        self.language = language
    }
}
