#pragma once
// The server store on one SQLite file in WAL mode: the embedded default that runs with no set-up
// (DESIGN.md §4). The schema, its migrations and the pull query are described in
// sqlite_server_store.cpp.
//
// Threading: one writer connection, guarded by a mutex: every write (a WriteTx, or one of the
// single writing methods) holds it, so writes are serialised and serverSeq follows commit order.
// Reads run on a small pool of read-only connections, one per concurrent reader (a connection is
// taken from the pool for the length of one call and given back), so reads never wait for the
// writer or for each other. Every public method may be called from any thread.
#include "common/store/sqlite.h"
#include "syncserver/store/server_store.h"

#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

namespace bianmin::syncd {

class SqliteServerStore final : public ServerStore {
public:
    static constexpr int kSchemaVersion = 4;

    // Opens (creating if needed) and migrates the file. A file written by a newer build is
    // refused ("schema_too_new"), never misread.
    static domain::Result<std::unique_ptr<SqliteServerStore>>
    open(const std::filesystem::path& path);
    ~SqliteServerStore() override;
    SqliteServerStore(const SqliteServerStore&) = delete;
    SqliteServerStore& operator=(const SqliteServerStore&) = delete;

    domain::Status putSites(const std::vector<SiteRecord>& sites) override;
    domain::Result<std::optional<SiteRecord>> site(const std::string& id) override;
    domain::Result<std::vector<SiteRecord>> sites() override;

    domain::Status createUsers(const std::vector<UserRecord>& users) override;
    domain::Result<std::optional<UserRecord>> user(const std::string& id) override;
    domain::Result<std::vector<UserRecord>> usersOfSite(const std::string& siteId) override;
    domain::Result<std::int64_t> userCount() override;
    domain::Status setPassword(const std::string& userId, const std::string& hash) override;
    domain::Status setUserActive(const std::string& userId, bool active) override;
    domain::Result<int> addLoginFailure(const std::string& userId) override;
    domain::Status setLockedUntil(const std::string& userId, domain::Instant until) override;
    domain::Status clearLoginFailures(const std::string& userId) override;

    domain::Status createEnrollmentCode(const EnrollmentCodeRecord& code) override;
    domain::Result<RedeemOutcome> redeemEnrollmentCode(const std::string& codeHash,
                                                       domain::Instant now,
                                                       DeviceRecord& device) override;
    domain::Result<std::optional<DeviceRecord>> device(const std::string& id) override;
    domain::Result<std::vector<DeviceRecord>> devices() override;
    domain::Result<bool> revokeDevice(const std::string& id, domain::Instant now) override;
    domain::Status recordHello(const std::string& deviceId, const HelloReport& r) override;

    domain::Status createSession(const SessionRecord& s) override;
    domain::Result<std::optional<SessionRecord>> session(const std::string& tokenHash) override;
    domain::Result<std::int64_t> purgeSessions(domain::Instant expiredBefore) override;

    domain::Status createConsoleSession(const ConsoleSessionRecord& s) override;
    domain::Result<std::optional<ConsoleSessionRecord>>
    consoleSession(const std::string& tokenHash) override;
    domain::Status endConsoleSession(const std::string& tokenHash) override;
    domain::Status appendAudit(const AuditRecord& r) override;
    domain::Result<std::vector<AuditRecord>> auditLog(std::int64_t beforeSeq,
                                                      std::size_t limit) override;

    domain::Status putCatalogDraft(const CatalogDraftRecord& d) override;
    domain::Result<std::vector<CatalogDraftRecord>> catalogDrafts() override;
    domain::Status deleteCatalogDraft(const std::string& itemId) override;
    domain::Result<std::int64_t> addSupervisionNotice(const SupervisionNoticeRecord& n) override;
    domain::Result<std::vector<SupervisionNoticeRecord>> supervisionNotices() override;
    domain::Result<bool> replySupervisionNotice(std::int64_t id, const std::string& reply,
                                                const std::string& userId,
                                                domain::Instant at) override;

    domain::Result<std::unique_ptr<WriteTx>> beginWrite() override;
    domain::Result<PullPage> pull(const std::vector<std::string>& readers, PullCursor after,
                                  std::size_t limit) override;
    domain::Result<std::vector<StoredEvent>> caseEvents(const std::string& caseId) override;
    domain::Result<std::vector<StoredEvent>> caseEventsAfter(const std::string& caseId,
                                                             std::int64_t afterSeq) override;
    domain::Result<std::int64_t> lastServerSeq() override;
    domain::Result<std::vector<EventRef>> eventsAfter(std::int64_t serverSeq,
                                                      std::size_t limit) override;
    domain::Result<std::vector<std::string>>
    readersOfCases(const std::vector<std::string>& caseIds) override;
    domain::Result<std::vector<std::string>> casesOfReader(const std::string& reader) override;
    domain::Result<std::vector<std::string>> casesByNumber(const std::string& number) override;

    domain::Status putReference(const ReferenceSet& ref) override;
    domain::Result<std::int64_t> referenceVersion() override;
    domain::Result<std::optional<ReferenceSet>> reference(std::int64_t version) override;

    const std::filesystem::path& path() const { return m_path; }

private:
    // A read connection borrowed from the pool for one call.
    class Reader {
    public:
        Reader(SqliteServerStore& owner, std::unique_ptr<store::Db> db)
            : m_owner(owner)
            , m_db(std::move(db)) {}
        ~Reader();
        Reader(const Reader&) = delete;
        Reader& operator=(const Reader&) = delete;
        store::Db& db() { return *m_db; }

    private:
        SqliteServerStore& m_owner;
        std::unique_ptr<store::Db> m_db;
    };
    class Tx;

    SqliteServerStore(std::filesystem::path path, std::unique_ptr<store::Db> writer);
    domain::Result<std::unique_ptr<Reader>> reader();
    void giveBack(std::unique_ptr<store::Db> db);
    // Runs one writing statement under the writer lock.
    template <typename Bind>
    domain::Result<int> write(const std::string& sql, Bind&& bind);

    std::filesystem::path m_path;
    std::mutex m_writeMutex;
    std::unique_ptr<store::Db> m_writer;
    std::mutex m_poolMutex;
    std::vector<std::unique_ptr<store::Db>> m_idle;

    // Audit rows waiting for the next group commit (appendAudit).
    struct AuditTicket {
        bool done = false;
        domain::Status result = domain::Ok{};
    };
    struct PendingAudit {
        AuditRecord record;
        std::shared_ptr<AuditTicket> ticket;
    };
    domain::Status writeAudits(const std::vector<PendingAudit>& batch);
    std::mutex m_auditMutex;
    std::condition_variable m_auditFlushed;
    std::vector<PendingAudit> m_auditQueue;
    bool m_auditFlushing = false;
};

} // namespace bianmin::syncd
