#include "syncserver/admin/admin_cli.h"

#include "common/domain/date.h"
#include "syncserver/admin/case_commands.h"
#include "syncserver/store/sqlite_server_store.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <mutex>
#include <ostream>
#include <set>
#include <thread>

namespace bianmin::syncd::admin {

using namespace bianmin::domain;
namespace crypto = bianmin::store::crypto;

namespace {

constexpr std::size_t kMinPasswordLength = 8;

Error usageError(std::string message) {
    return {ErrorKind::InvalidInput, "usage", std::move(message)};
}

// --- a tiny argv parser: positional words and "--name value" options -----------------------------
struct Args {
    std::vector<std::string> positional;
    std::map<std::string, std::string, std::less<>> options;

    std::string get(std::string_view name) const {
        const auto it = options.find(name);
        return it == options.end() ? std::string() : it->second;
    }
    bool has(std::string_view name) const { return options.contains(name); }
};

Result<Args> parseArgs(const std::vector<std::string>& words, std::size_t from,
                       const std::set<std::string, std::less<>>& allowed) {
    Args out;
    for (std::size_t i = from; i < words.size(); ++i) {
        const std::string& w = words[i];
        if (w.size() > 2 && w.starts_with("--")) {
            if (!allowed.contains(w))
                return usageError("未知选项 " + w);
            if (i + 1 >= words.size())
                return usageError("选项 " + w + " 缺少取值");
            out.options[w] = words[++i];
        } else {
            out.positional.push_back(w);
        }
    }
    return out;
}

std::optional<int> parseInt(std::string_view s) {
    int v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size())
        return std::nullopt;
    return v;
}

std::string formatInstant(Instant t) {
    if (t <= 0)
        return "-";
    const Date d = Date::localDateOf(t);
    const Instant inDay = t - d.startInstant();
    const auto minutes = inDay / 60'000;
    std::string hh = std::to_string(minutes / 60);
    std::string mm = std::to_string(minutes % 60);
    return d.iso() + " " + (hh.size() < 2 ? "0" : "") + hh + ":" + (mm.size() < 2 ? "0" : "") + mm;
}

Result<std::string> randomPassword() {
    constexpr std::string_view kAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";
    auto bytes = crypto::randomBytes(12);
    if (!bytes)
        return bytes.error();
    std::string out;
    for (std::uint8_t b : *bytes)
        out += kAlphabet[b % kAlphabet.size()]; // the slight bias does not matter at 12 characters
    return out;
}

bool roleWorksAt(Role role, SiteKind kind) {
    switch (role) {
    case Role::Clerk:
        return kind == SiteKind::Hall || kind == SiteKind::Center;
    case Role::VillageAgent:
        return kind == SiteKind::Room;
    case Role::HallDirector:
        return kind == SiteKind::Hall;
    case Role::DepartmentStaff:
    case Role::Supervisor:
    case Role::Admin:
        return kind == SiteKind::Center;
    case Role::System:
        return false;
    }
    return false;
}

std::string_view siteKindName(SiteKind k) {
    switch (k) {
    case SiteKind::Center:
        return "中心";
    case SiteKind::Hall:
        return "大厅";
    case SiteKind::Room:
        return "服务室";
    }
    return "";
}

int report(std::ostream& err, const Error& e) {
    err << "错误：" << e.message << "（" << e.code << "）\n";
    return e.code == "usage" ? 2 : 1;
}

// --- commands -----------------------------------------------------------------------------------

int cmdInitDemo(ServerStore& store, const std::vector<std::string>& words, std::ostream& out,
                std::ostream& err, const Options& options) {
    auto a = parseArgs(words, 1, {"--resources", "--password-cost"});
    if (!a)
        return report(err, a.error());
    const std::filesystem::path dir =
        a->has("--resources") ? std::filesystem::path(a->get("--resources")) : options.resources;
    // --password-cost minimal: Argon2id t=1, m=1 MiB for the demo users, so that a simulation of
    // a long period (a year of daily sign-ins) spends its time on cases, not on password hashes.
    Options o = options;
    if (const std::string cost = a->get("--password-cost"); cost == "minimal")
        o.demoKdf = crypto::KdfParams::fastForTests();
    else if (!cost.empty() && cost != "demo")
        return report(err, usageError("--password-cost 应为 demo（默认）或 minimal（仅用于模拟）"));
    auto users = initDemo(store, dir, o);
    if (!users)
        return report(err, users.error());
    auto sites = store.sites();
    out << "演示城市已初始化：参考数据第 1 版，服务场所 " << (sites ? sites->size() : 0)
        << " 个，演示用户 " << users->size() << " 个。\n";
    out << "所有演示用户的密码均为：" << kDemoPassword
        << "（公开的演示密码，切勿用于正式环境）\n\n";
    out << "用户\t角色\t服务场所\t部门\t级别\t姓名\n";
    for (const auto& u : *users)
        out << u.id << "\t" << roleName(u.role) << "\t" << u.siteId << "\t"
            << (u.department.empty() ? "-" : u.department) << "\t"
            << (u.grade == Grade::None ? std::string("-")
                                       : stepName(static_cast<StepCode>(u.grade)))
            << "\t" << u.name << "\n";
    return 0;
}

int cmdImportReference(ServerStore& store, const std::vector<std::string>& words, std::ostream& out,
                       std::ostream& err, const Options& options) {
    auto a = parseArgs(words, 1, {"--resources", "--org", "--catalog", "--calendar"});
    if (!a)
        return report(err, a.error());
    refdata::ReferencePaths paths = refdata::ReferencePaths::inDirectory(
        a->has("--resources") ? std::filesystem::path(a->get("--resources")) : options.resources);
    if (a->has("--org"))
        paths.org = a->get("--org");
    if (a->has("--catalog"))
        paths.catalog = a->get("--catalog");
    if (a->has("--calendar"))
        paths.calendar = a->get("--calendar");
    auto version = importReference(store, paths);
    if (!version)
        return report(err, version.error());
    out << "参考数据已导入，版本 " << *version << "。\n";
    return 0;
}

int cmdCreateUser(ServerStore& store, const std::vector<std::string>& words, std::ostream& out,
                  std::ostream& err, const Options& options) {
    auto a = parseArgs(
        words, 1, {"--id", "--name", "--role", "--site", "--department", "--grade", "--password"});
    if (!a)
        return report(err, a.error());
    if (!a->positional.empty())
        return report(err, usageError("多余的参数 " + a->positional.front()));
    for (const char* required : {"--id", "--name", "--role", "--site"})
        if (a->get(required).empty())
            return report(err, usageError(std::string("缺少选项 ") + required));
    NewUser u;
    u.id = a->get("--id");
    u.name = a->get("--name");
    const auto role = roleFromKey(a->get("--role"));
    if (!role)
        return report(err, usageError("未知角色 " + a->get("--role") +
                                      "（clerk, village_agent, hall_director, department_staff, "
                                      "supervisor, admin）"));
    u.role = *role;
    u.siteId = a->get("--site");
    u.department = a->get("--department");
    if (a->has("--grade")) {
        const auto g = parseInt(a->get("--grade"));
        if (!g || *g < 0 || *g > 3)
            return report(err, usageError("--grade 应为 1（承办）、2（审核）或 3（批准）"));
        u.grade = static_cast<Grade>(*g);
    }
    std::string password = a->get("--password");
    const bool generated = password.empty();
    if (generated) {
        auto p = randomPassword();
        if (!p)
            return report(err, p.error());
        password = *p;
    }
    if (auto st = createUser(store, u, password, options.kdf); !st)
        return report(err, st.error());
    out << "已创建用户 " << u.id << "（" << u.name << "，" << roleName(u.role) << "，" << u.siteId
        << (u.department.empty() ? "" : "，" + u.department) << "）。\n";
    if (generated)
        out << "初始密码（只显示这一次）：" << password << "\n";
    return 0;
}

int cmdSetPassword(ServerStore& store, const std::vector<std::string>& words, std::ostream& out,
                   std::ostream& err, const Options& options) {
    auto a = parseArgs(words, 1, {"--password"});
    if (!a)
        return report(err, a.error());
    if (a->positional.size() != 1)
        return report(err, usageError("用法：set-password USER [--password P]"));
    std::string password = a->get("--password");
    const bool generated = password.empty();
    if (generated) {
        auto p = randomPassword();
        if (!p)
            return report(err, p.error());
        password = *p;
    }
    if (auto st = setPassword(store, a->positional.front(), password, options.kdf); !st)
        return report(err, st.error());
    out << "已重设用户 " << a->positional.front() << " 的密码。\n";
    if (generated)
        out << "新密码（只显示这一次）：" << password << "\n";
    return 0;
}

int cmdCreateEnrollmentCode(ServerStore& store, const std::vector<std::string>& words,
                            std::ostream& out, std::ostream& err, const Options& options) {
    auto a = parseArgs(words, 1, {"--site", "--department", "--days"});
    if (!a)
        return report(err, a.error());
    if (a->get("--site").empty())
        return report(err, usageError("缺少选项 --site"));
    int days = 7;
    if (a->has("--days")) {
        const auto d = parseInt(a->get("--days"));
        if (!d || *d < 1 || *d > 30)
            return report(err, usageError("--days 应为 1 到 30"));
        days = *d;
    }
    // A department may be named by its code or its name; the device keeps the name.
    std::string deptName;
    if (const std::string department = a->get("--department"); !department.empty()) {
        auto ref = storedReference(store);
        if (!ref)
            return report(err, ref.error());
        const Department* dept = (*ref)->org.department(department);
        if (!dept)
            return report(err, usageError("组织中没有部门 " + department));
        deptName = dept->name;
    }
    const Instant now = options.now ? options.now() : systemNow();
    auto code =
        issueEnrollmentCode(store, a->get("--site"), deptName, now, Instant{days} * 86'400'000);
    if (!code)
        return report(err, code.error());
    out << "注册码（只显示这一次，" << days << " 天内有效，只能使用一次）：\n  " << *code << "\n";
    out << "服务场所 " << a->get("--site") << (deptName.empty() ? "" : "，部门 " + deptName)
        << "；有效期至 " << formatInstant(now + Instant{days} * 86'400'000) << "\n";
    return 0;
}

int cmdListDevices(ServerStore& store, const std::vector<std::string>& words, std::ostream& out,
                   std::ostream& err, const Options&) {
    auto a = parseArgs(words, 1, {"--site"});
    if (!a)
        return report(err, a.error());
    auto devices = store.devices();
    if (!devices)
        return report(err, devices.error());
    const std::string site = a->get("--site");
    int shown = 0;
    for (const auto& d : *devices) {
        if (!site.empty() && d.siteId != site)
            continue;
        if (shown++ == 0)
            out << "设备\t名称\t服务场所\t部门\t状态\t最近同步\t客户端版本\t待上传\t最近错误\n";
        out << d.id << "\t" << d.name << "\t" << d.siteId << "\t"
            << (d.department.empty() ? "-" : d.department) << "\t"
            << (d.revokedAt ? "已停用 " + formatInstant(*d.revokedAt) : std::string("正常")) << "\t"
            << formatInstant(d.lastSeen) << "\t"
            << (d.clientVersion.empty() ? "-" : d.clientVersion) << "\t" << d.backlog << "\t"
            << (d.lastError.empty() ? "-" : d.lastError) << "\n";
    }
    out << "共 " << shown << " 台设备。\n";
    return 0;
}

int cmdRevokeDevice(ServerStore& store, const std::vector<std::string>& words, std::ostream& out,
                    std::ostream& err, const Options& options) {
    auto a = parseArgs(words, 1, {});
    if (!a)
        return report(err, a.error());
    if (a->positional.size() != 1)
        return report(err, usageError("用法：revoke-device DEVICE"));
    const Instant now = options.now ? options.now() : systemNow();
    auto done = store.revokeDevice(a->positional.front(), now);
    if (!done)
        return report(err, done.error());
    if (!*done)
        return report(
            err, Error{ErrorKind::NotFound, "unknown_device", "没有设备 " + a->positional.front()});
    out << "设备 " << a->positional.front() << " 已停用，其凭据立即失效。\n";
    return 0;
}

} // namespace

