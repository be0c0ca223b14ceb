// The client's store facade: StoreClient on the test (GUI) thread drives the StoreWorker on its
// own thread through queued calls, against real SQLite files. Round trips, the thread rules (the
// answers arrive on the GUI thread, the EventStore is touched only on the worker thread), errors
// as values, a burst of searches, and shutdown with requests still queued.
#include "client/core/store_client.h"
#include "tests/support/case_world.h"
#include "tests/support/temp_dir.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace bianmin::client;
using namespace bianmin::domain;
using bianmin::store::AppendOutcome;
using bianmin::store::EventStore;
using bianmin::store::SearchPage;
using bianmin::store::SearchQuery;
using bianmin::testing::CaseWorld;
using bianmin::testing::TempDir;

namespace {

QString userId() {
    return QStringLiteral("agent-r1");
}
QString password() {
    return QStringLiteral("Cb#2026-agent");
}
constexpr int kWaitMs = 20000;

EventStore::Options fastOptions() {
    EventStore::Options o;
    o.kdf = bianmin::store::crypto::KdfParams::fastForTests();
    return o;
}

QString qPath(const std::filesystem::path& p) {
    return QString::fromStdString(p.string());
}

QString resourcesDir() {
    return QStringLiteral(BIANMIN_RESOURCES_DIR);
}

// One full case made with CaseWorld (received with a missing material, supplemented, accepted).
std::vector<Event> elderlyCase(const std::string& caseId, const std::string& name,
                               const std::string& id17, std::uint64_t seed) {
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

SearchQuery textQuery(const std::string& text) {
    SearchQuery q;
    q.text = text;
    return q;
}

// Every answer a client gives, by request id, recorded on the thread that receives it.
class Replies {
public:
    explicit Replies(StoreClient& client) {
        auto note = [this](RequestId id) {
            m_threads.insert(QThread::currentThread());
            order.push_back(id);
        };
        QObject::connect(&client, &StoreClient::opened, &m_context,
                         [this, note](RequestId id, StoreState s) {
                             note(id);
                             states[id] = s;
                         });
        QObject::connect(&client, &StoreClient::unlocked, &m_context, note);
        QObject::connect(&client, &StoreClient::keyringCreated, &m_context, note);
        QObject::connect(&client, &StoreClient::referencePut, &m_context, note);
        QObject::connect(&client, &StoreClient::appended, &m_context,
                         [this, note](RequestId id, AppendOutcome o) {
                             note(id);
                             outcomes[id] = o;
                         });
        QObject::connect(&client, &StoreClient::appendedAll, &m_context,
                         [this, note](RequestId id, int n) {
                             note(id);
                             counts[id] = n;
                         });
        QObject::connect(&client, &StoreClient::searchFinished, &m_context,
                         [this, note](RequestId id, const SearchPage& p) {
                             note(id);
                             pages[id] = p;
                         });
        QObject::connect(&client, &StoreClient::caseViewReady, &m_context,
                         [this, note](RequestId id, const CaseView& v) {
                             note(id);
                             views[id] = v;
                         });
        QObject::connect(&client, &StoreClient::outboxSizeReady, &m_context,
                         [this, note](RequestId id, int n) {
                             note(id);
                             counts[id] = n;
                         });
        QObject::connect(&client, &StoreClient::failed, &m_context,
                         [this, note](RequestId id, StoreOp op, const Error& e) {
                             note(id);
                             errors[id] = e;
                             ops[id] = op;
                         });
    }

    bool answered(RequestId id) const {
        return std::find(order.begin(), order.end(), id) != order.end();
    }
    // Spins the test thread's event loop until request `id` is answered.
    bool waitFor(RequestId id) {
        return QTest::qWaitFor([&] { return answered(id); }, kWaitMs);
    }
    // Waits for `id` and requires that it succeeded, printing the error if not.
    void mustSucceed(RequestId id) {
        REQUIRE(waitFor(id));
        if (auto it = errors.find(id); it != errors.end())
            FAIL(storeOpName(ops[id])
                 << " failed: " << it->second.code << ": " << it->second.message);
    }
    // Waits for `id` and returns the error code it failed with ("" when it succeeded).
    std::string errorCode(RequestId id) {
        REQUIRE(waitFor(id));
        auto it = errors.find(id);
        return it == errors.end() ? std::string() : it->second.code;
    }
    const std::set<QThread*>& threads() const { return m_threads; }

    std::vector<RequestId> order;
    std::map<RequestId, StoreState> states;
    std::map<RequestId, AppendOutcome> outcomes;
    std::map<RequestId, int> counts;
    std::map<RequestId, SearchPage> pages;
    std::map<RequestId, CaseView> views;
    std::map<RequestId, Error> errors;
    std::map<RequestId, StoreOp> ops;

private:
    QObject m_context; // lives on the test thread; its connections end with this object
    std::set<QThread*> m_threads;
};

std::vector<std::string> caseIds(const SearchPage& page) {
    std::vector<std::string> ids;
    for (const auto& row : page.rows)
        ids.push_back(row.caseId);
    return ids;
}

// A store on disk with a keyring, the demo reference data and three cases, made through a client.
void prepareStore(const std::filesystem::path& file) {
    StoreClient client(fastOptions());
    Replies r(client);
    r.mustSucceed(client.open(qPath(file)));
    r.mustSucceed(client.createKeyring(userId(), password()));
    r.mustSucceed(client.putReferenceFromDir(resourcesDir(), 1));
    r.mustSucceed(client.appendAll(elderlyCase("case-1", "王秀英", "42128119400315102", 1)));
    r.mustSucceed(client.appendAll(elderlyCase("case-2", "张三", "42128119380101203", 2)));
    r.mustSucceed(client.appendAll(elderlyCase("case-3", "欧阳秀兰", "42128119450505304", 3)));
}

} // namespace

TEST_CASE("client: open, keyring, reference, append, search and read through the facade",
          "[client]") {
    TempDir dir;
    StoreClient client(fastOptions());
    QSignalSpy failed(&client, &StoreClient::failed);
    REQUIRE(failed.isValid());
    auto noFailure = [&] {
        for (const auto& args : failed) {
            const auto e = args.at(2).value<Error>();
            FAIL_CHECK(storeOpName(args.at(1).value<StoreOp>())
                       << " failed: " << e.code << ": " << e.message);
        }
        return failed.isEmpty();
    };

    QSignalSpy opened(&client, &StoreClient::opened);
    const RequestId openId = client.open(qPath(dir / "client.db"));
    REQUIRE(opened.wait(kWaitMs));
    REQUIRE(noFailure());
    CHECK(opened.at(0).at(0).value<RequestId>() == openId);
    const auto state = opened.at(0).at(1).value<StoreState>();
    CHECK_FALSE(state.hasKeyring);
    CHECK_FALSE(state.hasReference);

    QSignalSpy keyring(&client, &StoreClient::keyringCreated);
    const RequestId keyId = client.createKeyring(userId(), password());
    REQUIRE(keyring.wait(kWaitMs));
    CHECK(keyring.at(0).at(0).value<RequestId>() == keyId);

    QSignalSpy reference(&client, &StoreClient::referencePut);
    const RequestId refId = client.putReferenceFromDir(resourcesDir(), 1);
    REQUIRE(reference.wait(kWaitMs));
    REQUIRE(noFailure());
    CHECK(reference.at(0).at(0).value<RequestId>() == refId);

    // One event alone, then the rest of its case in one transaction.
    const auto events = elderlyCase("case-1", "王秀英", "42128119400315102", 1);
    QSignalSpy appended(&client, &StoreClient::appended);
    const RequestId firstId = client.append(events.front());
    REQUIRE(appended.wait(kWaitMs));
    REQUIRE(noFailure());
    CHECK(appended.at(0).at(0).value<RequestId>() == firstId);
    CHECK(appended.at(0).at(1).value<AppendOutcome>() == AppendOutcome::Appended);

    QSignalSpy appendedAll(&client, &StoreClient::appendedAll);
    const RequestId restId = client.appendAll(std::vector<Event>(events.begin() + 1, events.end()));
    REQUIRE(appendedAll.wait(kWaitMs));
    REQUIRE(noFailure());
    CHECK(appendedAll.at(0).at(0).value<RequestId>() == restId);
    CHECK(appendedAll.at(0).at(1).toInt() == static_cast<int>(events.size()) - 1);

    // The same event again is a no-op, reported as such.
    client.append(events.front());
    REQUIRE(appended.wait(kWaitMs));
    CHECK(appended.at(1).at(1).value<AppendOutcome>() == AppendOutcome::Duplicate);

    QSignalSpy found(&client, &StoreClient::searchFinished);
    const RequestId searchId = client.search(textQuery("秀英"));
    REQUIRE(found.wait(kWaitMs));
    REQUIRE(noFailure());
    CHECK(found.at(0).at(0).value<RequestId>() == searchId);
    const auto page = found.at(0).at(1).value<SearchPage>();
    REQUIRE(page.rows.size() == 1);
    CHECK(page.rows[0].caseId == "case-1");
    CHECK(page.rows[0].applicantName == "王秀英");
    CHECK(page.rows[0].status == CaseStatus::Accepted);

    QSignalSpy viewed(&client, &StoreClient::caseViewReady);
    client.caseView("case-1");
    REQUIRE(viewed.wait(kWaitMs));
    const auto view = viewed.at(0).at(1).value<CaseView>();
    CHECK(view.status == CaseStatus::Accepted);
    CHECK(view.timeline.size() == events.size());

    QSignalSpy outbox(&client, &StoreClient::outboxSizeReady);
    client.outboxSize();
    REQUIRE(outbox.wait(kWaitMs));
    CHECK(outbox.at(0).at(1).toInt() == static_cast<int>(events.size()));

    // Ids are handed out in order and each request was answered once.
    CHECK(client.lastRequestId() == searchId + 2);
    CHECK(keyId == openId + 1);
    CHECK(refId == keyId + 1);
    CHECK(noFailure());
}

TEST_CASE("client: answers arrive on the GUI thread", "[client]") {
    TempDir dir;
    StoreClient client(fastOptions());
    QThread* const gui = QThread::currentThread();
    REQUIRE(gui == QCoreApplication::instance()->thread());

    Replies r(client);
    const RequestId early = client.search(textQuery("王")); // fails: nothing open yet
    r.mustSucceed(client.open(qPath(dir / "client.db")));
    r.mustSucceed(client.createKeyring(userId(), password()));
    r.mustSucceed(client.putReferenceFromDir(resourcesDir(), 1));
    r.mustSucceed(client.appendAll(elderlyCase("case-1", "王秀英", "42128119400315102", 1)));
    r.mustSucceed(client.search(textQuery("王秀英")));
    r.mustSucceed(client.caseView("case-1"));
    r.mustSucceed(client.outboxSize());
    CHECK(r.errorCode(early) == "not_open");

    CHECK(r.order.size() == 8);
    CHECK(r.threads() == std::set<QThread*>{gui});
}

TEST_CASE("client: the store is touched only on the worker thread, and destroyed there",
          "[client]") {
    TempDir dir;
    const auto testThread = std::this_thread::get_id();
    std::shared_ptr<const StoreThreadLog> log;
    {
        StoreClient client(fastOptions());
        log = client.threadLog();
        Replies r(client);
        r.mustSucceed(client.open(qPath(dir / "client.db")));
        r.mustSucceed(client.createKeyring(userId(), password()));
        r.mustSucceed(client.putReferenceFromDir(resourcesDir(), 1));
        r.mustSucceed(client.appendAll(elderlyCase("case-1", "王秀英", "42128119400315102", 1)));
        r.mustSucceed(client.search(textQuery("秀英")));
        r.mustSucceed(client.caseView("case-1"));
        r.mustSucceed(client.outboxSize());
        CHECK_FALSE(log->destroyedOn().has_value());
    }
    // Open, then six calls through the store, then closing it.
    CHECK(log->touches() == 8);
    CHECK(log->wrongThreadTouches() == 0);
    const auto threads = log->threads();
    REQUIRE(threads.size() == 1);
    const std::thread::id worker = *threads.begin();
    CHECK(worker != testThread);
    REQUIRE(log->destroyedOn().has_value());
    CHECK(*log->destroyedOn() == worker);
}

TEST_CASE("client: a store call from the wrong thread is refused, in every build type",
          "[client]") {
    TempDir dir;
    registerStoreMetaTypes();
    QThread thread;
    auto* worker = new StoreWorker(fastOptions());
    const auto log = worker->threadLog();
    worker->moveToThread(&thread);
    QObject::connect(&thread, &QThread::finished, worker, &QObject::deleteLater);
    thread.start();

    // Answers are recorded on the test thread: directly when emitted here, queued from the worker.
    QObject relay;
    std::vector<std::pair<RequestId, Error>> failures;
    std::vector<RequestId> opened;
    QObject::connect(worker, &StoreWorker::failed, &relay,
                     [&](RequestId id, StoreOp op, const Error& e) {
                         CHECK(op == StoreOp::Open);
                         failures.emplace_back(id, e);
                     });
    QObject::connect(worker, &StoreWorker::opened, &relay,
                     [&](RequestId id) { opened.push_back(id); });

    // Called directly from the test thread, as a careless GUI might.
    worker->open(qPath(dir / "client.db"), 7);
    REQUIRE(failures.size() == 1);
    CHECK(failures[0].first == 7);
    CHECK(failures[0].second.code == "wrong_thread");
    CHECK(opened.empty());
    CHECK(log->wrongThreadTouches() == 1);
    CHECK_FALSE(std::filesystem::exists(dir / "client.db")); // no SQL ran

    // The same request as a queued signal runs on the worker thread.
    StoreRequests requests;
    requests.connectTo(worker);
    Q_EMIT requests.open(qPath(dir / "client.db"), 8);
    REQUIRE(QTest::qWaitFor([&] { return !opened.empty(); }, kWaitMs));
    CHECK(opened == std::vector<RequestId>{8});
    CHECK(failures.size() == 1);
    CHECK(log->wrongThreadTouches() == 1);
    CHECK(std::filesystem::exists(dir / "client.db"));

    thread.quit();
    REQUIRE(thread.wait(kWaitMs));
    REQUIRE(log->destroyedOn().has_value());
    CHECK(*log->destroyedOn() != std::this_thread::get_id());
}

TEST_CASE("client: a wrong password comes back as an error value", "[client]") {
    TempDir dir;
    prepareStore(dir / "client.db");

    StoreClient client(fastOptions());
    Replies r(client);
    const RequestId openId = client.open(qPath(dir / "client.db"));
    r.mustSucceed(openId);
    CHECK(r.states[openId].hasKeyring);
    CHECK(r.states[openId].hasReference);

    const RequestId wrong = client.unlock(userId(), QStringLiteral("not-the-password"));
    CHECK(r.errorCode(wrong) == "wrong_password");
    CHECK(r.ops[wrong] == StoreOp::Unlock);
    CHECK(r.errors[wrong].kind == ErrorKind::NotPermitted);
    CHECK_FALSE(r.errors[wrong].message.empty());

    // Right away, even the right password waits out the back-off; the store stays locked.
    const RequestId tooSoon = client.unlock(userId(), password());
    CHECK(r.errorCode(tooSoon) == "locked");
    const RequestId search = client.search(textQuery("王秀英"));
    CHECK(r.errorCode(search) == "locked");
}

TEST_CASE("client: a locked, unopened or unprepared store answers with errors, not crashes",
          "[client]") {
    TempDir dir;
    StoreClient client(fastOptions());
    Replies r(client);

    // Nothing open yet.
    CHECK(r.errorCode(client.search(textQuery("王秀英"))) == "not_open");
    CHECK(r.errorCode(client.outboxSize()) == "not_open");
    CHECK(r.errorCode(client.unlock(userId(), password())) == "not_open");

    // A file that is not a store.
    {
        std::ofstream junk(dir / "junk.db", std::ios::binary);
        junk << std::string(8192, 'x');
    }
    const RequestId junkId = client.open(qPath(dir / "junk.db"));
    CHECK_FALSE(r.errorCode(junkId).empty());
    CHECK(r.ops[junkId] == StoreOp::Open);

    // Open but locked: reading and writing are refused.
    r.mustSucceed(client.open(qPath(dir / "client.db")));
    const auto events = elderlyCase("case-1", "王秀英", "42128119400315102", 1);
    CHECK(r.errorCode(client.search(textQuery("王秀英"))) == "locked");
    CHECK(r.errorCode(client.caseView("case-1")) == "locked");
    CHECK(r.errorCode(client.append(events.front())) == "locked");

    // Unlocked without reference data: no appends yet.
    r.mustSucceed(client.createKeyring(userId(), password()));
    CHECK(r.errorCode(client.append(events.front())) == "no_reference");

    // Ready: an illegal event is refused with the fold's reason and nothing is written.
    r.mustSucceed(client.putReferenceFromDir(resourcesDir(), 1));
    r.mustSucceed(client.appendAll(events));
    CaseWorld w("case-1");
    const RequestId illegal = client.append(w.make(w.cast.agent2, AcceptPayload{}));
    CHECK(r.errorCode(illegal) == "wrong_state");
    CHECK(r.ops[illegal] == StoreOp::Append);
    CHECK(r.errorCode(client.caseView("case-404")) == "unknown_case");
    const RequestId size = client.outboxSize();
    r.mustSucceed(size);
    CHECK(r.counts[size] == static_cast<int>(events.size()));
}

TEST_CASE("client: 200 rapid searches all answer, in order; older ones give way to the latest",
          "[client]") {
    TempDir dir;
    prepareStore(dir / "client.db");
    StoreClient client(fastOptions());
    Replies r(client);
    r.mustSucceed(client.open(qPath(dir / "client.db")));
    r.mustSucceed(client.unlock(userId(), password()));
    r.order.clear();

    // What a search box model does: keep the latest id, drop every older reply.
    RequestId latest = 0;
    int dropped = 0;
    SearchPage shown;
    QObject model;
    QObject::connect(&client, &StoreClient::searchFinished, &model,
                     [&](RequestId id, const SearchPage& page) {
                         if (id != latest) {
                             ++dropped;
                             return;
                         }
                         shown = page;
                     });

    // Keystrokes: 欧, 欧阳, 欧阳秀, … then the last one names a different person.
    const std::vector<std::string> typed = {"欧", "欧阳", "欧阳秀", "秀", "王秀", "秀英"};
    std::vector<RequestId> ids;
    ids.reserve(200);
    for (int i = 0; i < 199; ++i)
        ids.push_back(latest = client.search(textQuery(typed[static_cast<std::size_t>(i) % 6])));
    ids.push_back(latest = client.search(textQuery("张三")));

    REQUIRE(ids.size() == 200);
    for (std::size_t i = 1; i < ids.size(); ++i)
        REQUIRE(ids[i] == ids[i - 1] + 1);
    CHECK(latest == client.lastRequestId());

    REQUIRE(r.waitFor(latest));
    CHECK(r.order == ids); // every search answered once, in request order
    // An older search either ran before the newer one came in (its page is dropped by the model)
    // or gave way to it, answered "superseded" without delaying it; the latest always runs.
    int superseded = 0;
    for (const auto& [id, e] : r.errors) {
        CHECK(e.code == "superseded");
        CHECK(id != latest);
        ++superseded;
    }
    CHECK(dropped + superseded == 199);
    CHECK(superseded > 0); // 199 requests queue faster than the worker answers them
    CHECK(caseIds(shown) == std::vector<std::string>{"case-2"});
    for (const auto& [id, page] : r.pages)
        if (id == ids[0])
            CHECK(caseIds(page) == std::vector<std::string>{"case-3"});

    // Asked alone, the same search runs as before.
    const RequestId again = client.search(textQuery("欧"));
    r.mustSucceed(again);
    CHECK(caseIds(r.pages[again]) == std::vector<std::string>{"case-3"});
}

TEST_CASE("client: destroying the client with requests queued neither crashes nor hangs",
          "[client]") {
    TempDir dir;
    prepareStore(dir / "client.db");
    const auto more = elderlyCase("case-9", "李四", "42128119500101105", 9);

    SECTION("a queue of searches and appends") {
        auto client = std::make_unique<StoreClient>(fastOptions());
        const auto log = client->threadLog();
        int answers = 0;
        QObject::connect(client.get(), &StoreClient::searchFinished, client.get(),
                         [&answers] { ++answers; });
        QSignalSpy unlocked(client.get(), &StoreClient::unlocked);
        client->open(qPath(dir / "client.db"));
        client->unlock(userId(), password());
        REQUIRE(unlocked.wait(kWaitMs));
        for (int i = 0; i < 500; ++i) {
            client->search(textQuery(i % 2 ? "秀英" : "张三"));
            if (i == 250)
                client->appendAll(more);
        }
        QElapsedTimer timer;
        timer.start();
        client.reset();
        CHECK(timer.elapsed() < 10'000);
        QCoreApplication::processEvents(); // nothing is delivered to the dead client
        CHECK(answers == 0);
        CHECK(log->wrongThreadTouches() == 0);
        REQUIRE(log->destroyedOn().has_value());
        CHECK(*log->destroyedOn() != std::this_thread::get_id());
    }
    SECTION("while a key derivation runs, with real KDF parameters") {
        auto client = std::make_unique<StoreClient>();
        QSignalSpy opened(client.get(), &StoreClient::opened);
        client->open(qPath(dir / "fresh.db"));
        REQUIRE(opened.wait(kWaitMs));
        client->createKeyring(userId(), password());
        for (int i = 0; i < 50; ++i)
            client->outboxSize();
        QThread::msleep(20); // let the worker start deriving the key
        QElapsedTimer timer;
        timer.start();
        client.reset();
        CHECK(timer.elapsed() < 10'000);
        QCoreApplication::processEvents();
    }
    SECTION("before the store has even opened") {
        auto client = std::make_unique<StoreClient>(fastOptions());
        client->open(qPath(dir / "client.db"));
        client->search(textQuery("张三"));
        client.reset();
        QCoreApplication::processEvents();
    }

    // The file is intact and holds what was acknowledged.
    StoreClient after(fastOptions());
    Replies r(after);
    r.mustSucceed(after.open(qPath(dir / "client.db")));
    r.mustSucceed(after.unlock(userId(), password()));
    const RequestId found = after.search(textQuery("秀"));
    r.mustSucceed(found);
    CHECK(r.pages[found].rows.size() >= 2);
}
