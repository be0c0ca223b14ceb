// `bianmin-syncd admin …`: the demo city, users and passwords, enrollment codes, devices, and the
// command line's errors and exit codes (0 done, 1 failed, 2 wrong command line).
#include "tests/unit/syncd_test_support.h"

#include <catch2/catch.hpp>
#include <sstream>

using namespace bianmin::domain;
using namespace bianmin::syncd;
using bianmin::testing::codeOf;
using bianmin::testing::TempDir;
namespace crypto = bianmin::store::crypto;

namespace {

admin::Options fastOptions() {
    admin::Options o;
    o.resources = BIANMIN_RESOURCES_DIR;
    o.kdf = crypto::KdfParams::fastForTests();
    o.demoKdf = crypto::KdfParams::fastForTests();
    o.now = [] { return bianmin::testing::localTime(2026, 11, 23, 8, 0); };
    return o;
}

struct Run {
    int code = 0;
    std::string out;
    std::string err;
};

Run run(ServerStore& store, const std::vector<std::string>& args) {
    std::ostringstream out;
    std::ostringstream err;
    const int code = admin::runCommand(store, args, out, err, fastOptions());
    return {code, out.str(), err.str()};
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// The text after `marker` up to the end of its line, trimmed.
std::string after(const std::string& text, const std::string& marker) {
    const auto at = text.find(marker);
    if (at == std::string::npos)
        return {};
    auto start = at + marker.size();
    while (start < text.size() && (text[start] == ' ' || text[start] == '\n'))
        ++start;
    const auto end = text.find('\n', start);
    return text.substr(start, end - start);
}

std::unique_ptr<SqliteServerStore> openStore(const TempDir& dir) {
    auto s = SqliteServerStore::open(dir / "syncd.db");
    REQUIRE(s.ok());
    return std::move(*s);
}

} // namespace

TEST_CASE("syncd admin: init-demo makes the demo city and its users", "[syncd][admin]") {
    TempDir dir;
    auto store = openStore(dir);
    const Run r = run(*store, {"init-demo"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(contains(r.out, admin::kDemoPassword));
    CHECK(store->referenceVersion().value() == 1);

    auto ref = bianmin::refdata::loadReferenceData(
        bianmin::refdata::ReferencePaths::inDirectory(BIANMIN_RESOURCES_DIR));
    REQUIRE(ref.ok());
    const Org& org = (*ref)->org;
    CHECK(store->sites().value().size() == org.sites().size());
    std::size_t halls = 0;
    std::size_t rooms = 0;
    for (const auto& s : org.sites()) {
        halls += s.kind == SiteKind::Hall ? 1 : 0;
        rooms += s.kind == SiteKind::Room ? 1 : 0;
    }
    const auto expected = 3 * halls + rooms + 3 * org.departments().size() + 2;
    CHECK(static_cast<std::size_t>(store->userCount().value()) == expected);

    auto clerk = store->user("clerk-421281909000").value();
    REQUIRE(clerk.has_value());
    CHECK(clerk->role == Role::Clerk);
    CHECK(clerk->siteId == "421281909000");
    CHECK(crypto::verifyPassword(admin::kDemoPassword, clerk->passwordHash));
    CHECK(store->user("director-421281909000").value()->role == Role::HallDirector);
    CHECK(store->user("deputy-421281909000").value()->role == Role::HallDirector);
    CHECK(store->user("agent-421281909001").value()->role == Role::VillageAgent);
    auto approver = store->user("mzj-approver").value();
    REQUIRE(approver.has_value());
    CHECK(approver->department == "民政局");
    CHECK(approver->grade == Grade::Approver);
    CHECK(approver->siteId == org.center().id);
    CHECK(store->user("supervisor").value()->role == Role::Supervisor);
    CHECK(store->user("admin").value()->role == Role::Admin);

    // A demo agent enrolls a laptop and logs in with the demo password.
    StoreSyncService service(*store);
    auto code = issueEnrollmentCode(*store, "421281909001", {}, systemNow());
    REQUIRE(code.ok());
    auto dev = service.enroll({*code, "演示笔记本"});
    REQUIRE(dev.ok());
    CHECK(
        service
            .login({dev->deviceId, dev->deviceSecret}, {"agent-421281909001", admin::kDemoPassword})
            .ok());

    // Demo passwords are public: never on a store that has data.
    const Run again = run(*store, {"init-demo"});
    CHECK(again.code == 1);
    CHECK(contains(again.err, "already_initialised"));
}

TEST_CASE("syncd admin: init-demo --password-cost minimal makes cheap demo hashes for "
          "simulations",
          "[syncd][admin]") {
    admin::Options o = fastOptions();
    o.demoKdf = admin::Options::demoKdfParams(); // the default: t=2, m=19 MiB
    auto runWith = [&](ServerStore& store, const std::vector<std::string>& args) {
        std::ostringstream out;
        std::ostringstream err;
        const int code = admin::runCommand(store, args, out, err, o);
        return Run{code, out.str(), err.str()};
    };
    {
        TempDir dir;
        auto store = openStore(dir);
        REQUIRE(runWith(*store, {"init-demo"}).code == 0);
        const auto hash = store->user("clerk-421281909000").value()->passwordHash;
        CHECK(contains(hash, "$t=2$m=19456$"));
    }
    {
        TempDir dir;
        auto store = openStore(dir);
        const Run r = runWith(*store, {"init-demo", "--password-cost", "minimal"});
        INFO(r.err);
        REQUIRE(r.code == 0);
        const auto hash = store->user("clerk-421281909000").value()->passwordHash;
        CHECK(contains(hash, "$t=1$m=1024$"));
        CHECK(crypto::verifyPassword(admin::kDemoPassword, hash));
        CHECK_FALSE(crypto::verifyPassword("wrong", hash));
    }
    TempDir dir;
    auto store = openStore(dir);
    const Run bad = runWith(*store, {"init-demo", "--password-cost", "none"});
    CHECK(bad.code == 2);
    CHECK(contains(bad.err, "--password-cost"));
    CHECK(store->userCount().value() == 0);
}

TEST_CASE("syncd admin: users and passwords", "[syncd][admin]") {
    TempDir dir;
    auto store = openStore(dir);
    REQUIRE(run(*store, {"import-reference"}).code == 0);

    SECTION("create-user prints a generated password once, and it works") {
        const Run r = run(*store, {"create-user", "--id", "clerk-new", "--name", "新窗口人员",
                                   "--role", "clerk", "--site", "421281909000"});
        INFO(r.err);
        REQUIRE(r.code == 0);
        const std::string password = after(r.out, "初始密码（只显示这一次）：");
        REQUIRE(password.size() == 12);
        auto u = store->user("clerk-new").value();
        REQUIRE(u.has_value());
        CHECK(crypto::verifyPassword(password, u->passwordHash));
        CHECK(run(*store, {"create-user", "--id", "clerk-new", "--name", "又一个", "--role",
                           "clerk", "--site", "421281909000", "--password", "long-enough"})
                  .code == 1);
    }
    SECTION("department staff need a department of the organisation and a grade") {
        const Run r = run(*store, {"create-user", "--id", "mz-9", "--name", "民政科员", "--role",
                                   "department_staff", "--site", "421281000000", "--department",
                                   "MZJ", "--grade", "1", "--password", "Secret#2026"});
        INFO(r.err);
        REQUIRE(r.code == 0);
        CHECK(store->user("mz-9").value()->department == "民政局"); // the name, not the code
        CHECK(run(*store,
                  {"create-user", "--id", "mz-8", "--name", "x", "--role", "department_staff",
                   "--site", "421281000000", "--department", "MZJ", "--password", "Secret#2026"})
                  .code == 2);
        CHECK(run(*store, {"create-user", "--id", "mz-8", "--name", "x", "--role",
                           "department_staff", "--site", "421281000000", "--department", "宣传部",
                           "--grade", "1", "--password", "Secret#2026"})
                  .code == 2);
    }
    SECTION("a role works only at a site of its kind") {
        const Run r =
            run(*store, {"create-user", "--id", "x", "--name", "x", "--role", "village_agent",
                         "--site", "421281909000", "--password", "Secret#2026"});
        CHECK(r.code == 2);
        CHECK_FALSE(r.err.empty());
        CHECK(run(*store, {"create-user", "--id", "x", "--name", "x", "--role", "clerk", "--site",
                           "421281909000", "--department", "MZJ", "--password", "Secret#2026"})
                  .code == 2);
        CHECK(run(*store, {"create-user", "--id", "x", "--name", "x", "--role", "system", "--site",
                           "421281000000", "--password", "Secret#2026"})
                  .code == 2);
        CHECK(run(*store, {"create-user", "--id", "x", "--name", "x", "--role", "boss", "--site",
                           "421281000000"})
                  .code == 2);
        CHECK(run(*store, {"create-user", "--id", "x", "--name", "x", "--role", "clerk", "--site",
                           "421281999999", "--password", "Secret#2026"})
                  .code == 1);
        CHECK(run(*store, {"create-user", "--id", "x", "--role", "clerk", "--site", "421281909000"})
                  .code == 2);
        CHECK(run(*store, {"create-user", "--id", "x", "--name", "x", "--role", "clerk", "--site",
                           "421281909000", "--password", "short"})
                  .code == 2);
        CHECK(run(*store, {"create-user", "--nickname", "x"}).code == 2);
        CHECK(store->userCount().value() == 0);
    }
    SECTION("set-password replaces the hash and ends a back-off") {
        REQUIRE(run(*store, {"create-user", "--id", "clerk-h", "--name", "窗口", "--role", "clerk",
                             "--site", "421281909000", "--password", "first-password"})
                    .code == 0);
        REQUIRE(store->addLoginFailure("clerk-h").ok());
        REQUIRE(store->setLockedUntil("clerk-h", 1'000'000'000'000'000).ok());
        const Run r = run(*store, {"set-password", "clerk-h", "--password", "second-password"});
        REQUIRE(r.code == 0);
        auto u = store->user("clerk-h").value();
        CHECK(crypto::verifyPassword("second-password", u->passwordHash));
        CHECK(u->lockedUntil == 0);
        CHECK(run(*store, {"set-password", "nobody", "--password", "second-password"}).code == 1);
        CHECK(run(*store, {"set-password"}).code == 2);
        const Run gen = run(*store, {"set-password", "clerk-h"});
        REQUIRE(gen.code == 0);
        CHECK(crypto::verifyPassword(after(gen.out, "新密码（只显示这一次）："),
                                     store->user("clerk-h").value()->passwordHash));
    }
}

TEST_CASE("syncd admin: enrollment codes and devices", "[syncd][admin]") {
    TempDir dir;
    auto store = openStore(dir);
    REQUIRE(run(*store, {"import-reference"}).code == 0);
    ServiceOptions options;
    options.now = fastOptions().now;
    StoreSyncService service(*store, options);

    const Run r = run(*store, {"create-enrollment-code", "--site", "421281000000", "--department",
                               "MZJ", "--days", "3"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    const std::string code = after(r.out, "只能使用一次）：");
    REQUIRE(code.size() == 19);
    auto dev = service.enroll({code, "民政局窗口一号机"});
    REQUIRE(dev.ok());
    CHECK(dev->department == "民政局");

    const Run list = run(*store, {"list-devices"});
    CHECK(list.code == 0);
    CHECK(contains(list.out, dev->deviceId));
    CHECK(contains(list.out, "正常"));
    CHECK(contains(run(*store, {"list-devices", "--site", "421281909000"}).out, "共 0 台"));

    const Run revoke = run(*store, {"revoke-device", dev->deviceId});
    CHECK(revoke.code == 0);
    CHECK(contains(run(*store, {"list-devices"}).out, "已停用"));
    CHECK(codeOf(service.login({dev->deviceId, dev->deviceSecret}, {"x", "y"})) == "revoked");
    CHECK(run(*store, {"revoke-device", "dv-nothing"}).code == 1);
    CHECK(run(*store, {"revoke-device"}).code == 2);

    CHECK(run(*store, {"create-enrollment-code"}).code == 2);
    CHECK(run(*store, {"create-enrollment-code", "--site", "421281909000", "--days", "0"}).code ==
          2);
    CHECK(run(*store, {"create-enrollment-code", "--site", "421281909000", "--department", "MZJ"})
              .code == 1);
    CHECK(run(*store, {"create-enrollment-code", "--site", "421281999999"}).code == 1);
    CHECK(
        run(*store, {"create-enrollment-code", "--site", "421281000000", "--department", "宣传部"})
            .code == 2);
}

TEST_CASE("syncd admin: the command line", "[syncd][admin]") {
    TempDir dir;
    const std::string db = (dir / "cli.db").string();
    auto call = [&](const std::vector<std::string>& args) {
        std::ostringstream out;
        std::ostringstream err;
        const int code = admin::runAdmin(args, out, err, fastOptions());
        return Run{code, out.str(), err.str()};
    };
    CHECK(call({"import-reference"}).code == 2); // no --db
    CHECK(call({"--db"}).code == 2);
    CHECK(call({"--db", db}).code == 2);
    CHECK(call({"--db", db, "serve"}).code == 2);
    CHECK(contains(call({"--db", db, "frobnicate"}).err, "frobnicate"));
    const Run help = call({"--help"});
    CHECK(help.code == 0);
    CHECK(contains(help.out, "create-enrollment-code"));
    const Run first = call({"--db", db, "import-reference"});
    INFO(first.err);
    CHECK(first.code == 0);
    CHECK(contains(first.out, "版本 1"));
    CHECK(contains(call({"--db", db, "import-reference"}).out, "版本 2"));
    const Run bad =
        call({"--db", db, "import-reference", "--org", (dir / "missing.json").string()});
    CHECK(bad.code == 1);
    CHECK(contains(bad.err, "missing.json"));
    CHECK(call({"--db", (dir / "no-such-dir" / "x.db").string(), "list-devices"}).code == 1);
}
