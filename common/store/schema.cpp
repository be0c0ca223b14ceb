#include "common/store/schema.h"

#include <string>

namespace bianmin::store {

namespace {

constexpr const char* kMigration1 = R"sql(
CREATE TABLE meta(
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE keyring(
  user_id         TEXT PRIMARY KEY,
  wrapped         TEXT NOT NULL,          -- the data key sealed under this user's password
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until    INTEGER NOT NULL DEFAULT 0  -- ms; wrong passwords back off
) WITHOUT ROWID;

CREATE TABLE reference(
  kind    TEXT PRIMARY KEY,               -- org | catalog | calendar
  version INTEGER NOT NULL,
  name    TEXT NOT NULL,                  -- file name, for error messages
  body    BLOB NOT NULL
) WITHOUT ROWID;

CREATE TABLE events(
  seq        INTEGER PRIMARY KEY,         -- local arrival order
  id         TEXT NOT NULL UNIQUE,
  case_id    TEXT NOT NULL,
  type       TEXT NOT NULL,
  server_seq INTEGER UNIQUE,              -- NULL until the server has stored it
  hlc        TEXT NOT NULL,
  site_id    TEXT NOT NULL,
  body       BLOB NOT NULL                -- AES-256-GCM sealed event JSON, aad = id
);
CREATE INDEX events_by_case ON events(case_id, seq);

CREATE TABLE outbox(seq INTEGER PRIMARY KEY);   -- events to push, by events.seq
CREATE TABLE pending(seq INTEGER PRIMARY KEY);  -- pulled before their case's first event

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
  open       INTEGER NOT NULL,              -- 1 unless final
  origin_site TEXT NOT NULL,
  holder_site TEXT NOT NULL,
  holder_dept TEXT NOT NULL DEFAULT '',
  applicant_name TEXT NOT NULL,
  id_hash      TEXT NOT NULL DEFAULT '',    -- keyed hash of the full ID number
  id_tail_hash TEXT NOT NULL DEFAULT '',    -- keyed hash of its last 6 characters
  secrets    BLOB,                          -- sealed JSON: ID numbers, phones, addresses
  received_at INTEGER NOT NULL DEFAULT 0,   -- ms
  accepted_at INTEGER,                      -- ms
  updated_at INTEGER NOT NULL,              -- ms, the last event's device time
  due_day         INTEGER,                  -- days since epoch; NULL: no clock
  step_due_day    INTEGER,
  forward_due_day INTEGER,                  -- while a case that must go up is not forwarded
  suspend_due_day INTEGER,                  -- while a special procedure is open
  flags      INTEGER NOT NULL DEFAULT 0,    -- 1 fee violation, 2 late notice, 4 open conflict
  event_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX cases_by_received ON cases(received_at DESC, case_id);
CREATE INDEX cases_by_due ON cases(due_day, case_id) WHERE open = 1;
CREATE INDEX cases_by_status ON cases(status, received_at DESC);
CREATE INDEX cases_by_id_hash ON cases(id_hash) WHERE id_hash <> '';
CREATE INDEX cases_by_id_tail ON cases(id_tail_hash) WHERE id_tail_hash <> '';
)sql";

constexpr const char* kMigration2 = R"sql(
CREATE VIRTUAL TABLE case_fts USING fts5(numbers, applicant, item, tokenize = 'trigram');
CREATE TABLE name_grams(
  gram  TEXT NOT NULL,
  case_rowid INTEGER NOT NULL,
  PRIMARY KEY(gram, case_rowid)
) WITHOUT ROWID;
INSERT INTO case_fts(rowid, numbers, applicant, item)
  SELECT rowid_, provisional_no || ' ' || official_no, applicant_name, item_name FROM cases;
)sql";

constexpr const char* kMigration3 = R"sql(
CREATE TABLE stats(
  day     INTEGER NOT NULL,                 -- local day received (days since epoch)
  window  TEXT NOT NULL,
  item_id TEXT NOT NULL,
  status  INTEGER NOT NULL,
  n       INTEGER NOT NULL,
  PRIMARY KEY(day, window, item_id, status)
) WITHOUT ROWID;
INSERT INTO stats(day, window, item_id, status, n)
  SELECT (received_at + 28800000) / 86400000, window, item_id, status, count(*)
  FROM cases GROUP BY 1, 2, 3, 4;
)sql";

