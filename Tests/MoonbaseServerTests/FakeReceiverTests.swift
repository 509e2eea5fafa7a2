import AsyncHTTPClient
import Crypto
import Foundation
import GoCompat
import NIOCore
import NIOHTTP1
import Testing
import TestSupport

/// The stand-ins for the systems Moonbase notifies, read over real HTTP: each answers in its
/// system's wire format, refuses what the real API refuses, and fails, rate-limits and stalls
/// on demand so the notification tests can prove retries.

// MARK: - Slack

@Suite(.timeLimit(.minutes(1))) struct FakeSlackAPITests {
    /// Runs `body` against a fresh fake and its `…/api` base, stopping it afterwards.
    static func withSlack(_ body: (FakeSlackAPI, String) async throws -> Void) async throws {
        let slack = FakeSlackAPI()
        let base = try await slack.start().absoluteString
        do {
            try await body(slack, base)
        } catch {
            await slack.stop()
            throw error
        }
        await slack.stop()
    }

    /// A Web API call with a JSON body, as Slack's docs show it.
    static func call(_ base: String, _ method: String, token: String?, json: String) async throws -> ReceiverExchange {
        var headers = [("Content-Type", "application/json; charset=utf-8")]
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        return try await ReceiverHTTP.send(.POST, "\(base)/\(method)", headers: headers, body: json)
    }

    @Test func postsMessagesWithIncreasingTimestampsAndStableChannelIDs() async throws {
        try await Self.withSlack { slack, base in
            #expect(base.hasSuffix("/api"))
            let first = try await Self.call(
                base, "chat.postMessage", token: slack.token,
                json: ##"{"channel":"#releases-prod","text":"payments released","attachments":[{"title":"payments (master-1-2)","color":"#73BF69"}]}"##)
            #expect(first.status == 200)
            #expect(first.header("Content-Type") == "application/json; charset=utf-8")
            #expect(first.json["ok"] == .bool(true))
            let channel = try #require(first.json["channel"]?.stringValue)
            #expect(channel.hasPrefix("C"))
            #expect(channel == slack.channelID(for: "releases-prod"))
            let firstTS = try #require(first.json["ts"]?.stringValue)
            #expect(first.json["message"]?["ts"]?.stringValue == firstTS)
            #expect(first.json["message"]?["text"]?.stringValue == "payments released")
            // Slack numbers the attachments of the message it answers with.
            #expect(first.json["message"]?["attachments"]?.arrayValue?.first?["id"] == .number("1"))

            let second = try await Self.call(base, "chat.postMessage", token: slack.token, json: ##"{"channel":"releases-prod","text":"cards released"}"##)
            #expect(second.json["channel"]?.stringValue == channel)
            let secondTS = try #require(second.json["ts"]?.stringValue)
            #expect(secondTS > firstTS)
            #expect(secondTS.split(separator: ".").last?.count == 6)

            let messages = slack.messages(in: "#releases-prod")
            #expect(messages.map(\.text) == ["payments released", "cards released"])
            #expect(messages.map(\.channel) == ["#releases-prod", "releases-prod"])
            #expect(messages.first?.attachmentValues("title") == ["payments (master-1-2)"])
            #expect(messages.first?.attachmentsJSON == ##"[{"id":1,"title":"payments (master-1-2)","color":"#73BF69"}]"##)
            #expect(slack.requests.map(\.path) == ["/api/chat.postMessage", "/api/chat.postMessage"])
            #expect(slack.requests.first?.header("authorization") == "Bearer \(slack.token)")
            #expect(slack.requests.first?.json?["channel"]?.stringValue == "#releases-prod")
        }
    }

    @Test func refusesMissingAndWrongTokensWithOKFalse() async throws {
        try await Self.withSlack { slack, base in
            let message = ##"{"channel":"#releases-prod","text":"x"}"##
            let missing = try await Self.call(base, "chat.postMessage", token: nil, json: message)
            #expect(missing.status == 200)
            #expect(missing.body == ##"{"ok":false,"error":"not_authed"}"##)
            let wrong = try await Self.call(base, "chat.postMessage", token: "xoxb-0000-guess", json: message)
            #expect(wrong.status == 200)
            #expect(wrong.body == ##"{"ok":false,"error":"invalid_auth"}"##)
            // JSON calls carry the token in the header: one in the body is not read.
            let inBody = try await Self.call(base, "chat.postMessage", token: nil, json: ##"{"token":"\##(slack.token)","channel":"#x","text":"x"}"##)
            #expect(inBody.json["error"]?.stringValue == "not_authed")

            // A form may carry it as the `token` argument; attachments are JSON in a string.
            let form = try await ReceiverHTTP.send(
                .POST, "\(base)/chat.postMessage", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                body: FormEncoding.encode([("token", slack.token), ("channel", "#releases-dev"), ("text", "from a form"), ("attachments", ##"[{"text":"a"}]"##)]))
            #expect(form.json["ok"] == .bool(true))
            #expect(slack.messages(in: "releases-dev").first?.attachmentValues("text") == ["a"])
            #expect(slack.requests.last?.form?["text"] == "from a form")
            #expect(slack.messages.count == 1)
            #expect(slack.requests.count == 4)
        }
    }

    @Test func checksChannelTextAndContentTypeAsSlackDoes() async throws {
        try await Self.withSlack { slack, base in
            let noChannel = try await Self.call(base, "chat.postMessage", token: slack.token, json: ##"{"text":"x"}"##)
            #expect(noChannel.json["error"]?.stringValue == "channel_not_found")
            slack.markChannelUnknown("#squad-bank-releases-prod")
            let unknown = try await Self.call(base, "chat.postMessage", token: slack.token, json: ##"{"channel":"#squad-bank-releases-prod","text":"x"}"##)
            #expect(unknown.json["error"]?.stringValue == "channel_not_found")
            let noText = try await Self.call(base, "chat.postMessage", token: slack.token, json: ##"{"channel":"#releases-prod","text":""}"##)
            #expect(noText.json["error"]?.stringValue == "no_text")
            let blocks = try await Self.call(
                base, "chat.postMessage", token: slack.token,
                json: ##"{"channel":"#releases-prod","blocks":[{"type":"section","text":{"type":"mrkdwn","text":"hi"}}]}"##)
            #expect(blocks.json["ok"] == .bool(true))

            // A user id as channel: a direct message, in a D… channel.
            let direct = try await Self.call(base, "chat.postMessage", token: slack.token, json: ##"{"channel":"U012AB3CD","text":"your release"}"##)
            #expect(direct.json["ok"] == .bool(true))
            #expect(direct.json["channel"]?.stringValue?.hasPrefix("D") == true)
            #expect(slack.messages(in: "U012AB3CD").map(\.text) == ["your release"])

            let noCharset = try await ReceiverHTTP.send(
                .POST, "\(base)/chat.postMessage", headers: [("Content-Type", "application/json"), ("Authorization", "Bearer \(slack.token)")],
                body: ##"{"channel":"#releases-prod","text":"x"}"##)
            #expect(noCharset.json["ok"] == .bool(true))
            #expect(noCharset.json["warning"]?.stringValue == "missing_charset")
            let xml = try await ReceiverHTTP.send(
                .POST, "\(base)/chat.postMessage", headers: [("Content-Type", "text/xml"), ("Authorization", "Bearer \(slack.token)")], body: "<x/>")
            #expect(xml.json["error"]?.stringValue == "invalid_post_type")
            let unknownMethod = try await Self.call(base, "chat.scheduleMessage", token: slack.token, json: "{}")
            #expect(unknownMethod.status == 404)
            #expect(unknownMethod.json["error"]?.stringValue == "unknown_method")
        }
    }

    @Test func updatesAPostedMessageByChannelIDAndTS() async throws {
        try await Self.withSlack { slack, base in
            let posted = try await Self.call(base, "chat.postMessage", token: slack.token, json: ##"{"channel":"#releases-prod","text":"releasing payments"}"##)
            let channel = try #require(posted.json["channel"]?.stringValue)
            let ts = try #require(posted.json["ts"]?.stringValue)

            let updated = try await Self.call(base, "chat.update", token: slack.token, json: ##"{"channel":"\##(channel)","ts":"\##(ts)","text":"payments runs"}"##)
            #expect(updated.json["ok"] == .bool(true))
            #expect(updated.json["channel"]?.stringValue == channel)
            #expect(updated.json["ts"]?.stringValue == ts)
            #expect(updated.json["text"]?.stringValue == "payments runs")
            let message = try #require(slack.messages(in: channel).first)
            #expect(message.text == "payments runs")
            #expect(message.updates == 1)

            // chat.update takes the channel's id, not its name.
            let byName = try await Self.call(base, "chat.update", token: slack.token, json: ##"{"channel":"#releases-prod","ts":"\##(ts)","text":"x"}"##)
            #expect(byName.json["error"]?.stringValue == "channel_not_found")
            let wrongTS = try await Self.call(base, "chat.update", token: slack.token, json: ##"{"channel":"\##(channel)","ts":"1.000001","text":"x"}"##)
            #expect(wrongTS.json["error"]?.stringValue == "message_not_found")
            #expect(slack.messages.count == 1)
        }
    }

    @Test func looksUpUsersByEmail() async throws {
        try await Self.withSlack { slack, base in
            slack.addUser(email: "Alice@Example.com", id: "U0ALICE0001")
            let found = try await ReceiverHTTP.send(
                .GET, "\(base)/users.lookupByEmail?email=alice%40example.com", headers: [("Authorization", "Bearer \(slack.token)")])
            #expect(found.json["ok"] == .bool(true))
            #expect(found.json["user"]?["id"]?.stringValue == "U0ALICE0001")
            #expect(found.json["user"]?["profile"]?["email"]?.stringValue == "Alice@Example.com")

            let form = try await ReceiverHTTP.send(
                .POST, "\(base)/users.lookupByEmail", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                body: FormEncoding.encode([("token", slack.token), ("email", "alice@example.com")]))
            #expect(form.json["user"]?["id"]?.stringValue == "U0ALICE0001")

            let unknown = try await ReceiverHTTP.send(
                .GET, "\(base)/users.lookupByEmail?email=bob%40example.com", headers: [("Authorization", "Bearer \(slack.token)")])
            #expect(unknown.body == ##"{"ok":false,"error":"users_not_found"}"##)
        }
    }

    @Test func failsRateLimitsAndStallsThenRecovers() async throws {
        try await Self.withSlack { slack, base in
            let message = ##"{"channel":"#releases-prod","text":"while stalled"}"##
            slack.mode = .failing(status: 503)
            let failed = try await Self.call(base, "chat.postMessage", token: slack.token, json: message)
            #expect(failed.status == 503)
            #expect(failed.json["error"]?.stringValue == "service_unavailable")

            slack.mode = .rateLimited(retryAfter: 30)
            let limited = try await Self.call(base, "chat.postMessage", token: slack.token, json: message)
            #expect(limited.status == 429)
            #expect(limited.header("Retry-After") == "30")
            #expect(limited.json["error"]?.stringValue == "ratelimited")
            #expect(slack.messages.isEmpty)

            slack.mode = .stalled
            async let held = Self.call(base, "chat.postMessage", token: slack.token, json: message)
            let arrived = try await slack.waitForRequests(count: 3, timeout: .seconds(5))
            #expect(arrived.last?.status == nil)
            #expect(arrived.last?.wasStalled == true)
            #expect(slack.heldRequests == 1)
            #expect(slack.messages.isEmpty)

            slack.mode = .healthy
            let answer = try await held
            #expect(answer.json["ok"] == .bool(true))
            #expect(slack.messages.map(\.text) == ["while stalled"])
            #expect(slack.requests.map(\.status) == [503, 429, 200])
            #expect(try await slack.waitForMessages(count: 1, in: "#releases-prod", timeout: .seconds(5)).count == 1)
        }
    }

    @Test func aWaitThatTimesOutSaysWhatItExpectedAndWhatCame() async throws {
        try await Self.withSlack { slack, base in
            _ = try await Self.call(base, "chat.postMessage", token: slack.token, json: ##"{"channel":"#a","text":"x"}"##)
            let error = await #expect(throws: FakeReceiverError.self) {
                try await slack.waitForRequests(count: 2, timeout: .milliseconds(100))
            }
            #expect(error?.message.contains("expected 2 request(s)") == true)
            #expect(error?.message.contains("1 arrived") == true)
            #expect(error?.message.contains("POST /api/chat.postMessage → 200") == true)
        }
    }
}

// MARK: - GitHub

@Suite(.timeLimit(.minutes(1))) struct FakeGitHubAPITests {
    static let released = "a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d"
    static let next = "51e16759cdac67b0d2a94e0674c9603b75a840f6"

    static func withGitHub(_ body: (FakeGitHubAPI, String) async throws -> Void) async throws {
        let github = FakeGitHubAPI()
        github.addRepository(owner: "lunarway", name: "payments")
        let base = try await github.start().absoluteString
        do {
            try await body(github, base)
        } catch {
            await github.stop()
            throw error
        }
        await github.stop()
    }

    /// A REST call with the headers GitHub's docs recommend.
    static func call(_ method: HTTPMethod, _ url: String, auth: String?, body: String? = nil) async throws -> ReceiverExchange {
        var headers = [("Accept", "application/vnd.github+json"), ("X-GitHub-Api-Version", "2022-11-28")]
        if let auth { headers.append(("Authorization", auth)) }
        if body != nil { headers.append(("Content-Type", "application/json")) }
        return try await ReceiverHTTP.send(method, url, headers: headers, body: body)
    }

    @Test func createsATagAndMovesItWithForce() async throws {
        try await Self.withGitHub { github, base in
            let repo = "\(base)/repos/lunarway/payments"
            let bearer = "Bearer \(github.token)"
            let created = try await Self.call(.POST, "\(repo)/git/refs", auth: bearer, body: ##"{"ref":"refs/tags/prod","sha":"\##(Self.released)"}"##)
            #expect(created.status == 201)
            #expect(created.json["ref"]?.stringValue == "refs/tags/prod")
            #expect(created.json["url"]?.stringValue == "\(repo)/git/refs/tags/prod")
            #expect(created.json["node_id"]?.stringValue?.isEmpty == false)
            #expect(created.json["object"]?["type"]?.stringValue == "commit")
            #expect(created.json["object"]?["sha"]?.stringValue == Self.released)
            #expect(created.json["object"]?["url"]?.stringValue == "\(repo)/git/commits/\(Self.released)")

            let again = try await Self.call(.POST, "\(repo)/git/refs", auth: bearer, body: ##"{"ref":"refs/tags/prod","sha":"\##(Self.next)"}"##)
            #expect(again.status == 422)
            #expect(again.json["message"]?.stringValue == "Reference already exists")
            #expect(again.json["documentation_url"]?.stringValue == "https://docs.github.com/rest/git/refs#create-a-reference")

            // The reference's basic auth, `lunarway:<token>`.
            let basic = "Basic " + Data("lunarway:\(github.token)".utf8).base64EncodedString()
            let moved = try await Self.call(.PATCH, "\(repo)/git/refs/tags/prod", auth: basic, body: ##"{"sha":"\##(Self.next)","force":true}"##)
            #expect(moved.status == 200)
            #expect(moved.json["object"]?["sha"]?.stringValue == Self.next)
            #expect(github.tags(owner: "lunarway", repo: "payments") == ["prod": Self.next])
            #expect(try await github.waitForTag("prod", owner: "lunarway", repo: "payments", sha: Self.next, timeout: .seconds(5)) == Self.next)

            let missing = try await Self.call(.PATCH, "\(repo)/git/refs/tags/dev", auth: bearer, body: ##"{"sha":"\##(Self.next)","force":true}"##)
            #expect(missing.status == 422)
            #expect(missing.json["message"]?.stringValue == "Reference does not exist")
            let noSHA = try await Self.call(.POST, "\(repo)/git/refs", auth: bearer, body: ##"{"ref":"refs/tags/dev"}"##)
            #expect(noSHA.status == 422)
            #expect(noSHA.json["message"]?.stringValue == "Invalid request.\n\n\"sha\" wasn't supplied.")
            let read = try await Self.call(.GET, "\(repo)/git/ref/tags/prod", auth: "token \(github.token)")
            #expect(read.status == 200)
            #expect(read.json["object"]?["sha"]?.stringValue == Self.next)
            #expect(github.requests.first?.json?["ref"]?.stringValue == "refs/tags/prod")
        }
    }

    @Test func refusesBadCredentialsUnknownRepositoriesAndBodiesThatAreNotJSON() async throws {
        try await Self.withGitHub { github, base in
            let refs = "\(base)/repos/lunarway/payments/git/refs"
            let body = ##"{"ref":"refs/tags/dev","sha":"\##(Self.released)"}"##
            let none = try await Self.call(.POST, refs, auth: nil, body: body)
            #expect(none.status == 401)
            #expect(none.json["message"]?.stringValue == "Requires authentication")
            let wrong = try await Self.call(.POST, refs, auth: "Bearer ghp_guess", body: body)
            #expect(wrong.status == 401)
            #expect(wrong.body == ##"{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest","status":"401"}"##)
            #expect(wrong.header("Content-Type") == "application/json; charset=utf-8")

            let unknown = try await Self.call(.POST, "\(base)/repos/lunarway/nope/git/refs", auth: "Bearer \(github.token)", body: body)
            #expect(unknown.status == 404)
            #expect(unknown.json["message"]?.stringValue == "Not Found")
            let notJSON = try await Self.call(.POST, refs, auth: "Bearer \(github.token)", body: "ref=refs/tags/dev")
            #expect(notJSON.status == 400)
            #expect(notJSON.json["message"]?.stringValue == "Problems parsing JSON")
            #expect(github.tags(owner: "lunarway", repo: "payments").isEmpty)
        }
    }

    @Test func keepsDeploymentsAndTheirStatuses() async throws {
        try await Self.withGitHub { github, base in
            let repo = "\(base)/repos/lunarway/payments"
            let bearer = "Bearer \(github.token)"
            let first = try await Self.call(
                .POST, "\(repo)/deployments", auth: bearer,
                body: ##"{"ref":"\##(Self.released)","environment":"dev","auto_merge":false,"required_contexts":[],"payload":{"moonbase_event_id":"e1"},"description":"Released by Moonbase"}"##)
            #expect(first.status == 201)
            #expect(first.json["id"] == .number("1"))
            #expect(first.json["sha"]?.stringValue == Self.released)
            #expect(first.json["task"]?.stringValue == "deploy")
            #expect(first.json["environment"]?.stringValue == "dev")
            #expect(first.json["production_environment"] == .bool(false))
            #expect(first.json["creator"]?["login"]?.stringValue == "moonbase-bot")
            #expect(first.json["payload"]?["moonbase_event_id"]?.stringValue == "e1")
            #expect(first.json["statuses_url"]?.stringValue == "\(repo)/deployments/1/statuses")

            let success = try await Self.call(
                .POST, "\(repo)/deployments/1/statuses", auth: bearer,
                body: ##"{"state":"success","log_url":"https://moonbase.example/services/payments","environment":"dev","description":"running: 3/3 pods"}"##)
            #expect(success.status == 201)
            #expect(success.json["state"]?.stringValue == "success")
            #expect(success.json["target_url"]?.stringValue == "https://moonbase.example/services/payments")
            #expect(success.json["deployment_url"]?.stringValue == "\(repo)/deployments/1")

            // A branch resolves through the refs the test set.
            github.setRef(owner: "lunarway", repo: "payments", ref: "heads/main", sha: Self.next)
            let second = try await Self.call(.POST, "\(repo)/deployments", auth: bearer, body: ##"{"ref":"main","environment":"dev"}"##)
            #expect(second.json["id"] == .number("2"))
            #expect(second.json["sha"]?.stringValue == Self.next)
            let bogus = try await Self.call(.POST, "\(repo)/deployments/2/statuses", auth: bearer, body: ##"{"state":"done"}"##)
            #expect(bogus.status == 422)
            #expect(bogus.json["message"]?.stringValue == "Validation Failed")
            #expect(bogus.json["errors"]?.arrayValue?.first?["field"]?.stringValue == "state")
            let secondSuccess = try await Self.call(.POST, "\(repo)/deployments/2/statuses", auth: bearer, body: ##"{"state":"success"}"##)
            #expect(secondSuccess.status == 201)

            // auto_inactive (the default): the older successful dev deployment went inactive.
            let deployments = github.deployments(owner: "lunarway", repo: "payments")
            #expect(deployments.map { $0.statuses.map(\.state) } == [["success", "inactive"], ["success"]])
            #expect(deployments.first?.statuses.last?.automatic == true)
            #expect(deployments.first?.payload["moonbase_event_id"]?.stringValue == "e1")

            let listed = try await Self.call(.GET, "\(repo)/deployments?environment=dev", auth: bearer)
            #expect(listed.json.arrayValue?.map { $0["id"] } == [.number("2"), .number("1")])
            let bySHA = try await Self.call(.GET, "\(repo)/deployments?sha=\(Self.released)&environment=dev", auth: bearer)
            #expect(bySHA.json.arrayValue?.map { $0["id"] } == [.number("1")])
            let statuses = try await Self.call(.GET, "\(repo)/deployments/1/statuses", auth: bearer)
            #expect(statuses.json.arrayValue?.map { $0["state"]?.stringValue } == ["inactive", "success"])

            let unknownRef = try await Self.call(.POST, "\(repo)/deployments", auth: bearer, body: ##"{"ref":"nope"}"##)
            #expect(unknownRef.status == 422)
            #expect(unknownRef.json["message"]?.stringValue == "No ref found for: nope")
            let noRef = try await Self.call(.POST, "\(repo)/deployments", auth: bearer, body: "{}")
            #expect(noRef.json["message"]?.stringValue == "Invalid request.\n\n\"ref\" wasn't supplied.")
            #expect(try await github.waitForDeployments(count: 2, withStatuses: 1, owner: "lunarway", repo: "payments", timeout: .seconds(5)).count == 2)
        }
    }

    @Test func rateLimitsAndFailsOnDemandThenRecovers() async throws {
        try await Self.withGitHub { github, base in
            let refs = "\(base)/repos/lunarway/payments/git/refs"
            let body = ##"{"ref":"refs/tags/dev","sha":"\##(Self.released)"}"##
            github.mode = .rateLimited(retryAfter: 60)
            let limited = try await Self.call(.POST, refs, auth: "Bearer \(github.token)", body: body)
            #expect(limited.status == 403)
            #expect(limited.header("x-ratelimit-remaining") == "0")
            #expect(limited.header("retry-after") == "60")
            #expect(Int(limited.header("x-ratelimit-reset") ?? "") ?? 0 > Int(Date().timeIntervalSince1970))
            #expect(limited.json["message"]?.stringValue?.hasPrefix("API rate limit exceeded") == true)

            github.mode = .failing(status: 502)
            let failed = try await Self.call(.POST, refs, auth: "Bearer \(github.token)", body: body)
            #expect(failed.status == 502)
            #expect(github.tags(owner: "lunarway", repo: "payments").isEmpty)

            github.mode = .healthy
            let created = try await Self.call(.POST, refs, auth: "Bearer \(github.token)", body: body)
            #expect(created.status == 201)
            #expect(github.tags(owner: "lunarway", repo: "payments") == ["dev": Self.released])
            #expect(github.requests.map(\.status) == [403, 502, 201])
        }
    }
}

// MARK: - Grafana

@Suite(.timeLimit(.minutes(1))) struct FakeGrafanaAPITests {
    static let graphite = ##"{"what":"Deployment: payments","tags":["deployment","payments","prod"],"when":1467844481,"data":"<br>Author: Alice<br>Message: fix<br>ArtifactID: master-1-2"}"##

    static func withGrafana(_ body: (FakeGrafanaAPI, String) async throws -> Void) async throws {
        let grafana = FakeGrafanaAPI()
        let base = try await grafana.start().absoluteString
        do {
            try await body(grafana, base)
        } catch {
            await grafana.stop()
            throw error
        }
        await grafana.stop()
    }

    static func post(_ url: String, key: String?, _ body: String) async throws -> ReceiverExchange {
        var headers = [("Content-Type", "application/json"), ("Accept", "application/json")]
        if let key { headers.append(("Authorization", "Bearer \(key)")) }
        return try await ReceiverHTTP.send(.POST, url, headers: headers, body: body)
    }

    @Test func addsGraphiteAnnotationsAndRegions() async throws {
        try await Self.withGrafana { grafana, base in
            let added = try await Self.post("\(base)/api/annotations/graphite", key: grafana.apiKey, Self.graphite)
            #expect(added.status == 200)
            #expect(added.body == ##"{"message":"Graphite annotation added","id":1}"##)
            let annotation = try #require(grafana.annotations.first)
            #expect(annotation.kind == .graphite)
            #expect(annotation.text == "Deployment: payments\n<br>Author: Alice<br>Message: fix<br>ArtifactID: master-1-2")
            #expect(annotation.tags == ["deployment", "payments", "prod"])
            #expect(annotation.time == 1_467_844_481_000)

            let region = try await Self.post(
                "\(base)/api/annotations", key: grafana.apiKey,
                ##"{"dashboardUID":"jcIIG-07z","panelId":1,"time":1507037197339,"timeEnd":1507180805056,"tags":["tag1","tag2"],"text":"Annotation Description"}"##)
            #expect(region.body == ##"{"message":"Annotation added","id":2}"##)
            #expect(grafana.annotations.last?.timeEnd == 1_507_180_805_056)
            #expect(grafana.annotations.last?.dashboardUID == "jcIIG-07z")
            #expect(grafana.annotations.last?.panelID == 1)
        }
    }

    @Test func refusesWhatGrafanaRefuses() async throws {
        try await Self.withGrafana { grafana, base in
            let url = "\(base)/api/annotations/graphite"
            let none = try await Self.post(url, key: nil, Self.graphite)
            #expect(none.status == 401)
            #expect(none.body == ##"{"message":"Unauthorized","messageId":"auth.unauthorized","statusCode":401,"traceID":""}"##)
            let wrong = try await Self.post(url, key: "glsa_guess", Self.graphite)
            #expect(wrong.status == 401)
            #expect(wrong.json["messageId"]?.stringValue == "api-key.invalid")

            let noWhat = try await Self.post(url, key: grafana.apiKey, ##"{"tags":["deployment"]}"##)
            #expect(noWhat.status == 400)
            #expect(noWhat.body == ##"{"message":"Failed to save Graphite annotation"}"##)
            // Tags left out are "unsupported tags format".
            let noTags = try await Self.post(url, key: grafana.apiKey, ##"{"what":"Deployment: payments"}"##)
            #expect(noTags.status == 400)
            let notJSON = try await Self.post(url, key: grafana.apiKey, "what=x")
            #expect(notJSON.body == ##"{"message":"bad request data"}"##)
            let noText = try await Self.post("\(base)/api/annotations", key: grafana.apiKey, ##"{"tags":["a"]}"##)
            #expect(noText.body == ##"{"message":"Failed to save annotation"}"##)
            #expect(grafana.annotations.isEmpty)
        }
    }

    @Test func failsAndStallsThenRecovers() async throws {
        try await Self.withGrafana { grafana, base in
            let url = "\(base)/api/annotations/graphite"
            grafana.mode = .failing(status: 500)
            let failed = try await Self.post(url, key: grafana.apiKey, Self.graphite)
            #expect(failed.status == 500)
            #expect(failed.body == ##"{"message":"Internal Server Error"}"##)

            grafana.mode = .stalled
            async let held = Self.post(url, key: grafana.apiKey, Self.graphite)
            try await grafana.waitForRequests(count: 2, timeout: .seconds(5))
            #expect(grafana.heldRequests == 1)
            #expect(grafana.annotations.isEmpty)
            grafana.mode = .healthy
            #expect(try await held.status == 200)
            #expect(try await grafana.waitForAnnotations(count: 1, timeout: .seconds(5)).map(\.id) == [1])
        }
    }
}

// MARK: - Webhooks

@Suite(.timeLimit(.minutes(1))) struct FakeWebhookReceiverTests {
    static let secret = "webhook-secret"

    static func withReceiver(secret: String? = FakeWebhookReceiverTests.secret, _ body: (FakeWebhookReceiver, String) async throws -> Void) async throws {
        let receiver = FakeWebhookReceiver(secret: secret)
        let base = try await receiver.start().absoluteString
        do {
            try await body(receiver, base + "/hooks/moonbase")
        } catch {
            await receiver.stop()
            throw error
        }
        await receiver.stop()
    }

    /// A structured-mode CloudEvent, as Moonbase sends it.
    static func event(_ id: String, type: String = "released", specversion: String = "1.0") -> String {
        ##"{"data":{"environment":"prod","service":"payments"},"datacontenttype":"application/json","id":"\##(id)","source":"https://moonbase.example","specversion":"\##(specversion)","subject":"payments/prod","time":"2024-05-01T10:00:00.123Z","type":"\##(type)"}"##
    }

    static var now: Int { Int(Date().timeIntervalSince1970) }

    /// POSTs `body` signed with `secret` at `timestamp` (or with `signature` as given).
    static func deliver(
        _ url: String, _ body: String, secret: String = FakeWebhookReceiverTests.secret, timestamp: Int? = nil, signature: String? = nil,
        contentType: String = FakeWebhookReceiver.contentType
    ) async throws -> ReceiverExchange {
        let timestamp = timestamp ?? now
        let headers = [
            ("Content-Type", contentType), (FakeWebhookReceiver.timestampHeader, String(timestamp)),
            (FakeWebhookReceiver.signatureHeader, signature ?? FakeWebhookReceiver.signature(for: Array(body.utf8), timestamp: timestamp, secret: secret)),
        ]
        return try await ReceiverHTTP.send(.POST, url, headers: headers, body: body)
    }

    @Test func acceptsSignedCloudEventsAndKeepsDuplicatesApart() async throws {
        try await Self.withReceiver { receiver, url in
            let first = try await Self.deliver(url, Self.event("e1"))
            #expect(first.status == 200)
            #expect(first.body == ##"{"id":"e1","duplicate":false}"##)
            let again = try await Self.deliver(url, Self.event("e1"))
            #expect(again.status == 200)
            #expect(again.json["duplicate"] == .bool(true))
            _ = try await Self.deliver(url, Self.event("e2", type: "rollout.succeeded"))

            #expect(receiver.uniqueEventIDs == ["e1", "e2"])
            #expect(receiver.duplicates.map(\.id) == ["e1"])
            #expect(receiver.deliveries.count == 3)
            let event = try #require(receiver.events.first)
            #expect(event.type == "released")
            #expect(event.source == "https://moonbase.example")
            #expect(event.subject == "payments/prod")
            #expect(event.time == "2024-05-01T10:00:00.123Z")
            #expect(event.data?["service"] == .string("payments"))
            #expect(event.path == "/hooks/moonbase")
            #expect(receiver.events.last?.type == "rollout.succeeded")
            #expect(try await receiver.waitForEvents(count: 2, timeout: .seconds(5)).count == 2)
        }
    }

    @Test func theSignatureIsHMACSHA256OverTimestampDotBody() {
        let body = ##"{"id":"e1"}"##
        let mac = HMAC<SHA256>.authenticationCode(for: Data("1733580000.\(body)".utf8), using: SymmetricKey(data: Data(Self.secret.utf8)))
        let hex = mac.map { String(format: "%02x", $0) }.joined()
        #expect(FakeWebhookReceiver.signature(for: Array(body.utf8), timestamp: 1_733_580_000, secret: Self.secret) == "sha256=" + hex)
    }

    @Test func refusesBadSignaturesOldTimestampsAndWhatIsNotACloudEvent() async throws {
        try await Self.withReceiver { receiver, url in
            let otherSecret = try await Self.deliver(url, Self.event("e1"), secret: "someone-else")
            #expect(otherSecret.status == 401)
            #expect(otherSecret.json["error"]?.stringValue?.contains("does not match") == true)
            let old = try await Self.deliver(url, Self.event("e1"), timestamp: Self.now - 301)
            #expect(old.status == 401)
            let future = try await Self.deliver(url, Self.event("e1"), timestamp: Self.now + 360)
            #expect(future.status == 401)
            let unsigned = try await ReceiverHTTP.send(.POST, url, headers: [("Content-Type", FakeWebhookReceiver.contentType)], body: Self.event("e1"))
            #expect(unsigned.status == 401)
            let plainJSON = try await Self.deliver(url, Self.event("e1"), contentType: "application/json")
            #expect(plainJSON.status == 415)
            let noID = try await Self.deliver(url, ##"{"source":"https://moonbase.example","specversion":"1.0","type":"released"}"##)
            #expect(noID.status == 400)
            let oldSpec = try await Self.deliver(url, Self.event("e1", specversion: "0.3"))
            #expect(oldSpec.status == 400)
            #expect(receiver.events.isEmpty)
            #expect(receiver.rejected.map(\.status) == [401, 401, 401, 401, 415, 400, 400])

            // Within the tolerance, the same body is taken.
            let recent = try await Self.deliver(url, Self.event("e1"), timestamp: Self.now - 299)
            #expect(recent.status == 200)
            // Without a secret nothing is checked but the event.
            receiver.secret = nil
            let anyone = try await ReceiverHTTP.send(.POST, url, headers: [("Content-Type", FakeWebhookReceiver.contentType)], body: Self.event("e2"))
            #expect(anyone.status == 200)
            #expect(receiver.uniqueEventIDs == ["e1", "e2"])
        }
    }

    @Test func failsThenStallsThenTakesTheRetry() async throws {
        try await Self.withReceiver { receiver, url in
            receiver.mode = .failing(status: 503)
            let failed = try await Self.deliver(url, Self.event("e1"))
            #expect(failed.status == 503)
            #expect(receiver.events.isEmpty)

            receiver.mode = .stalled
            async let retried = Self.deliver(url, Self.event("e1"))
            let arrived = try await receiver.waitForRequests(count: 2, timeout: .seconds(5))
            #expect(arrived.map(\.status) == [503, nil])
            #expect(receiver.heldRequests == 1)
            receiver.mode = .healthy
            #expect(try await retried.status == 200)
            #expect(receiver.uniqueEventIDs == ["e1"])
            #expect(receiver.duplicates.isEmpty)
        }
    }

    @Test func stoppingAnswersHeldRequests() async throws {
        let receiver = FakeWebhookReceiver(secret: Self.secret)
        let url = try await receiver.start().absoluteString + "/hooks"
        receiver.mode = .stalled
        async let held = try? Self.deliver(url, Self.event("e1"))
        try await receiver.waitForRequests(count: 1, timeout: .seconds(5))
        await receiver.stop()
        let answer = await held
        // The held request is answered 503 as the server goes, or its connection just closes.
        #expect(answer == nil || answer?.status == 503)
        #expect(receiver.requests.first?.status == 503)
        #expect(receiver.events.isEmpty)
    }
}

// MARK: - HTTP

/// One exchange with a fake, bodies as text.
struct ReceiverExchange: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: String

    var json: JSONValue { (try? JSONValue.parse(body)) ?? .null }

    func header(_ name: String) -> String? { headers.first(name: name) }
}

enum ReceiverHTTP {
    static func send(_ method: HTTPMethod, _ url: String, headers: [(String, String)] = [], body: String? = nil) async throws -> ReceiverExchange {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(20))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return ReceiverExchange(status: Int(response.status.code), headers: response.headers, body: String(buffer: bytes))
    }
}

extension JSONValue {
    fileprivate var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}
