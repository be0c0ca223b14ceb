#include "bench/bench_common.h"

#include "common/domain/case_number.h"
#include "common/domain/event_codec.h"
#include "common/store/crypto.h"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cerrno>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sqlite3.h>
#include <sstream>
#include <sys/resource.h>
#include <sys/statfs.h>

namespace bianmin::bench {

using namespace domain;
namespace crypto = store::crypto;
namespace fs = std::filesystem;

[[noreturn]] void die(const std::string& what) {
    std::cerr << program_invocation_short_name << ": " << what << "\n";
    std::exit(1);
}

double secondsSince(Steady::time_point t0) {
    return std::chrono::duration<double>(Steady::now() - t0).count();
}
double msSince(Steady::time_point t0) {
    return std::chrono::duration<double, std::milli>(Steady::now() - t0).count();
}
std::string fixed(double v, int decimals) {
    std::ostringstream o;
    o.setf(std::ios::fixed);
    o.precision(decimals);
    o << v;
    return o.str();
}

std::string thousands(std::int64_t n) {
    const std::string digits = std::to_string(n);
    std::string s;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0 && digits[i - 1] != '-')
            s += ',';
        s += digits[i];
    }
    return s;
}

std::string mib(std::uintmax_t bytes) {
    return fixed(static_cast<double>(bytes) / (1024.0 * 1024.0), 0) + " MiB";
}

std::uintmax_t fileBytes(const fs::path& db) {
    std::uintmax_t total = 0;
    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::error_code ec;
        const auto n = fs::file_size(db.string() + suffix, ec);
        if (!ec)
            total += n;
    }
    return total;
}

void removeDb(const fs::path& db) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        std::error_code ec;
        fs::remove(db.string() + suffix, ec);
    }
}

// Code points of a UTF-8 string.
std::vector<std::string> utf8Chars(std::string_view s) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
        out.emplace_back(s.substr(i, n));
        i += n;
    }
    return out;
}

// --- the machine ---------------------------------------------------------------------------------

std::string cpuModel() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0) {
            const auto colon = line.find(':');
            return colon == std::string::npos ? line : line.substr(colon + 2);
        }
    return "unknown";
}

std::string memTotal() {
    std::ifstream in("/proc/meminfo");
    std::string key;
    long long kib = 0;
    while (in >> key >> kib)
        if (key == "MemTotal:")
            return fixed(static_cast<double>(kib) / (1024.0 * 1024.0), 1) + " GiB RAM";
    return "RAM unknown";
}

std::string loadAverage() {
    std::ifstream in("/proc/loadavg");
    std::string a, b, c;
    in >> a >> b >> c;
    return a + " " + b + " " + c;
}

std::string fsType(const fs::path& dir) {
    struct statfs s {};
    if (::statfs(dir.c_str(), &s) != 0)
        return "unknown";
    switch (static_cast<unsigned long>(s.f_type)) {
    case 0xEF53UL:
        return "ext4";
    case 0x01021994UL:
        return "tmpfs";
    case 0x58465342UL:
        return "xfs";
    case 0x9123683EUL:
        return "btrfs";
    case 0x794C7630UL:
        return "overlayfs";
    default: {
        std::ostringstream o;
        o << "fs 0x" << std::hex << s.f_type;
        return o.str();
    }
    }
}

// --- realistic cases -----------------------------------------------------------------------------

