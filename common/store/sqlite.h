#pragma once
// A thin, owning wrapper over the SQLite C API: a connection, prepared statements cached by SQL
// text, RAII transactions, and errors as values. One Db is used by one thread at a time (the
// store worker); it is movable, not copyable.
//
// Fault injection: failStatementAfter(n) makes the n-th statement step or exec from now fail as if
// the disk had returned an I/O error. Tests loop over n to prove that every failure point leaves
// the store consistent and usable (DESIGN.md §5, after Nextcloud's "fail the n-th operation").
#include "common/domain/result.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <sqlite3.h>
#include <string>
#include <string_view>

namespace bianmin::store {

using domain::Error;
using domain::ErrorKind;
using domain::Result;
using domain::Status;

class Db;

class Stmt {
public:
    Stmt() = default;
    Stmt(Db* db, sqlite3_stmt* stmt)
        : m_db(db)
        , m_stmt(stmt) {}

    Stmt& bind(int index, std::int64_t v);
    Stmt& bind(int index, int v) { return bind(index, std::int64_t{v}); }
    Stmt& bind(int index, std::string_view text);
    Stmt& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Stmt& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
    Stmt& bindBlob(int index, std::span<const std::uint8_t> blob);
    Stmt& bindNull(int index);
    template <typename T>
    Stmt& bind(int index, const std::optional<T>& v) {
        return v ? bind(index, *v) : bindNull(index);
    }

    // true: a row is ready; false: done. Errors are mapped to Error values.
    Result<bool> step();
    // Runs to completion, ignoring rows.
    Status run();
    void reset();

    bool isNull(int col) const;
    std::int64_t int64(int col) const;
    int integer(int col) const { return static_cast<int>(int64(col)); }
    std::string text(int col) const;
    std::span<const std::uint8_t> blob(int col) const;
    sqlite3_stmt* raw() const { return m_stmt; }

private:
    Db* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr; // owned by the Db's cache
};

class Db {
public:
    enum class Mode { ReadWriteCreate, ReadWrite, ReadOnly };
    static Result<std::unique_ptr<Db>> open(const std::filesystem::path& path,
                                            Mode mode = Mode::ReadWriteCreate);
    ~Db();
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;

    Status exec(std::string_view sql); // may hold several statements
    // A statement prepared once per connection and reset for reuse. The reference stays valid
    // for the life of the Db. Takes a view so that a literal is looked up without first being
    // copied into a std::string (the case upsert is ~900 characters, prepared on every event).
    Result<Stmt*> prepare(std::string_view sql);
    std::int64_t lastInsertRowid() const;
    int changes() const;
    sqlite3* handle() const { return m_db; }
    const std::filesystem::path& path() const { return m_path; }

    // Fault injection (tests only): the n-th statement from now fails (n >= 1); 0 turns it off.
    void failStatementAfter(int n) { m_failAfter = n; }
    // Counts statements; returns an error when the injected failure is due.
    Status countStatement();
    // Statements stepped or executed on this connection so far (tests: how many failure points
    // an operation has).
    std::int64_t statementsRun() const { return m_statements; }
    Error errorFrom(int rc, std::string_view what) const;

private:
    explicit Db(sqlite3* db, std::filesystem::path path)
        : m_db(db)
        , m_path(std::move(path)) {}
    sqlite3* m_db = nullptr;
    std::filesystem::path m_path;
    std::map<std::string, std::unique_ptr<Stmt>, std::less<>> m_cache;
    std::map<std::string, sqlite3_stmt*, std::less<>> m_raw;
    int m_failAfter = 0;
    std::int64_t m_statements = 0;
};

// BEGIN IMMEDIATE … COMMIT, rolled back on destruction unless committed.
class Transaction {
public:
    static Result<std::unique_ptr<Transaction>> begin(Db& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    Status commit();

private:
    explicit Transaction(Db& db)
        : m_db(db) {}
    Db& m_db;
    bool m_done = false;
};

} // namespace bianmin::store
