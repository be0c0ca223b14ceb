#pragma once
// A bianmin-syncd core for tests: a SQLite server store in a temporary folder with the demo
// reference data and the users of CaseWorld's Cast, the sync service on a fake clock, and devices
// that enroll and log in the way a client does. No network.
#include "syncserver/admin/admin_cli.h"
#include "syncserver/store/sqlite_server_store.h"
#include "syncserver/sync/sqlite_sync_service.h"
#include "tests/support/case_world.h"
#include "tests/support/temp_dir.h"

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

namespace bianmin::testing {

inline constexpr const char* kSyncdPassword = "Secret#2026";

template <typename T>
std::string codeOf(const domain::Result<T>& r) {
    return r ? std::string("ok") : r.error().code;
}

struct Device {
    std::string id;
    std::string secret;
    std::string siteId;
    std::string department;
    std::string token;
    syncd::DeviceAuth auth() const { return {id, secret}; }
    syncd::Caller caller() const { return {{id, secret}, token, "test"}; }
};

// The actor as they act on this device.
inline domain::Actor on(domain::Actor a, const Device& d) {
    a.deviceId = d.id;
    return a;
}

class SyncdWorld {
public:
    SyncdWorld() {
        auto s = syncd::SqliteServerStore::open(dir / "syncd.db");
        INFO((s ? "" : s.error().message));
        REQUIRE(s.ok());
        store = std::move(*s);
        auto v = syncd::admin::importReference(
            *store, refdata::ReferencePaths::inDirectory(BIANMIN_RESOURCES_DIR));
        INFO((v ? "" : v.error().message));
        REQUIRE(v.ok());
        for (const domain::Actor* a :
             {&cast.agent, &cast.agent2, &cast.otherAgent, &cast.clerk, &cast.clerk2,
              &cast.director, &cast.deputy, &cast.otherClerk, &cast.handler, &cast.reviewer,
              &cast.approver, &cast.otherDept, &cast.supervisor, &cast.admin}) {
            const syncd::admin::NewUser u{a->userId, a->userName,   a->role,
                                          a->siteId, a->department, a->grade};
            const auto st = syncd::admin::createUser(*store, u, kSyncdPassword,
                                                     store::crypto::KdfParams::fastForTests());
            INFO(a->userId << ": " << (st ? "" : st.error().message));
            REQUIRE(st.ok());
        }
        syncd::ServiceOptions o;
        o.now = [this] { return clock; };
        service = std::make_unique<syncd::StoreSyncService>(*store, o);
        service->setPokeSink([this](const std::vector<std::string>& r) { pokes.push_back(r); });
    }

    Device enroll(const std::string& site, const std::string& department = {}) {
        auto code = syncd::issueEnrollmentCode(*store, site, department, clock);
        REQUIRE(code.ok());
        auto r = service->enroll({*code, "笔记本 " + site});
        INFO((r ? "" : r.error().message));
        REQUIRE(r.ok());
        return {r->deviceId, r->deviceSecret, r->siteId, r->department, {}};
    }
    void login(Device& d, const domain::Actor& a) {
        auto r = service->login(d.auth(), {a.userId, kSyncdPassword});
        INFO(a.userId << ": " << (r ? "" : r.error().code + " " + r.error().message));
        REQUIRE(r.ok());
        d.token = r->token;
    }
    // A device at the actor's site (serving the actor's department), the actor logged in.
    Device deviceFor(const domain::Actor& a) {
        Device d = enroll(a.siteId,
                          a.role == domain::Role::DepartmentStaff ? a.department : std::string());
        login(d, a);
        return d;
    }

    sync::PushResponse push(const Device& d, std::vector<domain::Event> events) {
        auto r = service->push(d.caller(), {std::move(events)});
        INFO((r ? "" : r.error().code + " " + r.error().message));
        REQUIRE(r.ok());
        return std::move(*r);
    }
    sync::PushResult pushOne(const Device& d, const domain::Event& e) {
        auto r = push(d, {e});
        REQUIRE(r.results.size() == 1);
        return r.results.front();
    }

    // Acts in the world as the actor on their device (checked against the local fold first, as
    // the client does) and pushes the event, which must be accepted.
    std::int64_t act(CaseWorld& w, const domain::Actor& a, const Device& d, domain::Payload p) {
        w.must(on(a, d), std::move(p));
        const auto res = pushOne(d, w.events.back());
        INFO(res.code << ": " << res.message);
        REQUIRE(res.outcome == sync::PushOutcome::Accepted);
        REQUIRE(res.serverSeq);
        w.events.back().serverSeq = res.serverSeq;
        return *res.serverSeq;
    }

    // Pulls until the server says there is no more; the cursor moves with every page.
    std::vector<domain::Event> pullAll(const Device& d, std::string& cursor, int limit = 1000) {
        std::vector<domain::Event> out;
        for (int page = 0; page < 100'000; ++page) {
            auto r = service->pull(d.caller(), {cursor, limit});
            INFO((r ? "" : r.error().code + " " + r.error().message));
            REQUIRE(r.ok());
            out.insert(out.end(), r->events.begin(), r->events.end());
            cursor = r->nextCursor;
            if (!r->more)
                return out;
        }
        FAIL("pull never ends");
        return out;
    }
    std::vector<domain::Event> pullAll(const Device& d) {
        std::string cursor;
        return pullAll(d, cursor);
    }

    std::size_t storedEvents(const std::string& caseId) {
        auto r = store->caseEvents(caseId);
        REQUIRE(r.ok());
        return r->size();
    }

    TempDir dir;
    std::unique_ptr<syncd::SqliteServerStore> store;
    std::unique_ptr<syncd::StoreSyncService> service;
    domain::Instant clock = localTime(2026, 11, 23, 8, 0);
    std::vector<std::vector<std::string>> pokes;
    Cast cast;
};

} // namespace bianmin::testing
