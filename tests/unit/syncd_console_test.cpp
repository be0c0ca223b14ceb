// The center console's API (syncserver/console, docs/console.md) in process, over the real SQLite
// server store and sync service: sessions, CSRF and roles; a department working a forwarded case
// while another department cannot see it; the supervision figures against a hand count on fixed
// data; the public progress query and its rate limit. The browser tests (tests/console) drive the
// same API through Chromium against the real server.
#include "syncserver/console/console_api.h"
#include "syncserver/console/supervision.h"
#include "tests/unit/syncd_test_support.h"

#include <boost/json.hpp>
#include <map>
#include <zlib.h>

using namespace bianmin;
using namespace bianmin::domain;
using namespace bianmin::testing;
using bianmin::syncd::HttpRequest;
using bianmin::syncd::HttpResponse;
namespace json = boost::json;
namespace console = bianmin::syncd::console;

namespace {

constexpr const char* kDibao = "MZJ-006"; // 城乡低保: accepted at the hall, finished at 民政局

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

// The console with the world's store, service and clock.
struct Console {
    explicit Console(SyncdWorld& s)
        : world(s)
        , api(*s.store, *s.service, log, options(s)) {
        log.setQuiet(true);
    }
    static console::ConsoleOptions options(SyncdWorld& s) {
        console::ConsoleOptions o;
        o.now = [&s] { return s.clock; };
        return o;
    }
    SyncdWorld& world;
    syncd::Logger log;
    console::ConsoleApi api;
};

// One signed-in browser: its cookie and CSRF token.
struct Browser {
    explicit Browser(Console& console)
        : c(console) {}
    Console& c;
    std::string cookie;
    std::string csrf;
    std::string remote = "127.0.0.1";

    HttpResponse call(const std::string& method, const std::string& target,
                      const std::string& body = {}, bool withCsrf = true) {
        HttpRequest r;
        r.method = method;
        r.target = target;
        r.path = target.substr(0, target.find('?'));
        r.body = body;
        r.remote = remote;
        r.requestId = "test";
        if (!cookie.empty())
            r.headers["cookie"] =
                "theme=dark; " + std::string(console::kSessionCookie) + "=" + cookie;
        if (withCsrf && !csrf.empty())
            r.headers["x-csrf-token"] = csrf;
        auto res = c.api.handle(r);
        REQUIRE(res.has_value());
        return std::move(*res);
    }
    json::object get(const std::string& target, int status = 200) {
        const HttpResponse r = call("GET", target);
        INFO(target << " → " << r.status << " " << r.body);
        REQUIRE(r.status == status);
        return json::parse(r.body).as_object();
    }
    json::object post(const std::string& target, const std::string& body, int status = 200) {
        const HttpResponse r = call("POST", target, body);
        INFO(target << " " << body << " → " << r.status << " " << r.body);
        REQUIRE(r.status == status);
        return json::parse(r.body).as_object();
    }
    // Signs in; the answer's status.
    int login(const std::string& user, const std::string& password = kSyncdPassword) {
        const HttpResponse r =
            call("POST", "/console/api/login",
                 R"({"userId":")" + user + R"(","password":")" + password + R"("})");
        if (r.status != 200)
            return r.status;
        const std::string setCookie = r.headers.at("set-cookie");
        const auto eq = setCookie.find('=');
        cookie = setCookie.substr(eq + 1, setCookie.find(';') - eq - 1);
        csrf = std::string(json::parse(r.body).at("csrf").as_string());
        return r.status;
    }
};

std::string errorCode(const json::object& o) {
    return std::string(o.at("error").at("code").as_string());
}

std::string str(const json::value& v) {
    return std::string(v.as_string());
}

// A 城乡低保 case received and accepted at the hall and forwarded to 民政局, at `t`.
void forwardedAt(SyncdWorld& s, CaseWorld& w, Device& hall, Instant t) {
    w.setTime(t);
    s.clock = t;
    s.login(hall, s.cast.clerk); // sessions last hours, the story weeks
    s.act(w, w.cast.clerk, hall, w.receive(w.cast.clerk, kDibao));
    s.act(w, w.cast.clerk, hall, AcceptPayload{"材料齐全"});
    s.act(w, w.cast.clerk, hall, ForwardPayload{{Cast::kCenter, "民政局"}, "转市民政局"});
}

// 民政局 takes the case in, passes the three steps and completes it at `t`; the reply follows.
void completedAt(SyncdWorld& s, CaseWorld& w, Instant t, Outcome outcome) {
    w.setTime(t - 3'600'000);
    s.clock = w.clock;
    const Device handler = s.deviceFor(w.cast.handler);
    const Device reviewer = s.deviceFor(w.cast.reviewer);
    const Device approver = s.deviceFor(w.cast.approver);
    s.act(w, w.cast.handler, handler, TakeInPayload{});
    s.act(w, w.cast.handler, handler, StepPayload{StepCode::Handle, StepAction::Pass, "属实"});
    s.act(w, w.cast.reviewer, reviewer, StepPayload{StepCode::Review, StepAction::Pass, "同意"});
    s.act(w, w.cast.approver, approver, StepPayload{StepCode::Approve, StepAction::Pass, "批准"});
    w.setTime(t);
    s.clock = t;
    if (outcome == Outcome::Denied)
        s.act(w, w.cast.approver, approver, CompletePayload{outcome, {}, {}, {"家庭收入超过标准"}});
    else
        s.act(w, w.cast.approver, approver, CompletePayload{outcome, "低保证", "DB-1", {}});
    s.act(w, w.cast.handler, handler, ReplyPayload{});
}

// The hall hands the result over and the applicant rates it at `t`.
void ratedAt(SyncdWorld& s, CaseWorld& w, Device& hall, Instant t, int level) {
    w.setTime(t);
    s.clock = t;
    s.login(hall, s.cast.clerk);
    s.act(w, w.cast.clerk, hall, DeliverPayload{DeliveryMethod::WindowPickup, "王秀英", t, true});
    s.act(w, w.cast.clerk, hall, EvaluatePayload{level, 4, true, level >= 4 ? "太慢" : "方便"});
}

std::uint32_t le32(const std::string& s, std::size_t at) {
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i)
        v = (v << 8) | static_cast<unsigned char>(s.at(at + static_cast<std::size_t>(i)));
    return v;
}

std::uint16_t le16(const std::string& s, std::size_t at) {
    return static_cast<std::uint16_t>(static_cast<unsigned char>(s.at(at)) |
                                      (static_cast<unsigned char>(s.at(at + 1)) << 8));
}

