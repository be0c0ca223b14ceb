#pragma once
// The client's sync worker: the device's side of the network (DESIGN.md §3, docs/sync.md).
// It owns a second connection to the device's store file, the HTTPS client, the sync engine and
// the poke channel, on its own thread, so a slow or dead network never delays the screens: the
// store worker (store_worker.h) keeps answering searches while a round waits for a timeout. Both
// connections see each other's commits (EventStore::noticeExternalChanges), and SQLite's WAL lets
// one read while the other writes. See docs/decisions/0002-client-sync-thread.md.
//
// What it does:
// - enrollment with the one-time code from the center; the device credential, the server
//   address and the site are kept in the store's meta table;
// - sign-in: online when the server answers (a session token, the reference data and the site's
//   users are downloaded; on a new device the keyring is created for this first user), else
//   offline against the local keyring. A user who has never signed in on this device must do so
//   online once (their data key is wrapped with their password only then);
// - sync rounds: on request ("sync now", or a nudge after a local change), by itself every
//   interval, and at once when the server pokes; the engine's backoff is respected for automatic
//   rounds. An expired session is renewed with the password given at sign-in, kept in memory
//   until sign-out;
// - the poke channel: a WebSocket kept open by a helper thread while signed in, reconnecting
//   with backoff; a "pull" message starts a round.
//
// Threading: created on the GUI thread and moved to its own QThread (SyncClient does this); its
// slots run only on that thread. The poke helper thread only emits pokeReceived (queued back to
// this worker) and reads the credentials under m_pokeMutex.
#include "client/core/store_worker.h" // the shared meta types (domain::Error)
#ifndef Q_MOC_RUN
#include "common/store/event_store.h"
#include "common/sync/engine.h"
#include "common/sync/https_transport.h"
#endif

#include <QMetaType>
#include <QObject>
#include <QString>
#include <QTimer>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace bianmin::client {

// Where the server is. Empty host: whatever the device enrolled with (kept in the store).
struct ServerSettings {
    QString host;
    quint16 port = 0;
    QString caFile;
};

// What the device knows about itself (the store's meta), for the screens.
struct DeviceInfo {
    bool enrolled = false;
    QString deviceId;
    QString deviceName;
    QString siteId;
    QString department;
    ServerSettings server;
};

// The signed-in user, as the server describes them (online) or as last downloaded (offline).
struct SessionInfo {
    sync::LoginProfile user;
    bool online = false; // signed in with the server, not only against the local keyring
};

// What the status bar shows.
struct SyncStatus {
    sync::Progress progress;
    bool signedIn = false;
    bool pokeConnected = false;
};

enum class SyncOp { Start, Enroll, SignIn, Round, AddUser };

