// bianmin-testclient: a village room's (or a hall's) device for the console's browser tests,
// made of the client's real parts without its window: an EventStore file, the SyncEngine and the
// HTTPS transport against a real bianmin-syncd.
//
//   bianmin-testclient forward --server HOST:PORT --ca CA.pem --data DIR --site SITE --code CODE
//                      --user USER --password P [--item ITEM] [--applicant NAME]
//       enrolls (first time only), signs in, receives a complete application for ITEM (default
//       MZJ-006), accepts it and forwards it where the item is finished, syncs, and prints
//       {"caseId","provisionalNumber","officialNumber","queryPassword","department","holder"}
//   bianmin-testclient sync --server … --ca … --data DIR --user USER --password P
//                      [--until-replied CASE] [--timeout-ms N]
//       syncs (again every 300 ms until the case has the center's reply, when asked) and prints
//       {"caseId","status","statusName","replied","outcome","resultName"}; exit 1 on timeout
//
// The device's credential and session live in the store's meta table, so the second command
// goes on where the first stopped. Errors: one line on stderr, exit 1 (2: wrong command line).
#include "common/domain/case_fold.h"
#include "common/domain/case_number.h"
#include "common/domain/ids.h"
#include "common/net/https_client.h"
#include "common/store/crypto.h"
#include "common/store/event_store.h"
#include "common/sync/engine.h"
#include "common/sync/https_transport.h"

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <random>
#include <thread>

namespace {

using namespace bianmin;
using namespace bianmin::domain;
namespace fs = std::filesystem;
namespace json = boost::json;

[[noreturn]] void die(const std::string& message) {
    std::cerr << "bianmin-testclient: " << message << "\n";
    std::exit(1);
}

template <typename T>
T must(Result<T> r, const std::string& what) {
    if (!r)
        die(what + ": " + r.error().message);
    return std::move(*r);
}

void must(const Status& s, const std::string& what) {
    if (!s)
        die(what + ": " + s.error().message);
}

struct Args {
    std::string command;
    std::map<std::string, std::string> options;
    std::string get(const std::string& k, const std::string& fallback = {}) const {
        const auto it = options.find(k);
        return it == options.end() ? fallback : it->second;
    }
    std::string need(const std::string& k) const {
        const auto it = options.find(k);
        if (it == options.end() || it->second.empty()) {
            std::cerr << "bianmin-testclient: " << command << " needs " << k << "\n";
            std::exit(2);
        }
        return it->second;
    }
};

RandomBytes randomBytes() {
    auto r = store::crypto::randomBytes(RandomBytes{}.size());
    if (!r)
        die("no random bytes");
    RandomBytes out{};
    std::copy_n(r->begin(), out.size(), out.begin());
    return out;
}

net::HttpsClientConfig serverConfig(const Args& a) {
    const std::string server = a.need("--server");
    const auto colon = server.rfind(':');
    if (colon == std::string::npos)
        die("--server must be HOST:PORT");
    net::HttpsClientConfig c;
    c.host = server.substr(0, colon);
    c.port = static_cast<unsigned short>(std::stoi(server.substr(colon + 1)));
    c.caFile = a.need("--ca");
    return c;
}

// The device: its store, enrolled and signed in, with a sync engine.
struct Device {
    std::unique_ptr<store::EventStore> store;
    std::unique_ptr<net::HttpsClient> http;
    sync::DeviceCredential credential;
    std::string token;
    sync::LoginProfile user;
    std::string siteId;
    store::SystemClock clock;

    FoldContext fold() {
        const auto& r = store->reference();
        return {r.catalog, r.org, r.calendar};
    }