// The entries of a ZIP of stored entries, read through its central directory; every CRC checked.
std::map<std::string, std::string> readStoredZip(const std::string& zip) {
    std::map<std::string, std::string> out;
    REQUIRE(zip.size() > 22);
    const std::size_t end = zip.size() - 22;
    REQUIRE(le32(zip, end) == 0x06054b50);
    const std::uint16_t count = le16(zip, end + 10);
    std::size_t at = le32(zip, end + 16);
    for (int i = 0; i < count; ++i) {
        REQUIRE(le32(zip, at) == 0x02014b50);
        const std::uint32_t crc = le32(zip, at + 16);
        const std::uint32_t size = le32(zip, at + 20);
        const std::uint16_t nameLen = le16(zip, at + 28);
        const std::uint32_t local = le32(zip, at + 42);
        const std::string name = zip.substr(at + 46, nameLen);
        REQUIRE(le32(zip, local) == 0x04034b50);
        const std::size_t data = local + 30 + le16(zip, local + 26) + le16(zip, local + 28);
        const std::string body = zip.substr(data, size);
        CHECK(crc32(0L, reinterpret_cast<const Bytef*>(body.data()),
                    static_cast<uInt>(body.size())) == crc);
        out[name] = body;
        at += std::size_t{46} + nameLen + le16(zip, at + 30) + le16(zip, at + 32);
    }
    return out;
}

} // namespace

TEST_CASE("console: query strings and cookies", "[console]") {
    const auto q = console::parseQuery("/x?department=%E6%B0%91%E6%94%BF%E5%B1%80&light=5&a=b+c&e");
    CHECK(q.at("department") == "民政局");
    CHECK(q.at("light") == "5");
    CHECK(q.at("a") == "b c");
    CHECK(q.at("e").empty());
    CHECK(console::parseQuery("/x").empty());
    CHECK(console::parseQuery("/x?bad=%E").at("bad") == "%E");
    CHECK(console::cookieValue("a=1; bm_console=xyz; b=2", "bm_console") == "xyz");
    CHECK(console::cookieValue("bm_console_old=1", "bm_console").empty());
    CHECK(console::cookieValue("", "bm_console").empty());
}

TEST_CASE("console: sign-in, session cookie, CSRF and who may use the console", "[console]") {
    SyncdWorld s;
    Console c(s);
    Browser b{c};

    // Not signed in: every API call is refused, the pages are served.
    CHECK(errorCode(b.get("/console/api/me", 401)) == "unauthenticated");
    CHECK(b.call("GET", "/console/").status == 200);
    CHECK(contains(b.call("GET", "/console/").headers.at("content-type"), "text/html"));
    CHECK(b.call("GET", "/console/no-such-file.js").status == 404);
    CHECK(b.call("GET", "/public/query").status == 200);

    // A wrong password, and a window clerk (no console user), are refused with a reason.
    CHECK(b.login("mz-1", "wrong") == 401);
    s.clock += 60'000; // past the back-off
    CHECK(b.login("clerk-h") == 403);
    CHECK(b.login("agent-r1") == 403);
    CHECK(b.cookie.empty());

    // Department staff sign in: the cookie is HttpOnly, Secure and SameSite=Strict.
    const HttpResponse r =
        b.call("POST", "/console/api/login",
               R"({"userId":"mz-1","password":")" + std::string(kSyncdPassword) + R"("})");
    REQUIRE(r.status == 200);
    const std::string setCookie = r.headers.at("set-cookie");
    CHECK(contains(setCookie, "HttpOnly"));
    CHECK(contains(setCookie, "Secure"));
    CHECK(contains(setCookie, "SameSite=Strict"));
    REQUIRE(b.login("mz-1") == 200);
    const auto me = b.get("/console/api/me");
    CHECK(str(me.at("user").at("department")) == "民政局");
    CHECK(str(me.at("user").at("role")) == "department_staff");
    CHECK(str(me.at("csrf")) == b.csrf);

    // A change without the CSRF header, or with a wrong one, is refused.
    CHECK(b.call("POST", "/console/api/logout", "{}", false).status == 403);
    {
        Browser forged = b;
        forged.csrf = "0000";
        CHECK(forged.call("POST", "/console/api/logout", "{}").status == 403);
    }
    // Department staff see no sync monitor and no audit log.
    CHECK(errorCode(b.get("/console/api/sync-monitor", 403)) == "forbidden");
    CHECK(errorCode(b.get("/console/api/audit", 403)) == "forbidden");

    // Sessions end at logout and when they expire.
    b.post("/console/api/logout", "{}");
    CHECK(b.get("/console/api/me", 401).at("error").at("code") == "unauthenticated");
    REQUIRE(b.login("mz-1") == 200);
    s.clock += console::kConsoleSessionLifetime + 1;
    CHECK(b.get("/console/api/me", 401).at("error").at("code") == "unauthenticated");

    // The audit log has every attempt, for the supervisor.
    Browser sv{c};
    REQUIRE(sv.login("sv-1") == 200);
    const auto audit = sv.get("/console/api/audit");
    int failed = 0;
    int logins = 0;
    for (const auto& e : audit.at("entries").as_array()) {
        if (e.at("action") == "login")
            (e.at("ok").as_bool() ? logins : failed) += 1;
    }
    CHECK(failed == 3);
    CHECK(logins >= 3);
}

