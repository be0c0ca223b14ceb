// The client event store on real SQLite files: append and fold, search, encryption at rest,
// offline login, pulled batches out of order, migrations, fault injection, a full disk and a
// corrupt file.
#include "common/store/event_store.h"
#include "tests/support/case_world.h"
#include "tests/support/temp_dir.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <set>
#include <sys/wait.h>
#include <unistd.h>

using namespace bianmin::domain;
using namespace bianmin::store;
using bianmin::testing::CaseWorld;
using bianmin::testing::Cast;
using bianmin::testing::localTime;
using bianmin::testing::message;
using bianmin::testing::TempDir;

namespace {

class FakeClock final : public Clock {
public:
    Instant now() const override { return t; }
    Instant t = localTime(2026, 11, 23, 9, 0);
};

const char* kPassword = "Cb#2026-agent";

EventStore::Options fastOptions(const FakeClock& clock) {
    EventStore::Options o;
    o.clock = &clock;
    o.kdf = crypto::KdfParams::fastForTests();
    return o;
}

std::unique_ptr<EventStore> freshStore(const std::filesystem::path& file, const FakeClock& clock) {
    auto s = EventStore::open(file, fastOptions(clock));
    REQUIRE(s.ok());
    REQUIRE((*s)->createKeyring("agent-r1", kPassword).ok());
    const Status ref =
        (*s)->putReference(bianmin::refdata::ReferencePaths::inDirectory(BIANMIN_RESOURCES_DIR), 1);
    INFO(message(ref));
    REQUIRE(ref.ok());
    return std::move(*s);
}

// Makes one full case with CaseWorld and returns its events (not yet stored anywhere).
std::vector<Event> elderlyCase(const std::string& caseId, const std::string& name,
                               const std::string& id17, std::uint64_t seed = 1) {
    CaseWorld w(caseId, seed);
    auto r = w.receive(w.cast.agent, "MZJ-001", {"户口簿"}, true);
    r.applicant.name = name;
    r.applicant.idNumber = bianmin::testing::residentId(id17);
    w.must(w.cast.agent, r);
    w.must(w.cast.agent, NotifyMissingPayload{{"户口簿"}, {}});
    w.advanceMinutes(60);
    w.must(w.cast.agent, SupplementPayload{{CaseWorld::got("户口簿")}});
    w.must(w.cast.agent, AcceptPayload{});
    return w.events;
}

std::string fileBytes(const std::filesystem::path& p) {
    auto text = bianmin::refdata::readTextFile(p);
    REQUIRE(text.ok());
    return *text;
}

Status appendEach(EventStore& s, const std::vector<Event>& events) {
    for (const auto& e : events) {
        auto r = s.append(e);
        if (!r)
            return r.error();
    }
    return ok();
}

} // namespace

TEST_CASE("store: appended events fold into the case view and the case list", "[store]") {
    TempDir dir;
    FakeClock clock;
    auto store = freshStore(dir / "client.db", clock);
    const auto events = elderlyCase("case-1", "王秀英", "42128119400315102");
    const Status appended = appendEach(*store, events);
    INFO(message(appended));
    REQUIRE(appended.ok());

    auto v = store->caseView("case-1");
    REQUIRE(v.ok());
    CHECK(v->status == CaseStatus::Accepted);
    CHECK(v->timeline.size() == events.size());
    CHECK(*store->caseCount() == 1);
    CHECK(*store->outboxSize() == static_cast<int>(events.size()));

    // The same event again is a no-op.
    auto again = store->append(events.front());
    REQUIRE(again.ok());
    CHECK(*again == AppendOutcome::Duplicate);
    CHECK(*store->outboxSize() == static_cast<int>(events.size()));

    // An illegal event is refused with the fold's reason and nothing is written.
    CaseWorld w("case-1");
    Event bad = w.make(w.cast.agent2, AcceptPayload{});
    auto refused = store->append(bad);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == "wrong_state");
    CHECK(*store->outboxSize() == static_cast<int>(events.size()));

    // A fresh handle reads the same state from disk.
    store.reset();
    auto reopened = EventStore::open(dir / "client.db", fastOptions(clock));
    REQUIRE(reopened.ok());
    REQUIRE((*reopened)->unlock("agent-r1", kPassword).ok());
    auto v2 = (*reopened)->caseView("case-1");
    REQUIRE(v2.ok());
    CHECK(v2->status == CaseStatus::Accepted);
    auto secrets = (*reopened)->caseSecrets("case-1");
    REQUIRE(secrets.ok());
    CHECK(secrets->applicant.idNumber == bianmin::testing::residentId("42128119400315102"));
    CHECK(secrets->applicant.phone == "13812345678");
}

TEST_CASE("store: an event naming an unknown item version is refused", "[store]") {
    TempDir dir;
    FakeClock clock;
    auto store = freshStore(dir / "client.db", clock);
    CaseWorld w("case-x");
    auto r = w.receive(w.cast.agent, "MZJ-001");
    r.item.version = 42;
    auto res = store->append(w.make(w.cast.agent, r));
    REQUIRE_FALSE(res.ok());
    CHECK(res.error().code == "unknown_item_version");
    CHECK(*store->caseCount() == 0);
}