Result<std::shared_ptr<const refdata::ReferenceData>> storedReference(ServerStore& store) {
    auto version = store.referenceVersion();
    if (!version)
        return version.error();
    if (*version == 0)
        return Error{ErrorKind::NotFound, "no_reference",
                     "尚未导入参考数据，请先运行 import-reference 或 init-demo"};
    // Parsing the catalog takes milliseconds and the console asks for every request: the last
    // parse is kept and reused while the store and its newest version are the same (the
    // documents of a stored version never change; a new import is a higher version).
    static std::mutex cacheMutex;
    static std::uint64_t cachedStore = 0;
    static std::int64_t cachedVersion = 0;
    static std::shared_ptr<const refdata::ReferenceData> cached;
    {
        std::lock_guard lock(cacheMutex);
        if (cached && cachedStore == store.instanceId() && cachedVersion == *version)
            return cached;
    }
    auto set = store.reference(*version);
    if (!set)
        return set.error();
    if (!*set)
        return Error{ErrorKind::NotFound, "no_reference", "参考数据不完整"};
    auto org = Org::fromJson((*set)->org, "org");
    if (!org)
        return org.error();
    auto catalog = Catalog::fromJson((*set)->catalog, "catalog", *org);
    if (!catalog)
        return catalog.error();
    auto calendar = WorkCalendar::fromTsv((*set)->calendar, "calendar");
    if (!calendar)
        return calendar.error();
    auto parsed = std::make_shared<const refdata::ReferenceData>(
        refdata::ReferenceData{std::move(*org), std::move(*catalog), std::move(*calendar)});
    std::lock_guard lock(cacheMutex);
    cachedStore = store.instanceId();
    cachedVersion = *version;
    cached = parsed;
    return parsed;
}

