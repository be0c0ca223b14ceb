#pragma once
// The client's store worker: the one object that owns the device's EventStore and its SQLite
// connection (DESIGN.md §5 Threads, issue #3). It lives on its own QThread, opens the store there,
// runs every request there and destroys the store there; the GUI reaches it only through
// StoreClient (store_client.h), which posts requests to it as queued signals (StoreRequests, below)
// and receives its answers as queued signals.
//
// Every request carries a RequestId and is answered exactly once: by its own result signal, or by
// failed() with the domain Error (expected failures are values; nothing throws across a slot). A
// request that is still queued when the client shuts down is dropped unanswered.
//
// Threading: a StoreWorker is created on the GUI thread and moved to its worker thread before it is
// used; from then on its slots run only on that thread. Each slot checks: a call on any other
// thread is refused (failed() with "wrong_thread", counted in the thread log) in every build
// type, so the rule is enforced rather than hoped for. The only members safe to call from another
// thread are cancelPending() and threadLog().

// moc (Qt 6.4) cannot parse the C++20 library headers (<concepts>, via <compare>) that the domain
// headers pull in, and needs nothing from them, so they are hidden from it.
#ifndef Q_MOC_RUN
#include "common/store/event_store.h"
#endif

#include <QMetaType>
#include <QObject>
#include <QString>
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace bianmin::client {

// Monotonic per StoreClient, starting at 1; a model keeps the id of its latest request and drops
// any older reply (a search superseded by a newer keystroke).
using RequestId = quint64;

// The reference data (catalog, organisation, calendar) as the store holds it: immutable, so the
// GUI thread may keep and read it; null before the first download.
using ReferencePtr = std::shared_ptr<const refdata::ReferenceData>;

// Which request a failed() answers, for logs and for models that share one error slot.
enum class StoreOp {
    Open,
    Unlock,
    CreateKeyring,
    PutReference,
    Append,
    AppendAll,
    Search,
    CaseView,
    OutboxSize,
    Reference,
    ProvisionalNumber,
    Lock,
};
const char* storeOpName(StoreOp op);

// What the screens need to know right after opening: log in, or set the device up first.
struct StoreState {
    bool hasKeyring = false;   // false: a new store, createKeyring() before anything else
    bool hasReference = false; // false: no catalog and organisation yet
};

// Which threads touched the EventStore: the check behind "the UI thread never runs SQL". The
// worker records every access (open, each call, destruction) here and tests read it. Shared, so it
// can be read after the client and its worker are gone.
//
// Threading: every member may be called from any thread (one mutex).
class StoreThreadLog {
public:
    // One access (or refused attempt) from the calling thread; `onOwnerThread` is the worker's
    // own check.
    void touched(bool onOwnerThread);
    void destroyed(); // the EventStore was destroyed on the calling thread

    int touches() const;
    int wrongThreadTouches() const; // attempts from a thread other than the worker's
    std::set<std::thread::id> threads() const;
    std::optional<std::thread::id> destroyedOn() const;

private:
    mutable std::mutex m_mutex;
    int m_touches = 0;
    int m_wrongThread = 0;
    std::set<std::thread::id> m_threads;
    std::optional<std::thread::id> m_destroyedOn;
};

class StoreWorker final : public QObject {
    Q_OBJECT
public:
    // `options` is used to open the store; its clock, when set, is read on the worker thread and
    // must outlive the worker.
    explicit StoreWorker(store::EventStore::Options options, QObject* parent = nullptr);
    ~StoreWorker() override; // on the worker thread (deleteLater on QThread::finished)
    StoreWorker(const StoreWorker&) = delete;
    StoreWorker& operator=(const StoreWorker&) = delete;

    // Any thread: requests already queued (and any queued later) are dropped unanswered. The one
    // running now finishes; its answer may still be delivered. Used by StoreClient at shutdown.
    void cancelPending() { m_cancelled.store(true, std::memory_order_release); }
    // Any thread.
    std::shared_ptr<const StoreThreadLog> threadLog() const { return m_log; }
    // Any thread: the id of the newest search asked for. A queued search older than it is
    // answered "superseded" without running, and a running one is interrupted: typing fast never
    // queues the keystrokes' searches behind one another.
    void searchRequested(RequestId id) { m_latestSearch.store(id, std::memory_order_release); }

public Q_SLOTS: // queued calls only: StoreRequests, or tests
    // Opens (creating and migrating if needed) the store at `path`; a store already open is closed
    // first. The store stays locked until unlock() or createKeyring().
    void open(const QString& path, bianmin::client::RequestId id);
    void unlock(const QString& userId, const QString& password, bianmin::client::RequestId id);
    void createKeyring(const QString& userId, const QString& password,
                       bianmin::client::RequestId id);
    // The three reference documents of a folder (org, catalog, calendar) as `version`.
    void putReferenceFromDir(const QString& dir, int version, bianmin::client::RequestId id);
    void append(const bianmin::domain::Event& event, bianmin::client::RequestId id);
    void appendAll(const std::vector<bianmin::domain::Event>& events,
                   bianmin::client::RequestId id);
    void search(const bianmin::store::SearchQuery& query, bianmin::client::RequestId id);
    void caseView(const std::string& caseId, bianmin::client::RequestId id);
    void outboxSize(bianmin::client::RequestId id);
    void reference(bianmin::client::RequestId id);
    // The next provisional case number of `siteId` for today (EventStore::nextProvisionalSequence).
    void provisionalNumber(const QString& siteId, bianmin::client::RequestId id);
    void lock(bianmin::client::RequestId id); // forgets the data key (sign-out, inactivity)

Q_SIGNALS:
    void opened(bianmin::client::RequestId id, bianmin::client::StoreState state);
    void unlocked(bianmin::client::RequestId id);
    void keyringCreated(bianmin::client::RequestId id);
    void referencePut(bianmin::client::RequestId id);
    void appended(bianmin::client::RequestId id, bianmin::store::AppendOutcome outcome);
    void appendedAll(bianmin::client::RequestId id, int count);
    void searchFinished(bianmin::client::RequestId id, bianmin::store::SearchPage page);
    void caseViewReady(bianmin::client::RequestId id, bianmin::domain::CaseView view);
    void outboxSizeReady(bianmin::client::RequestId id, int size);
    void referenceReady(bianmin::client::RequestId id, bianmin::client::ReferencePtr reference);
    void provisionalNumberReady(bianmin::client::RequestId id, QString number);
    void lockDone(bianmin::client::RequestId id);
    void failed(bianmin::client::RequestId id, bianmin::client::StoreOp op,
                bianmin::domain::Error error);

private:
    // Start of every slot: false (and the request refused with "wrong_thread") when called on any
    // thread but the worker's.
    bool onWorkerThread(StoreOp op, RequestId id);
    // The open store, recording the access; fails with "not_open" when nothing is open.
    domain::Result<store::EventStore*> store();
    void closeStore();
    // Runs one request body; an escaping exception becomes an "internal" failure.
    template <typename Body>
    void run(StoreOp op, RequestId id, Body&& body);

    store::EventStore::Options m_options;
    std::unique_ptr<store::EventStore> m_store;
    std::shared_ptr<StoreThreadLog> m_log = std::make_shared<StoreThreadLog>();
    std::atomic<bool> m_cancelled{false};
    std::atomic<RequestId> m_latestSearch{0};
};

// The worker's inbox: one signal per StoreWorker slot, each connected to it queued (connectTo), so
// emitting one posts the request to the worker thread with its arguments copied by value. This is
// how StoreClient reaches the worker: queued signals, as DESIGN.md §5 asks, and checked by the
// compiler (a functor passed to QMetaObject::invokeMethod would do the same, but clang-tidy's
// analyzer reports every such call as a leak; the string form is checked only at run time).
//
// Threading: lives on, and is emitted from, the client's (GUI) thread.
class StoreRequests final : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    void connectTo(StoreWorker* worker);

Q_SIGNALS:
    void open(const QString& path, bianmin::client::RequestId id);
    void unlock(const QString& userId, const QString& password, bianmin::client::RequestId id);
    void createKeyring(const QString& userId, const QString& password,
                       bianmin::client::RequestId id);
    void putReferenceFromDir(const QString& dir, int version, bianmin::client::RequestId id);
    void append(const bianmin::domain::Event& event, bianmin::client::RequestId id);
    void appendAll(const std::vector<bianmin::domain::Event>& events,
                   bianmin::client::RequestId id);
    void search(const bianmin::store::SearchQuery& query, bianmin::client::RequestId id);
    void caseView(const std::string& caseId, bianmin::client::RequestId id);
    void outboxSize(bianmin::client::RequestId id);
    void reference(bianmin::client::RequestId id);
    void provisionalNumber(const QString& siteId, bianmin::client::RequestId id);
    void lock(bianmin::client::RequestId id);
};

// Registers the types above and the domain types that cross threads in signals; idempotent.
void registerStoreMetaTypes();

} // namespace bianmin::client

Q_DECLARE_METATYPE(bianmin::client::StoreOp)
Q_DECLARE_METATYPE(bianmin::client::StoreState)
Q_DECLARE_METATYPE(bianmin::domain::Error)
Q_DECLARE_METATYPE(bianmin::domain::Event)
Q_DECLARE_METATYPE(bianmin::domain::CaseView)
Q_DECLARE_METATYPE(bianmin::store::AppendOutcome)
Q_DECLARE_METATYPE(bianmin::store::SearchQuery)
Q_DECLARE_METATYPE(bianmin::store::SearchPage)
Q_DECLARE_METATYPE(std::vector<bianmin::domain::Event>)
Q_DECLARE_METATYPE(bianmin::client::ReferencePtr)
