/// The query parameters of the portal's pages, decoded with Hummingbird's form decoder (so `+`
/// is a space, as browsers write forms). Every field is optional and read as text: a page
/// checks the values itself and says what is wrong in words its reader understands.
struct SearchQuery: Decodable {
    var q: String?
}

struct OffsetParameter: Decodable {
    var offset: String?
}

struct CatalogParameters: Decodable {
    var squad: String?
    var environment: String?
    var q: String?
    var sort: String?
    var order: String?
    var offset: String?
}

struct DeliveryParameters: Decodable {
    var days: String?
    var squad: String?
    var service: String?
}

struct AuditParameters: Decodable {
    var state: String?
    var service: String?
    var environment: String?
    var action: String?
    var actor: String?
    /// The offsets of the two lists on the page.
    var releases: String?
    var entries: String?
}

struct NotificationsParameters: Decodable {
    var state: String?
    var receiver: String?
    var offset: String?
}

/// Retrying posts a delivery's id, or (none) every dead delivery of a receiver or of all.
struct RetryNotificationsForm: Decodable {
    var delivery: String?
    var receiver: String?
}

struct SignInParameters: Decodable {
    var next: String?
}
