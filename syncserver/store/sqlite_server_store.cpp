// The server store's SQLite schema and queries.
//
// Schema, as numbered migrations tracked in PRAGMA user_version (each in its own transaction; a
// file from a newer build is refused):
//
//  1  sites, users, devices, enrollment_codes, sessions   accounts (docs/sync.md, Accounts)
//     events(server_seq INTEGER PRIMARY KEY, id UNIQUE, case_id, body, stored_at)
//     case_access(case_id, reader, granted_seq, history)  who may read which case, and since when
//     reference_docs(kind, version, body)                 org | catalog | calendar, versioned
//  2  case_numbers(number, case_id, kind)                 provisional and official numbers
//     official_counters(city, day, last)                  the city's daily official sequence
//     case_access_by_reader                               a department's cases, for its inbox
//     (existing receive events' provisional numbers are copied into case_numbers)
//  3  console_sessions(token_hash, user_id, …)            the web console's sign-ins
//     audit_log(seq, at, user_id, action, target, …)      every console action (docs/console.md)
//     catalog_drafts(item_id, body, user_id, updated_at)  edited items not yet published
//     supervision_notices(id, case_id, unit, …, reply)    督办 and the replies
//  4  reader_events(reader, server_seq)                   each reader's events, for the pull
//     (filled from the events and access rows already stored)
//
// Why it looks like this:
// - server_seq is the rowid: one writer connection behind a mutex assigns it in commit order, and
//   rows are never deleted, so numbers are never reused and a reader that sees n sees all below n.
// - events.body is the canonical event JSON without serverSeq (the text its author hashed); the
//   number lives in its own column and is added when the event is read back.
// - case_access has one row per (case, reader), from the first event that gave the reader the
//   case. `history` is 1 when the case already had events before that one: only such rows bring
//   a backlog, which keeps the pull's second half (below) to the rows that matter.
// - reader_events lists, for each reader, the events of its cases from its grant on: one row per
//   (reader, event), written with the event (for the case's readers so far) or with the grant
//   (for the granting event). A pull reads its readers' rows from the cursor on by primary key, so
//   its cost follows what the device may read, not everything the city wrote since its cursor
//   (scanning `events` and testing each case's access made a round of D devices cost D² rows).
// - case_numbers finds a case by the number printed on a receipt. Provisional numbers are unique
//   per site and day by construction, but a site may (wrongly) reuse one, so the key is (number,
//   case); official numbers are the server's own and two partial unique indexes hold them to one
//   case each and one per case, whichever instance of syncd binds them.
// - official_counters has one row per city and day; a write transaction takes the next value
//   with one UPSERT … RETURNING, so the counter is correct across processes (SQLite lets one
//   writer in at a time) and is never lowered.
// - Secrets are stored as hashes only (devices.secret_hash, sessions.token_hash,
//   enrollment_codes.code_hash); passwords as slow salted hashes (users.password_hash).
//
// Pull order (docs/sync.md): an event's key is max(server_seq, granted_seq) for the device's
// readers (the smallest granted_seq when it has several rows), and events go by (key,
// server_seq). A page is the merge of two ordered streams, both read by index in one snapshot:
//   A  events with server_seq >= the cursor key whose case the readers had already been granted
//      (granted_seq <= server_seq): key = server_seq; these are the readers' reader_events rows,
//      read in key order per reader and merged;
//   B  access rows with history granted at or after the cursor key, by granted_seq, each followed
//      by its case's events from before the grant (server_seq < granted_seq): key = granted_seq.
// The two are disjoint and together hold every readable event. When both are exhausted the next
// cursor jumps to (max server_seq, max server_seq): any later event or grant gets a larger
// number, so a device that is caught up never scans the same events again.
//
// Durability: WAL with synchronous=FULL: an acknowledged push survives a power cut as well as a
// crash (a client forgets nothing it pushed, but it never pushes an acknowledged event again).
#include "syncserver/store/sqlite_server_store.h"

#include <algorithm>
#include <deque>
#include <limits>
#include <set>

