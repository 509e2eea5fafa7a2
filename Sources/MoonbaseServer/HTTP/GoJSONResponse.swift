import Foundation
import GoCompat
import Hummingbird
import ReleaseModel

/// A JSON answer as the reference server writes it (compact, a trailing newline).
struct GoJSONResponse: ResponseGenerator, Sendable {
    let body: Data
    let status: HTTPResponse.Status

    init(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws {
        body = try GoJSONEncoder.httpBody.encode(value)
        self.status = status
    }

    var response: Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    func response(from request: Request, context: some RequestContext) -> Response {
        response
    }
}
