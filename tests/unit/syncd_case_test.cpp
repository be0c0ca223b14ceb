// `bianmin-syncd admin case …`: a department at the center works a forwarded case from the
// command line — inbox, show, take-in, the three steps, special procedure, notice of missing
// materials, completion and reply — as named department users, through the push's checks; the
// clear refusals; and the server poking the devices for events another process stored.
#include "common/domain/event_codec.h"
#include "syncserver/admin/case_commands.h"
#include "tests/unit/syncd_test_support.h"

#include <algorithm>
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <sstream>

using namespace bianmin::domain;
using namespace bianmin::syncd;
using bianmin::testing::CaseWorld;
using bianmin::testing::Cast;
using bianmin::testing::Device;
using bianmin::testing::SyncdWorld;
namespace crypto = bianmin::store::crypto;

namespace {

constexpr const char* kDibao = "MZJ-006"; // 城乡低保: the hall accepts and forwards to 民政局

struct Run {
    int code = 0;
    std::string out;
    std::string err;
};

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// The CLI against the world's store, on the world's clock.
Run run(SyncdWorld& s, std::vector<std::string> args) {
    admin::Options o;
    o.resources = BIANMIN_RESOURCES_DIR;
    o.kdf = crypto::KdfParams::fastForTests();
    o.demoKdf = crypto::KdfParams::fastForTests();
    o.now = [&s] { return s.clock; };
    args.insert(args.begin(), "case");
    std::ostringstream out;
    std::ostringstream err;
    const int code = admin::runCommand(*s.store, args, out, err, o);
    return {code, out.str(), err.str()};
}

// Must succeed.
Run ok(SyncdWorld& s, std::vector<std::string> args) {
    Run r = run(s, std::move(args));
    INFO(r.err);
    REQUIRE(r.code == 0);
    s.clock += 60'000;
    return r;
}

// Must fail with the exit code and the error code in its one line.
void refused(SyncdWorld& s, std::vector<std::string> args, int code, const std::string& what) {
    const Run r = run(s, std::move(args));
    INFO(r.out << r.err);
    CHECK(r.code == code);
    CHECK(contains(r.err, what));
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
}

CaseView serverView(SyncdWorld& s, const std::string& caseId, const CaseWorld& w) {
    auto rows = s.store->caseEvents(caseId);
    REQUIRE(rows.ok());
    std::vector<Event> events;
    for (const auto& row : *rows) {
        auto e = decodeEvent(row.body);
        REQUIRE(e.ok());
        e->serverSeq = row.serverSeq;
        events.push_back(std::move(*e));
    }
    return foldCase(events, w.ctx());
}

// A 城乡低保 case accepted at the hall and forwarded to 民政局.
std::string forwarded(SyncdWorld& s, CaseWorld& w, const Device& hall) {
    s.act(w, w.cast.clerk, hall, w.receive(w.cast.clerk, kDibao));
    s.act(w, w.cast.clerk, hall, AcceptPayload{"材料齐全"});
    s.act(w, w.cast.clerk, hall, ForwardPayload{{Cast::kCenter, "民政局"}, "转市民政局"});
    return serverView(s, w.caseId, w).officialNumber;
}

} // namespace