namespace {

constexpr Instant kOpenMs = (8 * 60 + 30) * Instant{60'000};   // 08:30
constexpr Instant kCloseMs = (17 * 60 + 30) * Instant{60'000}; // 17:30
Instant minutes(std::size_t m) {
    return static_cast<Instant>(m) * 60'000;
}

// Surnames by rough frequency (a few compound ones at the end); given-name characters likewise.
const char* const kSurnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐",   "孙",   "马",  "朱", "胡",
    "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许",   "韩",   "冯",  "邓", "曹",
    "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余",   "杜",   "叶",  "程", "苏",
    "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭",   "陆",   "汪",  "范", "金",
    "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊",   "秦",   "邱",  "江", "尹",
    "薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾",   "毛",   "郝",  "龚", "邵",
    "万", "钱", "严", "覃", "武", "戴", "莫", "孔", "向", "汤", "欧阳", "上官", "司马"};
const char* const kGiven[] = {
    "秀", "英", "华", "明", "丽", "军", "伟", "芳", "敏", "静", "强", "磊", "洋", "艳", "勇", "杰",
    "娟", "涛", "超", "霞", "平", "刚", "桂", "兰", "玉", "红", "建", "国", "志", "文", "春", "梅",
    "海", "林", "德", "金", "凤", "云", "荣", "珍", "成", "福", "生", "波", "辉", "龙", "斌", "飞",
    "鹏", "宇", "浩", "婷", "雪", "琴", "燕", "萍", "丹", "冬", "松", "清", "永", "忠", "新", "利",
    "家", "佳", "思", "雨", "欣", "晨", "子", "梓", "睿", "轩", "涵", "怡", "俊", "秋", "菊", "珠"};
// Resident ID regions: mostly 赤壁市, some neighbouring counties of 咸宁.
const char* const kRegions[] = {"421281", "421281", "421281", "421281", "421281",
                                "421281", "421202", "421221", "421222", "421223"};

std::discrete_distribution<std::size_t> zipf(std::size_t n, double shift) {
    std::vector<double> w;
    for (std::size_t i = 0; i < n; ++i)
        w.push_back(1.0 / (static_cast<double>(i) + shift));
    return {w.begin(), w.end()};
}

} // namespace

CaseGenerator::CaseGenerator(const refdata::ReferenceData& ref, std::uint64_t seed, Options options)
    : m_ref(ref)
    , m_rng(seed)
    , m_surname(zipf(std::size(kSurnames), 3.0))
    , m_given(zipf(std::size(kGiven), 8.0)) {
    const Org& org = ref.org;
    std::map<std::string, std::string> townshipNames;
    for (const auto& t : org.townships()) {
        townshipNames[t.code] = t.name;
        for (const auto& v : t.villages)
            townshipNames[v.code] = t.name + v.name;
    }
    for (const Site& site : org.sites()) {
        if (site.kind == SiteKind::Center)
            continue;
        SiteState s;
        s.site = &site;
        const Level level = levelOf(site.kind);
        for (const Item* it : ref.catalog.latestItems()) {
            if (it->status != ItemStatus::Active || !it->offeredAt(site))
                continue;
            if (it->fee.charged && it->feeBeforeAccept)
                continue;
            const auto mode = it->modeAt(level);
            if (!mode || !(*mode == HandlingMode::VillageAcceptTownshipComplete ||
                           *mode == HandlingMode::VillageAcceptCenter ||
                           *mode == HandlingMode::TownshipAcceptCenter))
                continue;
            if (std::none_of(it->materials.begin(), it->materials.end(),
                             [](const Material& m) { return m.required; }))
                continue;
            s.items.push_back(it);
        }
        if (s.items.empty())
            continue;
        const bool hall = site.kind == SiteKind::Hall;
        s.actor = Actor{(hall ? "clerk-" : "agent-") + site.id,
                        name(),
                        hall ? Role::Clerk : Role::VillageAgent,
                        site.id,
                        {},
                        Grade::None,
                        "dev-" + site.id};
        if (!hall)
            s.agent = Party{s.actor.userName, "111", residentId(), phone(), {}};
        const auto where = townshipNames.find(site.id);
        s.address = org.cityName() + (where != townshipNames.end() ? where->second : "");
        (hall ? m_halls : m_rooms).push_back(std::move(s));
    }
    if (m_halls.empty() || m_rooms.empty())
        die("the demo org has no hall or room offering a forwardable item");
    if (!options.onlySite.empty()) {
        auto only = [&](std::vector<SiteState>& pool) {
            std::erase_if(pool, [&](const SiteState& s) { return s.site->id != options.onlySite; });
            for (SiteState& s : pool) {
                if (options.actor)
                    s.actor = *options.actor;
                if (s.agent)
                    s.agent->name = s.actor.userName;
            }
        };
        only(m_halls);
        only(m_rooms);
        if (m_halls.empty() && m_rooms.empty())
            die("site " + options.onlySite + " offers no forwardable item");
    }
    // A few query passwords, hashed as the client does (20 000 PBKDF2 rounds each): hashing
    // one per case would dominate the generator, and the stored form has the same size.
    const bool makeHashes = options.queryHashes.empty();
    m_queryHashes = std::move(options.queryHashes);
    for (int i = 0; makeHashes && i < 16; ++i) {
        std::array<std::uint8_t, 8> pw{};
        std::array<std::uint8_t, 8> salt{};
        for (auto& b : pw)
            b = static_cast<std::uint8_t>(m_rng());
        for (auto& b : salt)
            b = static_cast<std::uint8_t>(m_rng());
        m_queryHashes.push_back(
            hashQueryPassword(makeQueryPassword(pw), toHex(salt.data(), salt.size())));
    }
    // Working hours from Monday 2026-01-05 08:30; about 2 000 cases a working day city-wide.
    m_clock = Date::fromCivil(2026, 1, 5).startInstant() + kOpenMs;
}

GeneratedCase CaseGenerator::next() {
    advance();
    // Four cases in ten are received at a township hall, six by a village agent.
    auto* pool = pick(10) < 4 ? &m_halls : &m_rooms;
    if (pool->empty()) // one site only
        pool = pool == &m_halls ? &m_rooms : &m_halls;
    SiteState& s = (*pool)[pick(pool->size())];
    const Item& item = *s.items[pick(s.items.size())];
    const Date today = Date::localDateOf(m_clock);
    if (s.day != today.days()) {
        s.day = today.days();
        s.seq = 0;
    }
    if (++s.seq > 9999)
        die("more than 9999 cases at one site in one day");

    GeneratedCase c;
    c.item = &item;
    c.facts.caseId = makeEventId(m_clock, randomBytes());
    Party applicant{name(), "111", residentId(), phone(), s.address};
    c.facts.name = applicant.name;
    c.facts.idNumber = applicant.idNumber;

    // One required material is missing at first, brought later the same day.
    std::vector<const Material*> required;
    for (const auto& m : item.materials)
        if (m.required)
            required.push_back(&m);
    const Material& missing = *required[pick(required.size())];

    ReceivePayload r;
    r.item = {item.id, item.version};
    r.applicant = std::move(applicant);
    r.agent = s.agent;
    for (const auto& m : item.materials) {
        const bool got = &m != &missing && (m.required || pick(2) == 0);
        if (got || &m == &missing)
            r.materials.push_back({m.name, got, got && m.originals > 0, got ? m.copies : 0});
    }
    r.provisionalNumber = makeProvisionalNumber(s.site->id, today, s.seq);
    r.queryPasswordHash = m_queryHashes[pick(m_queryHashes.size())];
    r.entrusted = s.site->kind == SiteKind::Room;
    c.facts.provisionalNumber = r.provisionalNumber;

    Holder to;
    const HandlingMode mode = *item.modeAt(levelOf(s.site->kind));
    if (mode == HandlingMode::VillageAcceptTownshipComplete)
        to = {m_ref.org.hallOf(s.site->id)->id, {}};
    else
        to = {m_ref.org.center().id, item.department};
    c.window = s.site->kind == SiteKind::Hall ? item.window
                                              : m_ref.org.windowFor(item.department, s.site->kind);

    Instant t = m_clock;
    auto add = [&](Payload p) {
        c.events.push_back(make(s, c.facts.caseId, t,
                                c.events.empty() ? std::string() : c.events.back().id,
                                std::move(p)));
    };
    add(std::move(r));
    t += minutes(2 + pick(4));
    add(NotifyMissingPayload{{missing.name}, "请补齐后再来"});
    t += minutes(30 + pick(90));
    add(SupplementPayload{{{missing.name, true, missing.originals > 0, missing.copies}}});
    t += minutes(1 + pick(5));
    add(AcceptPayload{"材料齐全，予以受理"});
    t += minutes(5 + pick(30));
    add(ForwardPayload{to, {}});
    return c;
}

std::size_t CaseGenerator::pick(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(m_rng);
}

RandomBytes CaseGenerator::randomBytes() {
    RandomBytes b{};
    for (auto& x : b)
        x = static_cast<std::uint8_t>(m_rng());
    return b;
}

void CaseGenerator::advance() {
    m_clock += static_cast<Instant>(1'000 + pick(31'000)); // 1–32 s between receipts
    Date d = Date::localDateOf(m_clock);
    if (m_clock - d.startInstant() < kCloseMs && !d.isWeekend())
        return;
    do
        d = d.plusDays(1);
    while (d.isWeekend());
    m_clock = d.startInstant() + kOpenMs;
}