TEST_CASE("store: search by name fragment, two-character name, case number, ID and ID tail",
          "[store][search]") {
    TempDir dir;
    FakeClock clock;
    auto store = freshStore(dir / "client.db", clock);
    REQUIRE(appendEach(*store, elderlyCase("case-1", "王秀英", "42128119400315102", 1)).ok());
    REQUIRE(appendEach(*store, elderlyCase("case-2", "张三", "42128119380101203", 2)).ok());
    REQUIRE(appendEach(*store, elderlyCase("case-3", "欧阳秀兰", "42128119450505304", 3)).ok());

    auto find = [&](const std::string& text) {
        SearchQuery q;
        q.text = text;
        auto page = store->search(q);
        REQUIRE(page.ok());
        std::vector<std::string> ids;
        for (const auto& r : page->rows)
            ids.push_back(r.caseId);
        std::sort(ids.begin(), ids.end());
        return ids;
    };
    CHECK(find("王秀英") == std::vector<std::string>{"case-1"});
    CHECK(find("张三") == std::vector<std::string>{"case-2"});         // two characters
    CHECK(find("秀") == std::vector<std::string>{"case-1", "case-3"}); // one character
    CHECK(find("欧阳秀") == std::vector<std::string>{"case-3"});
    CHECK(find("高龄补贴").size() == 3); // item name
    const std::string full = bianmin::testing::residentId("42128119380101203");
    CHECK(find(full) == std::vector<std::string>{"case-2"});
    CHECK(find(full.substr(12)) == std::vector<std::string>{"case-2"}); // last 6
    auto v = store->caseView("case-3");
    REQUIRE(v.ok());
    CHECK(find(v->provisionalNumber.substr(14)).size() >= 1); // number fragment
    CHECK(find("李四").empty());
    CHECK(find("\"; DROP TABLE cases; --").empty()); // quoted safely
    CHECK(*store->caseCount() == 3);
}

TEST_CASE("store: the search index forgets the text a case no longer has", "[store][search]") {
    // The index keeps no copy of the text (schema 7): an entry comes out when it is given the
    // text it indexed. A draft received under another name, and a case taken away, are found by
    // their current text only: with the previous row known from this connection's cache, and
    // read back from the file after a reopen.
    for (const bool reopen : {false, true}) {
        INFO((reopen ? "reopened between the events" : "one connection"));
        TempDir dir;
        FakeClock clock;
        auto store = freshStore(dir / "client.db", clock);
        auto find = [&](const std::string& text) {
            SearchQuery q;
            q.text = text;
            auto page = store->search(q);
            REQUIRE(page.ok());
            std::vector<std::string> ids;
            for (const auto& r : page->rows)
                ids.push_back(r.caseId);
            std::sort(ids.begin(), ids.end());
            return ids;
        };
        // Documents in the search index, counted from its terms (it cannot be scanned).
        auto indexed = [&] {
            REQUIRE(store->db()
                        .exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.case_fts_terms USING "
                              "fts5vocab(main, case_fts, 'instance')")
                        .ok());
            auto s = store->db().prepare("SELECT count(DISTINCT doc) FROM temp.case_fts_terms");
            REQUIRE(s.ok());
            REQUIRE(*(*s)->step());
            const auto n = (*s)->int64(0);
            (*s)->reset();
            return n;
        };
        CaseWorld w("case-1", 1);
        auto r = w.receive(w.cast.agent, "MZJ-001");
        r.applicant.name = "李四光";
        w.must(w.cast.agent, DraftPayload{r.item, r.applicant, r.agent});
        REQUIRE(store->append(w.events.back()).ok());
        REQUIRE(appendEach(*store, elderlyCase("case-2", "欧阳秀兰", "42128119450505304", 2)).ok());
        CHECK(find("李四光") == std::vector<std::string>{"case-1"});
        if (reopen) {
            store.reset();
            auto s = EventStore::open(dir / "client.db", fastOptions(clock));
            REQUIRE(s.ok());
            REQUIRE((*s)->unlock("agent-r1", kPassword).ok());
            store = std::move(*s);
        }
        r.applicant.name = "王秀英";
        w.must(w.cast.agent, r);
        REQUIRE(store->append(w.events.back()).ok());
        CHECK(find("李四光").empty());
        CHECK(find("李四").empty());
        CHECK(find("王秀英") == std::vector<std::string>{"case-1"});
        CHECK(find("秀") == std::vector<std::string>{"case-1", "case-2"});
        CHECK(indexed() == 2);
        // The second case's first event is refused: the case goes, and its entry with it.
        auto events = store->caseEvents("case-2");
        REQUIRE(events.ok());
        REQUIRE(store->markRejected(events->front().id, "forbidden", "no").ok());
        CHECK(find("欧阳秀兰").empty());
        CHECK(find("秀") == std::vector<std::string>{"case-1"});
        CHECK(indexed() == 1);
        // And rebuilding every projection leaves the same index.
        const Status rebuilt = store->rebuildProjections();
        INFO(message(rebuilt));
        REQUIRE(rebuilt.ok());
        CHECK(find("王秀英") == std::vector<std::string>{"case-1"});
        CHECK(find("李四光").empty());
        CHECK(indexed() == 1);
    }
}