TEST_CASE("syncd case: a department works a forwarded case from the command line, and the hall "
          "gets every step",
          "[syncd][admin][case]") {
    SyncdWorld s;
    Device hall = s.deviceFor(s.cast.clerk);
    CaseWorld w("case-cli", 81);
    const std::string number = forwarded(s, w, hall);
    REQUIRE_FALSE(number.empty());

    // The inbox, by department name or code, for people and as JSON.
    Run inbox = ok(s, {"inbox", "--department", "民政局"});
    CHECK(contains(inbox.out, number));
    CHECK(contains(inbox.out, "待收件"));
    CHECK(contains(inbox.out, "王秀英"));
    CHECK(contains(inbox.out, "城乡"));
    const auto doc =
        boost::json::parse(ok(s, {"inbox", "--department", "MZJ", "--json"}).out).as_object();
    CHECK(doc.at("department").as_string() == "民政局");
    REQUIRE(doc.at("cases").as_array().size() == 1);
    const auto& row = doc.at("cases").as_array()[0].as_object();
    CHECK(row.at("caseId").as_string() == "case-cli");
    CHECK(row.at("officialNumber").as_string() == number);
    CHECK(row.at("status").as_string() == "05");
    CHECK(row.at("todo").as_string() == "待收件");
    CHECK(row.at("applicant").as_string() == "王秀英");
    CHECK(contains(ok(s, {"inbox", "--department", "人社局"}).out, "0 件"));

    // Take-in by the official number, the steps by the case id, each by the right grade.
    CHECK(
        contains(ok(s, {"take-in", number, "--user", "mz-1", "--note", "中心收件"}).out, "待承办"));
    ok(s, {"step", "case-cli", "--user", "mz-1", "--step", "handle", "--pass", "--opinion",
           "入户调查属实"});
    // The reviewer returns it; the handler handles it again.
    ok(s, {"step", "case-cli", "--user", "mz-2", "--step", "review", "--return", "--opinion",
           "补充收入证明"});
    CHECK(contains(ok(s, {"inbox", "--department", "民政局"}).out, "待承办"));
    ok(s,
       {"step", "case-cli", "--user", "mz-1", "--step", "handle", "--pass", "--opinion", "已补充"});
    ok(s,
       {"step", "case-cli", "--user", "mz-2", "--step", "review", "--pass", "--opinion", "同意"});
    ok(s,
       {"step", "case-cli", "--user", "mz-3", "--step", "approve", "--pass", "--opinion", "批准"});
    const Run done = ok(s, {"complete", number, "--user", "mz-1", "--outcome", "certificate",
                            "--result-name", "最低生活保障金领取证", "--result-number", "DB-1"});
    CHECK(contains(done.out, "办结"));
    CHECK(contains(done.out, "待反馈"));
    const Run replied = ok(s, {"reply", number, "--user", "mz-1", "--note", "请通知申请人领取"});
    CHECK(contains(replied.out, "车埠镇"));
    CHECK(contains(ok(s, {"inbox", "--department", "民政局"}).out, "0 件"));

    // The hall pulls every event; its fold and the server's agree, and nothing was refused.
    const auto pulled = s.pullAll(hall);
    const CaseView v = foldCase(pulled, w.ctx());
    CHECK(v.status == CaseStatus::Completed);
    CHECK(v.holder == Holder{Cast::kHall, {}});
    CHECK(v.repliedAt.has_value());
    CHECK(v.steps.size() == 5);
    REQUIRE(v.completion.has_value());
    CHECK(v.completion->resultNumber == "DB-1");
    CHECK(v.conflicts.empty());
    CHECK(v.timeline.size() == 12);
    for (const auto& e : pulled)
        if (e.actor.role == Role::DepartmentStaff) {
            CHECK(e.actor.deviceId == kConsoleDeviceId);
            CHECK(e.actor.department == "民政局");
        }
    // The console's HLCs follow the case's, so a replica folding unstored events agrees too.
    for (std::size_t i = 1; i < pulled.size(); ++i)
        if (pulled[i].actor.deviceId == kConsoleDeviceId)
            for (std::size_t j = 0; j < i; ++j)
                CHECK(pulled[j].hlc < pulled[i].hlc);

    // show: the state and the timeline, for people and as JSON.
    const Run shown = ok(s, {"show", number});
    CHECK(contains(shown.out, "办结"));
    CHECK(contains(shown.out, "批准通过"));
    CHECK(contains(shown.out, "mz-3"));
    CHECK(contains(shown.out, "时间线"));
    CHECK(contains(shown.out, "绑定正式编号"));
    const auto js = boost::json::parse(ok(s, {"show", "case-cli", "--json"}).out).as_object();
    CHECK(js.at("status").as_string() == "10");
    CHECK(js.at("timeline").as_array().size() == 12);
    CHECK(js.at("holderSiteId").as_string() == Cast::kHall);
}

TEST_CASE("syncd case: special procedure and a notice of missing materials after 受理",
          "[syncd][admin][case]") {
    SyncdWorld s;
    Device hall = s.deviceFor(s.cast.clerk);
    CaseWorld w("case-pause", 82);
    forwarded(s, w, hall);
    ok(s, {"take-in", "case-pause", "--user", "mz-1"});
    const Run sus = ok(s, {"suspend", "case-pause", "--user", "mz-1", "--reason", "公示七日",
                           "--days", "5", "--approver", "局长", "--kind", "2"});
    CHECK(contains(sus.out, "挂起"));
    refused(
        s, {"step", "case-pause", "--user", "mz-1", "--step", "handle", "--pass", "--opinion", "x"},
        1, "wrong_state");
    ok(s, {"resume", "case-pause", "--user", "mz-1", "--result", "公示无异议"});
    const std::string material = w.item(kDibao).materials.front().name;
    const Run notice =
        ok(s, {"notify-missing", "case-pause", "--user", "mz-1", "--missing", material});
    CHECK(contains(notice.out, "补齐补正"));
    const CaseView v = serverView(s, "case-pause", w);
    CHECK(v.status == CaseStatus::AwaitingMaterials);
    CHECK(v.missing == std::vector<std::string>{material});
    REQUIRE(v.suspensions.size() == 2);
    CHECK(v.suspensions[0].kind == 2);
    CHECK(v.suspensions[0].limitDays == 5);
    CHECK(v.suspensions[0].result == "公示无异议");
    CHECK(contains(ok(s, {"show", "case-pause"}).out, material));
    refused(s, {"notify-missing", "case-pause", "--user", "mz-1", "--missing", "不存在的材料"}, 1,
            "wrong_state");
}

