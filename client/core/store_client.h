#pragma once
// The GUI's handle on the local store (DESIGN.md §5 Threads, issue #3). StoreClient starts the
// store worker thread, posts each request to the StoreWorker there as a queued signal
// (StoreRequests) and re-emits the worker's answers, received as queued signals, on the GUI thread.
// It never touches the EventStore itself, so the UI thread never runs SQL; the worker's thread log
// (threadLog()) lets tests prove it.
//
// Each request returns its RequestId at once; the answer comes later as the matching signal with
// that id, or as failed() with the id and the domain Error (a locked store, a wrong password, an
// illegal event: expected failures are values). Ids grow monotonically and answers arrive in
// request order, so a model keeps the id of its latest request and drops older replies, e.g. a
// search superseded by a newer keystroke. Searches go further: one older than the newest search
// asked for gives way, answered with failed(…, "superseded") without running or interrupted while
// it runs, so a slow short prefix never delays the keystroke after it.
//
// Destroying the client drops the requests still queued (unanswered), waits for the one running
// (at most one store call, e.g. a key derivation) and destroys the store on the worker thread.
//
// Threading: create, use and destroy a StoreClient on one thread with an event loop (the GUI
// thread); its signals are emitted on that thread. threadLog() may be read from any thread.
#include "client/core/store_worker.h"

#include <QObject>
#include <QString>
#include <QThread>
#include <memory>
#include <string>
#include <vector>

namespace bianmin::client {

class StoreClient final : public QObject {
    Q_OBJECT
public:
    // `options` is used by the worker to open the store (the KDF parameters, the clock); a clock,
    // when set, is read on the worker thread and must outlive the client.
    explicit StoreClient(store::EventStore::Options options, QObject* parent = nullptr);
    explicit StoreClient(QObject* parent = nullptr)
        : StoreClient(store::EventStore::Options{}, parent) {}
    ~StoreClient() override;
    StoreClient(const StoreClient&) = delete;
    StoreClient& operator=(const StoreClient&) = delete;

    // Each returns the request's id; the answer is the signal named alongside, or failed().
    RequestId open(const QString& path);                                     // opened
    RequestId unlock(const QString& userId, const QString& password);        // unlocked
    RequestId createKeyring(const QString& userId, const QString& password); // keyringCreated
    RequestId putReferenceFromDir(const QString& dir, int version);          // referencePut
    RequestId append(const domain::Event& event);                            // appended
    RequestId appendAll(const std::vector<domain::Event>& events);           // appendedAll
    RequestId search(const store::SearchQuery& query);                       // searchFinished
    RequestId caseView(const std::string& caseId);                           // caseViewReady
    RequestId outboxSize();                                                  // outboxSizeReady
    RequestId reference();                                                   // referenceReady
    RequestId provisionalNumber(const QString& siteId); // provisionalNumberReady
    RequestId lock();                                   // lockDone

    // The id of the latest request made (0 before the first).
    RequestId lastRequestId() const { return m_lastId; }
    // Who touched the store, kept alive for the caller after the client is gone.
    std::shared_ptr<const StoreThreadLog> threadLog() const { return m_log; }

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
    RequestId nextId(); // checks the calling thread

    QThread m_thread;
    StoreWorker* m_worker = nullptr; // lives on m_thread; deleted there when the thread finishes
    StoreRequests m_requests;        // on this thread, connected queued to m_worker
    std::shared_ptr<const StoreThreadLog> m_log;
    RequestId m_lastId = 0;
};

} // namespace bianmin::client