TEST_CASE("store: keyset pagination walks every case once", "[store][search]") {
    TempDir dir;
    FakeClock clock;
    auto store = freshStore(dir / "client.db", clock);
    std::vector<Event> all;
    for (int i = 0; i < 37; ++i) {
        CaseWorld w("case-" + std::to_string(i), static_cast<std::uint64_t>(i + 10));
        w.setTime(localTime(2026, 11, 23, 9, 0) + Instant{i % 5} * 60'000); // ties on purpose
        w.must(w.cast.agent, w.receive(w.cast.agent, "MZJ-001"));
        all.push_back(w.events.front());
    }
    REQUIRE(store->appendAll(all).ok());
    for (SortOrder order : {SortOrder::ReceivedNewestFirst, SortOrder::DueSoonestFirst}) {
        SearchQuery q;
        q.limit = 5;
        q.order = order;
        std::set<std::string> seen;
        int pages = 0;
        while (true) {
            auto page = store->search(q);
            REQUIRE(page.ok());
            ++pages;
            for (const auto& r : page->rows)
                CHECK(seen.insert(r.caseId).second);
            if (page->next.empty())
                break;
            q.after = page->next;
        }
        CHECK(seen.size() == 37);
        CHECK(pages == 8);
    }
    SearchQuery bad;
    bad.after = "garbage";
    CHECK(store->search(bad).error().code == "bad_cursor");
}

TEST_CASE("store: a copied database reveals no ID numbers, phones or addresses",
          "[store][crypto]") {
    TempDir dir;
    FakeClock clock;
    const std::string id = bianmin::testing::residentId("42128119400315102");
    {
        auto store = freshStore(dir / "client.db", clock);
        REQUIRE(appendEach(*store, elderlyCase("case-1", "王秀英", "42128119400315102")).ok());
        // Leave the WAL in place: the copy a thief makes includes it.
        const std::string db = fileBytes(dir / "client.db");
        const std::string wal = fileBytes(dir / "client.db-wal");
        REQUIRE(wal.size() > 0);
        for (const std::string& secret :
             {id, id.substr(12), std::string("13812345678"), std::string("湖北省赤壁市车埠镇")}) {
            INFO(secret);
            CHECK(db.find(secret) == std::string::npos);
            CHECK(wal.find(secret) == std::string::npos);
        }
        // Names are not secret: they are searchable by design.
        CHECK((db + wal).find("王秀英") != std::string::npos);
    }
    // Without the password the store opens locked and gives nothing away.
    auto thief = EventStore::open(dir / "client.db", fastOptions(clock));
    REQUIRE(thief.ok());
    CHECK((*thief)->caseView("case-1").error().code == "locked");
    CHECK((*thief)->search(SearchQuery{}).error().code == "locked");
}

TEST_CASE("store: offline login refuses a wrong password, then backs off", "[store][login]") {
    TempDir dir;
    FakeClock clock;
    {
        auto store = freshStore(dir / "client.db", clock);
        REQUIRE(store->addUser("clerk-2", "another-Pass1").ok());
    }
    auto opened = EventStore::open(dir / "client.db", fastOptions(clock));
    REQUIRE(opened.ok());
    auto& store = *opened;
    const Status wrong = store->unlock("agent-r1", "guess");
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.error().code == "wrong_password");
    // Even the right password waits out the delay.
    const Status locked = store->unlock("agent-r1", kPassword);
    REQUIRE_FALSE(locked.ok());
    CHECK(locked.error().code == "locked");
    clock.t += 1000;
    CHECK_FALSE(store->unlock("agent-r1", "guess2").ok()); // 2nd failure: 2 s
    clock.t += 1500;
    CHECK(store->unlock("agent-r1", kPassword).error().code == "locked");
    clock.t += 600;
    REQUIRE(store->unlock("agent-r1", kPassword).ok());
    CHECK(store->unlocked());
    // The counter is reset after a success; another user of the site unlocks the same data.
    store->lock();
    REQUIRE(store->unlock("clerk-2", "another-Pass1").ok());
    CHECK(store->unlock("nobody", "x").error().code == "unknown_user");
}

TEST_CASE("store: pulled events before their case's first event wait, then fold", "[store][pull]") {
    TempDir dir;
    FakeClock clock;
    auto store = freshStore(dir / "client.db", clock);
    auto events = elderlyCase("case-p", "王秀英", "42128119400315102");
    for (std::size_t i = 0; i < events.size(); ++i)
        events[i].serverSeq = static_cast<std::int64_t>(i + 1);
    // The later events arrive in an earlier batch.
    std::vector<Event> late(events.begin() + 2, events.end());
    std::vector<Event> early(events.begin(), events.begin() + 2);
    REQUIRE(store->applyPulled(late, "cursor-1").ok());
    CHECK(*store->caseCount() == 0);
    CHECK(store->pullCursor() == "cursor-1");
    REQUIRE(store->applyPulled(early, "cursor-2").ok());
    auto v = store->caseView("case-p");
    REQUIRE(v.ok());
    CHECK(v->status == CaseStatus::Accepted);
    CHECK(std::all_of(v->timeline.begin(), v->timeline.end(),
                      [](const TimelineEntry& t) { return t.applied; }));
    CHECK(*store->outboxSize() == 0); // pulled events are not pushed back
    // A pulled event without a server sequence is refused, and nothing of the batch is kept.
    CaseWorld w("case-q");
    std::vector<Event> bad{w.make(w.cast.agent, w.receive(w.cast.agent, "MZJ-001"))};
    CHECK(store->applyPulled(bad, "cursor-3").error().code == "no_server_seq");
    CHECK(store->pullCursor() == "cursor-2");
}

