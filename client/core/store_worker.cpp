#include "client/core/store_worker.h"

#include "common/domain/case_number.h"

#include <QFile>
#include <QThread>
#include <QtGlobal>
#include <exception>
#include <filesystem>
#include <utility>

namespace bianmin::client {

using domain::Error;
using domain::ErrorKind;
using domain::Status;
using store::EventStore;

namespace {

std::filesystem::path toPath(const QString& path) {
    return {QFile::encodeName(path).toStdString()};
}

} // namespace

const char* storeOpName(StoreOp op) {
    switch (op) {
    case StoreOp::Open:
        return "open";
    case StoreOp::Unlock:
        return "unlock";
    case StoreOp::CreateKeyring:
        return "createKeyring";
    case StoreOp::PutReference:
        return "putReference";
    case StoreOp::Append:
        return "append";
    case StoreOp::AppendAll:
        return "appendAll";
    case StoreOp::Search:
        return "search";
    case StoreOp::CaseView:
        return "caseView";
    case StoreOp::OutboxSize:
        return "outboxSize";
    case StoreOp::Reference:
        return "reference";
    case StoreOp::ProvisionalNumber:
        return "provisionalNumber";
    case StoreOp::Lock:
        return "lock";
    }
    return "?";
}

// --- StoreThreadLog ---------------------------------------------------------------------------

void StoreThreadLog::touched(bool onOwnerThread) {
    const std::lock_guard lock(m_mutex);
    ++m_touches;
    if (!onOwnerThread)
        ++m_wrongThread;
    m_threads.insert(std::this_thread::get_id());
}

void StoreThreadLog::destroyed() {
    const std::lock_guard lock(m_mutex);
    m_destroyedOn = std::this_thread::get_id();
}

int StoreThreadLog::touches() const {
    const std::lock_guard lock(m_mutex);
    return m_touches;
}

int StoreThreadLog::wrongThreadTouches() const {
    const std::lock_guard lock(m_mutex);
    return m_wrongThread;
}

std::set<std::thread::id> StoreThreadLog::threads() const {
    const std::lock_guard lock(m_mutex);
    return m_threads;
}

std::optional<std::thread::id> StoreThreadLog::destroyedOn() const {
    const std::lock_guard lock(m_mutex);
    return m_destroyedOn;
}

// --- StoreWorker ------------------------------------------------------------------------------

StoreWorker::StoreWorker(EventStore::Options options, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options)) {}

StoreWorker::~StoreWorker() {
    // Pairs with cancelPending(), the client's last write to this object from its thread: the
    // real ordering comes through Qt (quit, then finished), which ThreadSanitizer cannot see.
    static_cast<void>(m_cancelled.load(std::memory_order_acquire));
    closeStore();
}

bool StoreWorker::onWorkerThread(StoreOp op, RequestId id) {
    if (QThread::currentThread() == thread())
        return true;
    // A programming error, refused in every build type: SQLite must never run on the GUI thread,
    // and the EventStore is not thread-safe.
    m_log->touched(false);
    qCritical("bianmin: store request %s refused: called outside the store worker thread",
              storeOpName(op));
    Q_EMIT failed(id, op,
                  Error{ErrorKind::InvalidInput, "wrong_thread",
                        std::string("store request ") + storeOpName(op) +
                            " refused: called outside the store worker thread"});
    return false;
}

domain::Result<EventStore*> StoreWorker::store() {
    if (!m_store)
        return Error{ErrorKind::Conflict, "not_open", "本机数据库尚未打开"};
    m_log->touched(QThread::currentThread() == thread());
    // The sync worker writes the same file through its own connection: see what it committed.
    if (auto seen = m_store->noticeExternalChanges(); !seen)
        return seen.error();
    return m_store.get();
}

void StoreWorker::closeStore() {
    if (!m_store)
        return;
    m_log->touched(QThread::currentThread() == thread());
    m_store.reset();
    m_log->destroyed();
}

template <typename Body>
void StoreWorker::run(StoreOp op, RequestId id, Body&& body) {
    if (!onWorkerThread(op, id))
        return;
    if (m_cancelled.load(std::memory_order_acquire))
        return; // shutting down: dropped unanswered
    Status status = domain::ok();
    try {
        status = std::forward<Body>(body)();
    } catch (const std::exception& e) {
        // Nothing throws across a slot; the store itself reports expected failures as values.
        status = Error{ErrorKind::Retryable, "internal", e.what()};
    }
    if (!status)
        Q_EMIT failed(id, op, status.error());
}

void StoreWorker::open(const QString& path, RequestId id) {
    run(StoreOp::Open, id, [&]() -> Status {
        closeStore();
        m_log->touched(QThread::currentThread() == thread());
        auto made = EventStore::open(toPath(path), m_options);
        if (!made)
            return made.error();
        m_store = std::move(*made);
        Q_EMIT opened(id, StoreState{m_store->hasKeyring(), m_store->hasReference()});
        return domain::ok();
    });
}

void StoreWorker::unlock(const QString& userId, const QString& password, RequestId id) {
    run(StoreOp::Unlock, id, [&]() -> Status {
        auto s = store();
        if (!s)
            return s.error();
        if (auto st = (*s)->unlock(userId.toStdString(), password.toStdString()); !st)
            return st;
        Q_EMIT unlocked(id);
        return domain::ok();
    });
}

void StoreWorker::createKeyring(const QString& userId, const QString& password, RequestId id) {
    run(StoreOp::CreateKeyring, id, [&]() -> Status {
        auto s = store();
        if (!s)
            return s.error();
        if (auto st = (*s)->createKeyring(userId.toStdString(), password.toStdString()); !st)
            return st;
        Q_EMIT keyringCreated(id);
        return domain::ok();
    });
}