TEST_CASE("syncd case: refusals are clear, one line, and store nothing", "[syncd][admin][case]") {
    SyncdWorld s;
    Device hall = s.deviceFor(s.cast.clerk);
    CaseWorld w("case-no", 83);
    forwarded(s, w, hall);
    const std::size_t before = s.storedEvents("case-no");

    refused(s, {"take-in", "case-nowhere", "--user", "mz-1"}, 1, "unknown_case");
    refused(s, {"take-in", "421281-20991231-000001", "--user", "mz-1"}, 1, "unknown_case");
    refused(s, {"take-in", "case-no", "--user", "nobody"}, 1, "unknown_user");
    refused(s, {"take-in", "case-no", "--user", "rs-3"}, 1, "wrong_department");
    refused(s, {"take-in", "case-no", "--user", "clerk-h"}, 1, "not_department_staff");
    refused(s, {"take-in", "case-no", "--user", "sv-1"}, 1, "not_department_staff");
    REQUIRE(s.store->setUserActive("mz-2", false).ok());
    refused(s, {"take-in", "case-no", "--user", "mz-2"}, 1, "inactive_user");
    // The fold's own words: the wrong state, the wrong grade, the same person twice.
    refused(s,
            {"step", "case-no", "--user", "mz-1", "--step", "handle", "--pass", "--opinion", "x"},
            1, "wrong_state");
    refused(s, {"reply", "case-no", "--user", "mz-1"}, 1, "办件当前状态为受理");
    ok(s, {"take-in", "case-no", "--user", "mz-1"});
    refused(s, {"take-in", "case-no", "--user", "mz-1"}, 1, "wrong_state");
    refused(s,
            {"step", "case-no", "--user", "mz-1", "--step", "review", "--pass", "--opinion", "x"},
            1, "wrong_step");
    ok(s, {"step", "case-no", "--user", "mz-1", "--step", "handle", "--pass", "--opinion", "x"});
    refused(s,
            {"step", "case-no", "--user", "mz-1", "--step", "review", "--pass", "--opinion", "x"},
            1, "wrong_role");
    refused(
        s,
        {"complete", "case-no", "--user", "mz-1", "--outcome", "approved", "--result-name", "证"},
        1, "steps_pending");
    CHECK(s.storedEvents("case-no") == before + 2);

    // The command line: exit code 2.
    refused(s, {"take-in", "case-no"}, 2, "--user");
    refused(s, {"take-in", "--user", "mz-1"}, 2, "usage");
    refused(s, {"step", "case-no", "--user", "mz-1", "--step", "handle", "--opinion", "x"}, 2,
            "--pass");
    refused(s,
            {"step", "case-no", "--user", "mz-1", "--step", "handle", "--pass", "--return",
             "--opinion", "x"},
            2, "--return");
    refused(s, {"step", "case-no", "--user", "mz-1", "--step", "sign", "--pass", "--opinion", "x"},
            2, "--step");
    refused(s, {"step", "case-no", "--user", "mz-1", "--step", "handle", "--pass"}, 2, "--opinion");
    refused(s,
            {"suspend", "case-no", "--user", "mz-1", "--reason", "r", "--approver", "a", "--days",
             "zero"},
            2, "--days");
    refused(s, {"notify-missing", "case-no", "--user", "mz-1"}, 2, "--missing");
    refused(s, {"complete", "case-no", "--user", "mz-1", "--outcome", "great"}, 2, "--outcome");
    refused(s, {"complete", "case-no", "--user", "mz-1", "--outcome", "approved"}, 2,
            "--result-name");
    refused(s, {"take-in", "case-no", "--user", "mz-1", "--colour", "red"}, 2, "--colour");
    refused(s, {"take-in", "case-no", "--user", "mz-1", "--user", "mz-3"}, 2, "--user");
    refused(s, {"inbox"}, 2, "--department");
    refused(s, {"inbox", "--department", "宣传部"}, 2, "宣传部");
    refused(s, {"show"}, 2, "usage");
    CHECK(run(s, {"frobnicate"}).code == 2);
    CHECK(run(s, {}).code == 2);
    CHECK(contains(run(s, {"--help"}).out, "notify-missing"));
    CHECK(s.storedEvents("case-no") == before + 2);
}