crypto::KdfParams Options::demoKdfParams() {
    crypto::KdfParams p;
    p.algorithm = crypto::KdfParams::Algorithm::Argon2id;
    p.timeCost = 2;
    p.memoryKib = 19 * 1024;
    p.parallelism = 1;
    return p;
}

std::vector<NewUser> demoUsers(const Org& org) {
    std::vector<NewUser> out;
    for (const Site& s : org.sites()) {
        switch (s.kind) {
        case SiteKind::Hall:
            out.push_back(
                {"clerk-" + s.id, s.name + "窗口人员", Role::Clerk, s.id, {}, Grade::None});
            out.push_back(
                {"director-" + s.id, s.name + "主任", Role::HallDirector, s.id, {}, Grade::None});
            // A second director: a promised case's review and approval are two people's.
            out.push_back(
                {"deputy-" + s.id, s.name + "副主任", Role::HallDirector, s.id, {}, Grade::None});
            break;
        case SiteKind::Room:
            out.push_back(
                {"agent-" + s.id, s.name + "代办员", Role::VillageAgent, s.id, {}, Grade::None});
            break;
        case SiteKind::Center:
            break;
        }
    }
    const std::string center = org.center().id;
    for (const Department& d : org.departments()) {
        std::string code = d.code;
        std::transform(code.begin(), code.end(), code.begin(), [](char c) {
            return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        });
        out.push_back({code + "-handler", d.name + "承办人", Role::DepartmentStaff, center, d.name,
                       Grade::Handler});
        out.push_back({code + "-reviewer", d.name + "审核人", Role::DepartmentStaff, center, d.name,
                       Grade::Reviewer});
        out.push_back({code + "-approver", d.name + "批准人", Role::DepartmentStaff, center, d.name,
                       Grade::Approver});
    }
    out.push_back({"supervisor", "电子监察员", Role::Supervisor, center, {}, Grade::None});
    out.push_back({"admin", "系统管理员", Role::Admin, center, {}, Grade::None});
    return out;
}

