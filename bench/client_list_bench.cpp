// client_list_bench: the window client's case list on a large store (issue #5: "instant on 500k
// cases; the model fetches pages from the store worker; the UI thread never waits on SQL").
//
// Builds (or reuses) a client store of N realistic cases of the demo city, then drives the real
// StoreClient (the store worker thread) and the real CaseListModel from a QApplication, as the
// main window does, and measures what a clerk waits for:
//   - opening the store, unlocking it, and the first page of the list;
//   - each further page while scrolling (fetchMore);
//   - a search typed keystroke by keystroke (each keystroke a new query; the older answers are
//     dropped by the model), from the last keystroke to its page: name fragments, ID tails, case
//     number fragments;
//   - filter changes (status, open only, red cards, due-date order);
// and the longest time the GUI thread did not run its event loop meanwhile (a 1 ms timer's
// largest gap), which is the test of "the UI thread never waits".
//
// Usage: client_list_bench [--cases N] [--dir PATH] [--keep] [--reuse] [--quick]
#include "bench/bench_common.h"
#include "client/core/store_client.h"
#include "client/ui/case_list_model.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;
using namespace bianmin;
using bench::die;
using bench::Steady;

namespace {

struct Options {
    std::int64_t cases = 500'000;
    fs::path dir;
    bool keep = false;
    bool reuse = false; // a store left by --keep in --dir: only its facts are made again
};

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc)
                die(a + " needs a value");
            return argv[++i];
        };
        if (a == "--cases")
            o.cases = std::stoll(value());
        else if (a == "--dir")
            o.dir = value();
        else if (a == "--keep")
            o.keep = true;
        else if (a == "--reuse")
            o.reuse = o.keep = true;
        else if (a == "--quick")
            o.cases = 20'000;
        else
            die("usage: client_list_bench [--cases N] [--dir PATH] [--keep] [--reuse] [--quick]");
    }
    return o;
}

constexpr const char* kUser = "bench-user";
constexpr const char* kPassword = "bench-password";

store::EventStore::Options storeOptions() {
    store::EventStore::Options o;
    o.kdf = store::crypto::KdfParams::fastForTests();
    return o;
}

