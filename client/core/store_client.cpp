#include "client/core/store_client.h"

#include <utility>

namespace bianmin::client {

StoreClient::StoreClient(store::EventStore::Options options, QObject* parent)
    : QObject(parent)
    , m_worker(new StoreWorker(std::move(options))) {
    registerStoreMetaTypes();
    m_log = m_worker->threadLog();
    m_thread.setObjectName(QStringLiteral("bianmin-store"));
    m_worker->moveToThread(&m_thread);
    m_requests.connectTo(m_worker);
    // The worker (and with it the EventStore) is destroyed on its own thread, after its event
    // loop has stopped and before wait() in the destructor returns.
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);

    // Worker signals are emitted on the worker thread; queued, they reach our signals here.
    const auto q = Qt::QueuedConnection;
    connect(m_worker, &StoreWorker::opened, this, &StoreClient::opened, q);
    connect(m_worker, &StoreWorker::unlocked, this, &StoreClient::unlocked, q);
    connect(m_worker, &StoreWorker::keyringCreated, this, &StoreClient::keyringCreated, q);
    connect(m_worker, &StoreWorker::referencePut, this, &StoreClient::referencePut, q);
    connect(m_worker, &StoreWorker::appended, this, &StoreClient::appended, q);
    connect(m_worker, &StoreWorker::appendedAll, this, &StoreClient::appendedAll, q);
    connect(m_worker, &StoreWorker::searchFinished, this, &StoreClient::searchFinished, q);
    connect(m_worker, &StoreWorker::caseViewReady, this, &StoreClient::caseViewReady, q);
    connect(m_worker, &StoreWorker::outboxSizeReady, this, &StoreClient::outboxSizeReady, q);
    connect(m_worker, &StoreWorker::referenceReady, this, &StoreClient::referenceReady, q);
    connect(m_worker, &StoreWorker::provisionalNumberReady, this,
            &StoreClient::provisionalNumberReady, q);
    connect(m_worker, &StoreWorker::lockDone, this, &StoreClient::lockDone, q);
    connect(m_worker, &StoreWorker::failed, this, &StoreClient::failed, q);

    m_thread.start();
}

StoreClient::~StoreClient() {
    // Queued requests become no-ops, the running one finishes, then the loop stops and the
    // worker is deleted on its thread. Answers already posted to us die with this QObject.
    m_worker->cancelPending();
    m_thread.quit();
    m_thread.wait();
}

RequestId StoreClient::nextId() {
    Q_ASSERT_X(QThread::currentThread() == thread(), "StoreClient",
               "a StoreClient is used only on the thread that owns it");
    return ++m_lastId;
}

RequestId StoreClient::open(const QString& path) {
    const RequestId id = nextId();
    Q_EMIT m_requests.open(path, id);
    return id;
}

RequestId StoreClient::unlock(const QString& userId, const QString& password) {
    const RequestId id = nextId();
    Q_EMIT m_requests.unlock(userId, password, id);
    return id;
}

RequestId StoreClient::createKeyring(const QString& userId, const QString& password) {
    const RequestId id = nextId();
    Q_EMIT m_requests.createKeyring(userId, password, id);
    return id;
}

RequestId StoreClient::putReferenceFromDir(const QString& dir, int version) {
    const RequestId id = nextId();
    Q_EMIT m_requests.putReferenceFromDir(dir, version, id);
    return id;
}

RequestId StoreClient::append(const domain::Event& event) {
    const RequestId id = nextId();
    Q_EMIT m_requests.append(event, id);
    return id;
}

RequestId StoreClient::appendAll(const std::vector<domain::Event>& events) {
    const RequestId id = nextId();
    Q_EMIT m_requests.appendAll(events, id);
    return id;
}

RequestId StoreClient::search(const store::SearchQuery& query) {
    const RequestId id = nextId();
    m_worker->searchRequested(id); // older searches still queued or running give way
    Q_EMIT m_requests.search(query, id);
    return id;
}

RequestId StoreClient::caseView(const std::string& caseId) {
    const RequestId id = nextId();
    Q_EMIT m_requests.caseView(caseId, id);
    return id;
}

RequestId StoreClient::outboxSize() {
    const RequestId id = nextId();
    Q_EMIT m_requests.outboxSize(id);
    return id;
}

RequestId StoreClient::reference() {
    const RequestId id = nextId();
    Q_EMIT m_requests.reference(id);
    return id;
}

RequestId StoreClient::provisionalNumber(const QString& siteId) {
    const RequestId id = nextId();
    Q_EMIT m_requests.provisionalNumber(siteId, id);
    return id;
}

RequestId StoreClient::lock() {
    const RequestId id = nextId();
    Q_EMIT m_requests.lock(id);
    return id;
}

} // namespace bianmin::client