TEST_CASE("store: our own events coming back from the server leave the outbox", "[store][pull]") {
    TempDir dir;
    FakeClock clock;
    auto store = freshStore(dir / "client.db", clock);
    auto events = elderlyCase("case-1", "王秀英", "42128119400315102");
    REQUIRE(appendEach(*store, events).ok());
    auto out = store->outbox(100);
    REQUIRE(out.ok());
    REQUIRE(out->size() == events.size());
    CHECK(out->front().id == events.front().id);
    std::vector<std::pair<std::string, std::int64_t>> acks{{events[0].id, 7}, {events[1].id, 8}};
    REQUIRE(store->acknowledge(acks).ok());
    CHECK(*store->outboxSize() == static_cast<int>(events.size()) - 2);
    std::vector<Event> echoed(events.begin() + 2, events.end());
    for (std::size_t i = 0; i < echoed.size(); ++i)
        echoed[i].serverSeq = static_cast<std::int64_t>(9 + i);
    REQUIRE(store->applyPulled(echoed, "c").ok());
    CHECK(*store->outboxSize() == 0);
    CHECK(store->caseView("case-1")->status == CaseStatus::Accepted);
}

namespace {

// What a case view shows, to compare a fold kept in the cache with one from the file.
std::string describe(const CaseView& v) {
    std::string out = std::to_string(static_cast<int>(v.status)) + " " + v.holder.siteId + "/" +
                      v.holder.department + " conflicts " + std::to_string(v.conflicts.size());
    for (const auto& t : v.timeline)
        out += " " + t.eventId + (t.applied ? "+" : "-");
    return out;
}

} // namespace

TEST_CASE("store: pulled batches fold on from the cached case exactly as from the file",
          "[store][pull]") {
    TempDir dir;
    FakeClock clock;
    auto store = freshStore(dir / "client.db", clock);
    auto events = elderlyCase("case-c", "王秀英", "42128119400315102");
    REQUIRE(events.size() == 4);
    for (std::size_t i = 0; i < events.size(); ++i)
        events[i].serverSeq = static_cast<std::int64_t>(i + 1);
    auto fromFile = [&] {
        auto reopened = EventStore::open(dir / "client.db", fastOptions(clock));
        REQUIRE(reopened.ok());
        REQUIRE((*reopened)->unlock("agent-r1", kPassword).ok());
        auto v = (*reopened)->caseView("case-c");
        REQUIRE(v.ok());
        return describe(*v);
    };
    // Batch by batch, the case read (and cached) between them.
    REQUIRE(store->applyPulled(std::vector<Event>(events.begin(), events.begin() + 2), "c1").ok());
    REQUIRE(store->caseView("case-c").ok());
    REQUIRE(store->applyPulled(std::vector<Event>{events[2]}, "c2").ok());
    REQUIRE(store->applyPulled(std::vector<Event>{events[3]}, "c3").ok());
    CHECK(store->caseView("case-c")->status == CaseStatus::Accepted);
    CHECK(describe(*store->caseView("case-c")) == fromFile());
    // The same batch again changes nothing.
    REQUIRE(store->applyPulled(std::vector<Event>{events[3]}, "c3").ok());
    CHECK(describe(*store->caseView("case-c")) == fromFile());

    // Two forwards made from the same state: ours (not pushed yet) and, pulled after it, one
    // made on another device that the server stored first. The server's comes first in the
    // fold, so the case is folded from the file, not continued from the cache.
    CaseWorld w("case-c", 7);
    w.events = events;
    w.setTime(events.back().deviceTime + 60'000);
    const CaseView accepted = w.view();
    const auto target = forwardTarget(accepted, w.ctx());
    REQUIRE(target.has_value());
    CaseWorld other = w;
    other.advanceMinutes(1);
    const Event ours = w.make(w.cast.agent, ForwardPayload{*target, "转报"});
    Event theirs = other.make(other.cast.agent, ForwardPayload{*target, "转报（另一台电脑）"});
    REQUIRE(store->append(ours).value() == AppendOutcome::Appended);
    theirs.serverSeq = 5;
    REQUIRE(store->applyPulled(std::vector<Event>{theirs}, "c4").ok());
    const auto v = store->caseView("case-c");
    REQUIRE(v.ok());
    INFO(describe(*v) << " ours " << ours.id << " theirs " << theirs.id);
    REQUIRE(v->timeline.size() == 6);
    CHECK(v->timeline[4].eventId == theirs.id);
    CHECK(v->timeline[5].eventId == ours.id);
    CHECK(describe(*v) == fromFile());

    // The latest HLC comes from the events' column, ours included.
    const auto latest = store->latestHlc("case-c");
    REQUIRE(latest.ok());
    CHECK(*latest == std::max(ours.hlc, theirs.hlc));
    CHECK(store->latestHlc("no-such-case").value() == Hlc{});
    // A damaged HLC column is named, not read as zero.
    {
        auto db = Db::open(dir / "client.db");
        REQUIRE(db.ok());
        REQUIRE((*db)->exec("UPDATE events SET hlc = 'x.1' WHERE id = '" + ours.id + "'").ok());
    }
    auto reopened = EventStore::open(dir / "client.db", fastOptions(clock));
    REQUIRE(reopened.ok());
    REQUIRE((*reopened)->unlock("agent-r1", kPassword).ok());
    CHECK((*reopened)->latestHlc("case-c").error().code == "corrupt_event");
}

TEST_CASE("store: the light filter agrees with the domain's assessment", "[store][search]") {
    TempDir dir;
    FakeClock clock;
    clock.t = localTime(2026, 11, 2, 9);
    auto store = freshStore(dir / "client.db", clock);
    // Cases accepted on different days at the hall (城乡低保, promised 20 working days).
    std::vector<Event> all;
    for (int d = 0; d < 40; ++d) {
        CaseWorld w("case-" + std::to_string(d), static_cast<std::uint64_t>(d + 100));
        w.setTime(Date::fromCivil(2026, 9, 1).plusDays(d).startInstant() + 9 * 3'600'000);
        w.must(w.cast.clerk, w.receive(w.cast.clerk, "MZJ-006"));
        w.must(w.cast.clerk, AcceptPayload{});
        w.must(w.cast.clerk, ForwardPayload{{Cast::kCenter, "民政局"}, {}});
        all.insert(all.end(), w.events.begin(), w.events.end());
    }
    REQUIRE(store->appendAll(all).ok());
    const auto& ref = store->reference();
    const Item& item = *ref.catalog.latest("MZJ-006");
    std::map<Light, int> seenTotal;
    for (int day = 0; day < 30; ++day) {
        clock.t = localTime(2026, 10, 1, 9) + Instant{day} * kMsPerDay;
        std::map<Light, int> expected;
        for (int d = 0; d < 40; ++d) {
            auto v = store->caseView("case-" + std::to_string(d));
            REQUIRE(v.ok());
            ++expected[assess(*v, item, ref.calendar, clock.t).light];
        }
        for (Light l : {Light::Normal, Light::Warning, Light::Yellow, Light::Red, Light::Severe}) {
            SearchQuery q;
            q.light = l;
            q.limit = 1000;
            auto page = store->search(q);
            REQUIRE(page.ok());
            INFO("day " << day << " light " << static_cast<int>(l));
            CHECK(static_cast<int>(page->rows.size()) == expected[l]);
            seenTotal[l] += expected[l];
        }
    }
    // The walk crosses every light, so the comparison above means something for each.
    for (Light l : {Light::Normal, Light::Warning, Light::Yellow, Light::Red, Light::Severe})
        CHECK(seenTotal[l] > 0);
}

TEST_CASE("store: a corrupt file is refused with a clear error", "[store][bad]") {
    TempDir dir;
    {
        std::ofstream out(dir / "client.db", std::ios::binary);
        out << std::string(8192, 'x');
    }
    auto s = EventStore::open(dir / "client.db");
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == "corrupt");
    CHECK(s.error().message.find("damaged") != std::string::npos);
}