TEST_CASE("console: a department works a forwarded case; another department cannot see it",
          "[console]") {
    SyncdWorld s;
    Console c(s);
    Device hall = s.deviceFor(s.cast.clerk);
    CaseWorld w("case-console", 7);
    forwardedAt(s, w, hall, localTime(2026, 11, 23, 9));
    const std::string id = "case-console";

    Browser mz{c};
    REQUIRE(mz.login("mz-1") == 200);
    const auto inbox = mz.get("/console/api/inbox");
    CHECK(str(inbox.at("department")) == "民政局");
    REQUIRE(inbox.at("cases").as_array().size() == 1);
    const auto& row = inbox.at("cases").as_array()[0].as_object();
    CHECK(str(row.at("caseId")) == id);
    CHECK(str(row.at("todo")) == "待收件");
    CHECK(str(row.at("originSiteId")) == Cast::kHall);
    CHECK(row.at("light").as_int64() == 0);
    const std::string number = str(row.at("number"));

    // 人社局 sees nothing of it: not in its inbox, and the case is "unknown" — by id or number,
    // to read or to act — exactly like a case that does not exist.
    Browser rs{c};
    REQUIRE(rs.login("rs-3") == 200);
    CHECK(rs.get("/console/api/inbox").at("cases").as_array().empty());
    const auto hidden = rs.get("/console/api/cases/" + id, 404);
    const auto unknown = rs.get("/console/api/cases/no-such-case", 404);
    CHECK(hidden == unknown);
    CHECK(rs.get("/console/api/cases/" + number, 404) == unknown);
    CHECK(rs.post("/console/api/cases/" + id + "/take-in", "{}", 404) == unknown);
    CHECK(rs.get("/console/api/supervision/open").at("cases").as_array().empty());

    // The handler may take it in, nothing else yet; the actions follow the fold and the grade.
    auto shown = mz.get("/console/api/cases/" + number).at("case").as_object();
    CHECK(shown.at("actions") == json::array{"take-in"});
    CHECK(str(shown.at("originSiteName")) == "车埠镇便民服务大厅");
    s.pokes.clear();
    mz.post("/console/api/cases/" + id + "/take-in", R"({"note":"收到"})");
    CHECK(!s.pokes.empty());
    auto after = mz.post("/console/api/cases/" + id + "/handle",
                         R"({"pass":true,"opinion":"入户调查属实"})");
    CHECK(str(after.at("case").at("todo")) == "待审核");
    // The handler may not review; a missing opinion is refused before anything is stored.
    const auto wrongGrade =
        mz.post("/console/api/cases/" + id + "/review", R"({"pass":true,"opinion":"x"})", 403);
    CHECK(contains(str(wrongGrade.at("error").at("message")), "审核"));
    CHECK(errorCode(mz.post("/console/api/cases/" + id + "/review", R"({"pass":true})", 400)) ==
          "bad_request");
    CHECK(errorCode(mz.post("/console/api/cases/" + id + "/explode", "{}", 404)) == "not_found");
    CHECK(errorCode(mz.post("/console/api/cases/" + id + "/handle", "not json", 400)) ==
          "bad_request");

    Browser reviewer{c};
    REQUIRE(reviewer.login("mz-2") == 200);
    reviewer.post("/console/api/cases/" + id + "/review", R"({"pass":true,"opinion":"同意"})");
    Browser approver{c};
    REQUIRE(approver.login("mz-3") == 200);
    approver.post("/console/api/cases/" + id + "/approve", R"({"pass":true,"opinion":"批准"})");
    CHECK(errorCode(approver.post("/console/api/cases/" + id + "/complete",
                                  R"({"outcome":"denied"})", 400)) == "bad_request");
    auto done =
        approver.post("/console/api/cases/" + id + "/complete",
                      R"({"outcome":"certificate","resultName":"低保证","resultNumber":"DB-7"})");
    CHECK(str(done.at("case").at("completion").at("resultName")) == "低保证");
    CHECK(done.at("case").at("actions") == json::array{"reply"});
    s.pokes.clear();
    mz.post("/console/api/cases/" + id + "/reply", R"({"note":"请到大厅领取"})");
    // The hall is poked and pulls the reply.
    bool hallPoked = false;
    for (const auto& readers : s.pokes)
        hallPoked =
            hallPoked || std::find(readers.begin(), readers.end(), Cast::kHall) != readers.end();
    CHECK(hallPoked);
    const auto pulled = s.pullAll(hall);
    CHECK(std::any_of(pulled.begin(), pulled.end(), [](const Event& e) {
        return std::holds_alternative<ReplyPayload>(e.payload);
    }));
    CHECK(mz.get("/console/api/inbox").at("cases").as_array().empty());

    // The supervisor reads it and may not act.
    Browser sv{c};
    REQUIRE(sv.login("sv-1") == 200);
    CHECK(sv.get("/console/api/cases/" + id).at("case").at("actions").as_array().empty());
    CHECK(sv.post("/console/api/cases/" + id + "/reply", "{}", 403).at("error").at("code") ==
          "not_department_staff");
}

TEST_CASE("console: the supervision figures match a hand count on fixed data", "[console]") {
    SyncdWorld s;
    Console c(s);
    Device hall = s.deviceFor(s.cast.clerk);
    // November 2026 at 车埠镇's hall, all 城乡低保 (promised 20 working days):
    //   A  received Mon 2 Nov, completed Wed 4 Nov (2 working days), rated 1 (非常满意)
    //   B  received Tue 3 Nov, denied Thu 5 Nov (2 working days), rated 5, rectified
    //   C  received Tue 3 Nov, refused at the hall (不予受理)
    //   D  received Wed 4 Nov, forwarded, never taken in: open, overdue by mid-December
    //   E  received Tue 1 Dec, forwarded: open, outside the range
    CaseWorld a("case-a", 1), b("case-b", 2), cc("case-c", 3), d("case-d", 4), e("case-e", 5);
    forwardedAt(s, a, hall, localTime(2026, 11, 2, 9));
    completedAt(s, a, localTime(2026, 11, 4, 16), Outcome::Certificate);
    ratedAt(s, a, hall, localTime(2026, 11, 5, 10), 1);
    forwardedAt(s, b, hall, localTime(2026, 11, 3, 9));
    completedAt(s, b, localTime(2026, 11, 5, 16), Outcome::Denied);
    ratedAt(s, b, hall, localTime(2026, 11, 6, 10), 5);
    s.act(b, b.cast.clerk, hall, RectifyPayload{"回访并说明政策", true});
    cc.setTime(localTime(2026, 11, 3, 10));
    s.clock = cc.clock;
    s.login(hall, s.cast.clerk);
    s.act(cc, cc.cast.clerk, hall, cc.receive(cc.cast.clerk, kDibao));
    s.act(cc, cc.cast.clerk, hall, RefusePayload{{"申请人户籍不在本镇"}, true});
    forwardedAt(s, d, hall, localTime(2026, 11, 4, 9));
    forwardedAt(s, e, hall, localTime(2026, 12, 1, 9));
    s.clock = localTime(2026, 12, 4, 10); // D was due on 2 Dec (20 working days from 4 Nov)

    Browser sv{c};
    REQUIRE(sv.login("sv-1") == 200);
    const auto st = sv.get("/console/api/supervision/stats?from=2026-11-01&to=2026-11-30");
    const auto& t = st.at("total").as_object();
    CHECK(t.at("received").as_int64() == 4);
    CHECK(t.at("accepted").as_int64() == 3);
    CHECK(t.at("refused").as_int64() == 1);
    CHECK(t.at("refusalRate").as_double() == Approx(0.25));
    CHECK(t.at("completed").as_int64() == 2);
    CHECK(t.at("onTime").as_int64() == 2);
    CHECK(t.at("onTimeRate").as_double() == Approx(1.0));
    CHECK(t.at("avgWorkingDays").as_double() == Approx(2.0));
    CHECK(t.at("evaluated").as_int64() == 2);
    CHECK(t.at("satisfied").as_int64() == 1);
    CHECK(t.at("satisfactionRate").as_double() == Approx(0.5));
    CHECK(t.at("poor").as_int64() == 1);
    CHECK(t.at("poorRectified").as_int64() == 1);
    CHECK(t.at("open").as_int64() == 2); // D and E are open now, whatever the range
    CHECK(t.at("red").as_int64() == 1);  // D
    REQUIRE(st.at("byDepartment").as_array().size() == 1);
    CHECK(str(st.at("byDepartment").as_array()[0].at("name")) == "民政局");
    CHECK(st.at("bySite").as_array()[0].at("received").as_int64() == 4);
    CHECK(st.at("satisfactionTarget").as_double() == Approx(0.95));
    // December: only E was received.
    const auto dec = sv.get("/console/api/supervision/stats?from=2026-12-01&to=2026-12-31");
    CHECK(dec.at("total").at("received").as_int64() == 1);
    CHECK(dec.at("total").at("completed").as_int64() == 0);
    CHECK(dec.at("total").at("onTimeRate").is_null());
    CHECK(errorCode(sv.get("/console/api/supervision/stats?from=2026-12-31&to=2026-12-01", 400)) ==
          "bad_request");

    // The open cases, worst first: D red (past due), E green.
    const auto open = sv.get("/console/api/supervision/open");
    REQUIRE(open.at("cases").as_array().size() == 2);
    CHECK(str(open.at("cases").as_array()[0].at("caseId")) == "case-d");
    CHECK(open.at("cases").as_array()[0].at("light").as_int64() == 5);
    CHECK(str(open.at("cases").as_array()[1].at("caseId")) == "case-e");
    CHECK(open.at("counts").at("5").as_int64() == 1);
    CHECK(sv.get("/console/api/supervision/open?light=5").at("cases").as_array().size() == 1);
    CHECK(sv.get("/console/api/supervision/open?department=%E4%BA%BA%E7%A4%BE%E5%B1%80")
              .at("cases")
              .as_array()
              .empty()); // 人社局
    CHECK(errorCode(sv.get("/console/api/supervision/open?light=9", 400)) == "bad_request");
    // By the window that took them (民政 at the hall), and none at another window.
    CHECK(sv.get("/console/api/supervision/open?window=%E6%B0%91%E6%94%BF")
              .at("cases")
              .as_array()
              .size() == 2);
    CHECK(sv.get("/console/api/supervision/open?window=%E7%BB%BC%E5%90%88")
              .at("cases")
              .as_array()
              .empty());
    REQUIRE(st.at("byWindow").as_array().size() == 1);
    CHECK(str(st.at("byWindow").as_array()[0].at("name")) == "民政");
    CHECK(st.at("byWindow").as_array()[0].at("received").as_int64() == 4);
    CHECK(sv.get("/console/api/supervision/open?problem=overdue").at("cases").as_array().size() ==
          1);
    CHECK(errorCode(sv.get("/console/api/supervision/open?problem=x", 400)) == "bad_request");

    // The CSV has the same figures.
    const HttpResponse csv =
        sv.call("GET", "/console/api/supervision/stats.csv?from=2026-11-01&to=2026-11-30");
    REQUIRE(csv.status == 200);
    CHECK(csv.body.starts_with("\xEF\xBB\xBF"));
    CHECK(contains(csv.body,
                   "合计,2026-11-01 至 2026-11-30,4,3,1,25.0%,2,2,100.0%,2.0,2,1,50.0%,1,1,2,1,0"));

    // The same table as a spreadsheet: a ZIP whose entries' CRCs hold, with the sheet's cells.
    const HttpResponse xlsx =
        sv.call("GET", "/console/api/supervision/stats.xlsx?from=2026-11-01&to=2026-11-30");
    REQUIRE(xlsx.status == 200);
    CHECK(contains(xlsx.headers.at("content-disposition"), ".xlsx"));
    const auto entries = readStoredZip(xlsx.body);
    REQUIRE(entries.count("xl/worksheets/sheet1.xml") == 1);
    CHECK(entries.count("[Content_Types].xml") == 1);
    CHECK(entries.count("xl/workbook.xml") == 1);
    const std::string& sheet = entries.at("xl/worksheets/sheet1.xml");
    CHECK(contains(sheet, "<t>合计</t>"));
    CHECK(contains(sheet, "<c r=\"C2\"><v>4</v></c>"));  // received
    CHECK(contains(sheet, "<c r=\"F2\"><v>25</v></c>")); // refusal rate, %
    CHECK(contains(sheet, "<c r=\"M2\"><v>50</v></c>")); // satisfaction, %

    // A sync monitor row for every site; the hall's device was seen.
    const auto mon = sv.get("/console/api/sync-monitor");
    bool hallSeen = false;
    for (const auto& site : mon.at("sites").as_array())
        if (site.at("siteId") == Cast::kHall)
            hallSeen = !site.at("lastSeen").is_null() || !site.at("devices").as_array().empty();
    CHECK(hallSeen);
}