// Makes the store with n cases; returns a sample of facts to search for.
std::vector<bench::CaseFacts> build(const fs::path& file, std::int64_t n,
                                    const refdata::ReferenceData& ref, bool reuse) {
    if (reuse) { // the generator is deterministic: the same seed gives the same cases
        bench::CaseGenerator gen(ref, 20261127);
        std::vector<bench::CaseFacts> sample;
        for (std::int64_t i = 0; i < n; ++i) {
            auto c = gen.next();
            if (i % 997 == 0)
                sample.push_back(c.facts);
        }
        return sample;
    }
    auto s = bench::must(store::EventStore::open(file, storeOptions()), "open " + file.string());
    if (auto st = s->createKeyring(kUser, kPassword); !st)
        die("keyring: " + st.error().message);
    if (auto st = s->putReference(refdata::ReferencePaths::inDirectory(BIANMIN_RESOURCES_DIR), 1);
        !st)
        die("reference: " + st.error().message);
    bench::CaseGenerator gen(ref, 20261127);
    std::vector<bench::CaseFacts> sample;
    std::vector<domain::Event> batch;
    const auto t0 = Steady::now();
    for (std::int64_t i = 0; i < n; ++i) {
        auto c = gen.next();
        if (i % 997 == 0)
            sample.push_back(c.facts);
        batch.insert(batch.end(), c.events.begin(), c.events.end());
        if (batch.size() >= 100 * bench::kEventsPerCase || i + 1 == n) {
            bench::must(s->appendAll(batch), "append");
            batch.clear();
        }
        if (const std::int64_t done = i + 1; done % 50'000 == 0)
            std::fprintf(stderr, "  built %s cases (%.0f cases/s)\n",
                         bench::thousands(done).c_str(),
                         static_cast<double>(done) / bench::secondsSince(t0));
    }
    return sample;
}

// Runs the event loop until `done`, watching how long it ever went without running.
class Loop {
public:
    Loop() {
        m_tick.setInterval(1);
        QObject::connect(&m_tick, &QTimer::timeout, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            if (m_last > 0)
                m_maxGapNs = std::max(m_maxGapNs, now - m_last);
            m_last = now;
        });
        m_clock.start();
        m_tick.start();
    }
    template <typename Pred>
    void until(Pred done, const char* what) {
        QElapsedTimer t;
        t.start();
        while (!done()) {
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
            if (t.elapsed() > 60'000)
                die(std::string("timed out waiting for ") + what);
        }
    }
    double maxGapMs() const { return static_cast<double>(m_maxGapNs) / 1e6; }

private:
    QTimer m_tick;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_maxGapNs = 0;
};

struct Series {
    std::string name;
    std::vector<double> ms;
    void print() const {
        if (ms.empty())
            return;
        auto v = ms;
        std::sort(v.begin(), v.end());
        auto at = [&](double q) {
            return v[std::min(v.size() - 1,
                              static_cast<std::size_t>(q * static_cast<double>(v.size())))];
        };
        std::printf("  %-44s n=%-5zu p50 %7.2f ms   p95 %7.2f ms   max %7.2f ms\n", name.c_str(),
                    v.size(), at(0.5), at(0.95), v.back());
    }
};

} // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    const Options opt = parse(argc, argv);
    QApplication app(argc, argv);
    client::registerStoreMetaTypes();

    auto ref = bench::must(
        refdata::loadReferenceData(refdata::ReferencePaths::inDirectory(BIANMIN_RESOURCES_DIR)),
        "reference data");
    const fs::path dir = opt.dir.empty() ? fs::temp_directory_path() /
                                               ("client-list-bench-" + std::to_string(getpid()))
                                         : opt.dir;
    fs::create_directories(dir);
    const fs::path file = dir / "client.db";
    const bool reuse = opt.reuse && fs::exists(file);
    if (!reuse)
        bench::removeDb(file);

    std::printf("client_list_bench: %s cases; %s, %s, load %s; %s\n",
                bench::thousands(opt.cases).c_str(), bench::cpuModel().c_str(),
                bench::memTotal().c_str(), bench::loadAverage().c_str(), dir.c_str());
    const auto tb = Steady::now();
    const auto sample = build(file, opt.cases, *ref, reuse);
    std::printf("  built the store in %.0f s (%s on disk)\n", bench::secondsSince(tb),
                bench::mib(bench::fileBytes(file)).c_str());

    Loop loop;
    client::StoreClient storeClient(storeOptions());
    ui::CaseListModel model(storeClient);
    Series openS{"open the store (worker)", {}}, unlockS{"unlock", {}},
        firstS{"first page of the case list (100 rows)", {}},
        nextS{"next page while scrolling", {}}, nameS{"search by name, last keystroke to page", {}},
        tailS{"search by ID tail (6), last keystroke to page", {}},
        numberS{"search by case number fragment", {}}, filterS{"filter change to page", {}};

    bool flag = false;
    QObject::connect(&storeClient, &client::StoreClient::opened, [&] { flag = true; });
    QObject::connect(&storeClient, &client::StoreClient::unlocked, [&] { flag = true; });
    QObject::connect(&storeClient, &client::StoreClient::failed,
                     [&](client::RequestId, client::StoreOp op, const domain::Error& e) {
                         if (e.code == "superseded")
                             return; // a keystroke's search giving way to the next one
                         die(std::string(client::storeOpName(op)) + ": " + e.message);
                     });
    auto timed = [&](Series& s, auto start, auto done, const char* what) {
        QElapsedTimer t;
        t.start();
        start();
        loop.until(done, what);
        s.ms.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
    };
    timed(
        openS,
        [&] {
            flag = false;
            storeClient.open(QString::fromStdString(file.string()));
        },
        [&] { return flag; }, "open");
    timed(
        unlockS,
        [&] {
            flag = false;
            storeClient.unlock(kUser, kPassword);
        },
        [&] { return flag; }, "unlock");

    auto page = [&](Series& s, store::SearchQuery q, const char* what) {
        q.limit = 100;
        timed(
            s, [&] { model.setQuery(q); }, [&] { return !model.loading(); }, what);
    };
    page(firstS, {}, "first page");
    for (int i = 0; i < 50 && model.canFetchMore({}); ++i)
        timed(
            nextS, [&] { model.fetchMore({}); }, [&] { return !model.loading(); }, "next page");

    // Typing: each keystroke a query, 120 ms apart (a quick typist), the last one timed.
    auto typed = [&](Series& s, const std::vector<std::string>& keystrokes, const char* what) {
        for (std::size_t k = 0; k + 1 < keystrokes.size(); ++k) {
            store::SearchQuery q;
            q.text = keystrokes[k];
            q.limit = 100;
            model.setQuery(q);
            QElapsedTimer t;
            t.start();
            loop.until([&] { return t.elapsed() >= 120; }, "a keystroke");
        }
        store::SearchQuery q;
        q.text = keystrokes.back();
        page(s, q, what);
    };
    const std::size_t searches = std::min<std::size_t>(sample.size(), 40);
    for (std::size_t i = 0; i < searches; ++i) {
        const auto& f = sample[i * sample.size() / searches];
        const auto chars = bench::utf8Chars(f.name);
        std::vector<std::string> name;
        std::string acc;
        for (std::size_t c = 1; c < chars.size(); ++c) { // given name: the last 1–2 characters
            acc += chars[c];
            name.push_back(acc);
        }
        if (!name.empty())
            typed(nameS, name, "name search");
        std::vector<std::string> tail;
        for (std::size_t k = 1; k <= 6; ++k)
            tail.push_back(f.idNumber.substr(f.idNumber.size() - 6, k));
        typed(tailS, tail, "ID tail search");
        // The daily sequence and a bit of the date: "20260105-0003" typed from its end.
        const std::string number = f.provisionalNumber.substr(f.provisionalNumber.size() - 13);
        typed(numberS, {number.substr(9), number.substr(4), number}, "number search");
    }
    for (int i = 0; i < 10; ++i) {
        store::SearchQuery q;
        q.status = domain::CaseStatus::Accepted;
        page(filterS, q, "status filter");
        q = {};
        q.openOnly = true;
        q.order = store::SortOrder::DueSoonestFirst;
        page(filterS, q, "open, by due date");
        q = {};
        q.light = domain::Light::Red;
        page(filterS, q, "red cards");
    }

    std::printf("\n  through StoreClient and CaseListModel, %s cases:\n",
                bench::thousands(opt.cases).c_str());
    for (const Series* s : {&openS, &unlockS, &firstS, &nextS, &nameS, &tailS, &numberS, &filterS})
        s->print();
    std::printf("  longest time the GUI thread did not run its event loop: %.2f ms\n",
                loop.maxGapMs());
    if (!opt.keep)
        fs::remove_all(dir);
    return 0;
}