std::string CaseGenerator::name() {
    std::string n = kSurnames[m_surname(m_rng)];
    n += kGiven[m_given(m_rng)];
    if (pick(10) < 7)
        n += kGiven[m_given(m_rng)];
    return n;
}

std::string CaseGenerator::residentId() {
    std::string id = kRegions[pick(std::size(kRegions))];
    char birth[16];
    std::snprintf(birth, sizeof birth, "%04zu%02zu%02zu%03zu", 1935 + pick(72), 1 + pick(12),
                  1 + pick(28), pick(1000));
    id += birth;
    return id + residentIdCheckChar(id);
}

std::string CaseGenerator::phone() {
    std::string p = "1";
    p += "35789"[pick(5)];
    for (int i = 0; i < 9; ++i)
        p += static_cast<char>('0' + pick(10));
    return p;
}

Event CaseGenerator::make(SiteState& s, const std::string& caseId, Instant t, std::string parent,
                          Payload p) {
    s.hlc = hlcTick(s.hlc, t);
    Event e;
    e.id = makeEventId(t, randomBytes());
    e.caseId = caseId;
    e.actor = s.actor;
    e.deviceTime = t;
    e.hlc = s.hlc;
    e.parentId = std::move(parent);
    e.payload = std::move(p);
    return e;
}