void StoreWorker::putReferenceFromDir(const QString& dir, int version, RequestId id) {
    run(StoreOp::PutReference, id, [&]() -> Status {
        auto s = store();
        if (!s)
            return s.error();
        const auto files = refdata::ReferencePaths::inDirectory(toPath(dir));
        if (auto st = (*s)->putReference(files, version); !st)
            return st;
        Q_EMIT referencePut(id);
        return domain::ok();
    });
}

void StoreWorker::append(const domain::Event& event, RequestId id) {
    run(StoreOp::Append, id, [&]() -> Status {
        auto s = store();
        if (!s)
            return s.error();
        auto outcome = (*s)->append(event);
        if (!outcome)
            return outcome.error();
        Q_EMIT appended(id, *outcome);
        return domain::ok();
    });
}

void StoreWorker::appendAll(const std::vector<domain::Event>& events, RequestId id) {
    run(StoreOp::AppendAll, id, [&]() -> Status {
        auto s = store();
        if (!s)
            return s.error();
        auto count = (*s)->appendAll(events);
        if (!count)
            return count.error();
        Q_EMIT appendedAll(id, *count);
        return domain::ok();
    });
}

void StoreWorker::search(const store::SearchQuery& query, RequestId id) {
    run(StoreOp::Search, id, [&]() -> Status {
        auto s = store();
        if (!s)
            return s.error();
        auto page = (*s)->search(
            query, [this, id] { return m_latestSearch.load(std::memory_order_acquire) > id; });
        if (!page)
            return page.error();
        Q_EMIT searchFinished(id, std::move(*page));
        return domain::ok();
    });
}

void StoreWorker::caseView(const std::string& caseId, RequestId id) {
    run(StoreOp::CaseView, id, [&]() -> Status {
        auto s = store();
        if (!s)
            return s.error();
        auto view = (*s)->caseView(caseId);
        if (!view)
            return view.error();
        Q_EMIT caseViewReady(id, std::move(*view));
        return domain::ok();
    });
}

void StoreWorker::outboxSize(RequestId id) {
    run(StoreOp::OutboxSize, id, [&]() -> Status {
        auto s = store();
        if (!s)
            return s.error();
        auto size = (*s)->outboxSize();
        if (!size)
            return size.error();
        Q_EMIT outboxSizeReady(id, *size);
        return domain::ok();
    });
}

void StoreWorker::reference(RequestId id) {
    run(StoreOp::Reference, id, [&]() -> Status {
        auto s = store();
        if (!s)
            return s.error();
        Q_EMIT referenceReady(id, (*s)->referenceShared());
        return domain::ok();
    });
}

void StoreWorker::provisionalNumber(const QString& siteId, RequestId id) {
    run(StoreOp::ProvisionalNumber, id, [&]() -> Status {
        auto s = store();
        if (!s)
            return s.error();
        const auto day = domain::Date::localDateOf((*s)->now());
        auto seq = (*s)->nextProvisionalSequence(siteId.toStdString(), day);
        if (!seq)
            return seq.error();
        Q_EMIT provisionalNumberReady(id, QString::fromStdString(domain::makeProvisionalNumber(
                                              siteId.toStdString(), day, *seq)));
        return domain::ok();
    });
}

void StoreWorker::lock(RequestId id) {
    run(StoreOp::Lock, id, [&]() -> Status {
        auto s = store();
        if (!s)
            return s.error();
        (*s)->lock();
        Q_EMIT lockDone(id);
        return domain::ok();
    });
}

// --- StoreRequests ----------------------------------------------------------------------------

void StoreRequests::connectTo(StoreWorker* worker) {
    const auto q = Qt::QueuedConnection;
    connect(this, &StoreRequests::open, worker, &StoreWorker::open, q);
    connect(this, &StoreRequests::unlock, worker, &StoreWorker::unlock, q);
    connect(this, &StoreRequests::createKeyring, worker, &StoreWorker::createKeyring, q);
    connect(this, &StoreRequests::putReferenceFromDir, worker, &StoreWorker::putReferenceFromDir,
            q);
    connect(this, &StoreRequests::append, worker, &StoreWorker::append, q);
    connect(this, &StoreRequests::appendAll, worker, &StoreWorker::appendAll, q);
    connect(this, &StoreRequests::search, worker, &StoreWorker::search, q);
    connect(this, &StoreRequests::caseView, worker, &StoreWorker::caseView, q);
    connect(this, &StoreRequests::outboxSize, worker, &StoreWorker::outboxSize, q);
    connect(this, &StoreRequests::reference, worker, &StoreWorker::reference, q);
    connect(this, &StoreRequests::provisionalNumber, worker, &StoreWorker::provisionalNumber, q);
    connect(this, &StoreRequests::lock, worker, &StoreWorker::lock, q);
}

void registerStoreMetaTypes() {
    qRegisterMetaType<RequestId>("bianmin::client::RequestId");
    qRegisterMetaType<StoreOp>();
    qRegisterMetaType<StoreState>();
    qRegisterMetaType<domain::Error>();
    qRegisterMetaType<domain::Event>();
    qRegisterMetaType<domain::CaseView>();
    qRegisterMetaType<store::AppendOutcome>();
    qRegisterMetaType<store::SearchQuery>();
    qRegisterMetaType<store::SearchPage>();
    qRegisterMetaType<std::vector<domain::Event>>();
    qRegisterMetaType<ReferencePtr>();
}

} // namespace bianmin::client
