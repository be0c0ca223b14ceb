#include "common/store/event_store.h"

#include "common/domain/case_number.h"
#include "common/domain/event_codec.h"
#include "common/store/schema.h"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <charconv>
#include <chrono>
#include <map>
#include <set>
#include <sqlite3.h>
#include <utility>

namespace bianmin::store {

using namespace bianmin::domain;
namespace json = boost::json;

namespace {

constexpr std::int64_t kMaxLockMs = std::int64_t{5} * 60 * 1000;

// Code points of a UTF-8 string, as strings.
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

// One- and two-character grams of a name, for queries too short for the trigram index.
std::set<std::string> nameGrams(std::string_view name) {
    const auto chars = utf8Chars(name);
    std::set<std::string> grams(chars.begin(), chars.end());
    for (std::size_t i = 0; i + 1 < chars.size(); ++i)
        grams.insert(chars[i] + chars[i + 1]);
    return grams;
}

bool looksLikeIdTail(std::string_view s) {
    return s.size() == 6 && std::all_of(s.begin(), s.end(), [](char c) {
               return (c >= '0' && c <= '9') || c == 'X' || c == 'x';
           });
}

json::object partyJson(const Party& p) {
    return {{"name", p.name},
            {"idType", p.idType},
            {"idNumber", p.idNumber},
            {"phone", p.phone},
            {"address", p.address}};
}

Party partyFrom(const json::object& o) {
    auto str = [&](const char* k) {
        const auto* v = o.if_contains(k);
        return v && v->is_string() ? std::string(v->get_string()) : std::string();
    };
    return {str("name"), str("idType"), str("idNumber"), str("phone"), str("address")};
}

std::string escapeFts(std::string_view text) {
    std::string q = "\"";
    for (char c : text) {
        if (c == '"')
            q += "\"\"";
        else
            q += c;
    }
    return q + "\"";
}

} // namespace

Instant SystemClock::now() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

EventStore::EventStore(std::unique_ptr<Db> db, Options options)
    : m_db(std::move(db))
    , m_options(std::move(options)) {
    if (!m_options.clock)
        m_options.clock = &m_systemClock;
}

EventStore::~EventStore() = default;

Result<std::unique_ptr<EventStore>> EventStore::open(const std::filesystem::path& path,
                                                     Options options) {
    auto db = Db::open(path);
    if (!db)
        return db.error();
    // WAL: readers never block the writer, and a killed process loses nothing it committed.
    // synchronous=NORMAL keeps every commit across a process crash; see
    // docs/decisions/0001-store-durability.md for power loss.
    if (auto st = (*db)->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"); !st)
        return st.error();
    auto before = schemaVersion(**db);
    if (!before)
        return before.error();
    if (auto st = migrate(**db); !st)
        return st.error();
    std::unique_ptr<EventStore> store(new EventStore(std::move(*db), std::move(options)));
    // From here on, commits by other connections are noticed (noticeExternalChanges).
    if (auto seen = store->noticeExternalChanges(); !seen)
        return seen.error();
    if (auto st = store->loadReference(); !st)
        return st.error();
    if (*before == 1) {
        // The search index arrived in schema 2: fill the name grams for existing cases.
        auto tx = Transaction::begin(*store->m_db);
        if (!tx)
            return tx.error();
        auto rows = store->m_db->prepare("SELECT rowid_, applicant_name FROM cases");
        if (!rows)
            return rows.error();
        std::vector<std::pair<std::int64_t, std::string>> names;
        while (true) {
            auto r = (*rows)->step();
            if (!r)
                return r.error();
            if (!*r)
                break;
            names.emplace_back((*rows)->int64(0), (*rows)->text(1));
        }
        auto ins = store->m_db->prepare("INSERT OR IGNORE INTO name_grams VALUES(?, ?)");
        if (!ins)
            return ins.error();
        for (const auto& [rowid, name] : names)
            for (const auto& g : nameGrams(name)) {
                (*ins)->reset();
                if (auto st = (*ins)->bind(1, g).bind(2, rowid).run(); !st)
                    return st.error();
            }
        if (auto st = (*tx)->commit(); !st)
            return st.error();
    }
    return store;
}

// --- keys ------------------------------------------------------------------------------------

bool EventStore::hasKeyring() {
    auto s = m_db->prepare("SELECT 1 FROM keyring LIMIT 1");
    if (!s)
        return false;
    auto r = (*s)->step();
    const bool has = r && *r;
    (*s)->reset();
    return has;
}

std::string EventStore::indexHash(std::string_view domainName, std::string_view value) const {
    // Keyed with a subkey of the data key (never the sealing key itself), derived at unlock.
    return m_indexKey->hash(domainName, value);
}

Status EventStore::createKeyring(const std::string& userId, const std::string& password) {
    if (hasKeyring())
        return Error{ErrorKind::Conflict, "keyring_exists", "this store already has its keys"};
    auto key = crypto::Key::random();
    if (!key)
        return key.error();
    auto wrapped = crypto::wrapKey(*key, userId, password, m_options.kdf);
    if (!wrapped)
        return wrapped.error();
    auto s = m_db->prepare("INSERT INTO keyring(user_id, wrapped) VALUES(?, ?)");
    if (!s)
        return s.error();
    if (auto st = (*s)->bind(1, userId).bind(2, wrapped->serialize()).run(); !st)
        return st;
    m_indexKey.emplace(*key);
    m_sealer.emplace(*key);
    m_dataKey = std::move(*key);
    return ok();
}

Status EventStore::unlock(const std::string& userId, const std::string& password) {
    auto s = m_db->prepare(
        "SELECT wrapped, failed_attempts, locked_until FROM keyring WHERE user_id = ?");
    if (!s)
        return s.error();
    (*s)->bind(1, userId);
    auto row = (*s)->step();
    if (!row)
        return row.error();
    if (!*row)
        return Error{ErrorKind::NotPermitted, "unknown_user",
                     "本机没有用户 " + userId + " 的登录信息，请联网登录一次"};
    const std::string wrappedText = (*s)->text(0);
    const int failed = (*s)->integer(1);
    const Instant lockedUntil = (*s)->int64(2);
    (*s)->reset();
    const Instant now = m_options.clock->now();
    if (now < lockedUntil) {
        const auto waitS = (lockedUntil - now + 999) / 1000;
        return Error{ErrorKind::NotPermitted, "locked",
                     "密码错误次数过多，请 " + std::to_string(waitS) + " 秒后再试"};
    }
    auto wrapped = crypto::WrappedKey::parse(wrappedText);
    if (!wrapped)
        return wrapped.error();
    auto key = crypto::unwrapKey(*wrapped, userId, password);
    if (!key) {
        if (key.error().code != "wrong_password")
            return key.error();
        const int n = failed + 1;
        const Instant delay = std::min<Instant>(kMaxLockMs, Instant{1000} << std::min(n - 1, 20));
        auto upd = m_db->prepare(
            "UPDATE keyring SET failed_attempts = ?, locked_until = ? WHERE user_id = ?");
        if (upd)
            (void)(*upd)->bind(1, n).bind(2, now + delay).bind(3, userId).run();
        return Error{ErrorKind::NotPermitted, "wrong_password",
                     "用户名或密码错误（第 " + std::to_string(n) + " 次），请 " +
                         std::to_string(delay / 1000) + " 秒后重试"};
    }
    if (failed > 0) {
        auto upd = m_db->prepare(
            "UPDATE keyring SET failed_attempts = 0, locked_until = 0 WHERE user_id = ?");
        if (upd)
            (void)(*upd)->bind(1, userId).run();
    }
    m_indexKey.emplace(*key);
    m_sealer.emplace(*key);
    m_dataKey = std::move(*key);
    return ok();
}

Status EventStore::addUser(const std::string& userId, const std::string& password) {
    if (!m_dataKey)
        return Error{ErrorKind::NotPermitted, "locked", "store is locked"};
    auto wrapped = crypto::wrapKey(*m_dataKey, userId, password, m_options.kdf);
    if (!wrapped)
        return wrapped.error();
    auto s = m_db->prepare("INSERT INTO keyring(user_id, wrapped) VALUES(?, ?) "
                           "ON CONFLICT(user_id) DO UPDATE SET wrapped = excluded.wrapped, "
                           "failed_attempts = 0, locked_until = 0");
    if (!s)
        return s.error();
    return (*s)->bind(1, userId).bind(2, wrapped->serialize()).run();
}

void EventStore::lock() {
    m_dataKey.reset();
    m_indexKey.reset();
    m_sealer.reset();
    forgetAll();
}

// --- reference data ---------------------------------------------------------------------------

Status EventStore::putReference(const std::string& orgText, const std::string& catalogText,
                                const std::string& calendarText, int version) {
    auto org = Org::fromJson(orgText, "org");
    if (!org)
        return org.error();
    auto cat = Catalog::fromJson(catalogText, "catalog", *org);
    if (!cat)
        return cat.error();
    auto cal = WorkCalendar::fromTsv(calendarText, "calendar");
    if (!cal)
        return cal.error();
    auto tx = Transaction::begin(*m_db);
    if (!tx)
        return tx.error();
    auto s = m_db->prepare("INSERT INTO reference(kind, version, name, body) VALUES(?, ?, ?, ?) "
                           "ON CONFLICT(kind) DO UPDATE SET version = excluded.version, "
                           "name = excluded.name, body = excluded.body");
    if (!s)
        return s.error();
    const std::pair<const char*, const std::string*> docs[] = {
        {"org", &orgText}, {"catalog", &catalogText}, {"calendar", &calendarText}};
    for (const auto& [kind, text] : docs) {
        (*s)->reset();
        if (auto st = (*s)->bind(1, kind).bind(2, version).bind(3, kind).bind(4, *text).run(); !st)
            return st;
    }
    if (auto st = (*tx)->commit(); !st)
        return st;
    m_ref = std::make_shared<const refdata::ReferenceData>(
        refdata::ReferenceData{std::move(*org), std::move(*cat), std::move(*cal)});
    m_referenceVersion = version;
    forgetAll();
    return ok();
}

Status EventStore::putReference(const refdata::ReferencePaths& files, int version) {
    auto org = refdata::readTextFile(files.org);
    if (!org)
        return org.error();
    auto cat = refdata::readTextFile(files.catalog);
    if (!cat)
        return cat.error();
    auto cal = refdata::readTextFile(files.calendar);
    if (!cal)
        return cal.error();
    return putReference(*org, *cat, *cal, version);
}

Status EventStore::loadReference() {
    auto s = m_db->prepare("SELECT kind, body, version FROM reference");
    if (!s)
        return s.error();
    std::map<std::string, std::string> docs;
    std::int64_t storedVersion = -1;
    while (true) {
        auto r = (*s)->step();
        if (!r)
            return r.error();
        if (!*r)
            break;
        docs[(*s)->text(0)] = (*s)->text(1);
        storedVersion = std::max(storedVersion, (*s)->int64(2));
    }
    if (docs.size() < 3)
        return ok(); // not yet received from the center
    auto org = Org::fromJson(docs["org"], "org (stored)");
    if (!org)
        return org.error();
    auto cat = Catalog::fromJson(docs["catalog"], "catalog (stored)", *org);
    if (!cat)
        return cat.error();
    auto cal = WorkCalendar::fromTsv(docs["calendar"], "calendar (stored)");
    if (!cal)
        return cal.error();
    m_ref = std::make_shared<const refdata::ReferenceData>(
        refdata::ReferenceData{std::move(*org), std::move(*cat), std::move(*cal)});
    return ok();
}

Result<bool> EventStore::noticeExternalChanges() {
    auto dv = m_db->prepare("PRAGMA data_version");
    if (!dv)
        return dv.error();
    auto row = (*dv)->step();
    if (!row)
        return row.error();
    const std::int64_t version = (*dv)->int64(0);
    (*dv)->reset();
    if (version == m_dataVersion)
        return false;
    const bool first = m_dataVersion < 0;
    m_dataVersion = version;
    if (first)
        return false;
    forgetAll();
    auto rv = m_db->prepare("SELECT coalesce(max(version), -1) FROM reference");
    if (!rv)
        return rv.error();
    if (auto r = (*rv)->step(); !r)
        return r.error();
    const std::int64_t refVersion = (*rv)->int64(0);
    (*rv)->reset();
    if (refVersion != m_referenceVersion) {
        if (auto st = loadReference(); !st)
            return st.error();
    }
    return true;
}

Status EventStore::requireReady() const {
    if (!m_dataKey)
        return Error{ErrorKind::NotPermitted, "locked", "请先登录"};
    if (!m_ref)
        return Error{ErrorKind::Conflict, "no_reference",
                     "本机尚未取得事项目录和组织数据，请先联网同步"};
    return ok();
}

// --- the case cache ---------------------------------------------------------------------------

EventStore::CachedCase* EventStore::cached(const std::string& caseId) {
    const auto it = m_lruIndex.find(caseId);
    if (it == m_lruIndex.end())
        return nullptr;
    m_lru.splice(m_lru.begin(), m_lru, it->second);
    return &*it->second;
}

void EventStore::remember(CachedCase c) {
    if (auto* hit = cached(c.view.caseId)) {
        *hit = std::move(c);
        return;
    }
    const std::string id = c.view.caseId;
    m_lru.push_front(std::move(c));
    m_lruIndex[id] = m_lru.begin();
    while (m_lru.size() > m_options.cacheCases) {
        m_lruIndex.erase(m_lru.back().view.caseId);
        m_lru.pop_back();
    }
}

void EventStore::forgetAll() {
    m_lru.clear();
    m_lruIndex.clear();
}

void EventStore::forget(const std::string& caseId) {
    const auto it = m_lruIndex.find(caseId);
    if (it == m_lruIndex.end())
        return;
    m_lru.erase(it->second);
    m_lruIndex.erase(it);
}

// --- events -----------------------------------------------------------------------------------

Result<std::vector<Event>> EventStore::readEvents(Stmt& s) {
    std::vector<Event> out;
    while (true) {
        auto r = s.step();
        if (!r)
            return r.error();
        if (!*r)
            break;
        const std::string id = s.text(0);
        auto text = crypto::openText(*m_dataKey, s.blob(1), id);
        if (!text)
            return Error{ErrorKind::InvalidInput, "corrupt_event",
                         "event " + id + " cannot be read: " + text.error().message};
        auto e = decodeEvent(*text);
        if (!e)
            return e.error();
        if (!s.isNull(2))
            e->serverSeq = s.int64(2);
        out.push_back(std::move(*e));
    }
    return out;
}

Result<std::vector<Event>> EventStore::caseEvents(const std::string& caseId) {
    if (auto st = requireReady(); !st)
        return st.error();
    auto s = m_db->prepare("SELECT id, body, server_seq FROM events WHERE case_id = ? AND id NOT "
                           "IN (SELECT event_id FROM rejected) ORDER BY seq");
    if (!s)
        return s.error();
    (*s)->bind(1, caseId);
    return readEvents(**s);
}

Result<CaseView> EventStore::foldFromDb(const std::string& caseId,
                                        std::optional<std::int64_t>* syncedThrough) {
    auto events = caseEvents(caseId);
    if (!events)
        return events.error();
    if (syncedThrough) {
        syncedThrough->reset();
        std::int64_t last = 0;
        if (std::all_of(events->begin(), events->end(), [&](const Event& e) {
                last = std::max(last, e.serverSeq.value_or(0));
                return e.serverSeq.has_value();
            }))
            *syncedThrough = last;
    }
    return foldCase(*events, FoldContext{m_ref->catalog, m_ref->org, m_ref->calendar});
}

Result<Hlc> EventStore::latestHlc(const std::string& caseId) {
    if (auto st = requireReady(); !st)
        return st.error();
    auto s = m_db->prepare("SELECT MAX(hlc) FROM events WHERE case_id = ?");
    if (!s)
        return s.error();
    (*s)->bind(1, caseId);
    auto row = (*s)->step();
    if (!row)
        return row.error();
    const std::string text = *row && !(*s)->isNull(0) ? (*s)->text(0) : std::string();
    (*s)->reset();
    Hlc h;
    if (text.empty())
        return h;
    // "%015lld.%010u", as Hlc::str() writes it.
    const auto dot = text.find('.');
    const char* end = text.data() + text.size();
    long long wall = 0;
    if (dot == std::string::npos ||
        std::from_chars(text.data(), text.data() + dot, wall).ptr != text.data() + dot ||
        std::from_chars(text.data() + dot + 1, end, h.counter).ptr != end)
        return Error{ErrorKind::InvalidInput, "corrupt_event",
                     "case " + caseId + " has an unreadable HLC: " + text};
    h.wallMs = wall;
    return h;
}

Result<bool> EventStore::eventExists(const std::string& id) {
    auto s = m_db->prepare("SELECT 1 FROM events WHERE id = ?");
    if (!s)
        return s.error();
    (*s)->bind(1, id);
    auto r = (*s)->step();
    (*s)->reset();
    return r;
}

Result<bool> EventStore::writeEvent(const Event& e, bool toOutbox, bool pending) {
    auto sealed = m_sealer->sealText(encodeEvent(e), e.id);
    if (!sealed)
        return sealed.error();
    auto s = m_db->prepare("INSERT INTO events(id, case_id, type, server_seq, hlc, site_id, body) "
                           "VALUES(?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING");
    if (!s)
        return s.error();
    (*s)->bind(1, e.id)
        .bind(2, e.caseId)
        .bind(3, eventTypeKey(e.payload))
        .bind(4, e.serverSeq)
        .bind(5, e.hlc.str())
        .bind(6, e.actor.siteId)
        .bindBlob(7, *sealed);
    if (auto st = (*s)->run(); !st)
        return st.error();
    if (m_db->changes() == 0)
        return false; // this id is stored already
    const std::int64_t seq = m_db->lastInsertRowid();
    if (toOutbox || pending) {
        auto o = m_db->prepare(toOutbox ? "INSERT INTO outbox(seq) VALUES(?)"
                                        : "INSERT INTO pending(seq) VALUES(?)");
        if (!o)
            return o.error();
        if (auto st = (*o)->bind(1, seq).run(); !st)
            return st.error();
    }
    return true;
}

namespace {
bool sameParty(const Party& a, const Party& b) {
    return a.name == b.name && a.idType == b.idType && a.idNumber == b.idNumber &&
           a.phone == b.phone && a.address == b.address;
}
} // namespace

Status EventStore::project(const CaseView& v, Instant updatedAt, int eventCount, bool peopleKept,
                           std::optional<ProjectedRow>* cachedRow) {
    const Item* item = m_ref->catalog.version(v.item.id, v.item.version);
    const Site* origin = m_ref->org.site(v.originSiteId);
    if (!item || !origin)
        return Error{ErrorKind::InvalidInput, "unknown_reference",
                     "case " + v.caseId + " names an item version or site this device lacks"};
    const std::string window = caseWindow(*item, origin->kind, m_ref->org);
    const std::string itemName = item->displayName();
    const Instant now = m_options.clock->now();
    const Deadline d = assess(v, *item, m_ref->calendar, now);
    const bool paused = v.openSuspension() != nullptr;
    std::optional<std::int64_t> dueDay, stepDueDay, fwdDueDay, suspendDueDay;
    if (d.due && !isFinal(v.status) && !paused)
        dueDay = d.due->days();
    if (d.stepDue && !paused)
        stepDueDay = d.stepDue->days();
    if (v.forwardsUp && !v.forwardedAt && d.start && !isFinal(v.status))
        fwdDueDay = m_ref->calendar.addWorkingDays(*d.start, kForwardLimitDays).days();
    if (const Suspension* sp = v.openSuspension(); sp && sp->kind != 0 && sp->limitDays > 0)
        suspendDueDay =
            m_ref->calendar.addWorkingDays(Date::localDateOf(sp->start), sp->limitDays).days();
    int flags = 0;
    flags |= v.feeViolation() ? 1 : 0;
    flags |= v.lateNotice ? 2 : 0;
    flags |= v.hasOpenConflict() ? 4 : 0;
    flags |= item->caseKind == CaseKind::Immediate ? 8 : 0;

    // The sealed personal data and its keyed hashes change only when the people do: most events
    // leave them as they are (NULL below keeps the stored value).
    std::optional<crypto::Bytes> sealed;
    std::optional<std::string> idHash, tailHash;
    if (!peopleKept) {
        json::object secrets{{"applicant", partyJson(v.applicant)}};
        if (v.agent)
            secrets["agent"] = partyJson(*v.agent);
        auto s = m_sealer->sealText(json::serialize(secrets), "case:" + v.caseId);
        if (!s)
            return s.error();
        sealed = std::move(*s);
        const std::string idNo = normalizeResidentId(v.applicant.idNumber);
        idHash = idNo.empty() ? std::string() : indexHash("id", idNo);
        tailHash = idNo.size() < 6 ? std::string() : indexHash("id6", idNo.substr(idNo.size() - 6));
    }

    // The previous row, to touch the search index and the statistics only when they change.
    // When this connection wrote the row itself (the case is cached with it), it is not read
    // back: a SELECT per event that only confirms what the cache already knows.
    ProjectedRow selected;
    const ProjectedRow* prevRow = cachedRow && *cachedRow ? &**cachedRow : nullptr;
    if (!prevRow) {
        auto prev = m_db->prepare("SELECT rowid_, applicant_name, provisional_no, official_no, "
                                  "item_name, received_at, window, item_id, status "
                                  "FROM cases WHERE case_id = ?");
        if (!prev)
            return prev.error();
        (*prev)->bind(1, v.caseId);
        auto row = (*prev)->step();
        if (!row)
            return row.error();
        if (*row) {
            selected = {(*prev)->int64(0),
                        (*prev)->text(1),
                        (*prev)->text(2),
                        (*prev)->text(3),
                        (*prev)->text(4),
                        {Date::localDateOf((*prev)->int64(5)).days(), (*prev)->text(6),
                         (*prev)->text(7), (*prev)->integer(8)}};
            prevRow = &selected;
        }
        (*prev)->reset();
    }
    const bool had = prevRow != nullptr;
    std::int64_t rowid = had ? prevRow->rowid : 0;
    const bool nameChanged = !had || prevRow->applicantName != v.applicant.name;
    const bool textChanged = nameChanged || prevRow->provisionalNumber != v.provisionalNumber ||
                             prevRow->officialNumber != v.officialNumber ||
                             prevRow->itemName != itemName;
    const std::int32_t receivedDay = Date::localDateOf(v.receivedAt.value_or(0)).days();
    const int status = static_cast<int>(v.status);
    const bool statChanged = !had || prevRow->stat.day != receivedDay ||
                             prevRow->stat.status != status || prevRow->stat.window != window ||
                             prevRow->stat.itemId != v.item.id;
    if (statChanged) {
        if (had)
            bumpStat(prevRow->stat, -1);
        bumpStat({receivedDay, window, v.item.id, status}, +1);
    }

    auto up = m_db->prepare(
        "INSERT INTO cases(case_id, provisional_no, official_no, item_id, item_version, "
        "item_name, window, status, open, origin_site, holder_site, holder_dept, applicant_name, "
        "id_hash, id_tail_hash, secrets, received_at, accepted_at, updated_at, due_day, "
        "step_due_day, forward_due_day, suspend_due_day, flags, event_count) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
        "?19, ?20, ?21, ?22, ?23, ?24, ?25) "
        "ON CONFLICT(case_id) DO UPDATE SET provisional_no = ?2, official_no = ?3, item_id = ?4, "
        "item_version = ?5, item_name = ?6, window = ?7, status = ?8, open = ?9, origin_site = "
        "?10, holder_site = ?11, holder_dept = ?12, applicant_name = ?13, id_hash = "
        "CASE WHEN ?26 THEN id_hash ELSE ?14 END, id_tail_hash = CASE WHEN ?26 THEN "
        "id_tail_hash ELSE ?15 END, secrets = COALESCE(?16, secrets), received_at = ?17, "
        "accepted_at = ?18, updated_at = "
        "?19, due_day = ?20, step_due_day = ?21, forward_due_day = ?22, suspend_due_day = ?23, "
        "flags = ?24, event_count = ?25");
    if (!up)
        return up.error();
    (*up)
        ->bind(1, v.caseId)
        .bind(2, v.provisionalNumber)
        .bind(3, v.officialNumber)
        .bind(4, v.item.id)
        .bind(5, v.item.version)
        .bind(6, itemName)
        .bind(7, window)
        .bind(8, static_cast<int>(v.status))
        .bind(9, isFinal(v.status) ? 0 : 1)
        .bind(10, v.originSiteId)
        .bind(11, v.holder.siteId)
        .bind(12, v.holder.department)
        .bind(13, v.applicant.name)
        .bind(14, idHash.value_or(""))
        .bind(15, tailHash.value_or(""));
    if (sealed)
        (*up)->bindBlob(16, *sealed);
    else
        (*up)->bindNull(16);
    (*up)
        ->bind(17, v.receivedAt.value_or(0))
        .bind(18, v.acceptedAt)
        .bind(19, updatedAt)
        .bind(20, dueDay)
        .bind(21, stepDueDay)
        .bind(22, fwdDueDay)
        .bind(23, suspendDueDay)
        .bind(24, flags)
        .bind(25, eventCount)
        .bind(26, peopleKept ? 1 : 0);
    if (auto st = (*up)->run(); !st)
        return st;
    if (!had)
        rowid = m_db->lastInsertRowid();
    // The search index keeps no copy of the text (schema 7): to take a row's entry out, it is
    // given the text it indexed, which the previous row holds. Taken before the cached row
    // below becomes the new one.
    std::optional<std::array<std::string, 3>> oldText;
    if (had && textChanged)
        oldText = {prevRow->provisionalNumber + " " + prevRow->officialNumber,
                   prevRow->applicantName, prevRow->itemName};
    if (cachedRow) {
        // Updated in place, field by field: on most events nothing here changes and nothing is
        // copied. (If a later statement fails, the caller forgets the whole cache entry.)
        if (!prevRow || prevRow == &selected) {
            *cachedRow = ProjectedRow{rowid,
                                      v.applicant.name,
                                      v.provisionalNumber,
                                      v.officialNumber,
                                      itemName,
                                      {receivedDay, window, v.item.id, status}};
        } else if (textChanged || statChanged) {
            ProjectedRow& r = **cachedRow;
            r.applicantName = v.applicant.name;
            r.provisionalNumber = v.provisionalNumber;
            r.officialNumber = v.officialNumber;
            r.itemName = itemName;
            r.stat = {receivedDay, window, v.item.id, status};
        }
    }
    if (!textChanged)
        return ok();

    if (oldText)
        if (auto st = unindexText(rowid, (*oldText)[0], (*oldText)[1], (*oldText)[2]); !st)
            return st;
    auto insFts =
        m_db->prepare("INSERT INTO case_fts(rowid, numbers, applicant, item) VALUES(?, ?, ?, ?)");
    if (!insFts)
        return insFts.error();
    if (auto st = (*insFts)
                      ->bind(1, rowid)
                      .bind(2, v.provisionalNumber + " " + v.officialNumber)
                      .bind(3, v.applicant.name)
                      .bind(4, itemName)
                      .run();
        !st)
        return st;
    if (!nameChanged)
        return ok();
    auto delGrams = m_db->prepare("DELETE FROM name_grams WHERE case_rowid = ?");
    auto insGram = m_db->prepare("INSERT OR IGNORE INTO name_grams(gram, case_rowid) VALUES(?, ?)");
    if (!delGrams || !insGram)
        return !delGrams ? delGrams.error() : insGram.error();
    if (had)
        if (auto st = (*delGrams)->bind(1, rowid).run(); !st)
            return st;
    for (const auto& g : nameGrams(v.applicant.name)) {
        (*insGram)->reset();
        if (auto st = (*insGram)->bind(1, g).bind(2, rowid).run(); !st)
            return st;
    }
    return ok();
}

Status EventStore::unindexText(std::int64_t rowid, std::string_view numbers,
                               std::string_view applicant, std::string_view item) {
    auto del = m_db->prepare("INSERT INTO case_fts(case_fts, rowid, numbers, applicant, item) "
                             "VALUES('delete', ?, ?, ?, ?)");
    if (!del)
        return del.error();
    return (*del)->bind(1, rowid).bind(2, numbers).bind(3, applicant).bind(4, item).run();
}

void EventStore::bumpStat(const StatKey& k, int delta) {
    m_statDelta[k] += delta;
}

Status EventStore::flushStats() {
    // Taken out first: whether the writes succeed or not, the sums belong to this transaction
    // only (a failed one is rolled back; the next starts from nothing).
    const auto deltas = std::exchange(m_statDelta, {});
    for (const auto& [k, delta] : deltas) {
        if (delta == 0)
            continue;
        auto s = m_db->prepare(
            "INSERT INTO stats(day, window, item_id, status, n) VALUES(?, ?, ?, ?, ?) "
            "ON CONFLICT(day, window, item_id, status) DO UPDATE SET n = n + ?5");
        if (!s)
            return s.error();
        if (auto st = (*s)->bind(1, std::int64_t{k.day})
                          .bind(2, k.window)
                          .bind(3, k.itemId)
                          .bind(4, k.status)
                          .bind(5, delta)
                          .run();
            !st)
            return st;
    }
    return ok();
}

Result<std::vector<StatRow>> EventStore::statistics(Date from, Date to) {
    auto s = m_db->prepare("SELECT window, status, sum(n) FROM stats WHERE day >= ? AND day < ? "
                           "GROUP BY window, status HAVING sum(n) > 0 ORDER BY window, status");
    if (!s)
        return s.error();
    (*s)->bind(1, std::int64_t{from.days()}).bind(2, std::int64_t{to.days()});
    std::vector<StatRow> out;
    while (true) {
        auto r = (*s)->step();
        if (!r)
            return r.error();
        if (!*r)
            break;
        out.push_back({(*s)->text(0), static_cast<CaseStatus>((*s)->integer(1)), (*s)->int64(2)});
    }
    return out;
}

Result<AppendOutcome> EventStore::appendInTx(const Event& e) {
    // The state before the event: from the cache, or folded from the file (before the event is
    // written below, so that the fold does not see it). The event is folded into the cached state
    // in place, not into a copy (a CaseView with its timeline is costly to copy twice per event):
    // when anything after checkEvent fails, append/appendAll forget the case, so a half-applied
    // state never outlives the failed transaction.
    CachedCase loaded;
    auto found = cachedOrLoaded(e.caseId, loaded);
    if (!found)
        return found.error();
    // Written before it is checked: the insert itself finds an id already stored (ON CONFLICT DO
    // NOTHING), which spares a lookup per event. If the check refuses the event, the caller's
    // transaction is rolled back, this row with it.
    auto written = writeEvent(e, true, false);
    if (!written)
        return written.error();
    if (!*written)
        return AppendOutcome::Duplicate;
    CachedCase* entry = *found;
    CaseView& state = entry->view;
    const FoldContext ctx{m_ref->catalog, m_ref->org, m_ref->calendar};
    const Status checked = checkEvent(state, e, ctx);
    if (!checked)
        return checked.error();
    // The first event of this case in the transaction: remember the people its row holds, to
    // tell at flushProjections() whether the sealed personal data must be rewritten.
    const auto [at, first] = m_pendingIndex.try_emplace(e.caseId, m_pending.size());
    if (first) {
        PendingProjection p;
        p.caseId = e.caseId;
        p.started = state.status != CaseStatus::None;
        if (p.started) {
            p.applicant = state.applicant;
            p.agent = state.agent;
        }
        m_pending.push_back(std::move(p));
    }
    m_pending[at->second].updatedAt = e.deviceTime;
    foldNextChecked(state, e, ctx, checked);
    entry->syncedThrough.reset(); // this event has no server number yet
    // Provisional until commit: callers forget the case if anything later fails.
    if (entry == &loaded)
        remember(std::move(loaded));
    return AppendOutcome::Appended;
}

Result<EventStore::CachedCase*> EventStore::cachedOrLoaded(const std::string& caseId,
                                                           CachedCase& loaded) {
    if (CachedCase* entry = cached(caseId))
        return entry;
    auto v = foldFromDb(caseId);
    if (!v)
        return v.error();
    loaded.view = std::move(*v);
    return &loaded;
}

void EventStore::clearPending() {
    m_pending.clear();
    m_pendingIndex.clear();
}

Status EventStore::flushProjections() {
    // Taken out first, like the statistics: the entries belong to this transaction only.
    const auto pending = std::exchange(m_pending, {});
    m_pendingIndex.clear();
    for (const auto& p : pending) {
        // The folded state is in the cache unless a transaction touched more cases than the
        // cache holds; then it is folded again from the file (this transaction's events
        // included), and the previous row is read back.
        CachedCase loaded;
        auto found = cachedOrLoaded(p.caseId, loaded);
        if (!found)
            return found.error();
        CachedCase* entry = *found;
        const CaseView& v = entry->view;
        const bool peopleKept = p.started && sameParty(p.applicant, v.applicant) &&
                                p.agent.has_value() == v.agent.has_value() &&
                                (!p.agent || sameParty(*p.agent, *v.agent));
        if (auto st = project(v, p.updatedAt, static_cast<int>(v.timeline.size()), peopleKept,
                              &entry->row);
            !st)
            return st;
        if (entry == &loaded)
            remember(std::move(loaded));
    }
    return ok();
}

Result<AppendOutcome> EventStore::append(const Event& e) {
    if (auto st = requireReady(); !st)
        return st.error();
    auto tx = Transaction::begin(*m_db);
    if (!tx)
        return tx.error();
    m_statDelta.clear();
    clearPending();
    auto r = appendInTx(e);
    if (r && *r == AppendOutcome::Appended) {
        Status st = flushProjections();
        if (st)
            st = flushStats();
        if (st)
            st = (*tx)->commit();
        if (!st) {
            clearPending();
            forget(e.caseId);
            return st.error();
        }
    }
    if (!r) {
        clearPending();
        forget(e.caseId);
    }
    return r;
}

Result<int> EventStore::appendAll(std::span<const Event> events) {
    if (auto st = requireReady(); !st)
        return st.error();
    auto tx = Transaction::begin(*m_db);
    if (!tx)
        return tx.error();
    m_statDelta.clear();
    clearPending();
    int appended = 0;
    for (const auto& e : events) {
        auto r = appendInTx(e);
        if (!r) {
            clearPending();
            for (const auto& f : events)
                forget(f.caseId);
            return r.error();
        }
        appended += *r == AppendOutcome::Appended ? 1 : 0;
    }
    Status st = flushProjections();
    if (st)
        st = flushStats();
    if (st)
        st = (*tx)->commit();
    if (!st) {
        clearPending();
        for (const auto& f : events)
            forget(f.caseId);
        return st.error();
    }
    return appended;
}

Status EventStore::applyPulled(std::span<const Event> events, const std::string& cursor) {
    if (auto st = requireReady(); !st)
        return st;
    auto tx = Transaction::begin(*m_db);
    if (!tx)
        return tx.error();
    m_statDelta.clear();
    std::set<std::string> touched;
    // The events new to this store, by case (in server order); cases where one of ours came back
    // (its place in the fold order changes) are folded again from the file.
    std::map<std::string, std::vector<const Event*>> fresh;
    std::set<std::string> acked;
    auto ack =
        m_db->prepare("UPDATE events SET server_seq = ? WHERE id = ? AND server_seq IS NULL");
    auto unqueue =
        m_db->prepare("DELETE FROM outbox WHERE seq = (SELECT seq FROM events WHERE id = ?)");
    if (!ack || !unqueue)
        return !ack ? ack.error() : unqueue.error();
    for (const auto& e : events) {
        if (!e.serverSeq)
            return Error{ErrorKind::InvalidInput, "no_server_seq",
                         "pulled event " + e.id + " has no server sequence number"};
        auto exists = eventExists(e.id);
        if (!exists)
            return exists.error();
        if (*exists) {
            // One of ours coming back: it is stored now, so it leaves the outbox.
            (*ack)->reset();
            if (auto st = (*ack)->bind(1, *e.serverSeq).bind(2, e.id).run(); !st)
                return st;
            (*unqueue)->reset();
            if (auto st = (*unqueue)->bind(1, e.id).run(); !st)
                return st;
            acked.insert(e.caseId);
        } else {
            auto written = writeEvent(e, false, true);
            if (!written)
                return written.error();
            if (*written)
                fresh[e.caseId].push_back(&e);
        }
        touched.insert(e.caseId);
    }
    // On failure the cached folds may hold this batch's events: forget them.
    struct ForgetOnFailure {
        EventStore& store;
        const std::set<std::string>& cases;
        bool committed = false;
        ~ForgetOnFailure() {
            if (!committed)
                for (const auto& c : cases)
                    store.forget(c);
        }
    } forgetOnFailure{*this, touched};
    const FoldContext ctx{m_ref->catalog, m_ref->org, m_ref->calendar};
    // Refold each touched case that has its first event; the others wait in `pending`.
    auto hasStart = m_db->prepare("SELECT 1 FROM events WHERE case_id = ? AND type IN "
                                  "('receive', 'draft') LIMIT 1");
    auto release = m_db->prepare(
        "DELETE FROM pending WHERE seq IN (SELECT seq FROM events WHERE case_id = ?)");
    if (!hasStart || !release)
        return !hasStart ? hasStart.error() : release.error();
    for (const auto& caseId : touched) {
        (*hasStart)->reset();
        auto started = (*hasStart)->bind(1, caseId).step();
        if (!started)
            return started.error();
        (*hasStart)->reset();
        if (!*started)
            continue;
        // Folded on from the cache when every event it holds came from the server and these
        // come after them; else from the file.
        CachedCase* entry = cached(caseId);
        const auto f = fresh.find(caseId);
        const bool onward =
            entry && entry->syncedThrough && entry->view.status != CaseStatus::None &&
            !acked.contains(caseId) && f != fresh.end() &&
            std::all_of(f->second.begin(), f->second.end(),
                        [&](const Event* e) { return *e->serverSeq > *entry->syncedThrough; });
        if (onward) {
            auto next = f->second;
            std::stable_sort(next.begin(), next.end(), [](const Event* a, const Event* b) {
                return *a->serverSeq < *b->serverSeq;
            });
            for (const Event* e : next)
                foldNext(entry->view, *e, ctx);
            entry->syncedThrough = *next.back()->serverSeq;
        } else {
            forget(caseId);
            std::optional<std::int64_t> synced;
            auto v = foldFromDb(caseId, &synced);
            if (!v)
                return v.error();
            remember(CachedCase{std::move(*v), std::nullopt, synced});
            entry = cached(caseId);
        }
        const CaseView& v = entry->view;
        Instant last = 0;
        for (const auto& t : v.timeline)
            last = std::max(last, t.at);
        if (auto st = project(v, last, static_cast<int>(v.timeline.size())); !st)
            return st;
        (*release)->reset();
        if (auto st = (*release)->bind(1, caseId).run(); !st)
            return st;
    }
    auto cur = m_db->prepare("INSERT INTO meta(key, value) VALUES('pull_cursor', ?) "
                             "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    if (!cur)
        return cur.error();
    if (auto st = (*cur)->bind(1, cursor).run(); !st)
        return st;
    if (auto st = flushStats(); !st)
        return st;
    if (auto st = (*tx)->commit(); !st)
        return st;
    forgetOnFailure.committed = true;
    return ok();
}

Status EventStore::markRejected(const std::string& eventId, const std::string& code,
                                const std::string& message) {
    if (auto st = requireReady(); !st)
        return st;
    auto find = m_db->prepare("SELECT case_id FROM events WHERE id = ?");
    if (!find)
        return find.error();
    (*find)->bind(1, eventId);
    auto row = (*find)->step();
    if (!row)
        return row.error();
    if (!*row)
        return Error{ErrorKind::NotFound, "unknown_event", "no event " + eventId};
    const std::string caseId = (*find)->text(0);
    (*find)->reset();
    auto tx = Transaction::begin(*m_db);
    if (!tx)
        return tx.error();
    m_statDelta.clear();
    auto ins = m_db->prepare("INSERT OR REPLACE INTO rejected(event_id, code, message, at) "
                             "VALUES(?, ?, ?, ?)");
    auto del =
        m_db->prepare("DELETE FROM outbox WHERE seq = (SELECT seq FROM events WHERE id = ?)");
    if (!ins || !del)
        return !ins ? ins.error() : del.error();
    if (auto st = (*ins)
                      ->bind(1, eventId)
                      .bind(2, code)
                      .bind(3, message)
                      .bind(4, m_options.clock->now())
                      .run();
        !st)
        return st;
    if (auto st = (*del)->bind(1, eventId).run(); !st)
        return st;
    forget(caseId);
    auto v = foldFromDb(caseId);
    if (!v)
        return v.error();
    if (v->status != CaseStatus::None) {
        Instant last = 0;
        for (const auto& t : v->timeline)
            last = std::max(last, t.at);
        if (auto st = project(*v, last, static_cast<int>(v->timeline.size())); !st)
            return st;
    } else if (auto st = dropCase(caseId); !st) {
        return st; // the case's first event was refused: the case never existed
    }
    if (auto st = flushStats(); !st)
        return st;
    if (auto st = (*tx)->commit(); !st) {
        forget(caseId);
        return st;
    }
    return ok();
}

Status EventStore::dropCase(const std::string& caseId) {
    auto s = m_db->prepare("SELECT rowid_, received_at, window, item_id, status, "
                           "provisional_no || ' ' || official_no, applicant_name, item_name "
                           "FROM cases WHERE case_id = ?");
    if (!s)
        return s.error();
    (*s)->bind(1, caseId);
    auto r = (*s)->step();
    if (!r)
        return r.error();
    if (!*r)
        return ok();
    const std::int64_t rowid = (*s)->int64(0);
    const StatKey k{Date::localDateOf((*s)->int64(1)).days(), (*s)->text(2), (*s)->text(3),
                    (*s)->integer(4)};
    const std::string numbers = (*s)->text(5);
    const std::string applicant = (*s)->text(6);
    const std::string item = (*s)->text(7);
    (*s)->reset();
    bumpStat(k, -1);
    if (auto st = unindexText(rowid, numbers, applicant, item); !st)
        return st;
    for (const char* sql :
         {"DELETE FROM name_grams WHERE case_rowid = ?", "DELETE FROM cases WHERE rowid_ = ?"}) {
        auto d = m_db->prepare(sql);
        if (!d)
            return d.error();
        if (auto st = (*d)->bind(1, rowid).run(); !st)
            return st;
    }
    return ok();
}

Result<std::vector<RejectedEvent>> EventStore::rejectedEvents() {
    auto s = m_db->prepare("SELECT r.event_id, e.case_id, e.type, r.code, r.message, r.at FROM "
                           "rejected r JOIN events e ON e.id = r.event_id ORDER BY r.at");
    if (!s)
        return s.error();
    std::vector<RejectedEvent> out;
    while (true) {
        auto r = (*s)->step();
        if (!r)
            return r.error();
        if (!*r)
            break;
        out.push_back({(*s)->text(0), (*s)->text(1), (*s)->text(2), (*s)->text(3), (*s)->text(4),
                       (*s)->int64(5)});
    }
    return out;
}

Status EventStore::setMeta(const std::string& key, const std::string& value) {
    auto s = m_db->prepare("INSERT INTO meta(key, value) VALUES(?, ?) "
                           "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    if (!s)
        return s.error();
    return (*s)->bind(1, key).bind(2, value).run();
}

Result<int> EventStore::nextProvisionalSequence(const std::string& siteId, domain::Date day) {
    const std::string prefix = makeProvisionalNumber(siteId, day, 1);
    const std::string stem = prefix.substr(0, prefix.size() - 4); // "L<site>-<yyyymmdd>-"
    auto s = m_db->prepare("SELECT coalesce(max(CAST(substr(provisional_no, ?) AS INTEGER)), 0) "
                           "FROM cases WHERE provisional_no >= ? AND provisional_no < ?");
    if (!s)
        return s.error();
    (*s)->bind(1, static_cast<int>(stem.size()) + 1).bind(2, stem).bind(3, stem + "~");
    auto r = (*s)->step();
    if (!r)
        return r.error();
    const int seen = (*s)->integer(0);
    (*s)->reset();
    const std::string key = "provisional_seq:" + stem;
    const std::string last = meta(key);
    const int mine = last.empty() ? 0 : std::stoi(last);
    const int next = std::max(seen, mine) + 1;
    if (next > 9999)
        return Error{ErrorKind::Conflict, "sequence_exhausted", "本站点今日临时办件编号已用完"};
    if (auto st = setMeta(key, std::to_string(next)); !st)
        return st.error();
    return next;
}

std::string EventStore::meta(const std::string& key) {
    auto s = m_db->prepare("SELECT value FROM meta WHERE key = ?");
    if (!s)
        return {};
    (*s)->bind(1, key);
    auto r = (*s)->step();
    std::string v = r && *r ? (*s)->text(0) : std::string();
    (*s)->reset();
    return v;
}

std::string EventStore::pullCursor() {
    return meta("pull_cursor");
}

Result<std::vector<Event>> EventStore::outbox(int limit) {
    if (auto st = requireReady(); !st)
        return st.error();
    auto s = m_db->prepare("SELECT e.id, e.body, e.server_seq FROM outbox o "
                           "JOIN events e ON e.seq = o.seq ORDER BY o.seq LIMIT ?");
    if (!s)
        return s.error();
    (*s)->bind(1, limit);
    return readEvents(**s);
}

Result<int> EventStore::outboxSize() {
    auto s = m_db->prepare("SELECT count(*) FROM outbox");
    if (!s)
        return s.error();
    auto r = (*s)->step();
    if (!r)
        return r.error();
    const int n = (*s)->integer(0);
    (*s)->reset();
    return n;
}

Status EventStore::acknowledge(std::span<const std::pair<std::string, std::int64_t>> acks) {
    auto tx = Transaction::begin(*m_db);
    if (!tx)
        return tx.error();
    auto set = m_db->prepare("UPDATE events SET server_seq = ? WHERE id = ?");
    auto del =
        m_db->prepare("DELETE FROM outbox WHERE seq = (SELECT seq FROM events WHERE id = ?)");
    if (!set || !del)
        return !set ? set.error() : del.error();
    for (const auto& [id, seq] : acks) {
        (*set)->reset();
        if (auto st = (*set)->bind(1, seq).bind(2, id).run(); !st)
            return st;
        (*del)->reset();
        if (auto st = (*del)->bind(1, id).run(); !st)
            return st;
    }
    return (*tx)->commit();
}

// --- reading ----------------------------------------------------------------------------------

Result<CaseView> EventStore::caseView(const std::string& caseId) {
    if (auto st = requireReady(); !st)
        return st.error();
    if (const CachedCase* c = cached(caseId))
        return c->view;
    std::optional<std::int64_t> synced;
    auto v = foldFromDb(caseId, &synced);
    if (!v)
        return v.error();
    if (v->status == CaseStatus::None)
        return Error{ErrorKind::NotFound, "unknown_case", "没有这个办件: " + caseId};
    remember(CachedCase{*v, std::nullopt, synced});
    return v;
}

Result<CaseSecrets> EventStore::caseSecrets(const std::string& caseId) {
    if (auto st = requireReady(); !st)
        return st.error();
    auto s = m_db->prepare("SELECT secrets FROM cases WHERE case_id = ?");
    if (!s)
        return s.error();
    (*s)->bind(1, caseId);
    auto r = (*s)->step();
    if (!r)
        return r.error();
    if (!*r)
        return Error{ErrorKind::NotFound, "unknown_case", "没有这个办件: " + caseId};
    auto text = crypto::openText(*m_dataKey, (*s)->blob(0), "case:" + caseId);
    (*s)->reset();
    if (!text)
        return text.error();
    boost::system::error_code ec;
    const json::value doc = json::parse(*text, ec);
    if (ec || !doc.is_object())
        return Error{ErrorKind::InvalidInput, "corrupt", "case secrets unreadable"};
    CaseSecrets out;
    if (const auto* a = doc.get_object().if_contains("applicant"); a && a->is_object())
        out.applicant = partyFrom(a->get_object());
    if (const auto* a = doc.get_object().if_contains("agent"); a && a->is_object())
        out.agent = partyFrom(a->get_object());
    return out;
}

Result<std::int64_t> EventStore::caseCount() {
    auto s = m_db->prepare("SELECT count(*) FROM cases");
    if (!s)
        return s.error();
    auto r = (*s)->step();
    if (!r)
        return r.error();
    const auto n = (*s)->int64(0);
    (*s)->reset();
    return n;
}

Result<SearchPage> EventStore::search(const SearchQuery& q, const std::function<bool()>& stop) {
    if (stop())
        return Error{ErrorKind::Conflict, "superseded", "a newer search replaced this one"};
    // SQLite calls the handler every 4000 virtual-machine steps; non-zero interrupts the
    // statement running (SQLITE_INTERRUPT), which the search reports as an error.
    const auto handler = [](void* arg) -> int {
        return (*static_cast<const std::function<bool()>*>(arg))() ? 1 : 0;
    };
    sqlite3_progress_handler(m_db->handle(), 4000, handler,
                             const_cast<std::function<bool()>*>(&stop));
    auto page = search(q);
    sqlite3_progress_handler(m_db->handle(), 0, nullptr, nullptr);
    if (!page && stop()) {
        // The interrupted statement stays reset in the cache, ready for the next search.
        return Error{ErrorKind::Conflict, "superseded", "a newer search replaced this one"};
    }
    return page;
}

Result<SearchPage> EventStore::search(const SearchQuery& q) {
    if (auto st = requireReady(); !st)
        return st.error();
    const auto& cal = m_ref->calendar;
    const Date today = Date::localDateOf(m_options.clock->now());
    const Date next = cal.addWorkingDays(today, 1);
    Date severe = today.plusDays(-1); // the last due date that is kSevereOverdueDays over
    while (cal.workingDaysAfter(severe, today) < kSevereOverdueDays)
        severe = severe.plusDays(-1);
    // Keep in step with domain::assess (tests/unit/store_test.cpp checks they agree).
    const std::string light =
        "CASE WHEN open = 0 THEN 0 "
        "WHEN due_day <= :severe THEN 6 "
        "WHEN due_day < :today OR (flags & 1) THEN 5 "
        "WHEN (due_day = :today AND (flags & 8) = 0) OR step_due_day < :today OR "
        "forward_due_day < :today OR suspend_due_day < :today OR (flags & 2) THEN 2 "
        "WHEN due_day = :next AND (flags & 8) = 0 THEN 1 ELSE 0 END";
    std::string sql = "SELECT case_id, provisional_no, official_no, item_id, item_name, window, "
                      "status, applicant_name, holder_site, received_at, updated_at, due_day, " +
                      light + " AS light, flags FROM cases WHERE 1";
    const auto chars = utf8Chars(q.text);
    std::string idNo, idTail, fts, gram;
    if (!q.text.empty()) {
        if (q.text.size() == 18 && checkResidentId(q.text) == ResidentIdProblem::None) {
            idNo = indexHash("id", normalizeResidentId(q.text));
            // "<> ''" lets SQLite use the partial index with a bound parameter.
            sql += " AND id_hash = :id AND id_hash <> ''";
        } else if (looksLikeIdTail(q.text)) {
            std::string t = q.text;
            if (t.back() == 'x')
                t.back() = 'X';
            idTail = indexHash("id6", t);
            fts = escapeFts(q.text);
            // A UNION of two indexed lookups; an OR across them would scan every case.
            sql += " AND rowid_ IN (SELECT rowid_ FROM cases WHERE id_tail_hash = :tail AND "
                   "id_tail_hash <> '' UNION SELECT rowid FROM case_fts WHERE case_fts MATCH :fts)";
        } else if (chars.size() >= 3) {
            fts = escapeFts(q.text);
            sql += " AND rowid_ IN (SELECT rowid FROM case_fts WHERE case_fts MATCH :fts)";
        } else {
            gram = q.text;
            sql += " AND rowid_ IN (SELECT case_rowid FROM name_grams WHERE gram = :gram)";
        }
    }
    // A name gram shared by many cases (a common character, 英 or 华): walking the cases in list
    // order and stopping at the page's end beats sorting every match, which is what SQLite picks
    // without statistics (0.7 s for a character in 1 % of 500k cases, against ~10 ms). A rare
    // gram keeps the lookup-then-sort plan. Counting stops at the threshold, so this costs < 1 ms.
    if (!gram.empty()) {
        auto count = m_db->prepare(
            "SELECT count(*) FROM (SELECT 1 FROM name_grams WHERE gram = ? LIMIT 2000)");
        if (!count)
            return count.error();
        (*count)->bind(1, gram);
        auto r = (*count)->step();
        if (!r)
            return r.error();
        const bool common = (*count)->int64(0) >= 2000;
        (*count)->reset();
        if (common) {
            const bool due = q.order == SortOrder::DueSoonestFirst;
            const std::string from = "FROM cases WHERE 1";
            sql.replace(sql.find(from), from.size(),
                        due ? "FROM cases INDEXED BY cases_by_due_all WHERE 1"
                            : "FROM cases INDEXED BY cases_by_received WHERE 1");
        }
    }
    if (q.status)
        sql += " AND status = :status";
    if (q.openOnly)
        sql += " AND open = 1";
    if (!q.itemId.empty())
        sql += " AND item_id = :item";
    if (!q.window.empty())
        sql += " AND window = :window";
    if (q.light)
        sql += " AND (" + light + ") = :light";
    if (q.receivedFrom)
        sql += " AND received_at >= :from";
    if (q.receivedTo)
        sql += " AND received_at < :to";
    // Keyset pagination: "<sort key>|<case id>" of the last row of the previous page.
    std::int64_t afterKey = 0;
    std::string afterId;
    if (!q.after.empty()) {
        const auto bar = q.after.find('|');
        if (bar == std::string::npos)
            return Error{ErrorKind::InvalidInput, "bad_cursor", "bad page cursor"};
        try {
            afterKey = std::stoll(q.after.substr(0, bar));
        } catch (...) {
            return Error{ErrorKind::InvalidInput, "bad_cursor", "bad page cursor"};
        }
        afterId = q.after.substr(bar + 1);
    }
    const bool byDue = q.order == SortOrder::DueSoonestFirst;
    const std::string dueKey = "COALESCE(due_day, 2147483647)";
    if (!q.after.empty())
        sql += byDue ? " AND (" + dueKey + " > :ak OR (" + dueKey + " = :ak AND case_id > :aid))"
                     : " AND (received_at < :ak OR (received_at = :ak AND case_id > :aid))";
    sql += byDue ? " ORDER BY " + dueKey + ", case_id" : " ORDER BY received_at DESC, case_id";
    sql += " LIMIT :limit";

    auto s = m_db->prepare(sql);
    if (!s)
        return s.error();
    Stmt& st = **s;
    // Named parameters, bound where the statement has them.
    auto bindIf = [&](const char* name, const auto& value) {
        if (const int i = sqlite3_bind_parameter_index(st.raw(), name); i > 0)
            st.bind(i, value);
    };
    bindIf(":severe", std::int64_t{severe.days()});
    bindIf(":today", std::int64_t{today.days()});
    bindIf(":next", std::int64_t{next.days()});
    bindIf(":id", idNo);
    bindIf(":tail", idTail);
    bindIf(":fts", fts);
    bindIf(":gram", gram);
    if (q.status)
        bindIf(":status", static_cast<std::int64_t>(*q.status));
    bindIf(":item", q.itemId);
    bindIf(":window", q.window);
    if (q.light)
        bindIf(":light", static_cast<std::int64_t>(*q.light));
    if (q.receivedFrom)
        bindIf(":from", *q.receivedFrom);
    if (q.receivedTo)
        bindIf(":to", *q.receivedTo);
    bindIf(":ak", afterKey);
    bindIf(":aid", afterId);
    const int limit = std::clamp(q.limit, 1, 1000);
    bindIf(":limit", std::int64_t{limit + 1});

    SearchPage page;
    while (true) {
        auto r = st.step();
        if (!r)
            return r.error();
        if (!*r)
            break;
        CaseRow row;
        row.caseId = st.text(0);
        row.provisionalNumber = st.text(1);
        row.officialNumber = st.text(2);
        row.itemId = st.text(3);
        row.itemName = st.text(4);
        row.window = st.text(5);
        row.status = static_cast<CaseStatus>(st.integer(6));
        row.applicantName = st.text(7);
        row.holderSite = st.text(8);
        row.receivedAt = st.int64(9);
        row.updatedAt = st.int64(10);
        if (!st.isNull(11))
            row.due = Date(static_cast<std::int32_t>(st.int64(11)));
        row.light = static_cast<Light>(st.integer(12));
        row.conflict = (st.integer(13) & 4) != 0;
        page.rows.push_back(std::move(row));
    }
    st.reset();
    if (page.rows.size() > static_cast<std::size_t>(limit)) {
        page.rows.pop_back();
        const CaseRow& last = page.rows.back();
        const std::int64_t key =
            byDue ? (last.due ? last.due->days() : 2147483647) : last.receivedAt;
        page.next = std::to_string(key) + "|" + last.caseId;
    }
    return page;
}

Status EventStore::rebuildProjections() {
    if (auto st = requireReady(); !st)
        return st;
    auto tx = Transaction::begin(*m_db);
    if (!tx)
        return tx.error();
    if (auto st = m_db->exec("DELETE FROM cases; INSERT INTO case_fts(case_fts) "
                             "VALUES('delete-all'); DELETE FROM name_grams; DELETE FROM stats;");
        !st)
        return st;
    auto ids = m_db->prepare("SELECT DISTINCT case_id FROM events WHERE case_id IN "
                             "(SELECT case_id FROM events WHERE type IN ('receive', 'draft'))");
    if (!ids)
        return ids.error();
    std::vector<std::string> caseIds;
    while (true) {
        auto r = (*ids)->step();
        if (!r)
            return r.error();
        if (!*r)
            break;
        caseIds.push_back((*ids)->text(0));
    }
    forgetAll();
    m_statDelta.clear();
    for (const auto& id : caseIds) {
        auto v = foldFromDb(id);
        if (!v)
            return v.error();
        if (v->status == CaseStatus::None)
            continue; // its first event was refused (markRejected): the case never existed
        Instant last = 0;
        for (const auto& t : v->timeline)
            last = std::max(last, t.at);
        if (auto st = project(*v, last, static_cast<int>(v->timeline.size())); !st)
            return st;
    }
    if (auto st = flushStats(); !st)
        return st;
    return (*tx)->commit();
}

} // namespace bianmin::store