namespace bianmin::syncd {

using namespace bianmin::domain;
using store::Db;
using store::Stmt;

namespace {

constexpr const char* kMigration1 = R"sql(
CREATE TABLE sites(
  id        TEXT PRIMARY KEY,          -- 12-digit code of the city, township or village
  name      TEXT NOT NULL,
  kind      TEXT NOT NULL CHECK (kind IN ('center', 'hall', 'room')),
  parent_id TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

CREATE TABLE users(
  id            TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  role          TEXT NOT NULL,          -- roleKey
  site_id       TEXT NOT NULL REFERENCES sites(id),
  department    TEXT NOT NULL DEFAULT '',
  grade         INTEGER NOT NULL DEFAULT 0,
  password_hash TEXT NOT NULL,          -- pw1$… (Argon2id), replicated to the site's devices
  active        INTEGER NOT NULL DEFAULT 1,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until  INTEGER NOT NULL DEFAULT 0   -- ms; wrong passwords back off
) WITHOUT ROWID;
CREATE INDEX users_by_site ON users(site_id);

CREATE TABLE devices(
  id             TEXT PRIMARY KEY,
  name           TEXT NOT NULL,
  site_id        TEXT NOT NULL REFERENCES sites(id),
  department     TEXT NOT NULL DEFAULT '',
  secret_hash    TEXT NOT NULL,
  enrolled_at    INTEGER NOT NULL,
  revoked_at     INTEGER,               -- NULL while the device may sync
  last_seen      INTEGER NOT NULL DEFAULT 0,
  client_version TEXT NOT NULL DEFAULT '',
  backlog        INTEGER NOT NULL DEFAULT 0,  -- events waiting in its outbox, as reported
  last_error     TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

CREATE TABLE enrollment_codes(
  code_hash  TEXT PRIMARY KEY,
  site_id    TEXT NOT NULL REFERENCES sites(id),
  department TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER,
  device_id  TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

CREATE TABLE sessions(
  token_hash TEXT PRIMARY KEY,
  device_id  TEXT NOT NULL REFERENCES devices(id),
  user_id    TEXT NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_device ON sessions(device_id);
CREATE INDEX sessions_by_expiry ON sessions(expires_at);

CREATE TABLE events(
  server_seq INTEGER PRIMARY KEY,
  id         TEXT NOT NULL UNIQUE,
  case_id    TEXT NOT NULL,
  body       TEXT NOT NULL,
  stored_at  INTEGER NOT NULL
);
CREATE INDEX events_by_case ON events(case_id, server_seq);

CREATE TABLE case_access(
  case_id     TEXT NOT NULL,
  reader      TEXT NOT NULL,            -- a site id or 'dept:<name>'
  granted_seq INTEGER NOT NULL,
  history     INTEGER NOT NULL,         -- 1: the case had events before granted_seq
  PRIMARY KEY(case_id, reader)
) WITHOUT ROWID;
CREATE INDEX case_access_backlog ON case_access(reader, granted_seq) WHERE history = 1;

CREATE TABLE reference_docs(
  kind       TEXT NOT NULL CHECK (kind IN ('org', 'catalog', 'calendar')),
  version    INTEGER NOT NULL,
  body       TEXT NOT NULL,
  PRIMARY KEY(kind, version)
) WITHOUT ROWID;
)sql";

constexpr const char* kMigration2 = R"sql(
CREATE TABLE case_numbers(
  number  TEXT NOT NULL,
  case_id TEXT NOT NULL,
  kind    TEXT NOT NULL CHECK (kind IN ('provisional', 'official')),
  PRIMARY KEY(number, case_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX case_numbers_official ON case_numbers(number) WHERE kind = 'official';
CREATE UNIQUE INDEX case_numbers_one_official ON case_numbers(case_id) WHERE kind = 'official';
CREATE INDEX case_access_by_reader ON case_access(reader, case_id);

CREATE TABLE official_counters(
  city TEXT NOT NULL,                   -- the city's 6-digit code
  day  TEXT NOT NULL,                   -- local date, YYYYMMDD
  last INTEGER NOT NULL,                -- the last sequence drawn that day
  PRIMARY KEY(city, day)
) WITHOUT ROWID;

INSERT OR IGNORE INTO case_numbers(number, case_id, kind)
  SELECT json_extract(body, '$.payload.provisionalNumber'), case_id, 'provisional' FROM events
  WHERE json_extract(body, '$.type') = 'receive'
    AND COALESCE(json_extract(body, '$.payload.provisionalNumber'), '') <> '';
)sql";

constexpr const char* kMigration3 = R"sql(
CREATE TABLE console_sessions(
  token_hash TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  remote     TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX console_sessions_by_expiry ON console_sessions(expires_at);

CREATE TABLE audit_log(
  seq     INTEGER PRIMARY KEY,
  at      INTEGER NOT NULL,
  user_id TEXT NOT NULL,
  action  TEXT NOT NULL,
  target  TEXT NOT NULL DEFAULT '',
  detail  TEXT NOT NULL DEFAULT '',
  remote  TEXT NOT NULL DEFAULT '',
  ok      INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE catalog_drafts(
  item_id    TEXT PRIMARY KEY,
  body       TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE supervision_notices(
  id         INTEGER PRIMARY KEY,
  case_id    TEXT NOT NULL,
  unit       TEXT NOT NULL,
  reason     TEXT NOT NULL,
  issued_by  TEXT NOT NULL,
  issued_at  INTEGER NOT NULL,
  reply_due  INTEGER NOT NULL,
  reply      TEXT NOT NULL DEFAULT '',
  replied_by TEXT NOT NULL DEFAULT '',
  replied_at INTEGER
);
)sql";

constexpr const char* kMigration4 = R"sql(
CREATE TABLE reader_events(
  reader     TEXT NOT NULL,
  server_seq INTEGER NOT NULL,
  PRIMARY KEY(reader, server_seq)
) WITHOUT ROWID;
INSERT INTO reader_events(reader, server_seq)
  SELECT a.reader, e.server_seq FROM case_access a JOIN events e
    ON e.case_id = a.case_id AND e.server_seq >= a.granted_seq;
)sql";

constexpr const char* kMigrations[] = {kMigration1, kMigration2, kMigration3, kMigration4};
static_assert(std::size(kMigrations) == SqliteServerStore::kSchemaVersion);

// Runs `sql`, binding with bind(stmt) and calling row(stmt) for each row until it returns false.
// The statement is always reset afterwards, so no read transaction is left open.
template <typename Bind, typename Row>
Status each(Db& db, const std::string& sql, Bind&& bind, Row&& row) {
    auto s = db.prepare(sql);
    if (!s)
        return s.error();
    Stmt& st = **s;
    bind(st);
    while (true) {
        auto r = st.step();
        if (!r) {
            st.reset();
            return r.error();
        }
        if (!*r || !row(st))
            break;
    }
    st.reset();
    return ok();
}

// Runs a statement that returns no rows; the number of rows changed.
template <typename Bind>
Result<int> change(Db& db, const std::string& sql, Bind&& bind) {
    auto s = db.prepare(sql);
    if (!s)
        return s.error();
    Stmt& st = **s;
    bind(st);
    const Status done = st.run();
    st.reset();
    if (!done)
        return done.error();
    return db.changes();
}

auto noBind = [](Stmt&) {};

Result<std::int64_t> scalar(Db& db, const std::string& sql) {
    std::int64_t v = 0;
    auto st = each(db, sql, noBind, [&](Stmt& s) {
        v = s.int64(0);
        return false;
    });
    if (!st)
        return st.error();
    return v;
}

std::string_view siteKindKey(SiteKind k) {
    switch (k) {
    case SiteKind::Center:
        return "center";
    case SiteKind::Hall:
        return "hall";
    case SiteKind::Room:
        return "room";
    }
    return "room";
}

SiteKind siteKindFrom(std::string_view key) {
    if (key == "center")
        return SiteKind::Center;
    if (key == "hall")
        return SiteKind::Hall;
    return SiteKind::Room;
}

Error corrupt(const std::string& what) {
    return {ErrorKind::InvalidInput, "corrupt", "server store: " + what};
}

Status migrate(Db& db) {
    auto version = scalar(db, "PRAGMA user_version");
    if (!version)
        return version.error();
    if (*version > SqliteServerStore::kSchemaVersion)
        return Error{ErrorKind::InvalidInput, "schema_too_new",
                     db.path().string() + ": schema version " + std::to_string(*version) +
                         " is newer than this build knows (" +
                         std::to_string(SqliteServerStore::kSchemaVersion) + ")"};
    for (auto v = *version; v < SqliteServerStore::kSchemaVersion; ++v) {
        auto tx = store::Transaction::begin(db);
        if (!tx)
            return tx.error();
        if (auto st = db.exec(kMigrations[v]); !st)
            return st;
        if (auto st = db.exec("PRAGMA user_version = " + std::to_string(v + 1)); !st)
            return st;
        if (auto st = (*tx)->commit(); !st)
            return st;
    }
    return ok();
}

constexpr const char* kSiteColumns = "id, name, kind, parent_id";
SiteRecord readSite(const Stmt& s) {
    return {s.text(0), s.text(1), siteKindFrom(s.text(2)), s.text(3)};
}

constexpr const char* kUserColumns = "id, name, role, site_id, department, grade, password_hash, "
                                     "active, failed_logins, locked_until";
Result<UserRecord> readUser(const Stmt& s) {
    UserRecord u;
    u.id = s.text(0);
    u.name = s.text(1);
    const auto role = roleFromKey(s.text(2));
    if (!role)
        return corrupt("user " + u.id + " has an unknown role " + s.text(2));
    u.role = *role;
    u.siteId = s.text(3);
    u.department = s.text(4);
    const int grade = s.integer(5);
    if (grade < 0 || grade > 3)
        return corrupt("user " + u.id + " has grade " + std::to_string(grade));
    u.grade = static_cast<Grade>(grade);
    u.passwordHash = s.text(6);
    u.active = s.int64(7) != 0;
    u.failedLogins = s.integer(8);
    u.lockedUntil = s.int64(9);
    return u;
}

constexpr const char* kDeviceColumns = "id, name, site_id, department, secret_hash, enrolled_at, "
                                       "revoked_at, last_seen, client_version, backlog, last_error";
DeviceRecord readDevice(const Stmt& s) {
    DeviceRecord d;
    d.id = s.text(0);
    d.name = s.text(1);
    d.siteId = s.text(2);
    d.department = s.text(3);
    d.secretHash = s.text(4);
    d.enrolledAt = s.int64(5);
    if (!s.isNull(6))
        d.revokedAt = s.int64(6);
    d.lastSeen = s.int64(7);
    d.clientVersion = s.text(8);
    d.backlog = s.int64(9);
    d.lastError = s.text(10);
    return d;
}

// "?1,?2,…,?n"
std::string placeholders(std::size_t n) {
    std::string out;
    for (std::size_t i = 1; i <= n; ++i)
        out += (i > 1 ? ",?" : "?") + std::to_string(i);
    return out;
}

// A snapshot across several statements on a read connection.
class ReadSnapshot {
public:
    explicit ReadSnapshot(Db& db)
        : m_db(db) {}
    ~ReadSnapshot() {
        if (m_open)
            (void)m_db.exec("ROLLBACK");
    }
    ReadSnapshot(const ReadSnapshot&) = delete;
    ReadSnapshot& operator=(const ReadSnapshot&) = delete;
    Status begin() {
        auto st = m_db.exec("BEGIN");
        m_open = st.ok();
        return st;
    }

private:
    Db& m_db;
    bool m_open = false;
};

// Resets a statement that is stepped by hand when the scope ends.
class ResetAtExit {
public:
    explicit ResetAtExit(Stmt& s)
        : m_s(s) {}
    ~ResetAtExit() { m_s.reset(); }
    ResetAtExit(const ResetAtExit&) = delete;
    ResetAtExit& operator=(const ResetAtExit&) = delete;

private:
    Stmt& m_s;
};

} // namespace

// --- opening ------------------------------------------------------------------------------------

SqliteServerStore::SqliteServerStore(std::filesystem::path path, std::unique_ptr<Db> writer)
    : m_path(std::move(path))
    , m_writer(std::move(writer)) {}

SqliteServerStore::~SqliteServerStore() = default;

Result<std::unique_ptr<SqliteServerStore>>
SqliteServerStore::open(const std::filesystem::path& path) {
    auto db = Db::open(path);
    if (!db)
        return db.error();
    if (auto st = (*db)->exec(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
        !st)
        return st.error();
    if (auto st = migrate(**db); !st)
        return st.error();
    return std::unique_ptr<SqliteServerStore>(new SqliteServerStore(path, std::move(*db)));
}

SqliteServerStore::Reader::~Reader() {
    m_owner.giveBack(std::move(m_db));
}

Result<std::unique_ptr<SqliteServerStore::Reader>> SqliteServerStore::reader() {
    {
        const std::lock_guard lock(m_poolMutex);
        if (!m_idle.empty()) {
            auto db = std::move(m_idle.back());
            m_idle.pop_back();
            return std::make_unique<Reader>(*this, std::move(db));
        }
    }
    auto db = Db::open(m_path, Db::Mode::ReadWrite);
    if (!db)
        return db.error();
    // Read connections never write: query_only makes a slip an error instead of a second writer.
    if (auto st = (*db)->exec("PRAGMA query_only=1;"); !st)
        return st.error();
    return std::make_unique<Reader>(*this, std::move(*db));
}

void SqliteServerStore::giveBack(std::unique_ptr<Db> db) {
    constexpr std::size_t kMaxIdle = 16;
    const std::lock_guard lock(m_poolMutex);
    if (m_idle.size() < kMaxIdle)
        m_idle.push_back(std::move(db));
}

template <typename Bind>
Result<int> SqliteServerStore::write(const std::string& sql, Bind&& bind) {
    const std::lock_guard lock(m_writeMutex);
    return change(*m_writer, sql, std::forward<Bind>(bind));
}

// --- sites and users
// ------------------------------------------------------------------------------

Status SqliteServerStore::putSites(const std::vector<SiteRecord>& sites) {
    const std::lock_guard lock(m_writeMutex);
    auto tx = store::Transaction::begin(*m_writer);
    if (!tx)
        return tx.error();
    for (const auto& site : sites) {
        auto n = change(*m_writer,
                        "INSERT INTO sites(id, name, kind, parent_id) VALUES(?, ?, ?, ?) "
                        "ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind, "
                        "parent_id = excluded.parent_id",
                        [&](Stmt& s) {
                            s.bind(1, site.id)
                                .bind(2, site.name)
                                .bind(3, siteKindKey(site.kind))
                                .bind(4, site.parentId);
                        });
        if (!n)
            return n.error();
    }
    return (*tx)->commit();
}

Result<std::optional<SiteRecord>> SqliteServerStore::site(const std::string& id) {
    auto r = reader();
    if (!r)
        return r.error();
    std::optional<SiteRecord> out;
    auto st = each((*r)->db(), std::string("SELECT ") + kSiteColumns + " FROM sites WHERE id = ?",
                   [&](Stmt& s) { s.bind(1, id); },
                   [&](Stmt& s) {
                       out = readSite(s);
                       return false;
                   });
    if (!st)
        return st.error();
    return out;
}

Result<std::vector<SiteRecord>> SqliteServerStore::sites() {
    auto r = reader();
    if (!r)
        return r.error();
    std::vector<SiteRecord> out;
    auto st = each((*r)->db(), std::string("SELECT ") + kSiteColumns + " FROM sites ORDER BY id",
                   noBind, [&](Stmt& s) {
                       out.push_back(readSite(s));
                       return true;
                   });
    if (!st)
        return st.error();
    return out;
}

Status SqliteServerStore::createUsers(const std::vector<UserRecord>& users) {
    const std::lock_guard lock(m_writeMutex);
    auto tx = store::Transaction::begin(*m_writer);
    if (!tx)
        return tx.error();
    for (const auto& u : users) {
        bool exists = false;
        bool siteKnown = false;
        auto st = each(
            *m_writer,
            "SELECT (SELECT COUNT(*) FROM users WHERE id = ?1), "
            "(SELECT COUNT(*) FROM sites WHERE id = ?2)",
            [&](Stmt& s) { s.bind(1, u.id).bind(2, u.siteId); },
            [&](Stmt& s) {
                exists = s.int64(0) > 0;
                siteKnown = s.int64(1) > 0;
                return false;
            });
        if (!st)
            return st;
        if (exists)
            return Error{ErrorKind::Conflict, "user_exists", "用户 " + u.id + " 已存在"};
        if (!siteKnown)
            return Error{ErrorKind::NotFound, "unknown_site", "服务场所 " + u.siteId + " 不存在"};
        auto n = change(*m_writer,
                        std::string("INSERT INTO users(") + kUserColumns +
                            ") VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [&](Stmt& s) {
                            s.bind(1, u.id)
                                .bind(2, u.name)
                                .bind(3, roleKey(u.role))
                                .bind(4, u.siteId)
                                .bind(5, u.department)
                                .bind(6, static_cast<int>(u.grade))
                                .bind(7, u.passwordHash)
                                .bind(8, u.active ? 1 : 0)
                                .bind(9, u.failedLogins)
                                .bind(10, u.lockedUntil);
                        });
        if (!n)
            return n.error();
    }
    return (*tx)->commit();
}

Result<std::optional<UserRecord>> SqliteServerStore::user(const std::string& id) {
    auto r = reader();
    if (!r)
        return r.error();
    std::optional<Result<UserRecord>> out;
    auto st = each((*r)->db(), std::string("SELECT ") + kUserColumns + " FROM users WHERE id = ?",
                   [&](Stmt& s) { s.bind(1, id); },
                   [&](Stmt& s) {
                       out = readUser(s);
                       return false;
                   });
    if (!st)
        return st.error();
    if (!out)
        return std::optional<UserRecord>();
    if (!*out)
        return out->error();
    return std::optional<UserRecord>(std::move(out->value()));
}

Result<std::vector<UserRecord>> SqliteServerStore::usersOfSite(const std::string& siteId) {
    auto r = reader();
    if (!r)
        return r.error();
    std::vector<UserRecord> out;
    std::optional<Error> bad;
    auto st =
        each((*r)->db(),
             std::string("SELECT ") + kUserColumns + " FROM users WHERE site_id = ? ORDER BY id",
             [&](Stmt& s) { s.bind(1, siteId); },
             [&](Stmt& s) {
                 auto u = readUser(s);
                 if (!u) {
                     bad = u.error();
                     return false;
                 }
                 out.push_back(std::move(*u));
                 return true;
             });
    if (!st)
        return st.error();
    if (bad)
        return *bad;
    return out;
}

Result<std::int64_t> SqliteServerStore::userCount() {
    auto r = reader();
    if (!r)
        return r.error();
    return scalar((*r)->db(), "SELECT COUNT(*) FROM users");
}

Status SqliteServerStore::setPassword(const std::string& userId, const std::string& hash) {
    auto n = write("UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = 0 "
                   "WHERE id = ?",
                   [&](Stmt& s) { s.bind(1, hash).bind(2, userId); });
    if (!n)
        return n.error();
    if (*n == 0)
        return Error{ErrorKind::NotFound, "unknown_user", "用户 " + userId + " 不存在"};
    return ok();
}

Status SqliteServerStore::setUserActive(const std::string& userId, bool active) {
    auto n = write("UPDATE users SET active = ? WHERE id = ?",
                   [&](Stmt& s) { s.bind(1, active ? 1 : 0).bind(2, userId); });
    if (!n)
        return n.error();
    if (*n == 0)
        return Error{ErrorKind::NotFound, "unknown_user", "用户 " + userId + " 不存在"};
    return ok();
}

Result<int> SqliteServerStore::addLoginFailure(const std::string& userId) {
    const std::lock_guard lock(m_writeMutex);
    auto n = change(*m_writer, "UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ?",
                    [&](Stmt& s) { s.bind(1, userId); });
    if (!n)
        return n.error();
    if (*n == 0)
        return Error{ErrorKind::NotFound, "unknown_user", "用户 " + userId + " 不存在"};
    int count = 0;
    auto st = each(
        *m_writer, "SELECT failed_logins FROM users WHERE id = ?",
        [&](Stmt& s) { s.bind(1, userId); },
        [&](Stmt& s) {
            count = s.integer(0);
            return false;
        });
    if (!st)
        return st.error();
    return count;
}

Status SqliteServerStore::setLockedUntil(const std::string& userId, Instant until) {
    auto n = write("UPDATE users SET locked_until = ? WHERE id = ?",
                   [&](Stmt& s) { s.bind(1, until).bind(2, userId); });
    if (!n)
        return n.error();
    return ok();
}

Status SqliteServerStore::clearLoginFailures(const std::string& userId) {
    auto n = write("UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = ?",
                   [&](Stmt& s) { s.bind(1, userId); });
    if (!n)
        return n.error();
    return ok();
}

// --- devices, enrollment and sessions
// --------------------------------------------------------------

Status SqliteServerStore::createEnrollmentCode(const EnrollmentCodeRecord& c) {
    auto n = write("INSERT INTO enrollment_codes(code_hash, site_id, department, created_at, "
                   "expires_at) VALUES(?, ?, ?, ?, ?)",
                   [&](Stmt& s) {
                       s.bind(1, c.codeHash)
                           .bind(2, c.siteId)
                           .bind(3, c.department)
                           .bind(4, c.createdAt)
                           .bind(5, c.expiresAt);
                   });
    if (!n)
        return n.error();
    return ok();
}

Result<RedeemOutcome> SqliteServerStore::redeemEnrollmentCode(const std::string& codeHash,
                                                              Instant now, DeviceRecord& device) {
    const std::lock_guard lock(m_writeMutex);
    auto tx = store::Transaction::begin(*m_writer);
    if (!tx)
        return tx.error();
    std::optional<EnrollmentCodeRecord> code;
    auto st = each(
        *m_writer,
        "SELECT site_id, department, expires_at, used_at FROM enrollment_codes "
        "WHERE code_hash = ?",
        [&](Stmt& s) { s.bind(1, codeHash); },
        [&](Stmt& s) {
            code = EnrollmentCodeRecord{};
            code->siteId = s.text(0);
            code->department = s.text(1);
            code->expiresAt = s.int64(2);
            if (!s.isNull(3))
                code->usedAt = s.int64(3);
            return false;
        });
    if (!st)
        return st.error();
    if (!code)
        return RedeemOutcome::UnknownCode;
    if (code->usedAt)
        return RedeemOutcome::UsedCode;
    if (now >= code->expiresAt)
        return RedeemOutcome::ExpiredCode;
    device.siteId = code->siteId;
    device.department = code->department;
    device.enrolledAt = now;
    device.revokedAt.reset();
    auto ins = change(*m_writer,
                      "INSERT INTO devices(id, name, site_id, department, secret_hash, "
                      "enrolled_at) VALUES(?, ?, ?, ?, ?, ?)",
                      [&](Stmt& s) {
                          s.bind(1, device.id)
                              .bind(2, device.name)
                              .bind(3, device.siteId)
                              .bind(4, device.department)
                              .bind(5, device.secretHash)
                              .bind(6, device.enrolledAt);
                      });
    if (!ins)
        return ins.error();
    auto used = change(*m_writer,
                       "UPDATE enrollment_codes SET used_at = ?, device_id = ? WHERE code_hash = ?",
                       [&](Stmt& s) { s.bind(1, now).bind(2, device.id).bind(3, codeHash); });
    if (!used)
        return used.error();
    if (auto c = (*tx)->commit(); !c)
        return c.error();
    return RedeemOutcome::Enrolled;
}

Result<std::optional<DeviceRecord>> SqliteServerStore::device(const std::string& id) {
    auto r = reader();
    if (!r)
        return r.error();
    std::optional<DeviceRecord> out;
    auto st =
        each((*r)->db(), std::string("SELECT ") + kDeviceColumns + " FROM devices WHERE id = ?",
             [&](Stmt& s) { s.bind(1, id); },
             [&](Stmt& s) {
                 out = readDevice(s);
                 return false;
             });
    if (!st)
        return st.error();
    return out;
}

Result<std::vector<DeviceRecord>> SqliteServerStore::devices() {
    auto r = reader();
    if (!r)
        return r.error();
    std::vector<DeviceRecord> out;
    auto st = each((*r)->db(),
                   std::string("SELECT ") + kDeviceColumns + " FROM devices ORDER BY site_id, id",
                   noBind, [&](Stmt& s) {
                       out.push_back(readDevice(s));
                       return true;
                   });
    if (!st)
        return st.error();
    return out;
}

Result<bool> SqliteServerStore::revokeDevice(const std::string& id, Instant now) {
    const std::lock_guard lock(m_writeMutex);
    auto tx = store::Transaction::begin(*m_writer);
    if (!tx)
        return tx.error();
    auto n =
        change(*m_writer, "UPDATE devices SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?",
               [&](Stmt& s) { s.bind(1, now).bind(2, id); });
    if (!n)
        return n.error();
    if (*n == 0)
        return false;
    auto del = change(*m_writer, "DELETE FROM sessions WHERE device_id = ?",
                      [&](Stmt& s) { s.bind(1, id); });
    if (!del)
        return del.error();
    if (auto c = (*tx)->commit(); !c)
        return c.error();
    return true;
}

Status SqliteServerStore::recordHello(const std::string& deviceId, const HelloReport& r) {
    auto n = write("UPDATE devices SET last_seen = ?, client_version = ?, backlog = ?, "
                   "last_error = ? WHERE id = ?",
                   [&](Stmt& s) {
                       s.bind(1, r.at)
                           .bind(2, r.clientVersion)
                           .bind(3, r.backlog)
                           .bind(4, r.lastError)
                           .bind(5, deviceId);
                   });
    if (!n)
        return n.error();
    return ok();
}

Status SqliteServerStore::createSession(const SessionRecord& x) {
    auto n = write("INSERT INTO sessions(token_hash, device_id, user_id, created_at, expires_at) "
                   "VALUES(?, ?, ?, ?, ?)",
                   [&](Stmt& s) {
                       s.bind(1, x.tokenHash)
                           .bind(2, x.deviceId)
                           .bind(3, x.userId)
                           .bind(4, x.createdAt)
                           .bind(5, x.expiresAt);
                   });
    if (!n)
        return n.error();
    return ok();
}

Result<std::optional<SessionRecord>> SqliteServerStore::session(const std::string& tokenHash) {
    auto r = reader();
    if (!r)
        return r.error();
    std::optional<SessionRecord> out;
    auto st = each((*r)->db(),
                   "SELECT token_hash, device_id, user_id, created_at, expires_at FROM sessions "
                   "WHERE token_hash = ?",
                   [&](Stmt& s) { s.bind(1, tokenHash); },
                   [&](Stmt& s) {
                       out = SessionRecord{s.text(0), s.text(1), s.text(2), s.int64(3), s.int64(4)};
                       return false;
                   });
    if (!st)
        return st.error();
    return out;
}

Result<std::int64_t> SqliteServerStore::purgeSessions(Instant expiredBefore) {
    auto n = write("DELETE FROM sessions WHERE expires_at < ?",
                   [&](Stmt& s) { s.bind(1, expiredBefore); });
    if (!n)
        return n.error();
    return std::int64_t{*n};
}

// --- console sessions and the audit log ----------------------------------------------------------

Status SqliteServerStore::createConsoleSession(const ConsoleSessionRecord& x) {
    auto n = write("INSERT INTO console_sessions(token_hash, user_id, created_at, expires_at, "
                   "remote) VALUES(?, ?, ?, ?, ?)",
                   [&](Stmt& s) {
                       s.bind(1, x.tokenHash)
                           .bind(2, x.userId)
                           .bind(3, x.createdAt)
                           .bind(4, x.expiresAt)
                           .bind(5, x.remote);
                   });
    if (!n)
        return n.error();
    return ok();
}

Result<std::optional<ConsoleSessionRecord>>
SqliteServerStore::consoleSession(const std::string& tokenHash) {
    auto r = reader();
    if (!r)
        return r.error();
    std::optional<ConsoleSessionRecord> out;
    auto st = each(
        (*r)->db(),
        "SELECT token_hash, user_id, created_at, expires_at, remote "
        "FROM console_sessions WHERE token_hash = ?",
        [&](Stmt& s) { s.bind(1, tokenHash); },
        [&](Stmt& s) {
            out = ConsoleSessionRecord{s.text(0), s.text(1), s.int64(2), s.int64(3), s.text(4)};
            return false;
        });
    if (!st)
        return st.error();
    return out;
}

Status SqliteServerStore::endConsoleSession(const std::string& tokenHash) {
    auto n = write("DELETE FROM console_sessions WHERE token_hash = ?",
                   [&](Stmt& s) { s.bind(1, tokenHash); });
    if (!n)
        return n.error();
    return ok();
}

// Audit rows are committed in groups: each caller waits until its own row is committed (it is
// as durable as before), but rows that arrive while a commit is under way go together in the
// next one. The console writes a row for every action, next to the action's own transaction;
// one fsync each made the rows half of the writer's commits when the departments are busy.
Status SqliteServerStore::appendAudit(const AuditRecord& x) {
    auto mine = std::make_shared<AuditTicket>();
    std::unique_lock lock(m_auditMutex);
    m_auditQueue.push_back({x, mine});
    while (!mine->done) {
        if (m_auditFlushing) {
            m_auditFlushed.wait(lock);
            continue;
        }
        m_auditFlushing = true;
        std::vector<PendingAudit> batch;
        batch.swap(m_auditQueue);
        lock.unlock();
        const Status st = writeAudits(batch);
        lock.lock();
        for (auto& p : batch) {
            p.ticket->result = st;
            p.ticket->done = true;
        }
        m_auditFlushing = false;
        m_auditFlushed.notify_all();
    }
    return mine->result;
}

Status SqliteServerStore::writeAudits(const std::vector<PendingAudit>& batch) {
    const std::lock_guard lock(m_writeMutex);
    auto tx = store::Transaction::begin(*m_writer);
    if (!tx)
        return tx.error();
    for (const auto& p : batch) {
        const AuditRecord& x = p.record;
        auto n = change(*m_writer,
                        "INSERT INTO audit_log(at, user_id, action, target, detail, remote, ok) "
                        "VALUES(?, ?, ?, ?, ?, ?, ?)",
                        [&](Stmt& s) {
                            s.bind(1, x.at)
                                .bind(2, x.userId)
                                .bind(3, x.action)
                                .bind(4, x.target)
                                .bind(5, x.detail)
                                .bind(6, x.remote)
                                .bind(7, std::int64_t{x.ok ? 1 : 0});
                        });
        if (!n)
            return n.error();
    }
    return (*tx)->commit();
}

Result<std::vector<AuditRecord>> SqliteServerStore::auditLog(std::int64_t beforeSeq,
                                                             std::size_t limit) {
    auto r = reader();
    if (!r)
        return r.error();
    std::vector<AuditRecord> out;
    auto st =
        each((*r)->db(),
             "SELECT seq, at, user_id, action, target, detail, remote, ok FROM audit_log "
             "WHERE seq < ? ORDER BY seq DESC LIMIT ?",
             [&](Stmt& s) {
                 s.bind(1, beforeSeq > 0 ? beforeSeq : std::numeric_limits<std::int64_t>::max())
                     .bind(2, static_cast<std::int64_t>(limit));
             },
             [&](Stmt& s) {
                 out.push_back(AuditRecord{s.int64(0), s.int64(1), s.text(2), s.text(3), s.text(4),
                                           s.text(5), s.text(6), s.int64(7) != 0});
                 return true;
             });
    if (!st)
        return st.error();
    return out;
}

Status SqliteServerStore::putCatalogDraft(const CatalogDraftRecord& d) {
    auto n = write("INSERT OR REPLACE INTO catalog_drafts(item_id, body, user_id, updated_at) "
                   "VALUES(?, ?, ?, ?)",
                   [&](Stmt& s) {
                       s.bind(1, d.itemId).bind(2, d.body).bind(3, d.userId).bind(4, d.updatedAt);
                   });
    if (!n)
        return n.error();
    return ok();
}

Result<std::vector<CatalogDraftRecord>> SqliteServerStore::catalogDrafts() {
    auto r = reader();
    if (!r)
        return r.error();
    std::vector<CatalogDraftRecord> out;
    auto st = each((*r)->db(),
                   "SELECT item_id, body, user_id, updated_at FROM catalog_drafts ORDER BY item_id",
                   noBind, [&](Stmt& s) {
                       out.push_back({s.text(0), s.text(1), s.text(2), s.int64(3)});
                       return true;
                   });
    if (!st)
        return st.error();
    return out;
}

Status SqliteServerStore::deleteCatalogDraft(const std::string& itemId) {
    auto n =
        write("DELETE FROM catalog_drafts WHERE item_id = ?", [&](Stmt& s) { s.bind(1, itemId); });
    if (!n)
        return n.error();
    return ok();
}

Result<std::int64_t> SqliteServerStore::addSupervisionNotice(const SupervisionNoticeRecord& x) {
    std::lock_guard lock(m_writeMutex);
    auto stmt = m_writer->prepare("INSERT INTO supervision_notices(case_id, unit, reason, "
                                  "issued_by, issued_at, reply_due) VALUES(?, ?, ?, ?, ?, ?) "
                                  "RETURNING id");
    if (!stmt)
        return stmt.error();
    (*stmt)
        ->bind(1, x.caseId)
        .bind(2, x.unit)
        .bind(3, x.reason)
        .bind(4, x.issuedBy)
        .bind(5, x.issuedAt)
        .bind(6, x.replyDue);
    auto row = (*stmt)->step();
    if (!row)
        return row.error();
    if (!*row)
        return Error{ErrorKind::Retryable, "internal", "no id for the supervision notice"};
    const std::int64_t id = (*stmt)->int64(0);
    // Step to the end, so that the statement (and its implicit transaction) is finished.
    if (auto done = (*stmt)->step(); !done)
        return done.error();
    return id;
}

Result<std::vector<SupervisionNoticeRecord>> SqliteServerStore::supervisionNotices() {
    auto r = reader();
    if (!r)
        return r.error();
    std::vector<SupervisionNoticeRecord> out;
    auto st = each((*r)->db(),
                   "SELECT id, case_id, unit, reason, issued_by, issued_at, reply_due, reply, "
                   "replied_by, replied_at FROM supervision_notices ORDER BY id DESC",
                   noBind, [&](Stmt& s) {
                       SupervisionNoticeRecord n{s.int64(0), s.text(1),   s.text(2),  s.text(3),
                                                 s.text(4),  s.int64(5),  s.int64(6), s.text(7),
                                                 s.text(8),  std::nullopt};
                       if (!s.isNull(9))
                           n.repliedAt = s.int64(9);
                       out.push_back(std::move(n));
                       return true;
                   });
    if (!st)
        return st.error();
    return out;
}

Result<bool> SqliteServerStore::replySupervisionNotice(std::int64_t id, const std::string& reply,
                                                       const std::string& userId, Instant at) {
    auto n = write("UPDATE supervision_notices SET reply = ?, replied_by = ?, replied_at = ? "
                   "WHERE id = ? AND replied_at IS NULL",
                   [&](Stmt& s) { s.bind(1, reply).bind(2, userId).bind(3, at).bind(4, id); });
    if (!n)
        return n.error();
    return *n == 1;
}

// --- events -----------------------------------------------------------------------------------

class SqliteServerStore::Tx final : public ServerStore::WriteTx {
public:
    Tx(std::unique_lock<std::mutex> lock, Db& db, std::unique_ptr<store::Transaction> tx)
        : m_lock(std::move(lock))
        , m_db(db)
        , m_tx(std::move(tx)) {}

    Result<std::optional<StoredEvent>> eventById(const std::string& id) override {
        std::optional<StoredEvent> out;
        auto st = each(
            m_db, "SELECT server_seq, id, case_id, body FROM events WHERE id = ?",
            [&](Stmt& s) { s.bind(1, id); },
            [&](Stmt& s) {
                out = StoredEvent{s.int64(0), s.text(1), s.text(2), s.text(3)};
                return false;
            });
        if (!st)
            return st.error();
        return out;
    }

    Result<std::int64_t> caseHead(const std::string& caseId) override {
        std::int64_t head = 0;
        auto st = each(
            m_db, "SELECT COALESCE(MAX(server_seq), 0) FROM events WHERE case_id = ?",
            [&](Stmt& s) { s.bind(1, caseId); },
            [&](Stmt& s) {
                head = s.int64(0);
                return false;
            });
        if (!st)
            return st.error();
        return head;
    }

    Result<std::vector<StoredEvent>> caseEvents(const std::string& caseId) override {
        std::vector<StoredEvent> out;
        auto st = each(
            m_db,
            "SELECT server_seq, id, case_id, body FROM events WHERE case_id = ? "
            "ORDER BY server_seq",
            [&](Stmt& s) { s.bind(1, caseId); },
            [&](Stmt& s) {
                out.push_back({s.int64(0), s.text(1), s.text(2), s.text(3)});
                return true;
            });
        if (!st)
            return st.error();
        return out;
    }

    Result<std::vector<std::string>> caseReaders(const std::string& caseId) override {
        std::vector<std::string> out;
        auto st = each(
            m_db, "SELECT reader FROM case_access WHERE case_id = ? ORDER BY reader",
            [&](Stmt& s) { s.bind(1, caseId); },
            [&](Stmt& s) {
                out.push_back(s.text(0));
                return true;
            });
        if (!st)
            return st.error();
        return out;
    }

    Result<std::int64_t> appendEvent(const NewEvent& e) override {
        auto n = change(m_db, "INSERT INTO events(id, case_id, body, stored_at) VALUES(?, ?, ?, ?)",
                        [&](Stmt& s) {
                            s.bind(1, e.id).bind(2, e.caseId).bind(3, e.body).bind(4, e.storedAt);
                        });
        if (!n) {
            if (n.error().code == "constraint")
                return Error{ErrorKind::Conflict, "duplicate_event",
                             "event " + e.id + " is stored already"};
            return n.error();
        }
        const std::int64_t seq = m_db.lastInsertRowid();
        // The case's readers so far read it; one granted by this event gets it in grantAccess.
        auto r = change(m_db,
                        "INSERT INTO reader_events(reader, server_seq) "
                        "SELECT reader, ?1 FROM case_access WHERE case_id = ?2",
                        [&](Stmt& s) { s.bind(1, seq).bind(2, e.caseId); });
        if (!r)
            return r.error();
        return seq;
    }

    Status grantAccess(const std::string& caseId, const std::string& reader,
                       std::int64_t grantedSeq) override {
        auto n = change(m_db,
                        "INSERT OR IGNORE INTO case_access(case_id, reader, granted_seq, history) "
                        "VALUES(?1, ?2, ?3, EXISTS(SELECT 1 FROM events WHERE case_id = ?1 AND "
                        "server_seq < ?3))",
                        [&](Stmt& s) { s.bind(1, caseId).bind(2, reader).bind(3, grantedSeq); });
        if (!n)
            return n.error();
        if (*n == 0)
            return ok(); // the reader had the case already
        auto r = change(m_db,
                        "INSERT OR IGNORE INTO reader_events(reader, server_seq) "
                        "SELECT ?1, server_seq FROM events WHERE case_id = ?2 AND server_seq >= ?3",
                        [&](Stmt& s) { s.bind(1, reader).bind(2, caseId).bind(3, grantedSeq); });
        if (!r)
            return r.error();
        return ok();
    }

    Result<std::int64_t> nextOfficialSequence(const std::string& cityCode,
                                              const std::string& day) override {
        std::int64_t next = 0;
        auto st = each(
            m_db,
            "INSERT INTO official_counters(city, day, last) VALUES(?, ?, 1) "
            "ON CONFLICT(city, day) DO UPDATE SET last = last + 1 RETURNING last",
            [&](Stmt& s) { s.bind(1, cityCode).bind(2, day); },
            [&](Stmt& s) {
                next = s.int64(0);
                return false;
            });
        if (!st)
            return st.error();
        if (next < 1)
            return corrupt("the official counter of " + cityCode + " " + day + " returned nothing");
        return next;
    }

    Status addCaseNumber(const std::string& caseId, const std::string& number,
                         CaseNumberKind kind) override {
        const bool official = kind == CaseNumberKind::Official;
        auto n = change(m_db,
                        std::string(official ? "INSERT" : "INSERT OR IGNORE") +
                            " INTO case_numbers(number, case_id, kind) VALUES(?, ?, ?)",
                        [&](Stmt& s) {
                            s.bind(1, number).bind(2, caseId).bind(3, official ? "official"
                                                                               : "provisional");
                        });
        if (!n) {
            if (n.error().code == "constraint")
                return Error{ErrorKind::Conflict, "number_taken",
                             "正式办件编号 " + number + " 已被使用，或办件 " + caseId +
                                 " 已有正式编号"};
            return n.error();
        }
        return ok();
    }

    Status savepoint() override { return m_db.exec("SAVEPOINT request"); }
    Status releaseSavepoint() override { return m_db.exec("RELEASE request"); }
    // ROLLBACK TO keeps the savepoint open; RELEASE then ends it. When SQLite has rolled the
    // whole transaction back already (a full disk, an I/O error), there is no savepoint any
    // more and this fails: the caller abandons the transaction.
    Status rollbackToSavepoint() override {
        if (auto st = m_db.exec("ROLLBACK TO request"); !st)
            return st;
        return m_db.exec("RELEASE request");
    }
    Status commit() override { return m_tx->commit(); }

private:
    std::unique_lock<std::mutex> m_lock; // declared first: released after the rollback
    Db& m_db;
    std::unique_ptr<store::Transaction> m_tx;
};

Result<std::unique_ptr<ServerStore::WriteTx>> SqliteServerStore::beginWrite() {
    std::unique_lock lock(m_writeMutex);
    auto tx = store::Transaction::begin(*m_writer);
    if (!tx)
        return tx.error();
    return std::unique_ptr<WriteTx>(new Tx(std::move(lock), *m_writer, std::move(*tx)));
}

Result<PullPage> SqliteServerStore::pull(const std::vector<std::string>& readers, PullCursor after,
                                         std::size_t limit) {
    PullPage page;
    page.next = after;
    if (readers.empty() || limit == 0)
        return page;
    auto r = reader();
    if (!r)
        return r.error();
    Db& db = (*r)->db();
    ReadSnapshot snapshot(db);
    if (auto st = snapshot.begin(); !st)
        return st.error();

    const std::size_t n = readers.size();
    const std::string in = placeholders(n);
    const auto p = [&](std::size_t i) { return "?" + std::to_string(n + i); };
    auto bindReaders = [&](Stmt& s) {
        for (std::size_t i = 0; i < n; ++i)
            s.bind(static_cast<int>(i + 1), readers[i]);
    };

    // Stream B, part 1: access rows with a backlog, granted at or after the cursor key, each the
    // earliest of the case's rows for these readers (that one sets the key of its events). Each
    // distinct case among them brings at least one event, so n * (limit + 2) rows are enough to
    // fill a page; when the list is cut short, nothing at or past its last key is emitted.
    struct Grant {
        std::string caseId;
        std::int64_t seq = 0;
    };
    std::vector<Grant> grants;
    const std::size_t grantLimit = n * (limit + 2);
    auto st = each(
        db,
        "SELECT g.case_id, g.granted_seq FROM case_access g WHERE g.reader IN (" + in +
            ") AND g.history = 1 AND g.granted_seq >= " + p(1) +
            " AND NOT EXISTS (SELECT 1 FROM case_access o WHERE o.case_id = g.case_id AND "
            "o.reader IN (" +
            in + ") AND o.granted_seq < g.granted_seq) ORDER BY g.granted_seq, g.case_id LIMIT " +
            p(2),
        [&](Stmt& s) {
            bindReaders(s);
            s.bind(static_cast<int>(n + 1), after.key)
                .bind(static_cast<int>(n + 2), static_cast<std::int64_t>(grantLimit));
        },
        [&](Stmt& s) {
            grants.push_back({s.text(0), s.int64(1)});
            return true;
        });
    if (!st)
        return st.error();
    const std::int64_t bound =
        grants.size() == grantLimit ? grants.back().seq : std::numeric_limits<std::int64_t>::max();

    // Stream B, part 2: a grant's events from before it, key = granted_seq.
    std::deque<PulledEvent> bRows;
    std::size_t nextGrant = 0;
    std::set<std::string> seenCases; // two readers granted by the same event
    auto fillB = [&]() -> Status {
        while (bRows.empty() && nextGrant < grants.size()) {
            const Grant& g = grants[nextGrant++];
            if (!seenCases.insert(g.caseId).second)
                continue;
            auto e = each(
                db,
                "SELECT server_seq, body FROM events WHERE case_id = ? AND server_seq < ? "
                "ORDER BY server_seq",
                [&](Stmt& s) { s.bind(1, g.caseId).bind(2, g.seq); },
                [&](Stmt& s) {
                    const PullCursor pos{g.seq, s.int64(0)};
                    if (pos > after)
                        bRows.push_back({pos, s.text(1)});
                    return true;
                });
            if (!e)
                return e;
        }
        return ok();
    };

    // Stream A: events from the cursor key on, in server order, whose case the readers already
    // had: each reader's reader_events rows from the key on (one more than a page can take, as
    // the row at the cursor itself may be skipped), merged without repeats. A reader whose rows
    // were cut short bounds the merge at its last row: past it, another reader's rows may be
    // missing, so nothing there is emitted in this page.
    std::vector<std::int64_t> aSeqs;
    std::int64_t aBound = std::numeric_limits<std::int64_t>::max();
    const std::size_t aLimit = limit + 1;
    for (const std::string& rd : readers) {
        std::size_t got = 0;
        std::int64_t last = 0;
        auto e = each(
            db,
            "SELECT server_seq FROM reader_events WHERE reader = ? AND server_seq >= ? "
            "ORDER BY server_seq LIMIT ?",
            [&](Stmt& s) {
                s.bind(1, rd).bind(2, after.key).bind(3, static_cast<std::int64_t>(aLimit));
            },
            [&](Stmt& s) {
                last = s.int64(0);
                aSeqs.push_back(last);
                ++got;
                return true;
            });
        if (!e)
            return e.error();
        if (got == aLimit)
            aBound = std::min(aBound, last);
    }
    std::sort(aSeqs.begin(), aSeqs.end());
    aSeqs.erase(std::unique(aSeqs.begin(), aSeqs.end()), aSeqs.end());
    std::erase_if(aSeqs, [&](std::int64_t seq) {
        return seq > aBound || PullCursor{seq, seq} <= after;
    });
    auto body = db.prepare("SELECT body FROM events WHERE server_seq = ?");
    if (!body)
        return body.error();
    Stmt& bodyOf = **body;
    std::size_t nextA = 0;
    std::optional<PulledEvent> aRow;
    auto fillA = [&]() -> Status {
        if (aRow || nextA == aSeqs.size())
            return ok();
        const std::int64_t seq = aSeqs[nextA++];
        bodyOf.bind(1, seq);
        auto row = bodyOf.step();
        const ResetAtExit reset(bodyOf);
        if (!row)
            return row.error();
        if (!*row)
            return corrupt("reader_events names event " + std::to_string(seq) +
                           ", which is not stored");
        aRow = PulledEvent{PullCursor{seq, seq}, bodyOf.text(0)};
        return ok();
    };
    bool boundHit = false;
    while (true) {
        if (auto s = fillA(); !s)
            return s.error();
        if (auto s = fillB(); !s)
            return s.error();
        const bool haveA = aRow.has_value();
        const bool haveB = !bRows.empty();
        if (!haveA && !haveB) {
            // Stream A cut short and used up: the page ends here, not the readable events.
            boundHit = aBound != std::numeric_limits<std::int64_t>::max();
            break;
        }
        const bool takeB = haveB && (!haveA || bRows.front().position < aRow->position);
        const PullCursor pos = takeB ? bRows.front().position : aRow->position;
        if (pos.key >= bound || pos.key > aBound) {
            boundHit = true;
            break;
        }
        if (page.events.size() == limit) {
            page.more = true;
            break;
        }
        if (takeB) {
            page.events.push_back(std::move(bRows.front()));
            bRows.pop_front();
        } else {
            page.events.push_back(std::move(*aRow));
            aRow.reset();
        }
    }

    if (page.more || boundHit) {
        page.more = true;
        if (!page.events.empty())
            page.next = page.events.back().position;
    } else {
        // Everything readable up to the newest event has been handed out.
        auto last = scalar(db, "SELECT COALESCE(MAX(server_seq), 0) FROM events");
        if (!last)
            return last.error();
        // A cursor beyond the newest event was never handed out by this store: it was forged, or
        // the store was restored from an older backup. Say so rather than wait for numbers the
        // device thinks it has seen.
        if (after.key > *last)
            return Error{ErrorKind::InvalidInput, "bad_request",
                         "同步游标 " + std::to_string(after.key) + ":" + std::to_string(after.seq) +
                             " 超出服务器已有的事件（最新为 " + std::to_string(*last) +
                             "），请从头同步"};
        page.next = PullCursor{*last, *last};
    }
    return page;
}

Result<std::vector<StoredEvent>> SqliteServerStore::caseEvents(const std::string& caseId) {
    return caseEventsAfter(caseId, 0);
}

Result<std::vector<StoredEvent>> SqliteServerStore::caseEventsAfter(const std::string& caseId,
                                                                    std::int64_t afterSeq) {
    auto r = reader();
    if (!r)
        return r.error();
    std::vector<StoredEvent> out;
    auto st = each((*r)->db(),
                   "SELECT server_seq, id, case_id, body FROM events WHERE case_id = ? AND "
                   "server_seq > ? ORDER BY server_seq",
                   [&](Stmt& s) { s.bind(1, caseId).bind(2, afterSeq); },
                   [&](Stmt& s) {
                       out.push_back({s.int64(0), s.text(1), s.text(2), s.text(3)});
                       return true;
                   });
    if (!st)
        return st.error();
    return out;
}

Result<std::int64_t> SqliteServerStore::lastServerSeq() {
    auto r = reader();
    if (!r)
        return r.error();
    return scalar((*r)->db(), "SELECT COALESCE(MAX(server_seq), 0) FROM events");
}

Result<std::vector<EventRef>> SqliteServerStore::eventsAfter(std::int64_t serverSeq,
                                                             std::size_t limit) {
    auto r = reader();
    if (!r)
        return r.error();
    std::vector<EventRef> out;
    auto st = each(
        (*r)->db(),
        "SELECT server_seq, case_id FROM events WHERE server_seq > ? ORDER BY server_seq LIMIT ?",
        [&](Stmt& s) { s.bind(1, serverSeq).bind(2, static_cast<std::int64_t>(limit)); },
        [&](Stmt& s) {
            out.push_back({s.int64(0), s.text(1)});
            return true;
        });
    if (!st)
        return st.error();
    return out;
}

Result<std::vector<std::string>>
SqliteServerStore::readersOfCases(const std::vector<std::string>& caseIds) {
    std::set<std::string> readers;
    if (caseIds.empty())
        return std::vector<std::string>();
    auto r = reader();
    if (!r)
        return r.error();
    // One statement, reused: a list of any length needs no dynamic SQL.
    for (const auto& id : caseIds) {
        auto st = each((*r)->db(), "SELECT reader FROM case_access WHERE case_id = ?",
                       [&](Stmt& s) { s.bind(1, id); },
                       [&](Stmt& s) {
                           readers.insert(s.text(0));
                           return true;
                       });
        if (!st)
            return st.error();
    }
    return std::vector<std::string>(readers.begin(), readers.end());
}

Result<std::vector<std::string>> SqliteServerStore::casesOfReader(const std::string& reader) {
    auto r = this->reader();
    if (!r)
        return r.error();
    std::vector<std::string> out;
    auto st = each((*r)->db(), "SELECT case_id FROM case_access WHERE reader = ? ORDER BY case_id",
                   [&](Stmt& s) { s.bind(1, reader); },
                   [&](Stmt& s) {
                       out.push_back(s.text(0));
                       return true;
                   });
    if (!st)
        return st.error();
    return out;
}

Result<std::vector<std::string>> SqliteServerStore::casesByNumber(const std::string& number) {
    auto r = reader();
    if (!r)
        return r.error();
    std::vector<std::string> out;
    auto st = each((*r)->db(),
                   "SELECT DISTINCT case_id FROM case_numbers WHERE number = ? ORDER BY case_id",
                   [&](Stmt& s) { s.bind(1, number); },
                   [&](Stmt& s) {
                       out.push_back(s.text(0));
                       return true;
                   });
    if (!st)
        return st.error();
    return out;
}

// --- reference data -----------------------------------------------------------------------------

Status SqliteServerStore::putReference(const ReferenceSet& ref) {
    const std::lock_guard lock(m_writeMutex);
    auto tx = store::Transaction::begin(*m_writer);
    if (!tx)
        return tx.error();
    auto current = scalar(*m_writer, "SELECT COALESCE(MAX(version), 0) FROM reference_docs");
    if (!current)
        return current.error();
    if (ref.version <= *current)
        return Error{ErrorKind::Conflict, "stale_reference",
                     "参考数据版本 " + std::to_string(ref.version) + " 不高于已有版本 " +
                         std::to_string(*current)};
    const std::pair<const char*, const std::string*> docs[] = {
        {"org", &ref.org}, {"catalog", &ref.catalog}, {"calendar", &ref.calendar}};
    for (const auto& doc : docs) {
        auto n = change(
            *m_writer, "INSERT INTO reference_docs(kind, version, body) VALUES(?, ?, ?)",
            [&](Stmt& s) { s.bind(1, doc.first).bind(2, ref.version).bind(3, *doc.second); });
        if (!n)
            return n.error();
    }
    return (*tx)->commit();
}

Result<std::int64_t> SqliteServerStore::referenceVersion() {
    auto r = reader();
    if (!r)
        return r.error();
    return scalar((*r)->db(), "SELECT COALESCE(MAX(version), 0) FROM reference_docs");
}

Result<std::optional<ReferenceSet>> SqliteServerStore::reference(std::int64_t version) {
    auto r = reader();
    if (!r)
        return r.error();
    ReferenceSet out;
    out.version = version;
    int found = 0;
    auto st = each((*r)->db(), "SELECT kind, body FROM reference_docs WHERE version = ?",
                   [&](Stmt& s) { s.bind(1, version); },
                   [&](Stmt& s) {
                       const std::string kind = s.text(0);
                       std::string* into = kind == "org"       ? &out.org
                                           : kind == "catalog" ? &out.catalog
                                                               : &out.calendar;
                       *into = s.text(1);
                       ++found;
                       return true;
                   });
    if (!st)
        return st.error();
    if (found != 3)
        return std::optional<ReferenceSet>();
    return std::optional<ReferenceSet>(std::move(out));
}

} // namespace bianmin::syncd