std::vector<std::string> CaseGenerator::siteIds() const {
    std::vector<std::string> out;
    for (const auto* pool : {&m_halls, &m_rooms})
        for (const SiteState& s : *pool)
            out.push_back(s.site->id);
    return out;
}

// --- what a timed section costs ------------------------------------------------------------------

WalCounter::WalCounter(sqlite3* db) {
    sqlite3_wal_hook(db, &WalCounter::hook, this);
}

int WalCounter::hook(void* self, sqlite3* db, const char* name, int walFrames) {
    auto* c = static_cast<WalCounter*>(self);
    if (walFrames < c->m_last) // the WAL restarted from its beginning
        c->m_last = 0;
    c->m_frames += walFrames - c->m_last;
    c->m_last = walFrames;
    if (walFrames >= 1000)
        sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    return SQLITE_OK;
}

double runQueueSeconds() {
    std::ifstream in("/proc/self/schedstat");
    unsigned long long onCpu = 0, waiting = 0;
    in >> onCpu >> waiting;
    return static_cast<double>(waiting) / 1e9;
}

namespace {
double seconds(const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
}
} // namespace

void Meter::start() {
    m_t0 = Steady::now();
    rusage r{};
    ::getrusage(RUSAGE_SELF, &r);
    m_user0 = seconds(r.ru_utime);
    m_sys0 = seconds(r.ru_stime);
    m_q0 = runQueueSeconds();
}

void Meter::stop(Cost& c) const {
    c.wall += secondsSince(m_t0);
    rusage r{};
    ::getrusage(RUSAGE_SELF, &r);
    c.user += seconds(r.ru_utime) - m_user0;
    c.sys += seconds(r.ru_stime) - m_sys0;
    c.runQueue += runQueueSeconds() - m_q0;
}

