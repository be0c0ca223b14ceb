#include "common/store/sqlite.h"

namespace bianmin::store {

Error Db::errorFrom(int rc, std::string_view what) const {
    const int primary = rc & 0xFF;
    const std::string detail =
        std::string(what) + ": " + (m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc));
    switch (primary) {
    case SQLITE_FULL:
        return {ErrorKind::Retryable, "disk_full", "disk full: " + detail};
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return {ErrorKind::Retryable, "busy", detail};
    case SQLITE_IOERR:
        return {ErrorKind::Retryable, "io_error", detail};
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return {ErrorKind::InvalidInput, "corrupt", "database is damaged: " + detail};
    case SQLITE_CANTOPEN:
        return {ErrorKind::NotFound, "cannot_open", detail};
    case SQLITE_READONLY:
        return {ErrorKind::NotPermitted, "read_only", detail};
    case SQLITE_CONSTRAINT:
        return {ErrorKind::Conflict, "constraint", detail};
    default:
        return {ErrorKind::Retryable, "sqlite_error", detail};
    }
}

Result<std::unique_ptr<Db>> Db::open(const std::filesystem::path& path, Mode mode) {
    sqlite3* raw = nullptr;
    int flags = SQLITE_OPEN_NOMUTEX; // one thread owns the connection
    switch (mode) {
    case Mode::ReadWriteCreate:
        flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
        break;
    case Mode::ReadWrite:
        flags |= SQLITE_OPEN_READWRITE;
        break;
    case Mode::ReadOnly:
        flags |= SQLITE_OPEN_READONLY;
        break;
    }
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    std::unique_ptr<Db> db(new Db(raw, path));
    if (rc != SQLITE_OK)
        return db->errorFrom(rc, "open " + path.string());
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, 5000);
    // Pages are read through a memory map of the file (up to 1 GiB) rather than copied into the
    // connection's own page cache of 2 MB: a store of a year (a hall's computer, the server's
    // city) is then read at the cost of the operating system's page cache, shared by every
    // connection to the file, instead of a read() and a copy per page. Without it (an error
    // here), reads go through read() as before.
    (void)sqlite3_exec(raw, "PRAGMA mmap_size=1073741824;", nullptr, nullptr, nullptr);
    return db;
}

Db::~Db() {
    m_cache.clear();
    for (auto& [sql, stmt] : m_raw)
        sqlite3_finalize(stmt);
    if (m_db)
        sqlite3_close_v2(m_db);
}

Status Db::countStatement() {
    ++m_statements;
    if (m_failAfter > 0 && --m_failAfter == 0)
        return Error{ErrorKind::Retryable, "io_error", "injected I/O failure"};
    return domain::ok();
}

Status Db::exec(std::string_view sql) {
    if (auto st = countStatement(); !st)
        return st;
    char* err = nullptr;
    const std::string s(sql);
    const int rc = sqlite3_exec(m_db, s.c_str(), nullptr, nullptr, &err);
    if (err)
        sqlite3_free(err);
    if (rc != SQLITE_OK)
        return errorFrom(rc, "exec");
    return domain::ok();
}

Result<Stmt*> Db::prepare(std::string_view sql) {
    if (auto it = m_cache.find(sql); it != m_cache.end()) {
        it->second->reset();
        return it->second.get();
    }
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v3(m_db, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
    if (rc != SQLITE_OK)
        return errorFrom(rc, "prepare");
    m_raw.emplace(std::string(sql), raw);
    auto [it, fresh] = m_cache.emplace(std::string(sql), std::make_unique<Stmt>(this, raw));
    return it->second.get();
}

std::int64_t Db::lastInsertRowid() const {
    return sqlite3_last_insert_rowid(m_db);
}
int Db::changes() const {
    return sqlite3_changes(m_db);
}

Stmt& Stmt::bind(int index, std::int64_t v) {
    sqlite3_bind_int64(m_stmt, index, v);
    return *this;
}

Stmt& Stmt::bind(int index, std::string_view text) {
    sqlite3_bind_text(m_stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
}

Stmt& Stmt::bindBlob(int index, std::span<const std::uint8_t> blob) {
    sqlite3_bind_blob(m_stmt, index, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
    return *this;
}

Stmt& Stmt::bindNull(int index) {
    sqlite3_bind_null(m_stmt, index);
    return *this;
}

Result<bool> Stmt::step() {
    if (auto st = m_db->countStatement(); !st) {
        sqlite3_reset(m_stmt);
        return st.error();
    }
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    const Error e = m_db->errorFrom(rc, "step");
    sqlite3_reset(m_stmt);
    return e;
}

Status Stmt::run() {
    while (true) {
        auto r = step();
        if (!r)
            return r.error();
        if (!*r)
            return domain::ok();
    }
}

void Stmt::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

bool Stmt::isNull(int col) const {
    return sqlite3_column_type(m_stmt, col) == SQLITE_NULL;
}
std::int64_t Stmt::int64(int col) const {
    return sqlite3_column_int64(m_stmt, col);
}

std::string Stmt::text(int col) const {
    const auto* p = sqlite3_column_text(m_stmt, col);
    const int n = sqlite3_column_bytes(m_stmt, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n))
             : std::string();
}

std::span<const std::uint8_t> Stmt::blob(int col) const {
    const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(m_stmt, col));
    const int n = sqlite3_column_bytes(m_stmt, col);
    return {p, static_cast<std::size_t>(n)};
}

Result<std::unique_ptr<Transaction>> Transaction::begin(Db& db) {
    if (auto st = db.exec("BEGIN IMMEDIATE"); !st)
        return st.error();
    return std::unique_ptr<Transaction>(new Transaction(db));
}

Transaction::~Transaction() {
    if (!m_done)
        sqlite3_exec(m_db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

Status Transaction::commit() {
    auto st = m_db.exec("COMMIT");
    if (st)
        m_done = true;
    return st;
}

} // namespace bianmin::store