Result<std::int64_t> importReference(ServerStore& store, const refdata::ReferencePaths& paths) {
    // Validated together, exactly as the service will load them.
    auto loaded = refdata::loadReferenceData(paths);
    if (!loaded)
        return loaded.error();
    ReferenceSet set;
    for (auto [path, into] :
         {std::pair{&paths.org, &set.org}, std::pair{&paths.catalog, &set.catalog},
          std::pair{&paths.calendar, &set.calendar}}) {
        auto text = refdata::readTextFile(*path);
        if (!text)
            return text.error();
        *into = std::move(*text);
    }
    auto current = store.referenceVersion();
    if (!current)
        return current.error();
    set.version = *current + 1;
    std::vector<SiteRecord> sites;
    for (const Site& s : (*loaded)->org.sites())
        sites.push_back({s.id, s.name, s.kind, s.parentId});
    if (auto st = store.putSites(sites); !st)
        return st.error();
    if (auto st = store.putReference(set); !st)
        return st.error();
    return set.version;
}

Status createUser(ServerStore& store, const NewUser& u, const std::string& password,
                  const crypto::KdfParams& kdf) {
    if (u.id.empty() || u.id.size() > 64 || u.name.empty())
        return usageError("用户编号和姓名不能为空，编号不超过 64 个字符");
    if (password.size() < kMinPasswordLength)
        return usageError("密码至少 " + std::to_string(kMinPasswordLength) + " 个字符");
    auto site = store.site(u.siteId);
    if (!site)
        return site.error();
    if (!*site)
        return Error{ErrorKind::NotFound, "unknown_site", "服务场所 " + u.siteId + " 不存在"};
    if (!roleWorksAt(u.role, (*site)->kind))
        return usageError(roleName(u.role) + "不能在" + std::string(siteKindName((*site)->kind)) +
                          "（" + (*site)->name + "）工作");
    NewUser user = u;
    if (u.role == Role::DepartmentStaff) {
        auto ref = storedReference(store);
        if (!ref)
            return ref.error();
        const Department* dept = (*ref)->org.department(u.department);
        if (!dept)
            return usageError("部门工作人员须有组织中的部门（--department），没有 " + u.department);
        if (u.grade == Grade::None)
            return usageError("部门工作人员须有级别（--grade 1 承办、2 审核、3 批准）");
        user.department = dept->name;
    } else if (!u.department.empty() || u.grade != Grade::None) {
        return usageError("只有部门工作人员有部门和级别");
    }
    auto hash = crypto::hashPassword(password, kdf);
    if (!hash)
        return hash.error();
    UserRecord rec;
    rec.id = user.id;
    rec.name = user.name;
    rec.role = user.role;
    rec.siteId = user.siteId;
    rec.department = user.department;
    rec.grade = user.grade;
    rec.passwordHash = *hash;
    return store.createUser(rec);
}