// --- the raw SQLite baseline ---------------------------------------------------------------------

namespace {

// The same tables as the store's schema (common/store/schema.cpp, migrations 1–3): events with its
// index, outbox, cases with its indexes; with `searchRows`, the FTS5 trigram table, the name
// grams and the statistics too.
constexpr const char* kBaselineSchema = R"sql(
CREATE TABLE events(
  seq        INTEGER PRIMARY KEY,
  id         TEXT NOT NULL UNIQUE,
  case_id    TEXT NOT NULL,
  type       TEXT NOT NULL,
  server_seq INTEGER UNIQUE,
  hlc        TEXT NOT NULL,
  site_id    TEXT NOT NULL,
  body       BLOB NOT NULL
);
CREATE INDEX events_by_case ON events(case_id, seq);
CREATE TABLE outbox(seq INTEGER PRIMARY KEY);
CREATE TABLE cases(
  rowid_     INTEGER PRIMARY KEY,
  case_id    TEXT NOT NULL UNIQUE,
  provisional_no TEXT NOT NULL DEFAULT '',
  official_no    TEXT NOT NULL DEFAULT '',
  item_id    TEXT NOT NULL,
  item_version INTEGER NOT NULL,
  item_name  TEXT NOT NULL,
  window     TEXT NOT NULL,
  status     INTEGER NOT NULL,
  open       INTEGER NOT NULL,
  origin_site TEXT NOT NULL,
  holder_site TEXT NOT NULL,
  holder_dept TEXT NOT NULL DEFAULT '',
  applicant_name TEXT NOT NULL,
  id_hash      TEXT NOT NULL DEFAULT '',
  id_tail_hash TEXT NOT NULL DEFAULT '',
  secrets    BLOB,
  received_at INTEGER NOT NULL DEFAULT 0,
  accepted_at INTEGER,
  updated_at INTEGER NOT NULL,
  due_day         INTEGER,
  step_due_day    INTEGER,
  forward_due_day INTEGER,
  suspend_due_day INTEGER,
  flags      INTEGER NOT NULL DEFAULT 0,
  event_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX cases_by_received ON cases(received_at DESC, case_id);
-- The same five indexes the store keeps on its case rows (schema 6).
CREATE INDEX cases_by_due_all ON cases(COALESCE(due_day, 2147483647), case_id);
CREATE INDEX cases_by_status ON cases(status, received_at DESC);
CREATE INDEX cases_by_id_hash ON cases(id_hash) WHERE id_hash <> '';
CREATE INDEX cases_by_id_tail ON cases(id_tail_hash) WHERE id_tail_hash <> '';
)sql";

constexpr const char* kBaselineSearchSchema = R"sql(
CREATE VIRTUAL TABLE case_fts USING fts5(numbers, applicant, item, tokenize = 'trigram');
CREATE TABLE name_grams(
  gram  TEXT NOT NULL,
  case_rowid INTEGER NOT NULL,
  PRIMARY KEY(gram, case_rowid)
) WITHOUT ROWID;
CREATE TABLE stats(
  day     INTEGER NOT NULL,
  window  TEXT NOT NULL,
  item_id TEXT NOT NULL,
  status  INTEGER NOT NULL,
  n       INTEGER NOT NULL,
  PRIMARY KEY(day, window, item_id, status)
) WITHOUT ROWID;
)sql";