TEST_CASE("store: a newer schema is refused rather than misread", "[store][bad]") {
    TempDir dir;
    {
        auto db = Db::open(dir / "client.db");
        REQUIRE(db.ok());
        REQUIRE((*db)->exec("PRAGMA user_version = 99").ok());
    }
    auto s = EventStore::open(dir / "client.db");
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == "newer_schema");
}

TEST_CASE("store: a full disk gives a clear error and loses nothing already stored",
          "[store][bad]") {
    TempDir dir;
    FakeClock clock;
    auto store = freshStore(dir / "client.db", clock);
    // Cap the file at its current size plus a little: appends soon run out of room.
    auto pages = store->db().prepare("PRAGMA page_count");
    REQUIRE(pages.ok());
    REQUIRE(*(*pages)->step());
    const auto count = (*pages)->int64(0);
    (*pages)->reset();
    REQUIRE(store->db().exec("PRAGMA max_page_count = " + std::to_string(count + 8)).ok());
    int stored = 0;
    Error last;
    for (int i = 0; i < 500; ++i) {
        auto events = elderlyCase("case-" + std::to_string(i), "王秀英", "42128119400315102",
                                  static_cast<std::uint64_t>(i + 1));
        auto r = store->appendAll(events);
        if (!r) {
            last = r.error();
            break;
        }
        ++stored;
    }
    REQUIRE(stored < 500);
    CHECK(last.code == "disk_full");
    CHECK(*store->caseCount() == stored);
    // Room again: work goes on where it stopped.
    REQUIRE(store->db().exec("PRAGMA max_page_count = 1000000").ok());
    REQUIRE(store->appendAll(elderlyCase("case-more", "李四", "42128119500101405", 999)).ok());
    CHECK(*store->caseCount() == stored + 1);
    auto check = store->db().prepare("PRAGMA integrity_check");
    REQUIRE(*(*check)->step());
    CHECK((*check)->text(0) == "ok");
}