Status setPassword(ServerStore& store, const std::string& userId, const std::string& password,
                   const crypto::KdfParams& kdf) {
    if (password.size() < kMinPasswordLength)
        return usageError("密码至少 " + std::to_string(kMinPasswordLength) + " 个字符");
    auto hash = crypto::hashPassword(password, kdf);
    if (!hash)
        return hash.error();
    return store.setPassword(userId, *hash);
}

Result<std::vector<NewUser>> initDemo(ServerStore& store, const std::filesystem::path& resources,
                                      const Options& options) {
    auto version = store.referenceVersion();
    if (!version)
        return version.error();
    auto users = store.userCount();
    if (!users)
        return users.error();
    if (*version > 0 || *users > 0)
        return Error{ErrorKind::Conflict, "already_initialised",
                     "数据库已有参考数据或用户，init-demo 只用于新的数据库"};
    const auto paths = refdata::ReferencePaths::inDirectory(resources);
    auto imported = importReference(store, paths);
    if (!imported)
        return imported.error();
    auto ref = refdata::loadReferenceData(paths);
    if (!ref)
        return ref.error();
    std::vector<NewUser> list = demoUsers((*ref)->org);

    // Hashing is the slow part: spread it over the cores.
    std::vector<std::optional<Result<std::string>>> hashes(list.size());
    const std::size_t threads = std::max(1U, std::min(8U, std::thread::hardware_concurrency()));
    {
        std::vector<std::jthread> pool;
        for (std::size_t t = 0; t < threads; ++t)
            pool.emplace_back([&, t] {
                for (std::size_t i = t; i < list.size(); i += threads)
                    hashes[i] = crypto::hashPassword(kDemoPassword, options.demoKdf);
            });
    }
    std::vector<UserRecord> records;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const auto& h = *hashes[i];
        if (!h)
            return h.error();
        UserRecord rec;
        rec.id = list[i].id;
        rec.name = list[i].name;
        rec.role = list[i].role;
        rec.siteId = list[i].siteId;
        rec.department = list[i].department;
        rec.grade = list[i].grade;
        rec.passwordHash = *h;
        records.push_back(std::move(rec));
    }
    if (auto st = store.createUsers(records); !st)
        return st.error();
    return list;
}