    sync::RoundReport round() {
        sync::HttpsTransport transport(*http, credential, token);
        sync::SyncEngine::Options o;
        o.deviceId = credential.deviceId;
        o.siteId = siteId;
        o.clientVersion = "testclient";
        sync::SyncEngine engine(*store, transport, clock, o);
        return engine.runRound();
    }
};

Device open(const Args& a, bool mayEnroll) {
    Device d;
    const fs::path dir = a.need("--data");
    fs::create_directories(dir);
    store::EventStore::Options so;
    so.kdf = store::crypto::KdfParams::fastForTests();
    d.store = must(store::EventStore::open(dir / "device.db", so), "open the store");
    d.http = std::make_unique<net::HttpsClient>(serverConfig(a));
    const std::string userId = a.need("--user");
    const std::string password = a.need("--password");
    if (d.store->meta("device_id").empty()) {
        if (!mayEnroll)
            die("the device is not enrolled yet (run forward first)");
        const auto e = must(sync::enroll(*d.http, a.need("--code"), "testclient"), "enroll");
        must(d.store->setMeta("device_id", e.credential.deviceId), "meta");
        must(d.store->setMeta("device_secret", e.credential.secret), "meta");
        must(d.store->setMeta("site_id", e.siteId), "meta");
    }
    d.credential = {d.store->meta("device_id"), d.store->meta("device_secret")};
    d.siteId = d.store->meta("site_id");
    const auto login = must(sync::login(*d.http, d.credential, userId, password), "login");
    d.token = login.token;
    d.user = login.user;
    if (!d.store->hasKeyring()) {
        must(d.store->createKeyring(userId, password), "keyring");
        const auto text =
            must(sync::fetchReference(*d.http, d.credential, d.token), "reference data");
        const auto ref = must(sync::decodeReference(text), "reference data");
        must(d.store->putReference(ref.orgJson, ref.catalogJson, ref.calendarTsv, ref.version),
             "reference data");
    } else {
        must(d.store->unlock(userId, password), "unlock");
    }
    return d;
}

Actor actorOf(const Device& d) {
    return {d.user.userId,     d.user.name,  d.user.role,          d.user.siteId,
            d.user.department, d.user.grade, d.credential.deviceId};
}

// Appends one event made by this device on the case, after the case's latest.
void act(Device& d, const std::string& caseId, Payload p, Hlc& hlc, std::string& parent) {
    const Instant t = d.clock.now();
    Event e;
    e.id = makeEventId(t, randomBytes());
    e.caseId = caseId;
    e.actor = actorOf(d);
    e.deviceTime = t;
    hlc = hlcTick(hlc, t);
    e.hlc = hlc;
    e.parentId = parent;
    e.payload = std::move(p);
    must(d.store->append(e), std::string("append ") + std::string(eventTypeKey(e.payload)));
    parent = e.id;
}

sync::RoundReport syncOnce(Device& d) {
    auto report = d.round();
    if (!report.ok())
        die("sync: " + report.error->message);
    return report;
}

int forward(const Args& a) {
    Device d = open(a, true);
    const FoldContext fold = d.fold();
    const std::string itemId = a.get("--item", "MZJ-006");
    const Item* item = fold.catalog.latest(itemId);
    if (!item)
        die("no item " + itemId + " in the catalog");
    const std::string caseId = makeEventId(d.clock.now(), randomBytes());
    ReceivePayload r;
    r.item = {item->id, item->version};
    r.applicant = {a.get("--applicant", "王秀英"), "111",
                   std::string("42128119400315102") + residentIdCheckChar("42128119400315102"),
                   "13812345678", "湖北省赤壁市车埠镇"};
    if (d.user.role == Role::VillageAgent)
        r.agent = Party{d.user.name,
                        "111",
                        std::string("42128119850620202") + residentIdCheckChar("42128119850620202"),
                        "13912345678",
                        {}};
    for (const auto& m : item->materials)
        r.materials.push_back({m.name, true, true, 1});
    const Date today = Date::localDateOf(d.clock.now());
    const int seq = must(d.store->nextProvisionalSequence(d.siteId, today), "provisional number");
    r.provisionalNumber = makeProvisionalNumber(d.siteId, today, seq);
    auto rb = randomBytes();
    std::array<std::uint8_t, 8> pw{};
    std::copy_n(rb.begin(), pw.size(), pw.begin());
    const std::string queryPassword = makeQueryPassword(pw);
    r.queryPasswordHash = hashQueryPassword(queryPassword, toHex(rb.data() + 8, 8));
    r.entrusted = d.user.role == Role::VillageAgent;
    Hlc hlc;
    std::string parent;
    act(d, caseId, r, hlc, parent);
    act(d, caseId, AcceptPayload{"材料齐全，予以受理"}, hlc, parent);
    auto view = must(d.store->caseView(caseId), "case");
    const auto target = forwardTarget(view, fold);
    if (!target)
        die("item " + itemId + " is finished where it was accepted: nothing to forward");
    act(d, caseId, ForwardPayload{*target, "转报"}, hlc, parent);
    syncOnce(d);
    // The official number comes back with the pull after the push; one more round if needed.
    view = must(d.store->caseView(caseId), "case");
    for (int i = 0; i < 10 && view.officialNumber.empty(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        syncOnce(d);
        view = must(d.store->caseView(caseId), "case");
    }
    std::cout << json::serialize(json::object{{"caseId", caseId},
                                              {"provisionalNumber", view.provisionalNumber},
                                              {"officialNumber", view.officialNumber},
                                              {"queryPassword", queryPassword},
                                              {"department", target->department},
                                              {"holder", target->siteId}})
              << std::endl;
    return 0;
}

int syncCommand(const Args& a) {
    Device d = open(a, false);
    const std::string caseId = a.get("--until-replied");
    const auto timeout = std::chrono::milliseconds(std::stoi(a.get("--timeout-ms", "15000")));
    const auto start = std::chrono::steady_clock::now();
    while (true) {
        syncOnce(d);
        if (caseId.empty())
            break;
        const auto v = must(d.store->caseView(caseId), "case " + caseId);
        if (v.repliedAt)
            break;
        if (std::chrono::steady_clock::now() - start > timeout) {
            std::cerr << "bianmin-testclient: no reply for " << caseId << " within "
                      << timeout.count() << " ms (status " << caseStatusName(v.status) << ")\n";
            return 1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
    if (caseId.empty()) {
        std::cout << R"({"ok":true})" << std::endl;
        return 0;
    }
    const auto v = must(d.store->caseView(caseId), "case " + caseId);
    std::cout << json::serialize(json::object{
                     {"caseId", caseId},
                     {"status", caseStatusCode(v.status)},
                     {"statusName", caseStatusName(v.status)},
                     {"replied", v.repliedAt.has_value()},
                     {"officialNumber", v.officialNumber},
                     {"outcome", v.completion ? json::value(static_cast<int>(v.completion->outcome))
                                              : json::value(nullptr)},
                     {"resultName",
                      v.completion ? json::value(v.completion->resultName) : json::value(nullptr)}})
              << std::endl;
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    Args a;
    if (argc < 2) {
        std::cerr << "usage: bianmin-testclient forward|sync --server HOST:PORT --ca CA --data DIR "
                     "--user U --password P …\n";
        return 2;
    }
    a.command = argv[1];
    for (int i = 2; i < argc; ++i) {
        const std::string k = argv[i];
        if (!k.starts_with("--") || i + 1 >= argc) {
            std::cerr << "bianmin-testclient: option " << k << " needs a value\n";
            return 2;
        }
        a.options[k] = argv[++i];
    }
    if (a.command == "forward")
        return forward(a);
    if (a.command == "sync")
        return syncCommand(a);
    std::cerr << "bianmin-testclient: unknown command " << a.command << "\n";
    return 2;
}