TEST_CASE("store: every failure point of an append leaves the store consistent and usable",
          "[store][fault]") {
    TempDir dir;
    FakeClock clock;
    auto seedEvents = elderlyCase("case-0", "王秀英", "42128119400315102", 5);
    auto victim = elderlyCase("case-v", "张三", "42128119380101203", 6);
    {
        auto store = freshStore(dir / "seed.db", clock);
        REQUIRE(appendEach(*store, seedEvents).ok());
    }
    // How many statements the append runs when nothing fails: each is a failure point.
    std::int64_t statements = 0;
    {
        std::filesystem::copy_file(dir / "seed.db", dir / "count.db");
        auto opened = EventStore::open(dir / "count.db", fastOptions(clock));
        REQUIRE(opened.ok());
        REQUIRE((*opened)->unlock("agent-r1", kPassword).ok());
        const std::int64_t before = (*opened)->db().statementsRun();
        REQUIRE((*opened)->appendAll(victim).ok());
        statements = (*opened)->db().statementsRun() - before;
    }
    int failures = 0;
    for (int n = 1; n < 400; ++n) {
        std::filesystem::copy_file(dir / "seed.db", dir / "run.db",
                                   std::filesystem::copy_options::overwrite_existing);
        std::filesystem::remove(dir / "run.db-wal");
        auto opened = EventStore::open(dir / "run.db", fastOptions(clock));
        REQUIRE(opened.ok());
        auto& store = **opened;
        REQUIRE(store.unlock("agent-r1", kPassword).ok());
        store.db().failStatementAfter(n);
        auto r = store.appendAll(victim);
        store.db().failStatementAfter(0);
        INFO("failing statement " << n);
        if (r.ok()) {
            CHECK(*r == static_cast<int>(victim.size()));
            CHECK(store.caseView("case-v")->status == CaseStatus::Accepted);
            break; // n is past the last statement: every earlier point has been tried
        }
        ++failures;
        // All or nothing: no trace of the failed batch, and the store still works.
        CHECK(*store.caseCount() == 1);
        CHECK(*store.outboxSize() == static_cast<int>(seedEvents.size()));
        CHECK(store.caseView("case-v").error().code == "unknown_case");
        auto again = store.appendAll(victim);
        REQUIRE(again.ok());
        CHECK(store.caseView("case-v")->status == CaseStatus::Accepted);
        CHECK(*store.caseCount() == 2);
    }
    CHECK(failures == statements); // every one was tried
    CHECK(failures > 15);
}

TEST_CASE("store: filters by status, item, window, open cases and received dates",
          "[store][search]") {
    TempDir dir;
    FakeClock clock;
    auto store = freshStore(dir / "client.db", clock);
    // Day 1: an elderly-allowance case at the room (民政, accepted); day 2: a hardship
    // certificate (民政, completed on the spot); day 3: a refused elderly-allowance case.
    CaseWorld a("case-a", 1);
    a.setTime(localTime(2026, 11, 23, 9));
    a.must(a.cast.agent, a.receive(a.cast.agent, "MZJ-001"));
    a.must(a.cast.agent, AcceptPayload{});
    CaseWorld b("case-b", 2);
    b.setTime(localTime(2026, 11, 24, 9));
    b.must(b.cast.agent, b.receive(b.cast.agent, "MZJ-002"));
    b.must(b.cast.agent, AcceptPayload{});
    b.must(b.cast.agent, CompletePayload{Outcome::Document, "家庭生活困难证明", "ZM-1", {}});
    CaseWorld c("case-c", 3);
    c.setTime(localTime(2026, 11, 25, 9));
    c.must(c.cast.agent, c.receive(c.cast.agent, "MZJ-001"));
    c.must(c.cast.agent, RefusePayload{{"年龄不符"}, true});
    for (auto* w : {&a, &b, &c})
        REQUIRE(store->appendAll(w->events).ok());

    auto ids = [&](SearchQuery q) {
        auto page = store->search(q);
        REQUIRE(page.ok());
        std::vector<std::string> out;
        for (const auto& r : page->rows)
            out.push_back(r.caseId);
        return out; // newest first
    };
    SearchQuery q;
    CHECK(ids(q) == std::vector<std::string>{"case-c", "case-b", "case-a"});
    q.status = CaseStatus::Completed;
    CHECK(ids(q) == std::vector<std::string>{"case-b"});
    q = {};
    q.openOnly = true;
    CHECK(ids(q) == std::vector<std::string>{"case-a"});
    q = {};
    q.itemId = "MZJ-001";
    CHECK(ids(q) == std::vector<std::string>{"case-c", "case-a"});
    q = {};
    q.window = "民政";
    CHECK(ids(q).size() == 3);
    q.window = "人社";
    CHECK(ids(q).empty());
    q = {};
    q.receivedFrom = localTime(2026, 11, 24, 0);
    q.receivedTo = localTime(2026, 11, 25, 0);
    CHECK(ids(q) == std::vector<std::string>{"case-b"});
    q = {};
    q.text = "王秀英";
    q.itemId = "MZJ-001";
    q.openOnly = true;
    CHECK(ids(q) == std::vector<std::string>{"case-a"});
    // The list row carries what the counter needs.
    q = {};
    auto page = store->search(q);
    REQUIRE(page.ok());
    const CaseRow& row = page->rows.back();
    CHECK(row.itemName == "高龄补贴申请");
    CHECK(row.window == "民政");
    CHECK(row.status == CaseStatus::Accepted);
    CHECK(row.applicantName == "王秀英");
    REQUIRE(row.due);
    CHECK(*row.due == Date::fromCivil(2026, 12, 7)); // 10 working days after 11-23
}