TEST_CASE("console: the public progress query needs the number and its password, and is "
          "rate-limited",
          "[console][public]") {
    SyncdWorld s;
    Console c(s);
    Device hall = s.deviceFor(s.cast.clerk);
    CaseWorld w("case-public", 9);
    forwardedAt(s, w, hall, localTime(2026, 11, 23, 9));
    const CaseView v = w.view();
    const auto ids = s.store->casesByNumber(v.provisionalNumber);
    REQUIRE(ids.ok());
    REQUIRE(ids->size() == 1);

    Browser anyone{c};
    // CaseWorld's receipts carry the 查询密码 123456.
    const auto good = anyone.post("/public/api/query", R"({"number":")" + v.provisionalNumber +
                                                           R"(","password":"123456"})");
    CHECK(str(good.at("itemName")) == "城乡低保申请");
    CHECK(str(good.at("statusName")) == "受理");
    CHECK(str(good.at("applicant")) == "王*"); // masked
    CHECK(good.at("steps").as_array().size() >= 2);
    const auto wrong =
        anyone.post("/public/api/query",
                    R"({"number":")" + v.provisionalNumber + R"(","password":"654321"})", 404);
    const auto noSuch =
        anyone.post("/public/api/query", R"({"number":"L000","password":"123456"})", 404);
    CHECK(wrong == noSuch);
    CHECK(errorCode(anyone.post("/public/api/query", R"({"number":""})", 400)) == "bad_request");
    // 10 a minute from one address; others are not affected; a minute later it works again.
    for (int i = 0; i < 6; ++i)
        anyone.call("POST", "/public/api/query", R"({"number":"L000","password":"1"})");
    const HttpResponse limited =
        anyone.call("POST", "/public/api/query", R"({"number":"L000","password":"1"})");
    CHECK(limited.status == 429);
    Browser other{c};
    other.remote = "127.0.0.2";
    CHECK(other.call("POST", "/public/api/query", R"({"number":"L000","password":"1"})").status ==
          404);
    s.clock += 61'000;
    CHECK(anyone.call("POST", "/public/api/query", R"({"number":"L000","password":"1"})").status ==
          404);
    // The catalog is public.
    const HttpResponse cat = anyone.call("GET", "/public/api/catalog");
    CHECK(cat.status == 200);
    CHECK(contains(cat.body, "城乡低保"));
}