constexpr const char* kUpsertCase =
    "INSERT INTO cases(case_id, provisional_no, official_no, item_id, item_version, "
    "item_name, window, status, open, origin_site, holder_site, holder_dept, applicant_name, "
    "id_hash, id_tail_hash, secrets, received_at, accepted_at, updated_at, due_day, "
    "step_due_day, forward_due_day, suspend_due_day, flags, event_count) "
    "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
    "?19, ?20, ?21, ?22, ?23, ?24, ?25) "
    "ON CONFLICT(case_id) DO UPDATE SET provisional_no = ?2, official_no = ?3, item_id = ?4, "
    "item_version = ?5, item_name = ?6, window = ?7, status = ?8, open = ?9, origin_site = "
    "?10, holder_site = ?11, holder_dept = ?12, applicant_name = ?13, id_hash = ?14, "
    "id_tail_hash = ?15, secrets = ?16, received_at = ?17, accepted_at = ?18, updated_at = "
    "?19, due_day = ?20, step_due_day = ?21, forward_due_day = ?22, suspend_due_day = ?23, "
    "flags = ?24, event_count = ?25";

// The row values of one case, made before the clock starts: event bodies as plain JSON (the
// store seals them), the case row after each event as the fold would leave it.
struct BaselineEvent {
    std::string id, type, hlc, siteId, body;
    int status = 0;
    std::string holderSite, holderDept;
    Instant at = 0;
};
struct BaselineCase {
    std::string caseId, provisional, itemId, itemName, window, origin, name;
    std::string idHash, tailHash, secrets;
    int itemVersion = 0;
    Instant receivedAt = 0;
    Instant acceptedAt = 0;
    std::int64_t dueDay = 0;
    std::vector<std::string> grams;
    std::vector<BaselineEvent> events;
};

BaselineCase baselineRows(const GeneratedCase& c, const crypto::Key& key) {
    static constexpr int kStatus[kEventsPerCase] = {2, 6, 2, 5, 5};
    const auto& r = std::get<ReceivePayload>(c.events.front().payload);
    const auto& fwd = std::get<ForwardPayload>(c.events.back().payload);
    BaselineCase b;
    b.caseId = c.facts.caseId;
    b.provisional = r.provisionalNumber;
    b.itemId = r.item.id;
    b.itemVersion = r.item.version;
    b.itemName = c.item->displayName();
    b.window = c.window;
    b.origin = c.events.front().actor.siteId;
    b.name = r.applicant.name;
    b.idHash = crypto::keyedHash(key, "id", r.applicant.idNumber);
    b.tailHash = crypto::keyedHash(key, "id6", r.applicant.idNumber.substr(12));
    auto party = [](const Party& p) {
        return boost::json::object{{"name", p.name},
                                   {"idType", p.idType},
                                   {"idNumber", p.idNumber},
                                   {"phone", p.phone},
                                   {"address", p.address}};
    };
    boost::json::object secrets{{"applicant", party(r.applicant)}};
    if (r.agent)
        secrets["agent"] = party(*r.agent);
    b.secrets = boost::json::serialize(secrets);
    b.receivedAt = c.events.front().deviceTime;
    b.acceptedAt = c.events[3].deviceTime;
    b.dueDay = Date::localDateOf(b.acceptedAt).days() + c.item->promisedLimitDays * 7 / 5;
    const auto chars = utf8Chars(b.name);
    std::set<std::string> grams(chars.begin(), chars.end());
    for (std::size_t i = 0; i + 1 < chars.size(); ++i)
        grams.insert(chars[i] + chars[i + 1]);
    b.grams.assign(grams.begin(), grams.end());
    for (std::size_t i = 0; i < c.events.size(); ++i) {
        const Event& e = c.events[i];
        const bool forwarded = i + 1 == kEventsPerCase;
        b.events.push_back({e.id, std::string(eventTypeKey(e.payload)), e.hlc.str(), e.actor.siteId,
                            encodeEvent(e), kStatus[i], forwarded ? fwd.to.siteId : b.origin,
                            forwarded ? fwd.to.department : std::string(), e.deviceTime});
    }
    return b;
}