TEST_CASE("store: an event the server refuses leaves the outbox and the fold, with its reason",
          "[store][pull]") {
    TempDir dir;
    FakeClock clock;
    auto store = freshStore(dir / "client.db", clock);
    auto events = elderlyCase("case-1", "王秀英", "42128119400315102");
    REQUIRE(appendEach(*store, events).ok());
    // The acceptance (last event) is refused by the server.
    REQUIRE(store->markRejected(events.back().id, "forbidden", "该办件不在本单位办理").ok());
    CHECK(*store->outboxSize() == static_cast<int>(events.size()) - 1);
    auto v = store->caseView("case-1");
    REQUIRE(v.ok());
    CHECK(v->status == CaseStatus::Received); // back to the state the server holds
    auto rejected = store->rejectedEvents();
    REQUIRE(rejected.ok());
    REQUIRE(rejected->size() == 1);
    CHECK(rejected->front().type == "accept");
    CHECK(rejected->front().code == "forbidden");
    SearchQuery q;
    q.status = CaseStatus::Received;
    CHECK(store->search(q)->rows.size() == 1);
    // A refused first event takes the whole case away, statistics included.
    REQUIRE(store->markRejected(events.front().id, "forbidden", "no").ok());
    CHECK(*store->caseCount() == 0);
    CHECK(store->statistics(Date::fromCivil(2026, 1, 1), Date::fromCivil(2027, 1, 1))->empty());
    CHECK(store->markRejected("no-such-event", "x", "y").error().code == "unknown_event");
}

TEST_CASE("crypto: the store's index key and sealer give keyedHash's hashes and seal's format",
          "[store][crypto]") {
    auto key = crypto::Key::random();
    REQUIRE(key.ok());
    const crypto::IndexKey indexKey(*key);
    for (const auto& [domainName, value] :
         std::vector<std::pair<std::string, std::string>>{{"id", "421281199001011234"},
                                                          {"id6", "011234"},
                                                          {"id6", ""},
                                                          {"phone", "13800000000"}})
        CHECK(indexKey.hash(domainName, value) == crypto::keyedHash(*key, domainName, value));
    crypto::IndexKey moved = crypto::IndexKey(*key);
    CHECK(moved.hash("id", "x") == crypto::keyedHash(*key, "id", "x"));

    crypto::Sealer sealer(*key);
    std::set<crypto::Bytes> seen;
    for (const std::string& text :
         std::vector<std::string>{"", "a", "王秀英 421281199001011234", std::string(5000, 'x')}) {
        auto sealed = sealer.sealText(text, "case:c1");
        REQUIRE(sealed.ok());
        CHECK(sealed->size() == crypto::kSealOverhead + text.size());
        CHECK(seen.insert(*sealed).second);
        auto opened = crypto::openText(*key, *sealed, "case:c1");
        REQUIRE(opened.ok());
        CHECK(*opened == text);
        CHECK_FALSE(crypto::openText(*key, *sealed, "case:c2").ok());
    }
    // Two seals of one text under one key differ (a fresh nonce each).
    auto a = sealer.sealText("same", "aad");
    auto b = sealer.sealText("same", "aad");
    REQUIRE((a.ok() && b.ok()));
    CHECK(*a != *b);
}

TEST_CASE("crypto: the sealer's nonces, drawn in batches, are never used twice", "[store]") {
    auto key = crypto::Key::random();
    REQUIRE(key.ok());
    crypto::Sealer sealer(*key);
    auto nonceOf = [](const crypto::Bytes& sealed) {
        return crypto::Bytes(sealed.begin() + 1, sealed.begin() + 1 + crypto::kSealNonceSize);
    };
    // Across several batches: every nonce differs, and every value opens.
    std::set<crypto::Bytes> nonces;
    const std::size_t n = 3 * crypto::Sealer::kNonceBatch + 1;
    for (std::size_t i = 0; i < n; ++i) {
        auto sealed = sealer.sealText("value " + std::to_string(i), "aad");
        REQUIRE(sealed.ok());
        CHECK(nonces.insert(nonceOf(*sealed)).second);
        CHECK(*crypto::openText(*key, *sealed, "aad") == "value " + std::to_string(i));
    }
    // A moved sealer goes on with the batch it holds.
    crypto::Sealer moved(std::move(sealer));
    auto afterMove = moved.sealText("x", "aad");
    REQUIRE(afterMove.ok());
    CHECK(nonces.insert(nonceOf(*afterMove)).second);
    // Forked with unused nonces in the batch: the child draws its own, never the parent's next.
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        auto sealed = moved.sealText("child", "aad");
        const crypto::Bytes nonce = sealed.ok() ? nonceOf(*sealed) : crypto::Bytes();
        const bool sent = write(fds[1], nonce.data(), nonce.size()) ==
                          static_cast<ssize_t>(crypto::kSealNonceSize);
        _exit(sent ? 0 : 1);
    }
    close(fds[1]);
    crypto::Bytes child(crypto::kSealNonceSize);
    const auto got = read(fds[0], child.data(), child.size());
    close(fds[0]);
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    REQUIRE(got == static_cast<ssize_t>(crypto::kSealNonceSize));
    auto parent = moved.sealText("parent", "aad");
    REQUIRE(parent.ok());
    CHECK(nonceOf(*parent) != child);
    CHECK(nonces.insert(nonceOf(*parent)).second);
    CHECK(nonces.insert(child).second);
}