TEST_CASE("console: catalog management publishes new versions that reach the devices",
          "[console][admin]") {
    SyncdWorld s;
    Console c(s);
    s.clock = localTime(2026, 11, 23, 9);
    Browser ad{c};
    REQUIRE(ad.login("ad-1") == 200);
    Browser sv{c};
    REQUIRE(sv.login("sv-1") == 200);
    const std::int64_t before = s.store->referenceVersion().value();

    const auto list = ad.get("/console/api/catalog");
    CHECK(list.at("referenceVersion").as_int64() == before);
    CHECK(list.at("items").as_array().size() > 10);
    auto item = ad.get("/console/api/catalog/items/MZJ-006");
    REQUIRE(item.at("published").is_object());
    CHECK(item.at("draft").is_null());
    json::object edited = item.at("published").as_object();
    const std::int64_t v1 = edited.at("version").as_int64();
    edited["promisedLimitDays"] = 25;
    edited["consultPhone"] = "0715-5200000";
    // Which sites offer it: every room and hall but one room.
    edited["notOfferedAt"] = json::array{"421281909002"};

    // Only an admin edits; a supervisor reads.
    CHECK(errorCode(sv.post("/console/api/catalog/items/MZJ-006/draft",
                            json::serialize(json::object{{"item", edited}}), 403)) == "forbidden");
    // A draft that could not be published is refused with the reason, and not kept.
    json::object broken = edited;
    broken["promisedLimitDays"] = 99; // above the legal limit
    const auto refused = ad.post("/console/api/catalog/items/MZJ-006/draft",
                                 json::serialize(json::object{{"item", broken}}), 400);
    CHECK(errorCode(refused) == "bad_item");
    CHECK(ad.get("/console/api/catalog/items/MZJ-006").at("draft").is_null());
    json::object unknownSite = edited;
    unknownSite["notOfferedAt"] = json::array{"421281999999"};
    const auto refusedSite = ad.post("/console/api/catalog/items/MZJ-006/draft",
                                     json::serialize(json::object{{"item", unknownSite}}), 400);
    CHECK(contains(str(refusedSite.at("error").at("message")), "notOfferedAt"));

    ad.post("/console/api/catalog/items/MZJ-006/draft",
            json::serialize(json::object{{"item", edited}}));
    CHECK(ad.get("/console/api/catalog/items/MZJ-006").at("draft").at("promisedLimitDays") == 25);
    // Nothing changed for the devices until it is published.
    CHECK(s.store->referenceVersion().value() == before);
    const auto published =
        ad.post("/console/api/catalog/items/MZJ-006/publish", R"({"effectiveFrom":"2026-11-24"})");
    CHECK(published.at("version").as_int64() == v1 + 1);
    CHECK(published.at("referenceVersion").as_int64() == before + 1);
    CHECK(ad.get("/console/api/catalog/items/MZJ-006").at("draft").is_null());
    CHECK(errorCode(ad.post("/console/api/catalog/items/MZJ-006/publish", "{}", 400)) ==
          "bad_request"); // no draft any more

    // A device's hello names the new version and the reference download has the new item.
    Device hall = s.deviceFor(s.cast.clerk);
    auto hello = s.service->hello(hall.caller(),
                                  {sync::kProtocolVersion, "test", hall.id, hall.siteId, 0, {}});
    REQUIRE(hello.ok());
    CHECK(hello->referenceVersion == before + 1);
    const auto refText = s.service->reference(hall.caller());
    REQUIRE(refText.ok());
    CHECK(contains(*refText, "0715-5200000"));
    CHECK(contains(*refText, "notOfferedAt"));
    {
        // The room left out is refused a new application for it; its sibling is not.
        auto ref = bianmin::syncd::admin::storedReference(*s.store);
        REQUIRE(ref.ok());
        const Item* latest = (*ref)->catalog.latest("MZJ-006");
        REQUIRE(latest);
        CHECK_FALSE(latest->offeredAt(*(*ref)->org.site("421281909002")));
        CHECK(latest->offeredAt(*(*ref)->org.site("421281909001")));
    }

    // Suspending makes another version; the item is no longer open to new applications.
    ad.post("/console/api/catalog/items/MZJ-006/status", R"({"status":"suspended"})");
    const auto after = ad.get("/console/api/catalog/items/MZJ-006");
    CHECK(after.at("published").at("status") == "suspended");
    CHECK(after.at("versions").as_array().size() >= 3);
    CHECK(errorCode(ad.post("/console/api/catalog/items/MZJ-006/status", R"({"status":"gone"})",
                            400)) == "bad_request");
    CHECK(errorCode(ad.get("/console/api/catalog/items/XXX-999", 404)) == "not_found");

    // The audit log has each change.
    int changes = 0;
    const auto listing1 = sv.get("/console/api/audit");
    for (const auto& e : listing1.at("entries").as_array())
        changes += str(e.at("action")).starts_with("catalog_") && e.at("ok").as_bool() ? 1 : 0;
    CHECK(changes == 3); // draft, publish, status
}

