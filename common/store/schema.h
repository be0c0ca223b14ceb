#pragma once
// The client store's schema, as numbered migrations tracked in PRAGMA user_version. Each migration
// runs in its own transaction; a store opened by a newer build is refused rather than misread.
//
//  1  events (sealed bodies), outbox, pending (events waiting for their case's first event),
//     cases (the case-list projection with due dates and flags for lights), keyring, reference
//     data, meta
//  2  search: FTS5 trigram index over case numbers, applicant name and item name, and a bigram
//     table for two-character names (trigram needs three characters; 张三 has two)
//  3  statistics: cases by day received, window, item and status, kept by every projection
//  4  rejected: local events the server refused; they leave the outbox and the fold, and stay
//     listed with the reason for the people who made them
//  5  an index for the case list sorted by due date (cases without a clock last)
//  6  drops cases_by_due (open cases by due_day), which no query used once 5 sorted by the
//     COALESCE expression: one index less to write on every event
//  7  the search index keeps no copy of the text it indexes (FTS5 content=''; the text is in
//     `cases`) and no token counts (columnsize=0; nothing ranks): two tables less to write on
//     every appended case
//
// Invariants: an event row and every projection row it changes commit together; `cases` can be
// rebuilt from `events` at any time; nothing in any plain column or index holds an ID number,
// phone or address (those live sealed in events.body and cases.secrets, and as keyed hashes).
#include "common/store/sqlite.h"

namespace bianmin::store {

constexpr int kSchemaVersion = 7;

Result<int> schemaVersion(Db& db);
// Applies the migrations from the current version up to `target` (default: the latest).
Status migrate(Db& db, int target = kSchemaVersion);

} // namespace bianmin::store