class SyncWorker final : public QObject {
    Q_OBJECT
public:
    struct Options {
        store::EventStore::Options store;
        std::string clientVersion = "0.1.0";
        int autoIntervalMs = 60'000; // an automatic round at least this often when signed in
        int tickMs = 1'000;          // how often the scheduler looks
        std::chrono::milliseconds connectTimeout{5'000};
        std::chrono::milliseconds requestTimeout{30'000};
        bool poke = true;
    };

    explicit SyncWorker(Options options, QObject* parent = nullptr);
    ~SyncWorker() override;
    SyncWorker(const SyncWorker&) = delete;
    SyncWorker& operator=(const SyncWorker&) = delete;

public Q_SLOTS:
    // Opens the store file (the store worker must have created and migrated it) and reads the
    // device's settings; `server` overrides the stored address when its host is set.
    void start(const QString& storePath, const bianmin::client::ServerSettings& server);
    void enroll(const QString& code, const QString& deviceName);
    void signIn(const QString& userId, const QString& password);
    void signOut();
    // Opens this device to another user of the site while one is signed in: the server checks
    // their password (offline: the salted slow hash the center replicated with the reference
    // data), then the data key is wrapped for them too, so they can sign in here later, offline
    // as well.
    void addLocalUser(const QString& userId, const QString& password);
    // A round now, whatever the backoff ("sync now").
    void syncNow();
    // A round soon if the backoff allows (after a local change).
    void nudge();
    void stop(); // before the thread ends: stops the poke thread and the timer

Q_SIGNALS:
    void started(bianmin::client::DeviceInfo device);
    void enrolled(bianmin::client::DeviceInfo device);
    void signedIn(bianmin::client::SessionInfo session);
    void localUserAdded(QString userId);
    void statusChanged(bianmin::client::SyncStatus status);
    // A round finished: something was pulled (the screens refresh) or pushed.
    void roundFinished(int pushed, int pulled);
    void failed(bianmin::client::SyncOp op, bianmin::domain::Error error);
    void pokeReceived(); // from the poke thread; queued to onPoke

private Q_SLOTS:
    void onPoke();
    void onTick();

private:
    domain::Status openStore(const QString& path);
    DeviceInfo deviceInfo();
    net::HttpsClientConfig clientConfig() const;
    sync::DeviceCredential credential();
    domain::Status onlineLogin();
    domain::Status storeReference(const sync::ReferenceDocument& doc);
    std::optional<sync::LoginProfile> cachedProfile(const std::string& userId);
    std::string replicatedHash(const std::string& userId); // empty when unknown
    void ensureEngine();
    void runRound();
    void emitStatus();
    void startPoke();
    void stopPoke();
    void pokeLoop();

    Options m_options;
    std::unique_ptr<store::EventStore> m_store;
    QString m_storePath;
    ServerSettings m_server;
    std::unique_ptr<net::HttpsClient> m_http;
    std::unique_ptr<sync::HttpsTransport> m_transport;
    std::unique_ptr<sync::SyncEngine> m_engine;
    store::SystemClock m_clock;
    QTimer* m_timer = nullptr;

    std::string m_userId;
    std::string m_password; // kept while signed in, to renew the session
    std::string m_token;
    domain::Instant m_tokenExpires = 0;
    std::optional<SessionInfo> m_session;
    bool m_roundWanted = false;
    domain::Instant m_lastRoundAt = 0;
    std::optional<sync::SyncError> m_loginError; // the last failed renewal of the session
    domain::Instant m_nextLoginAt = 0;           // no automatic renewal before this

    std::thread m_pokeThread;
    std::mutex m_pokeMutex; // guards the fields below and wakes the poke thread
    std::condition_variable m_pokeWake;
    bool m_pokeStop = false;
    net::HttpsClientConfig m_pokeConfig;
    sync::DeviceCredential m_pokeCredential;
    std::string m_pokeToken;
    std::atomic<bool> m_pokeConnected{false};
};

// The GUI's handle on the sync worker: starts its thread, posts requests as queued signals and
// re-emits its answers on the GUI thread.
//
// Threading: create, use and destroy on the GUI thread.
class SyncClient final : public QObject {
    Q_OBJECT
public:
    explicit SyncClient(SyncWorker::Options options, QObject* parent = nullptr);
    ~SyncClient() override;
    SyncClient(const SyncClient&) = delete;
    SyncClient& operator=(const SyncClient&) = delete;

Q_SIGNALS:
    // Requests (connected queued to the worker).
    void start(const QString& storePath, const bianmin::client::ServerSettings& server);
    void enroll(const QString& code, const QString& deviceName);
    void signIn(const QString& userId, const QString& password);
    void signOut();
    void addLocalUser(const QString& userId, const QString& password);
    void syncNow();
    void nudge();
    // Answers (re-emitted from the worker).
    void started(bianmin::client::DeviceInfo device);
    void enrolled(bianmin::client::DeviceInfo device);
    void signedIn(bianmin::client::SessionInfo session);
    void localUserAdded(QString userId);
    void statusChanged(bianmin::client::SyncStatus status);
    void roundFinished(int pushed, int pulled);
    void failed(bianmin::client::SyncOp op, bianmin::domain::Error error);

private:
    QThread* m_thread = nullptr;
    SyncWorker* m_worker = nullptr;
};

void registerSyncMetaTypes();

} // namespace bianmin::client

Q_DECLARE_METATYPE(bianmin::client::ServerSettings)
Q_DECLARE_METATYPE(bianmin::client::DeviceInfo)
Q_DECLARE_METATYPE(bianmin::client::SessionInfo)
Q_DECLARE_METATYPE(bianmin::client::SyncStatus)
Q_DECLARE_METATYPE(bianmin::client::SyncOp)