class Baseline {
public:
    Baseline(const fs::path& file, bool searchRows)
        : m_searchRows(searchRows) {
        removeDb(file);
        if (sqlite3_open_v2(file.c_str(), &m_db,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                            nullptr) != SQLITE_OK)
            die("baseline: cannot open " + file.string());
        exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
        exec(kBaselineSchema);
        if (searchRows)
            exec(kBaselineSearchSchema);
        m_insEvent =
            prepare("INSERT INTO events(id, case_id, type, server_seq, hlc, site_id, body) "
                    "VALUES(?, ?, ?, NULL, ?, ?, ?)");
        m_insOutbox = prepare("INSERT INTO outbox(seq) VALUES(?)");
        m_upsert = prepare(kUpsertCase);
        if (searchRows) {
            m_insFts = prepare("INSERT INTO case_fts(rowid, numbers, applicant, item) "
                               "VALUES(?, ?, ?, ?)");
            m_insGram = prepare("INSERT OR IGNORE INTO name_grams(gram, case_rowid) VALUES(?, ?)");
            m_bumpStat =
                prepare("INSERT INTO stats(day, window, item_id, status, n) VALUES(?, ?, ?, ?, ?) "
                        "ON CONFLICT(day, window, item_id, status) DO UPDATE SET n = n + ?5");
        }
    }
    ~Baseline() {
        for (sqlite3_stmt* s : {m_insEvent, m_insOutbox, m_upsert, m_insFts, m_insGram, m_bumpStat})
            sqlite3_finalize(s);
        sqlite3_close_v2(m_db);
    }
    Baseline(const Baseline&) = delete;
    Baseline& operator=(const Baseline&) = delete;

    sqlite3* handle() const { return m_db; }
    void begin() { exec("BEGIN IMMEDIATE"); }
    void commit() { exec("COMMIT"); }