void printUsage(std::ostream& out) {
    out << "用法：bianmin-syncd admin --db 数据库文件 命令 [参数]\n"
           "命令：\n"
           "  init-demo [--resources 目录] [--password-cost demo|minimal]\n"
           "                                          新数据库：导入演示城市并创建演示用户\n"
           "  import-reference [--resources 目录 | --org 文件 --catalog 文件 --calendar 文件]\n"
           "  create-user --id 编号 --name 姓名 --role 角色 --site 服务场所\n"
           "              [--department 部门 --grade 1-3] [--password 密码]\n"
           "  set-password 用户 [--password 密码]\n"
           "  create-enrollment-code --site 服务场所 [--department 部门] [--days 1-30]\n"
           "  list-devices [--site 服务场所]\n"
           "  revoke-device 设备\n"
           "  case …                                  以中心部门工作人员的身份办理办件（case "
           "--help）\n"
           "角色：clerk village_agent hall_director department_staff supervisor admin\n"
           "演示用户的密码均为 "
        << kDemoPassword << "\n";
}

int runCommand(ServerStore& store, const std::vector<std::string>& args, std::ostream& out,
               std::ostream& err, const Options& options) {
    using Command = int (*)(ServerStore&, const std::vector<std::string>&, std::ostream&,
                            std::ostream&, const Options&);
    static const std::map<std::string, Command, std::less<>> kCommands = {
        {"init-demo", cmdInitDemo},
        {"import-reference", cmdImportReference},
        {"create-user", cmdCreateUser},
        {"set-password", cmdSetPassword},
        {"create-enrollment-code", cmdCreateEnrollmentCode},
        {"list-devices", cmdListDevices},
        {"revoke-device", cmdRevokeDevice},
        {"case", runCaseCommand},
    };
    if (args.empty()) {
        printUsage(err);
        return 2;
    }
    const auto it = kCommands.find(args.front());
    if (it == kCommands.end()) {
        err << "未知的管理命令：" << args.front() << "\n";
        printUsage(err);
        return 2;
    }
    return it->second(store, args, out, err, options);
}

int runAdmin(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
             const Options& options) {
    std::string db;
    std::vector<std::string> rest;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--db" && rest.empty()) {
            if (i + 1 >= args.size()) {
                err << "错误：--db 缺少数据库文件\n";
                return 2;
            }
            db = args[++i];
        } else if ((args[i] == "--help" || args[i] == "help") && rest.empty()) {
            printUsage(out);
            return 0;
        } else {
            rest.push_back(args[i]);
        }
    }
    if (db.empty()) {
        err << "错误：缺少 --db 数据库文件\n";
        printUsage(err);
        return 2;
    }
    if (rest.empty()) {
        printUsage(err);
        return 2;
    }
    auto store = SqliteServerStore::open(db);
    if (!store)
        return report(err, store.error());
    return runCommand(**store, rest, out, err, options);
}

} // namespace bianmin::syncd::admin
