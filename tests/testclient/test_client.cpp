// bianmin-testclient: a village room's (or a hall's) device for the console's browser tests —
// the client's real EventStore, SyncEngine and HTTPS transport without its window
// (tools/sim/sim_device.h), against a real bianmin-syncd.
//
//   bianmin-testclient forward --server HOST:PORT --ca CA.pem --data DIR --site SITE --code CODE
//                      --user USER --password P [--item ITEM] [--applicant NAME]
//       enrolls (first time only), signs in, receives a complete application for ITEM (default
//       MZJ-006), accepts it and forwards it where the item is finished, syncs, and prints
//       {"caseId","provisionalNumber","officialNumber","queryPassword","department","holder"}
//   bianmin-testclient sync --server … --ca … --data DIR --user USER --password P [--code CODE]
//                      [--until-replied CASE] [--timeout-ms N]
//       enrolls with CODE the first time, syncs (again every 300 ms until the case has the
//       center's reply, when asked) and prints {"caseId","status","statusName","replied",
//       "outcome","resultName"}; exit 1 on timeout. Without a case: {"ok","referenceVersion",
//       "siteId","siteName","hallWindows","roomWindows"}, what the device has of the reference.
//
// The device's credential lives in the store, so the second command goes on where the first
// stopped. Errors: one line on stderr, exit 1 (2: wrong command line).
#include "common/domain/case_number.h"
#include "common/domain/ids.h"
#include "tools/sim/cli.h"
#include "tools/sim/sim_device.h"

#include <boost/json.hpp>
#include <chrono>
#include <iostream>
#include <map>
#include <thread>

namespace {

using namespace bianmin;
using namespace bianmin::domain;
namespace fs = std::filesystem;
namespace json = boost::json;

using sim::die;
using sim::must;

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

std::unique_ptr<sim::Device> open(const Args& a, bool mayEnroll) {
    const std::string server = a.need("--server");
    const auto colon = server.rfind(':');
    if (colon == std::string::npos)
        die("--server must be HOST:PORT");
    sim::DeviceSetup setup;
    setup.server.host = server.substr(0, colon);
    setup.server.port = static_cast<unsigned short>(std::stoi(server.substr(colon + 1)));
    setup.server.caFile = a.need("--ca");
    const fs::path dir = a.need("--data");
    fs::create_directories(dir);
    setup.storeFile = dir / "device.db";
    if (mayEnroll)
        setup.enrollmentCode = a.get("--code");
    setup.deviceName = "testclient";
    setup.userId = a.need("--user");
    setup.password = a.need("--password");
    setup.clientVersion = "testclient";
    return must(sim::Device::open(setup), "device");
}

void syncOnce(sim::Device& d) {
    const auto report = d.sync();
    if (report.error)
        die("sync: " + report.error->message);
}

int forward(const Args& a) {
    auto d = open(a, true);
    const FoldContext fold = d->fold();
    const std::string itemId = a.get("--item", "MZJ-006");
    const Item* item = fold.catalog.latest(itemId);
    if (!item)
        die("no item " + itemId + " in the catalog");
    ReceivePayload r;
    r.item = {item->id, item->version};
    r.applicant = {a.get("--applicant", "王秀英"), "111", sim::residentId("42128119400315102"),
                   "13812345678", "湖北省赤壁市车埠镇"};
    if (d->user().role == Role::VillageAgent)
        r.agent =
            Party{d->user().name, "111", sim::residentId("42128119850620202"), "13912345678", {}};
    for (const auto& m : item->materials)
        r.materials.push_back({m.name, true, true, 1});
    const Date today = Date::localDateOf(d->now());
    const int seq = must(d->store().nextProvisionalSequence(d->siteId(), today), "number");
    r.provisionalNumber = makeProvisionalNumber(d->siteId(), today, seq);
    const auto random = sim::randomBytes();
    std::array<std::uint8_t, 8> pw{};
    std::copy_n(random.begin(), pw.size(), pw.begin());
    const std::string queryPassword = makeQueryPassword(pw);
    const auto salt = sim::randomBytes();
    r.queryPasswordHash = hashQueryPassword(queryPassword, toHex(salt.data(), 8));
    r.entrusted = d->user().role == Role::VillageAgent;
    const std::string caseId = must(d->create(r), "receive");
    must(d->act(caseId, AcceptPayload{"材料齐全，予以受理"}), "accept");
    auto view = must(d->store().caseView(caseId), "case");
    const auto target = forwardTarget(view, fold);
    if (!target)
        die("item " + itemId + " is finished where it was accepted: nothing to forward");
    must(d->act(caseId, ForwardPayload{*target, "转报"}), "forward");
    syncOnce(*d);
    // The official number comes back with the pull after the push; one more round if needed.
    view = must(d->store().caseView(caseId), "case");
    for (int i = 0; i < 10 && view.officialNumber.empty(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        syncOnce(*d);
        view = must(d->store().caseView(caseId), "case");
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
    auto d = open(a, true);
    const std::string caseId = a.get("--until-replied");
    const auto timeout = std::chrono::milliseconds(std::stoi(a.get("--timeout-ms", "15000")));
    const auto start = std::chrono::steady_clock::now();
    while (true) {
        syncOnce(*d);
        if (caseId.empty())
            break;
        const auto v = must(d->store().caseView(caseId), "case " + caseId);
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
        // What the device has of the reference data: its version, its own site and the windows.
        const FoldContext fold = d->fold();
        const Site* site = fold.org.site(d->siteId());
        json::array hall;
        for (const auto& w : fold.org.windows(SiteKind::Hall))
            hall.emplace_back(w);
        json::array room;
        for (const auto& w : fold.org.windows(SiteKind::Room))
            room.emplace_back(w);
        std::cout << json::serialize(json::object{
                         {"ok", true},
                         {"referenceVersion", d->store().meta("reference_version")},
                         {"siteId", d->siteId()},
                         {"siteName", site ? json::value(site->name) : json::value(nullptr)},
                         {"hallWindows", std::move(hall)},
                         {"roomWindows", std::move(room)}})
                  << std::endl;
        return 0;
    }
    const auto v = must(d->store().caseView(caseId), "case " + caseId);
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
    bianmin::sim::programName() = "bianmin-testclient";
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