constexpr const char* kMigration4 = R"sql(
CREATE TABLE rejected(
  event_id TEXT PRIMARY KEY,               -- a local event the server refused
  code     TEXT NOT NULL,
  message  TEXT NOT NULL,
  at       INTEGER NOT NULL                -- ms
) WITHOUT ROWID;
)sql";

constexpr const char* kMigration5 = R"sql(
CREATE INDEX cases_by_due_all ON cases(COALESCE(due_day, 2147483647), case_id);
)sql";

// cases_by_due (migration 1) sorted open cases by due_day, but the case list sorts by
// COALESCE(due_day, 2147483647) (cases without a clock last), which only cases_by_due_all matches;
// EXPLAIN QUERY PLAN of every search() shape (each text kind × each filter × both orders, first
// and later pages) never picks cases_by_due. Dropping it saves about two pages of WAL per
// appended case (it changes at 受理, when the due date appears) and its upkeep on every event.
constexpr const char* kMigration6 = R"sql(
DROP INDEX IF EXISTS cases_by_due;
)sql";

// The search index without its own copy of the text (content='') and without the token count
// of each row (columnsize=0): FTS5 kept the three columns of every case a second time in
// case_fts_content, and their sizes in case_fts_docsize, for ranking; nothing reads either
// (searches read rowids only and never rank), and each was a table and a page more to write on
// every appended case. The text is the `cases` row's, which is where a row's entry is taken out
// from ('delete' is given the text it indexed; EventStore::unindexText). Without docsize the
// table cannot be scanned (count(*)): tests count its documents with fts5vocab.
constexpr const char* kMigration7 = R"sql(
DROP TABLE case_fts;
CREATE VIRTUAL TABLE case_fts USING fts5(numbers, applicant, item, tokenize = 'trigram',
                                         content = '', columnsize = 0);
INSERT INTO case_fts(rowid, numbers, applicant, item)
  SELECT rowid_, provisional_no || ' ' || official_no, applicant_name, item_name FROM cases;
)sql";

struct Migration {
    int version;
    const char* sql;
};
constexpr Migration kMigrations[] = {{1, kMigration1}, {2, kMigration2}, {3, kMigration3},
                                     {4, kMigration4}, {5, kMigration5}, {6, kMigration6},
                                     {7, kMigration7}};

} // namespace

Result<int> schemaVersion(Db& db) {
    auto stmt = db.prepare("PRAGMA user_version");
    if (!stmt)
        return stmt.error();
    auto row = (*stmt)->step();
    if (!row)
        return row.error();
    const int v = *row ? (*stmt)->integer(0) : 0;
    (*stmt)->reset();
    return v;
}

Status migrate(Db& db, int target) {
    auto current = schemaVersion(db);
    if (!current)
        return current.error();
    if (*current > kSchemaVersion)
        return Error{ErrorKind::InvalidInput, "newer_schema",
                     db.path().string() + ": made by a newer version (schema " +
                         std::to_string(*current) + "); this build reads up to " +
                         std::to_string(kSchemaVersion)};
    for (const auto& m : kMigrations) {
        if (m.version <= *current || m.version > target)
            continue;
        auto tx = Transaction::begin(db);
        if (!tx)
            return tx.error();
        if (auto st = db.exec(m.sql); !st)
            return st;
        if (auto st = db.exec("PRAGMA user_version = " + std::to_string(m.version)); !st)
            return st;
        if (auto st = (*tx)->commit(); !st)
            return st;
    }
    return domain::ok();
}

} // namespace bianmin::store