    void insertCase(const BaselineCase& c) {
        for (std::size_t i = 0; i < c.events.size(); ++i) {
            const BaselineEvent& e = c.events[i];
            text(m_insEvent, 1, e.id);
            text(m_insEvent, 2, c.caseId);
            text(m_insEvent, 3, e.type);
            text(m_insEvent, 4, e.hlc);
            text(m_insEvent, 5, e.siteId);
            sqlite3_bind_blob(m_insEvent, 6, e.body.data(), static_cast<int>(e.body.size()),
                              SQLITE_STATIC);
            step(m_insEvent);
            sqlite3_bind_int64(m_insOutbox, 1, sqlite3_last_insert_rowid(m_db));
            step(m_insOutbox);

            const bool accepted = e.status == 5;
            text(m_upsert, 1, c.caseId);
            text(m_upsert, 2, c.provisional);
            text(m_upsert, 3, std::string());
            text(m_upsert, 4, c.itemId);
            sqlite3_bind_int(m_upsert, 5, c.itemVersion);
            text(m_upsert, 6, c.itemName);
            text(m_upsert, 7, c.window);
            sqlite3_bind_int(m_upsert, 8, e.status);
            sqlite3_bind_int(m_upsert, 9, 1);
            text(m_upsert, 10, c.origin);
            text(m_upsert, 11, e.holderSite);
            text(m_upsert, 12, e.holderDept);
            text(m_upsert, 13, c.name);
            text(m_upsert, 14, c.idHash);
            text(m_upsert, 15, c.tailHash);
            sqlite3_bind_blob(m_upsert, 16, c.secrets.data(), static_cast<int>(c.secrets.size()),
                              SQLITE_STATIC);
            sqlite3_bind_int64(m_upsert, 17, c.receivedAt);
            if (accepted)
                sqlite3_bind_int64(m_upsert, 18, c.acceptedAt);
            else
                sqlite3_bind_null(m_upsert, 18);
            sqlite3_bind_int64(m_upsert, 19, e.at);
            if (accepted)
                sqlite3_bind_int64(m_upsert, 20, c.dueDay);
            else
                sqlite3_bind_null(m_upsert, 20);
            sqlite3_bind_null(m_upsert, 21);
            sqlite3_bind_null(m_upsert, 22);
            sqlite3_bind_null(m_upsert, 23);
            sqlite3_bind_int(m_upsert, 24, 0);
            sqlite3_bind_int(m_upsert, 25, static_cast<int>(i + 1));
            step(m_upsert);
            if (!m_searchRows)
                continue;
            const std::int64_t day = Date::localDateOf(c.receivedAt).days();
            if (i == 0) {
                const std::int64_t rowid = sqlite3_last_insert_rowid(m_db);
                sqlite3_bind_int64(m_insFts, 1, rowid);
                text(m_insFts, 2, c.provisional + " ");
                text(m_insFts, 3, c.name);
                text(m_insFts, 4, c.itemName);
                step(m_insFts);
                for (const auto& g : c.grams) {
                    text(m_insGram, 1, g);
                    sqlite3_bind_int64(m_insGram, 2, rowid);
                    step(m_insGram);
                }
                bump(day, c, e.status, 1);
            } else if (e.status != c.events[i - 1].status) {
                bump(day, c, c.events[i - 1].status, -1);
                bump(day, c, e.status, 1);
            }
        }
    }

private:
    void bump(std::int64_t day, const BaselineCase& c, int status, int delta) {
        sqlite3_bind_int64(m_bumpStat, 1, day);
        text(m_bumpStat, 2, c.window);
        text(m_bumpStat, 3, c.itemId);
        sqlite3_bind_int(m_bumpStat, 4, status);
        sqlite3_bind_int(m_bumpStat, 5, delta);
        step(m_bumpStat);
    }
    void exec(const char* sql) {
        char* err = nullptr;
        if (sqlite3_exec(m_db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
            const std::string msg = err ? err : "?";
            sqlite3_free(err);
            die(std::string("baseline: ") + msg);
        }
    }
    sqlite3_stmt* prepare(const char* sql) {
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v3(m_db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK)
            die(std::string("baseline: ") + sqlite3_errmsg(m_db));
        return s;
    }
    static void text(sqlite3_stmt* s, int i, const std::string& v) {
        sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
    }
    void step(sqlite3_stmt* s) {
        if (sqlite3_step(s) != SQLITE_DONE)
            die(std::string("baseline: ") + sqlite3_errmsg(m_db));
        sqlite3_reset(s);
    }

    sqlite3* m_db = nullptr;
    bool m_searchRows = false;
    sqlite3_stmt* m_insEvent = nullptr;
    sqlite3_stmt* m_insOutbox = nullptr;
    sqlite3_stmt* m_upsert = nullptr;
    sqlite3_stmt* m_insFts = nullptr;
    sqlite3_stmt* m_insGram = nullptr;
    sqlite3_stmt* m_bumpStat = nullptr;
};

} // namespace

Cost baselineAppend(const fs::path& file, CaseGenerator& gen, std::int64_t n,
                    std::size_t casesPerTx, bool searchRows, const char* label) {
    const auto key = must(crypto::Key::random(), "key");
    Cost cost;
    {
        Baseline db(file, searchRows);
        const WalCounter wal(db.handle());
        const std::size_t chunk = std::max<std::size_t>(casesPerTx, 100);
        std::vector<BaselineCase> rows;
        Meter meter;
        std::int64_t done = 0;
        while (done < n) {
            const auto count = static_cast<std::size_t>(
                std::min<std::int64_t>(static_cast<std::int64_t>(chunk), n - done));
            rows.clear();
            for (std::size_t i = 0; i < count; ++i)
                rows.push_back(baselineRows(gen.next(), key));
            meter.start();
            for (std::size_t i = 0; i < count; i += casesPerTx) {
                db.begin();
                for (std::size_t j = i; j < std::min(count, i + casesPerTx); ++j)
                    db.insertCase(rows[j]);
                db.commit();
            }
            meter.stop(cost);
            done += static_cast<std::int64_t>(count);
        }
        cost.walFrames = wal.frames();
    }
    cost.fileBytes = fileBytes(file);
    removeDb(file);
    std::cerr << "  " << label << ": " << thousands(n) << " cases, "
              << fixed(static_cast<double>(n) / cost.wall, 0) << " cases/s\n";
    return cost;
}
} // namespace bianmin::bench