TEST_CASE("syncd case: the server pokes the readers of events another process stored",
          "[syncd][admin][case][poke]") {
    SyncdWorld s;
    Device hall = s.deviceFor(s.cast.clerk);
    CaseWorld w("case-watch", 84);
    forwarded(s, w, hall);
    // The first look only marks where watching starts.
    CHECK(s.service->pokeForeignChanges().value() == 0);
    const std::size_t pokes = s.pokes.size();
    CHECK(s.service->pokeForeignChanges().value() == 0);
    CHECK(s.pokes.size() == pokes);

    // The CLI stores with a service of its own (as another process would).
    ok(s, {"take-in", "case-watch", "--user", "mz-1"});
    CHECK(s.pokes.size() == pokes);
    CHECK(s.service->pokeForeignChanges().value() == 1);
    REQUIRE(s.pokes.size() == pokes + 1);
    CHECK(s.pokes.back() == std::vector<std::string>{Cast::kHall, "dept:民政局"});
    CHECK(s.service->pokeForeignChanges().value() == 0);

    // The service's own pushes were poked at once: the watcher leaves them alone.
    CaseWorld own("case-own", 85);
    s.act(own, own.cast.clerk, hall, own.receive(own.cast.clerk, kDibao));
    s.act(own, own.cast.clerk, hall, AcceptPayload{});
    const std::size_t afterOwn = s.pokes.size();
    CHECK(s.service->pokeForeignChanges().value() == 0);
    CHECK(s.pokes.size() == afterOwn);

    // Mixed: another process's event among our own.
    s.act(own, own.cast.clerk, hall, ForwardPayload{{Cast::kCenter, "民政局"}, {}});
    ok(s, {"step", "case-watch", "--user", "mz-1", "--step", "handle", "--pass", "--opinion",
           "符合条件"});
    s.act(own, own.cast.clerk, hall, WithdrawPayload{"申请人撤回"});
    const std::size_t mixed = s.pokes.size();
    CHECK(s.service->pokeForeignChanges().value() == 1);
    REQUIRE(s.pokes.size() == mixed + 1);
    CHECK(s.pokes.back() == std::vector<std::string>{Cast::kHall, "dept:民政局"});
}

TEST_CASE("syncd case: a case read again holds the events stored since, whoever stored them",
          "[syncd][admin][case][cache]") {
    SyncdWorld s;
    Device hall = s.deviceFor(s.cast.clerk);
    CaseWorld w("case-cache", 86);
    const std::string number = forwarded(s, w, hall);
    auto ref = admin::storedReference(*s.store);
    REQUIRE(ref.ok());
    const FoldContext fold{(*ref)->catalog, (*ref)->org, (*ref)->calendar};
    // Read by id, then by number: the same case, the same events as the store's rows.
    const auto agrees = [&](const std::string& key) {
        auto c = admin::findCase(*s.store, key, fold);
        REQUIRE(c.ok());
        CHECK(c->caseId == "case-cache");
        const auto rows = s.store->caseEvents("case-cache");
        REQUIRE(rows.ok());
        REQUIRE(c->events.size() == rows->size());
        for (std::size_t i = 0; i < rows->size(); ++i) {
            CHECK(c->events[i].id == (*rows)[i].id);
            CHECK(c->events[i].serverSeq == (*rows)[i].serverSeq);
        }
        const CaseView expected = serverView(s, "case-cache", w);
        CHECK(c->view.status == expected.status);
        CHECK(c->view.holder == expected.holder);
        CHECK(c->view.timeline.size() == expected.timeline.size());
        return c->events.size();
    };
    const std::size_t first = agrees("case-cache");
    CHECK(agrees(number) == first);

    // Events stored by this process's service, by the command line (a service of its own, as
    // another process), and by another store object on the same file.
    ok(s, {"take-in", number, "--user", "mz-1"});
    CHECK(agrees("case-cache") == first + 1);
    ok(s,
       {"step", "case-cache", "--user", "mz-1", "--step", "handle", "--pass", "--opinion", "属实"});
    CHECK(agrees(number) == first + 2);
    auto other = SqliteServerStore::open(s.dir / "syncd.db");
    REQUIRE(other.ok());
    CHECK(other.value()->instanceId() != s.store->instanceId());
    auto seen = admin::findCase(**other, "case-cache", fold);
    REQUIRE(seen.ok());
    CHECK(seen->events.size() == first + 2);

    // A case the store does not have is unknown, also after others were read.
    auto unknown = admin::findCase(*s.store, "case-nowhere", fold);
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().code == "unknown_case");
}