namespace {
// Every projection row of a store, as text: the case rows (but the sealed personal data, whose
// nonce is random, the keyed hashes, whose key is each store's own, and the row ids), the name
// grams by case, the statistics, the search index's terms by case.
std::vector<std::string> projectionRows(EventStore& store) {
    std::vector<std::string> out;
    REQUIRE(store.db()
                .exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.case_fts_terms USING "
                      "fts5vocab(main, case_fts, 'instance')")
                .ok());
    for (const char* sql :
         {"SELECT case_id, provisional_no, official_no, item_id, item_version, item_name, window, "
          "status, open, origin_site, holder_site, holder_dept, applicant_name, id_hash <> '', "
          "id_tail_hash <> '', received_at, accepted_at, updated_at, due_day, step_due_day, "
          "forward_due_day, suspend_due_day, flags, event_count FROM cases ORDER BY case_id",
          "SELECT c.case_id, g.gram FROM name_grams g JOIN cases c ON c.rowid_ = g.case_rowid "
          "ORDER BY 1, 2",
          "SELECT day, window, item_id, status, n FROM stats WHERE n <> 0 ORDER BY 1, 2, 3, 4",
          "SELECT c.case_id, t.term, t.col, t.offset FROM temp.case_fts_terms t JOIN cases c "
          "ON c.rowid_ = t.doc ORDER BY 1, 2, 3, 4",
          "SELECT count(DISTINCT doc) FROM temp.case_fts_terms"}) {
        auto s = store.db().prepare(sql);
        REQUIRE(s.ok());
        while (true) {
            auto r = (*s)->step();
            REQUIRE(r.ok());
            if (!*r)
                break;
            std::string line;
            for (int i = 0; i < sqlite3_column_count((*s)->raw()); ++i)
                line += ((*s)->isNull(i) ? std::string("NULL") : (*s)->text(i)) + "|";
            out.push_back(line);
        }
    }
    return out;
}
} // namespace

TEST_CASE("store: a transaction of many events projects each case as event by event would",
          "[store]") {
    // appendAll writes a case's row, search entries and statistics once, from its state after
    // its last event in the transaction; the rows must be those that appending each event on
    // its own gives. A cache of one case makes the projection fold evicted cases again.
    for (const std::size_t cacheCases : {std::size_t{2048}, std::size_t{1}}) {
        INFO("cache of " << cacheCases << " cases");
        std::vector<Event> events;
        {
            CaseWorld a("case-a", 1);
            auto r = a.receive(a.cast.agent, "MZJ-001");
            r.applicant.name = "王秀英";
            a.must(a.cast.agent, r);
            CaseWorld b("case-b", 2);
            auto rb = b.receive(b.cast.agent, "MZJ-001");
            rb.applicant.name = "张三";
            b.must(b.cast.agent, rb);
            a.must(a.cast.agent, AcceptPayload{});
            b.must(b.cast.agent, AcceptPayload{});
            // Interleaved: a, b, a, b.
            events = {a.events[0], b.events[0], a.events[1], b.events[1]};
        }
        FakeClock clock;
        auto make = [&](const TempDir& dir) {
            EventStore::Options o;
            o.clock = &clock;
            o.kdf = crypto::KdfParams::fastForTests();
            o.cacheCases = cacheCases;
            auto store = EventStore::open(dir / "client.db", o);
            REQUIRE(store.ok());
            REQUIRE((*store)->createKeyring("agent-r1", kPassword).ok());
            REQUIRE((*store)
                        ->putReference(
                            bianmin::refdata::ReferencePaths::inDirectory(BIANMIN_RESOURCES_DIR), 1)
                        .ok());
            return std::move(*store);
        };
        TempDir oneByOne, together;
        auto single = make(oneByOne);
        auto batch = make(together);
        for (const auto& e : events)
            REQUIRE(single->append(e).ok());
        auto n = batch->appendAll(events);
        REQUIRE(n.ok());
        CHECK(*n == 4);
        const auto rows = projectionRows(*batch);
        CHECK(rows == projectionRows(*single));
        CHECK(rows.size() > 4);
        for (const char* caseId : {"case-a", "case-b"}) {
            auto s1 = single->caseSecrets(caseId);
            auto s2 = batch->caseSecrets(caseId);
            REQUIRE((s1.ok() && s2.ok()));
            CHECK(s1->applicant.name == s2->applicant.name);
            CHECK(s1->applicant.idNumber == s2->applicant.idNumber);
            // The keyed hashes: the case is found by its full ID number and by its last six.
            for (const std::string& text :
                 {s2->applicant.idNumber,
                  s2->applicant.idNumber.substr(s2->applicant.idNumber.size() - 6)}) {
                SearchQuery byId;
                byId.text = text;
                auto found = batch->search(byId);
                REQUIRE(found.ok());
                CHECK(std::any_of(found->rows.begin(), found->rows.end(),
                                  [&](const CaseRow& r) { return r.caseId == caseId; }));
            }
        }
        SearchQuery q;
        q.text = "王秀英";
        auto page = batch->search(q);
        REQUIRE(page.ok());
        REQUIRE(page->rows.size() == 1);
        CHECK(page->rows.front().caseId == "case-a");
        q.text = "张三";
        page = batch->search(q);
        REQUIRE(page.ok());
        REQUIRE(page->rows.size() == 1);
        CHECK(page->rows.front().caseId == "case-b");
        // A later transaction on top of the batch-projected rows keeps them in step too.
        CaseWorld c("case-c", 3);
        c.must(c.cast.agent, c.receive(c.cast.agent, "MZJ-001"));
        REQUIRE(single->append(c.events[0]).ok());
        REQUIRE(batch->appendAll(c.events).ok());
        CHECK(projectionRows(*batch) == projectionRows(*single));
    }
}
