import Foundation
@testable import MoonbaseServer
import Testing
import Yams

/// The served OpenAPI document describes exactly the routes the server has.
@Suite struct OpenAPITests {
    static let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options"]

    @Test func theDocumentListsEveryRouteAndNothingElse() async throws {
        let server = try await RunningServer.start()
        let served = try await server.request("GET", "/openapi.yaml")
        #expect(served.status == 200)
        let document = try #require(try Yams.load(yaml: served.body) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: Any])
        var documented: Set<String> = []
        for (path, item) in paths {
            let operations = try #require(item as? [String: Any], "\(path)")
            for method in operations.keys where Self.methods.contains(method) {
                documented.insert("\(method.uppercased()) \(path)")
            }
        }
        let routed = Set(try MoonbaseServer(home: server.home).makeRouter().routes.filter { !PortalRouteList.isPortal($0.path.description) }.map { route in
            // `policies/**` (any path under /policies) is documented as /policies/{path}.
            "\(route.method) \(route.path)".replacingOccurrences(of: "/**", with: "/{path}")
        })
        #expect(routed.subtracting(documented).sorted() == [], "routes missing from openapi.yaml")
        #expect(documented.subtracting(routed).sorted() == [], "documented routes the server lacks")
        await server.stop()
    }

    @Test func everyReferenceResolves() throws {
        let text = String(decoding: PackageResources.openapi_yaml, as: UTF8.self)
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        let components = try #require(document["components"] as? [String: [String: Any]])
        let references = text.matches(of: /\$ref: "#\/components\/(\w+)\/(\w+)"/)
        #expect(!references.isEmpty)
        for reference in references {
            let (kind, name) = (String(reference.output.1), String(reference.output.2))
            #expect(components[kind]?[name] != nil, "unresolved $ref \(kind)/\(name)")
        }
    }
}