TEST_CASE("console: users, devices and the holiday calendar", "[console][admin]") {
    SyncdWorld s;
    Console c(s);
    s.clock = localTime(2026, 11, 23, 9);
    Browser ad{c};
    REQUIRE(ad.login("ad-1") == 200);
    Browser mz{c};
    REQUIRE(mz.login("mz-1") == 200);

    // A new department user, who can then sign in to the console.
    CHECK(errorCode(mz.post("/console/api/users", "{}", 403)) == "forbidden");
    ad.post("/console/api/users",
            R"({"userId":"mz-9","name":"新承办人","role":"department_staff",)"
            R"("siteId":"421281000000","department":"MZJ","grade":1,"password":"Pass#2026-long"})");
    Browser newcomer{c};
    CHECK(newcomer.login("mz-9", "Pass#2026-long") == 200);
    bool listed = false;
    const auto listing2 = ad.get("/console/api/users?site=421281000000");
    for (const auto& u : listing2.at("users").as_array())
        listed = listed || u.at("userId") == "mz-9";
    CHECK(listed);
    // A village agent may not be made at the center.
    CHECK(errorCode(ad.post("/console/api/users",
                            R"({"userId":"x-1","name":"某人","role":"village_agent",)"
                            R"("siteId":"421281000000","password":"Pass#2026-long"})",
                            400)) == "bad_request");
    // Deactivated: the session ends and sign-in is refused.
    ad.post("/console/api/users/mz-9/active", R"({"active":false})");
    CHECK(newcomer.get("/console/api/me", 401).at("error").at("code") == "unauthenticated");
    CHECK(newcomer.login("mz-9", "Pass#2026-long") == 401);

    // An enrollment code enrolls a device; revoking it stops its sync at once.
    const auto code =
        ad.post("/console/api/enrollment-codes", R"({"siteId":"421281909001","days":3})");
    auto enrolled = s.service->enroll({str(code.at("code")), "新笔记本"});
    REQUIRE(enrolled.ok());
    CHECK(enrolled->siteId == "421281909001");
    bool found = false;
    const auto listing3 = ad.get("/console/api/devices?site=421281909001");
    for (const auto& d : listing3.at("devices").as_array())
        found = found || d.at("deviceId") == json::value(enrolled->deviceId);
    CHECK(found);
    ad.post("/console/api/devices/" + enrolled->deviceId + "/revoke", "{}");
    CHECK(codeOf(s.service->login({enrolled->deviceId, enrolled->deviceSecret},
                                  {"agent-r1", kSyncdPassword})) == "revoked");
    CHECK(errorCode(ad.post("/console/api/devices/no-such/revoke", "{}", 404)) == "not_found");
    CHECK(errorCode(ad.post("/console/api/enrollment-codes", R"({"siteId":"1","days":99})", 400)) ==
          "bad_request");

    // The calendar: a new holiday moves due dates; removing it moves them back.
    Device hall = s.deviceFor(s.cast.clerk);
    CaseWorld w("case-cal", 3);
    forwardedAt(s, w, hall, localTime(2026, 11, 23, 9));
    Browser sv{c};
    REQUIRE(sv.login("sv-1") == 200);
    const std::string due = str(sv.get("/console/api/cases/case-cal").at("case").at("due"));
    ad.post("/console/api/calendar/days",
            R"({"date":"2026-11-30","kind":"holiday","name":"演练"})");
    const std::string later = str(sv.get("/console/api/cases/case-cal").at("case").at("due"));
    CHECK(later > due);
    bool listedDay = false;
    const auto listing4 = sv.get("/console/api/calendar");
    for (const auto& d : listing4.at("days").as_array())
        listedDay = listedDay || d.at("date") == "2026-11-30";
    CHECK(listedDay);
    ad.post("/console/api/calendar/days/delete", R"({"date":"2026-11-30"})");
    CHECK(str(sv.get("/console/api/cases/case-cal").at("case").at("due")) == due);
    CHECK(errorCode(ad.post("/console/api/calendar/days/delete", R"({"date":"2026-11-30"})",
                            404)) == "not_found");
    CHECK(errorCode(ad.post("/console/api/calendar/days",
                            R"({"date":"2026-11-31","kind":"holiday","name":"x"})", 400)) ==
          "bad_request");
    CHECK(errorCode(ad.post("/console/api/calendar/days",
                            R"({"date":"2026-12-01","kind":"party","name":"x"})", 400)) ==
          "bad_request");
}

TEST_CASE("console: 督办 goes to the unit that holds the case, which replies", "[console]") {
    SyncdWorld s;
    Console c(s);
    Device hall = s.deviceFor(s.cast.clerk);
    CaseWorld w("case-dubanx", 11);
    forwardedAt(s, w, hall, localTime(2026, 11, 2, 9));
    s.clock = localTime(2026, 12, 4, 10); // overdue
    Browser sv{c};
    REQUIRE(sv.login("sv-1") == 200);
    Browser mz{c};
    REQUIRE(mz.login("mz-1") == 200);
    Browser rs{c};
    REQUIRE(rs.login("rs-3") == 200);

    CHECK(errorCode(mz.post("/console/api/supervision/notices",
                            R"({"caseId":"case-dubanx","reason":"x"})", 403)) == "forbidden");
    CHECK(errorCode(sv.post("/console/api/supervision/notices", R"({"caseId":"case-dubanx"})",
                            400)) == "bad_request");
    const auto issued =
        sv.post("/console/api/supervision/notices",
                R"({"caseId":"case-dubanx","reason":"已超期，请说明原因","replyDays":2})");
    CHECK(str(issued.at("unit")) == "dept:民政局");
    const std::string id = std::to_string(issued.at("id").as_int64());

    const auto mine = mz.get("/console/api/supervision/notices").at("notices").as_array();
    REQUIRE(mine.size() == 1);
    CHECK(str(mine[0].at("unitName")) == "民政局");
    CHECK(str(mine[0].at("reason")) == "已超期，请说明原因");
    CHECK(rs.get("/console/api/supervision/notices").at("notices").as_array().empty());
    CHECK(errorCode(rs.post("/console/api/supervision/notices/" + id + "/reply", R"({"reply":"x"})",
                            404)) == "not_found");
    CHECK(errorCode(sv.post("/console/api/supervision/notices/" + id + "/reply", R"({"reply":"x"})",
                            403)) == "forbidden");
    mz.post("/console/api/supervision/notices/" + id + "/reply",
            R"({"reply":"已加派人手，明日办结"})");
    CHECK(errorCode(mz.post("/console/api/supervision/notices/" + id + "/reply",
                            R"({"reply":"again"})", 409)) == "already_replied");
    const auto all = sv.get("/console/api/supervision/notices").at("notices").as_array();
    REQUIRE(all.size() == 1);
    CHECK(str(all[0].at("reply")) == "已加派人手，明日办结");
    CHECK(str(all[0].at("repliedBy")) == "mz-1");
}

TEST_CASE("console: the organisation: sites and window sets, published as reference versions",
          "[console][admin][org]") {
    SyncdWorld s;
    Console c(s);
    s.clock = localTime(2026, 11, 23, 9);
    Browser ad{c};
    REQUIRE(ad.login("ad-1") == 200);
    Browser sv{c};
    REQUIRE(sv.login("sv-1") == 200);
    Browser mz{c};
    REQUIRE(mz.login("mz-1") == 200);
    const std::int64_t before = s.store->referenceVersion().value();
    auto siteIn = [](const json::object& org, const std::string& id) -> json::object {
        for (const auto& x : org.at("sites").as_array())
            if (x.at("id") == json::value(id))
                return x.as_object();
        return {};
    };
    auto windowsOf = [](const json::object& org, const char* kind) {
        std::vector<std::string> out;
        for (const auto& w : org.at("windowSets").at(kind).as_array())
            out.emplace_back(w.as_string());
        return out;
    };
    auto has = [](const std::vector<std::string>& v, const std::string& x) {
        return std::find(v.begin(), v.end(), x) != v.end();
    };
    auto ref = [&] {
        auto r = bianmin::syncd::admin::storedReference(*s.store);
        REQUIRE(r.ok());
        return *r;
    };

    // Everyone signed in reads the organisation; only admins change it.
    CHECK(mz.get("/console/api/org").at("windowSets").at("hall").as_array().size() == 12);
    CHECK(errorCode(mz.get("/console/api/org/windows", 403)) == "forbidden");
    CHECK(sv.get("/console/api/org/windows").at("windows").as_array().size() == 12);
    CHECK(errorCode(sv.post("/console/api/org/sites",
                            R"({"parentId":"421281909000","name":"新建村"})", 403)) == "forbidden");
    CHECK(errorCode(mz.post("/console/api/org/windows", R"({"name":"社保"})", 403)) == "forbidden");
    CHECK(s.store->referenceVersion().value() == before);

    // --- a village room under 车埠镇 (14 villages: the next code is 015) ----------------------
    const auto made =
        ad.post("/console/api/org/sites", R"({"parentId":"421281909000","name":"新建村"})");
    const std::string roomId = str(made.at("site").at("id"));
    CHECK(roomId == "421281909015");
    CHECK(made.at("site").at("name") == "新建村便民服务室");
    CHECK(made.at("referenceVersion").as_int64() == before + 1);
    {
        const auto org = sv.get("/console/api/org");
        const auto room = siteIn(org, roomId);
        CHECK(room.at("kind") == "room");
        CHECK(room.at("parentId") == "421281909000");
        CHECK(room.at("active") == true);
        CHECK(room.at("unitName") == "新建村");
        CHECK(room.at("unitKind") == "村");
        const auto stored = s.store->site(roomId);
        REQUIRE(stored.ok());
        REQUIRE(stored->has_value());
        CHECK((*stored)->name == "新建村便民服务室");
    }
    // A device's hello names the new version and its reference download has the room.
    {
        Device hall = s.deviceFor(s.cast.clerk);
        auto hello = s.service->hello(
            hall.caller(), {sync::kProtocolVersion, "test", hall.id, hall.siteId, 0, {}});
        REQUIRE(hello.ok());
        CHECK(hello->referenceVersion == before + 1);
        const auto refText = s.service->reference(hall.caller());
        REQUIRE(refText.ok());
        CHECK(contains(*refText, "421281909015"));
        CHECK(contains(*refText, "新建村"));
    }
    // A code given by hand, and the whole site name typed.
    const auto made2 = ad.post("/console/api/org/sites",
                               R"({"parentId":"421281909000","name":"幸福社区便民服务室",)"
                               R"("code":"421281909201"})");
    CHECK(made2.at("site").at("id") == "421281909201");
    CHECK(made2.at("site").at("name") == "幸福社区便民服务室");

    // Bad input, each refused with its reason and nothing published.
    const std::int64_t v2 = s.store->referenceVersion().value();
    auto refused = [&](const std::string& body, int status, const std::string& code,
                       const std::string& part) {
        const auto e = ad.post("/console/api/org/sites", body, status);
        CHECK(errorCode(e) == code);
        CHECK(contains(str(e.at("error").at("message")), part));
    };
    refused(R"({"parentId":"421281999000","name":"新村"})", 404, "unknown_parent", "不存在");
    refused(R"({"parentId":"421281909001","name":"新村"})", 400, "bad_request", "便民服务室下");
    refused(R"({"parentId":"421281909000","name":""})", 400, "bad_request", "请填写");
    refused(R"({"parentId":"421281909000","name":"新 村"})", 400, "bad_request", "空格");
    refused(R"({"parentId":"421281909000","name":"新建组"})", 400, "bad_request", "结尾");
    refused(R"({"parentId":"421281909000","name":"新建村"})", 409, "duplicate_name", "已有新建村");
    refused(R"({"parentId":"421281909000","name":"二村","code":"421281909001"})", 409,
            "duplicate_code", "已被");
    refused(R"({"parentId":"421281909000","name":"二村","code":"421281907099"})", 400,
            "bad_request", "前 9 位");
    refused(R"({"parentId":"421281909000","name":"二村","code":"421281909000"})", 400,
            "bad_request", "12 位");
    refused(R"({"parentId":"421281000000","name":"新华村"})", 400, "bad_request", "镇");
    refused(R"({"parentId":"421281000000","name":"新华镇","code":"421281915001"})", 400,
            "bad_request", "000");
    CHECK(s.store->referenceVersion().value() == v2);

    // --- a township hall under the center (14 townships 901–914: the next is 915) --------------
    const auto hall =
        ad.post("/console/api/org/sites", R"({"parentId":"421281000000","name":"新华镇"})");
    const std::string hallId = str(hall.at("site").at("id"));
    CHECK(hallId == "421281915000");
    CHECK(hall.at("site").at("name") == "新华镇便民服务大厅");
    const auto hallRoom =
        ad.post("/console/api/org/sites", R"({"parentId":"421281915000","name":"新华社区"})");
    CHECK(hallRoom.at("site").at("id") == "421281915001");
    CHECK(errorCode(ad.post("/console/api/org/sites",
                            R"({"parentId":"421281000000","name":"车埠镇"})", 409)) ==
          "duplicate_name");

    // --- renaming ------------------------------------------------------------------------------
    const auto renamed =
        ad.post("/console/api/org/sites/" + roomId + "/rename", R"({"name":"新建社区"})");
    CHECK(renamed.at("site").at("name") == "新建社区便民服务室");
    CHECK(siteIn(sv.get("/console/api/org"), roomId).at("unitKind") == "社区");
    CHECK(s.store->site(roomId).value()->name == "新建社区便民服务室");
    CHECK(errorCode(ad.post("/console/api/org/sites/" + roomId + "/rename",
                            R"({"name":"幸福社区"})", 409)) == "duplicate_name");
    CHECK(errorCode(ad.post("/console/api/org/sites/" + roomId + "/rename",
                            R"({"name":"新建社区"})", 409)) == "no_change");
    CHECK(errorCode(ad.post("/console/api/org/sites/421281999999/rename", R"({"name":"某村"})",
                            404)) == "not_found");
    ad.post("/console/api/org/sites/421281000000/rename", R"({"name":"赤壁市行政审批服务中心"})");
    CHECK(siteIn(sv.get("/console/api/org"), "421281000000").at("name") ==
          "赤壁市行政审批服务中心");

    // --- closing and reopening -----------------------------------------------------------------
    // A room with a user and a hall with rooms, users and an open case stay open.
    Device hallDevice = s.deviceFor(s.cast.clerk);
    CaseWorld w("case-org", 5);
    forwardedAt(s, w, hallDevice, localTime(2026, 11, 23, 9));
    const auto busyRoom =
        ad.post("/console/api/org/sites/421281909002/active", R"({"active":false})", 409);
    CHECK(errorCode(busyRoom) == "site_in_use");
    CHECK(contains(str(busyRoom.at("error").at("message")), "agent-r2"));
    const auto use = sv.get("/console/api/org/sites/421281909000");
    CHECK(use.at("openCases").as_int64() == 1);
    CHECK(use.at("activeDevices").as_int64() >= 1);
    CHECK(use.at("activeRooms").as_int64() >= 15);
    const auto busyHall =
        ad.post("/console/api/org/sites/421281909000/active", R"({"active":false})", 409);
    const std::string why = str(busyHall.at("error").at("message"));
    CHECK(contains(why, "1 件未办结的办件"));
    CHECK(contains(why, "台在用的设备"));
    CHECK(contains(why, "便民服务室在用"));
    CHECK(errorCode(ad.post("/console/api/org/sites/421281000000/active", R"({"active":false})",
                            400)) == "bad_request");
    // An empty room closes; nobody can be made to work there until it reopens.
    ad.post("/console/api/org/sites/" + roomId + "/active", R"({"active":false})");
    CHECK(siteIn(sv.get("/console/api/org"), roomId).at("active") == false);
    CHECK(ref()->org.site(roomId)->active == false);
    CHECK(errorCode(ad.post("/console/api/org/sites/" + roomId + "/active", R"({"active":false})",
                            409)) == "no_change");
    CHECK(errorCode(ad.post("/console/api/users",
                            R"({"userId":"agent-new","name":"新代办员","role":"village_agent",)"
                            R"("siteId":")" +
                                roomId + R"(","password":"Pass#2026-long"})",
                            409)) == "site_closed");
    CHECK(errorCode(ad.post("/console/api/enrollment-codes",
                            R"({"siteId":")" + roomId + R"(","days":3})", 409)) == "site_closed");
    ad.post("/console/api/org/sites/" + roomId + "/active", R"({"active":true})");
    ad.post("/console/api/users",
            R"({"userId":"agent-new","name":"新代办员","role":"village_agent",)"
            R"("siteId":")" +
                roomId + R"(","password":"Pass#2026-long"})");
    // A hall closes after its rooms; a room does not reopen under a closed hall.
    CHECK(contains(
        str(ad.post("/console/api/org/sites/" + hallId + "/active", R"({"active":false})", 409)
                .at("error")
                .at("message")),
        "1 个便民服务室在用"));
    ad.post("/console/api/org/sites/421281915001/active", R"({"active":false})");
    ad.post("/console/api/org/sites/" + hallId + "/active", R"({"active":false})");
    CHECK(errorCode(ad.post("/console/api/org/sites/421281915001/active", R"({"active":true})",
                            409)) == "parent_closed");
    CHECK(errorCode(ad.post("/console/api/org/sites",
                            R"({"parentId":")" + hallId + R"(","name":"另一村"})", 409)) ==
          "parent_closed");
    // Closed sites drop out of the sync monitor.
    bool monitored = false;
    const auto monitor = sv.get("/console/api/sync-monitor");
    for (const auto& x : monitor.at("sites").as_array())
        monitored = monitored || x.at("siteId") == json::value(hallId);
    CHECK_FALSE(monitored);

    // --- the window sets -----------------------------------------------------------------------
    ad.post("/console/api/org/windows", R"({"name":"社保","room":true})");
    {
        const auto org = sv.get("/console/api/org");
        const auto hallSet = windowsOf(org, "hall");
        REQUIRE(hallSet.size() == 13);
        CHECK(hallSet[11] == "社保"); // before 综合, which stays last
        CHECK(hallSet.back() == "综合");
        CHECK(has(windowsOf(org, "room"), "社保"));
    }
    CHECK(errorCode(ad.post("/console/api/org/windows", R"({"name":"社保"})", 409)) ==
          "duplicate_window");
    CHECK(errorCode(ad.post("/console/api/org/windows", R"({"name":"社保窗口"})", 400)) ==
          "bad_request");
    CHECK(errorCode(ad.post("/console/api/org/windows", R"({"name":" "})", 400)) == "bad_request");
    CHECK(errorCode(ad.post("/console/api/org/windows", R"({"name":"一二三四五六七八九"})", 400)) ==
          "bad_request");

    // 人社局's items go to the new window with the department.
    const auto moved = ad.post("/console/api/org/departments/RSJ/window", R"({"window":"社保"})");
    CHECK(moved.at("items").as_int64() >= 9);
    CHECK(ref()->org.department("RSJ")->window == "社保");
    CHECK(ref()->catalog.latest("RSJ-001")->window == "社保");
    CHECK(ref()->catalog.latest("MZJ-006")->window == "民政");
    CHECK(errorCode(ad.post("/console/api/org/departments/RSJ/window", R"({"window":"社保"})",
                            409)) == "no_change");
    CHECK(errorCode(ad.post("/console/api/org/departments/RSJ/window", R"({"window":"没有"})",
                            400)) == "bad_request");
    CHECK(errorCode(ad.post("/console/api/org/departments/XXX/window", R"({"window":"综合"})",
                            404)) == "not_found");
    {
        bool listed = false;
        const auto windows = sv.get("/console/api/org/windows");
        for (const auto& x : windows.at("windows").as_array())
            if (x.at("name") == "社保") {
                listed = x.at("departments").as_array().size() == 1 &&
                         x.at("items").as_array().size() >= 9 && x.at("room") == true;
            }
        CHECK(listed);
    }

    // Renamed: the departments and every version of the items follow.
    ad.post("/console/api/org/windows/rename", R"({"name":"社保","newName":"社保医保"})");
    CHECK(ref()->org.department("RSJ")->window == "社保医保");
    CHECK(ref()->catalog.latest("RSJ-001")->window == "社保医保");
    CHECK(errorCode(ad.post("/console/api/org/windows/rename",
                            R"({"name":"综合","newName":"综合服务"})", 400)) == "bad_request");
    CHECK(errorCode(ad.post("/console/api/org/windows/rename",
                            R"({"name":"社保医保","newName":"民政"})", 409)) == "duplicate_window");
    CHECK(errorCode(ad.post("/console/api/org/windows/rename", R"({"name":"无","newName":"有"})",
                            404)) == "not_found");

    // The rooms' set.
    ad.post("/console/api/org/windows/room", R"({"name":"社保医保","room":false})");
    CHECK_FALSE(has(windowsOf(sv.get("/console/api/org"), "room"), "社保医保"));
    CHECK(ref()->org.windowFor("人社局", SiteKind::Room) == "综合");
    CHECK(errorCode(ad.post("/console/api/org/windows/room", R"({"name":"综合","room":false})",
                            400)) == "bad_request");
    ad.post("/console/api/org/windows/room", R"({"name":"公安","room":true})");
    const auto roomSet = windowsOf(sv.get("/console/api/org"), "room");
    CHECK(roomSet == std::vector<std::string>{"卫计", "民政", "人社", "公安", "国土", "财政",
                                              "综合"}); // in the halls' order

    // Removed: its department and items go to the window chosen.
    CHECK(errorCode(ad.post("/console/api/org/windows/remove", R"({"name":"综合"})", 400)) ==
          "bad_request");
    CHECK(errorCode(ad.post("/console/api/org/windows/remove",
                            R"({"name":"社保医保","moveTo":"社保医保"})", 400)) == "bad_request");
    const auto removed =
        ad.post("/console/api/org/windows/remove", R"({"name":"社保医保","moveTo":"人社"})");
    CHECK(removed.at("departments").as_array().size() == 1);
    CHECK(ref()->org.department("RSJ")->window == "人社");
    CHECK(ref()->catalog.latest("RSJ-001")->window == "人社");
    CHECK(windowsOf(sv.get("/console/api/org"), "hall").size() == 12);

    // The case forwarded before is still read and assessed under the new versions.
    CHECK(sv.get("/console/api/cases/case-org").at("case").at("due").is_string());

    // The audit log has each change and each refusal.
    std::map<std::string, int> done;
    int refusedEntries = 0;
    const auto audit = sv.get("/console/api/audit");
    for (const auto& e : audit.at("entries").as_array()) {
        const std::string action = str(e.at("action"));
        if (action.starts_with("site_") || action.starts_with("window_") ||
            action == "department_window") {
            if (e.at("ok").as_bool())
                ++done[action];
            else
                ++refusedEntries;
        }
    }
    CHECK(done["site_create"] == 4);
    CHECK(done["site_rename"] == 2);
    CHECK(done["site_active"] == 4);
    CHECK(done["window_add"] == 1);
    CHECK(done["window_rename"] == 1);
    CHECK(done["window_room"] == 2);
    CHECK(done["window_remove"] == 1);
    CHECK(done["department_window"] == 1);
    CHECK(refusedEntries >= 20);
}
