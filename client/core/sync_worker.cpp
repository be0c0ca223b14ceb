#include "client/core/sync_worker.h"

#include <QFile>
#include <QMetaObject>
#include <QThread>
#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <exception>
#include <filesystem>
#include <utility>

namespace bianmin::client {

using domain::Error;
using domain::ErrorKind;
using domain::Status;

namespace {

// Meta keys of the device's settings in the store.
constexpr const char* kDeviceId = "device_id";
constexpr const char* kDeviceSecret = "device_secret";
constexpr const char* kDeviceName = "device_name";
constexpr const char* kSiteId = "site_id";
constexpr const char* kDepartment = "department";
constexpr const char* kServerHost = "server_host";
constexpr const char* kServerPort = "server_port";
constexpr const char* kCaFile = "ca_file";
constexpr const char* kUsers = "site_users";
// The site's users' salted slow hashes (pw1$…, crypto::hashPassword), as the reference download
// gives them: they let a signed-in user open this device to a colleague while offline.
constexpr const char* kUserHashes = "site_user_hashes";
constexpr const char* kReferenceVersion = "reference_version";

// Renew the session this long before the server would call it expired.
constexpr domain::Instant kRenewMarginMs = 60'000;
// After an online sign-in failed for want of a network, wait this long before trying again.
constexpr domain::Instant kLoginRetryMs = 30'000;

std::string str(const QString& s) {
    return s.toStdString();
}
QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

Error notSignedIn() {
    return {ErrorKind::NotPermitted, "not_signed_in", "请先登录"};
}

bool sessionExpired(const Error& e) {
    return e.code == "bad_token" || e.code == "expired_token";
}

} // namespace

SyncWorker::SyncWorker(Options options, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options)) {
    connect(this, &SyncWorker::pokeReceived, this, &SyncWorker::onPoke, Qt::QueuedConnection);
}

SyncWorker::~SyncWorker() {
    stopPoke();
}

void SyncWorker::start(const QString& storePath, const ServerSettings& server) {
    // Called again with the same store: a new server address (the session, if any, goes on).
    if (!m_store || storePath != m_storePath) {
        stopPoke();
        m_engine.reset();
        m_transport.reset();
        m_session.reset();
        if (auto st = openStore(storePath); !st) {
            Q_EMIT failed(SyncOp::Start, st.error());
            return;
        }
        m_storePath = storePath;
    }
    m_server.host = qs(m_store->meta(kServerHost));
    const std::string port = m_store->meta(kServerPort);
    m_server.port = port.empty() ? 0 : static_cast<quint16>(std::stoi(port));
    m_server.caFile = qs(m_store->meta(kCaFile));
    if (!server.host.isEmpty()) {
        m_server = server;
        // Remember a changed address at once: the next start needs no option.
        (void)m_store->setMeta(kServerHost, str(server.host));
        (void)m_store->setMeta(kServerPort, std::to_string(server.port));
        (void)m_store->setMeta(kCaFile, str(server.caFile));
        // Connections to the old address go; the engine keeps its state in the store.
        m_engine.reset();
        m_transport.reset();
        m_http.reset();
        if (m_session) {
            stopPoke();
            startPoke();
            m_roundWanted = true;
        }
    }
    if (!m_timer) {
        m_timer = new QTimer(this);
        connect(m_timer, &QTimer::timeout, this, &SyncWorker::onTick);
        m_timer->start(m_options.tickMs);
    }
    Q_EMIT started(deviceInfo());
    emitStatus();
}

Status SyncWorker::openStore(const QString& path) {
    try {
        auto s = store::EventStore::open(
            std::filesystem::path(QFile::encodeName(path).toStdString()), m_options.store);
        if (!s)
            return s.error();
        m_store = std::move(*s);
        return domain::ok();
    } catch (const std::exception& e) {
        return Error{ErrorKind::Retryable, "internal", e.what()};
    }
}

DeviceInfo SyncWorker::deviceInfo() {
    DeviceInfo d;
    d.deviceId = qs(m_store->meta(kDeviceId));
    d.enrolled = !d.deviceId.isEmpty() && !m_store->meta(kDeviceSecret).empty();
    d.deviceName = qs(m_store->meta(kDeviceName));
    d.siteId = qs(m_store->meta(kSiteId));
    d.department = qs(m_store->meta(kDepartment));
    d.server = m_server;
    return d;
}

net::HttpsClientConfig SyncWorker::clientConfig() const {
    net::HttpsClientConfig c;
    c.host = str(m_server.host);
    c.port = m_server.port;
    c.caFile = str(m_server.caFile);
    c.connectTimeout = m_options.connectTimeout;
    c.requestTimeout = m_options.requestTimeout;
    return c;
}

sync::DeviceCredential SyncWorker::credential() {
    return {m_store->meta(kDeviceId), m_store->meta(kDeviceSecret)};
}

void SyncWorker::enroll(const QString& code, const QString& deviceName) {
    if (!m_store) {
        Q_EMIT failed(SyncOp::Enroll, Error{ErrorKind::Conflict, "not_open", "store not open"});
        return;
    }
    if (m_server.host.isEmpty() || m_server.port == 0) {
        Q_EMIT failed(SyncOp::Enroll,
                      Error{ErrorKind::InvalidInput, "no_server", "请填写服务器地址和端口"});
        return;
    }
    net::HttpsClient client(clientConfig());
    auto e = sync::enroll(client, str(code.trimmed()), str(deviceName));
    if (!e) {
        Q_EMIT failed(SyncOp::Enroll, e.error());
        return;
    }
    const std::pair<const char*, std::string> settings[] = {
        {kDeviceId, e->credential.deviceId},
        {kDeviceSecret, e->credential.secret},
        {kDeviceName, str(deviceName)},
        {kSiteId, e->siteId},
        {kDepartment, e->department},
        {kServerHost, str(m_server.host)},
        {kServerPort, std::to_string(m_server.port)},
        {kCaFile, str(m_server.caFile)},
    };
    for (const auto& [key, value] : settings)
        if (auto st = m_store->setMeta(key, value); !st) {
            Q_EMIT failed(SyncOp::Enroll, st.error());
            return;
        }
    // A device id nobody used before: its pulls may leave out its own events from the start.
    if (auto st = sync::SyncEngine::noteNewDevice(*m_store, e->credential.deviceId); !st) {
        Q_EMIT failed(SyncOp::Enroll, st.error());
        return;
    }
    m_engine.reset();
    m_transport.reset();
    m_http.reset();
    Q_EMIT enrolled(deviceInfo());
}

Status SyncWorker::onlineLogin() {
    const auto cred = credential();
    if (cred.deviceId.empty())
        return Error{ErrorKind::NotPermitted, "not_enrolled", "本机尚未注册，请先用注册码注册"};
    if (!m_http)
        m_http = std::make_unique<net::HttpsClient>(clientConfig());
    auto login = sync::login(*m_http, cred, m_userId, m_password);
    if (!login)
        return login.error();
    m_token = login->token;
    m_tokenExpires = login->expiresAt;
    if (m_transport)
        m_transport->setUserToken(m_token);
    {
        const std::lock_guard lock(m_pokeMutex);
        m_pokeToken = m_token;
    }
    m_pokeWake.notify_all();
    auto text = sync::fetchReference(*m_http, cred, m_token);
    if (!text)
        return text.error();
    auto doc = sync::decodeReference(*text);
    if (!doc)
        return doc.error();
    if (auto st = storeReference(*doc); !st)
        return st;
    if (!m_session || m_session->user.userId != login->user.userId)
        m_session = SessionInfo{login->user, true};
    m_session->user = login->user;
    m_session->online = true;
    return domain::ok();
}

Status SyncWorker::storeReference(const sync::ReferenceDocument& doc) {
    if (auto seen = m_store->noticeExternalChanges(); !seen)
        return seen.error();
    if (m_store->meta(kReferenceVersion) != std::to_string(doc.version) ||
        !m_store->hasReference()) {
        if (auto st =
                m_store->putReference(doc.orgJson, doc.catalogJson, doc.calendarTsv, doc.version);
            !st)
            return st;
        if (auto st = m_store->setMeta(kReferenceVersion, std::to_string(doc.version)); !st)
            return st;
    }
    std::vector<sync::LoginProfile> users;
    users.reserve(doc.users.size());
    boost::json::object hashes;
    for (const auto& u : doc.users) {
        users.push_back(u.profile);
        hashes[u.profile.userId] = u.passwordHash;
    }
    if (auto st = m_store->setMeta(kUserHashes, boost::json::serialize(hashes)); !st)
        return st;
    return m_store->setMeta(kUsers, sync::encodeProfiles(users));
}

std::string SyncWorker::replicatedHash(const std::string& userId) {
    boost::system::error_code ec;
    const auto v = boost::json::parse(m_store->meta(kUserHashes), ec);
    if (ec || !v.is_object())
        return {};
    const auto* h = v.get_object().if_contains(userId);
    return h && h->is_string() ? std::string(h->get_string()) : std::string();
}

std::optional<sync::LoginProfile> SyncWorker::cachedProfile(const std::string& userId) {
    auto users = sync::decodeProfiles(m_store->meta(kUsers));
    if (!users)
        return std::nullopt;
    for (auto& u : *users)
        if (u.userId == userId)
            return u;
    return std::nullopt;
}

void SyncWorker::signIn(const QString& userIdText, const QString& password) {
    if (!m_store) {
        Q_EMIT failed(SyncOp::SignIn, Error{ErrorKind::Conflict, "not_open", "store not open"});
        return;
    }
    const std::string userId = str(userIdText.trimmed());
    if (userId.empty() || password.isEmpty()) {
        Q_EMIT failed(SyncOp::SignIn,
                      Error{ErrorKind::InvalidInput, "missing_credentials", "请输入用户名和密码"});
        return;
    }
    (void)m_store->noticeExternalChanges();
    bool local = false;
    if (m_store->hasKeyring()) {
        const Status st = m_store->unlock(userId, str(password));
        if (st)
            local = true;
        else if (st.error().code != "unknown_user") {
            Q_EMIT failed(SyncOp::SignIn, st.error()); // wrong password, locked for a while
            return;
        }
    }
    m_userId = userId;
    m_password = str(password);
    m_token.clear();
    m_session.reset();
    const Status online = onlineLogin();
    auto fail = [&](Error e) {
        m_password.clear();
        m_token.clear();
        m_session.reset();
        m_store->lock();
        Q_EMIT failed(SyncOp::SignIn, std::move(e));
    };
    if (!online) {
        const Error& e = online.error();
        if (!local) {
            if (e.kind != ErrorKind::Retryable)
                return fail(e);
            const std::string hash = replicatedHash(userId);
            if (!hash.empty() && store::crypto::verifyPassword(str(password), hash))
                return fail(Error{ErrorKind::NotPermitted, "not_on_device",
                                  "密码正确，但本机尚未为您开通：请联网登录一次，"
                                  "或请已登录的同事在“设置 → 本机用户”中为您开通。"});
            return fail(Error{ErrorKind::Retryable, e.code,
                              "连不上服务器：" + e.message + "。该用户在本机首次登录须联网。"});
        }
        auto profile = cachedProfile(userId);
        if (!profile)
            return fail(Error{ErrorKind::NotPermitted, "unknown_user",
                              "本机没有该用户的资料，请联网登录一次"});
        m_session = SessionInfo{*profile, false};
        if (e.kind != ErrorKind::Retryable)
            m_loginError = sync::SyncError{e.kind, e.code, e.message, m_clock.now()};
        else
            m_nextLoginAt = m_clock.now() + kLoginRetryMs;
    } else if (!local) {
        if (m_store->hasKeyring()) {
            // Another user set this device up; only a signed-in user can open the data key.
            return fail(Error{ErrorKind::NotPermitted, "not_on_device",
                              "本机已由其他用户开通。请先由已开通的用户登录，"
                              "再在“本机用户”中为您开通。"});
        }
        if (auto st = m_store->createKeyring(userId, str(password)); !st)
            return fail(st.error());
    }
    m_loginError.reset();
    if (m_session->online)
        m_nextLoginAt = 0;
    if (m_engine)
        m_engine->credentialsChanged();
    startPoke();
    m_roundWanted = true;
    Q_EMIT signedIn(*m_session);
    emitStatus();
}

void SyncWorker::signOut() {
    stopPoke();
    m_password.clear();
    m_token.clear();
    m_session.reset();
    m_loginError.reset();
    if (m_store)
        m_store->lock();
    emitStatus();
}

void SyncWorker::addLocalUser(const QString& userIdText, const QString& password) {
    const std::string userId = str(userIdText.trimmed());
    if (!m_session || !m_store || !m_store->unlocked()) {
        Q_EMIT failed(SyncOp::AddUser, notSignedIn());
        return;
    }
    if (userId.empty() || password.isEmpty()) {
        Q_EMIT failed(SyncOp::AddUser,
                      Error{ErrorKind::InvalidInput, "missing_credentials", "请输入用户名和密码"});
        return;
    }
    const auto cred = credential();
    if (!m_http)
        m_http = std::make_unique<net::HttpsClient>(clientConfig());
    auto login = sync::login(*m_http, cred, userId, str(password));
    if (!login && login.error().kind == ErrorKind::Retryable) {
        // Offline: the password is checked against the hash the center replicated.
        const std::string hash = replicatedHash(userId);
        if (hash.empty()) {
            Q_EMIT failed(SyncOp::AddUser,
                          Error{ErrorKind::NotPermitted, "unknown_user",
                                "本机没有用户 " + userId + " 的资料，请联网后再开通"});
            return;
        }
        if (!store::crypto::verifyPassword(str(password), hash)) {
            Q_EMIT failed(SyncOp::AddUser,
                          Error{ErrorKind::NotPermitted, "wrong_password", "用户名或密码错误"});
            return;
        }
    } else if (!login) {
        Q_EMIT failed(SyncOp::AddUser, login.error());
        return;
    }
    const auto profile =
        login ? std::optional<sync::LoginProfile>(login->user) : cachedProfile(userId);
    if (!profile || profile->siteId != m_store->meta(kSiteId)) {
        Q_EMIT failed(SyncOp::AddUser, Error{ErrorKind::NotPermitted, "other_site",
                                             "该用户不属于本机所在的服务场所"});
        return;
    }
    if (auto st = m_store->addUser(userId, str(password)); !st) {
        Q_EMIT failed(SyncOp::AddUser, st.error());
        return;
    }
    Q_EMIT localUserAdded(QString::fromStdString(userId));
}

void SyncWorker::ensureEngine() {
    if (!m_http)
        m_http = std::make_unique<net::HttpsClient>(clientConfig());
    if (!m_transport)
        m_transport = std::make_unique<sync::HttpsTransport>(*m_http, credential(), m_token);
    if (!m_engine) {
        sync::SyncEngine::Options o;
        o.deviceId = m_store->meta(kDeviceId);
        o.siteId = m_store->meta(kSiteId);
        o.clientVersion = m_options.clientVersion;
        m_engine = std::make_unique<sync::SyncEngine>(*m_store, *m_transport, m_clock, o);
        m_engine->setProgressCallback([this](const sync::Progress&) { emitStatus(); });
    }
}

void SyncWorker::runRound() {
    if (!m_session || !m_store || !m_store->unlocked() || credential().deviceId.empty())
        return;
    (void)m_store->noticeExternalChanges();
    const domain::Instant now = m_clock.now();
    if (m_token.empty() || now + kRenewMarginMs >= m_tokenExpires) {
        if (now < m_nextLoginAt)
            return;
        if (auto st = onlineLogin(); !st) {
            const Error& e = st.error();
            m_loginError = sync::SyncError{e.kind, e.code, e.message, now};
            m_nextLoginAt = now + kLoginRetryMs;
            m_lastRoundAt = now;
            emitStatus();
            return;
        }
        m_loginError.reset();
        m_nextLoginAt = 0;
        if (m_engine)
            m_engine->credentialsChanged();
        Q_EMIT signedIn(*m_session); // now online
    }
    ensureEngine();
    m_transport->setUserToken(m_token);
    const sync::RoundReport report = m_engine->runRound();
    m_lastRoundAt = m_clock.now();
    if (!report.ok() && sessionExpired(*report.error)) {
        m_token.clear(); // renewed at the next round
        m_engine->credentialsChanged();
        m_roundWanted = true;
    }
    // The center published new reference data (a catalog item, the calendar): fetch it now, so
    // that new applications use it. A failure is retried after the next round.
    if (report.hello && report.hello->referenceVersion > 0 &&
        m_store->meta(kReferenceVersion) != std::to_string(report.hello->referenceVersion)) {
        auto text = sync::fetchReference(*m_http, credential(), m_token);
        auto doc = text ? sync::decodeReference(*text)
                        : domain::Result<sync::ReferenceDocument>(text.error());
        if (auto st = doc ? storeReference(*doc) : domain::Status(doc.error()); !st)
            Q_EMIT failed(SyncOp::Round, st.error());
    }
    Q_EMIT roundFinished(report.pushed, report.pulled);
    if (!report.ok())
        Q_EMIT failed(SyncOp::Round, *report.error);
    emitStatus();
}

void SyncWorker::syncNow() {
    if (!m_session) {
        Q_EMIT failed(SyncOp::Round, notSignedIn());
        return;
    }
    m_nextLoginAt = 0;
    runRound();
}

void SyncWorker::nudge() {
    m_roundWanted = true;
    emitStatus(); // the outbox grew
}

void SyncWorker::onPoke() {
    m_roundWanted = true;
    emitStatus();
    onTick();
}

void SyncWorker::onTick() {
    if (!m_session)
        return;
    const domain::Instant now = m_clock.now();
    const bool periodic = now - m_lastRoundAt >= m_options.autoIntervalMs;
    if (!m_roundWanted && !periodic)
        return;
    if (m_engine && !m_engine->attemptDue())
        return;
    m_roundWanted = false;
    runRound();
}

void SyncWorker::emitStatus() {
    SyncStatus s;
    if (m_engine)
        s.progress = m_engine->progress();
    if (m_loginError &&
        (!s.progress.lastSuccessAt || *s.progress.lastSuccessAt < m_loginError->at)) {
        s.progress.state = m_loginError->kind == ErrorKind::Retryable ? sync::SyncState::Offline
                                                                      : sync::SyncState::Error;
        s.progress.lastError = m_loginError;
    }
    // The outbox as it is now (local appends come through the other connection).
    if (m_store && m_store->unlocked())
        if (auto n = m_store->outboxSize())
            s.progress.eventsToPush = *n;
    s.signedIn = m_session.has_value();
    s.pokeConnected = m_pokeConnected.load();
    Q_EMIT statusChanged(s);
}

// --- the poke channel --------------------------------------------------------------------------

void SyncWorker::startPoke() {
    if (!m_options.poke)
        return;
    {
        const std::lock_guard lock(m_pokeMutex);
        m_pokeConfig = clientConfig();
        m_pokeCredential = credential();
        m_pokeToken = m_token;
        m_pokeStop = false;
    }
    m_pokeWake.notify_all();
    if (!m_pokeThread.joinable())
        m_pokeThread = std::thread([this] { pokeLoop(); });
}

void SyncWorker::stopPoke() {
    {
        const std::lock_guard lock(m_pokeMutex);
        m_pokeStop = true;
    }
    m_pokeWake.notify_all();
    if (m_pokeThread.joinable())
        m_pokeThread.join();
    m_pokeConnected = false;
}

void SyncWorker::stop() {
    if (m_timer)
        m_timer->stop();
    stopPoke();
}

void SyncWorker::pokeLoop() {
    int failures = 0;
    while (true) {
        net::HttpsClientConfig config;
        sync::DeviceCredential cred;
        std::string token;
        {
            std::unique_lock lock(m_pokeMutex);
            if (failures > 0) {
                const auto wait = std::chrono::seconds(std::min(60, 1 << std::min(failures, 6)));
                m_pokeWake.wait_for(lock, wait, [this] { return m_pokeStop; });
            }
            m_pokeWake.wait(lock, [this] { return m_pokeStop || !m_pokeToken.empty(); });
            if (m_pokeStop)
                return;
            config = m_pokeConfig;
            cred = m_pokeCredential;
            token = m_pokeToken;
        }
        net::PokeClient poke(config);
        if (auto st = poke.connect("/api/v1/poke", sync::authHeaders(cred, token)); !st) {
            ++failures;
            continue;
        }
        failures = 0;
        m_pokeConnected = true;
        Q_EMIT pokeReceived(); // catch up with what happened while the channel was down
        while (true) {
            {
                const std::lock_guard lock(m_pokeMutex);
                if (m_pokeStop || m_pokeToken != token)
                    break;
            }
            auto message = poke.waitMessage(std::chrono::milliseconds(300));
            if (!message) {
                failures = 1;
                break;
            }
            if (!message->empty())
                Q_EMIT pokeReceived();
        }
        poke.close();
        m_pokeConnected = false;
        Q_EMIT pokeReceived();
    }
}

// --- SyncClient ----------------------------------------------------------------------------------

SyncClient::SyncClient(SyncWorker::Options options, QObject* parent)
    : QObject(parent)
    , m_thread(new QThread(this)) {
    registerSyncMetaTypes();
    m_thread->setObjectName("sync-worker");
    m_worker = new SyncWorker(std::move(options));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(this, &SyncClient::start, m_worker, &SyncWorker::start);
    connect(this, &SyncClient::enroll, m_worker, &SyncWorker::enroll);
    connect(this, &SyncClient::signIn, m_worker, &SyncWorker::signIn);
    connect(this, &SyncClient::signOut, m_worker, &SyncWorker::signOut);
    connect(this, &SyncClient::addLocalUser, m_worker, &SyncWorker::addLocalUser);
    connect(m_worker, &SyncWorker::localUserAdded, this, &SyncClient::localUserAdded);
    connect(this, &SyncClient::syncNow, m_worker, &SyncWorker::syncNow);
    connect(this, &SyncClient::nudge, m_worker, &SyncWorker::nudge);
    connect(m_worker, &SyncWorker::started, this, &SyncClient::started);
    connect(m_worker, &SyncWorker::enrolled, this, &SyncClient::enrolled);
    connect(m_worker, &SyncWorker::signedIn, this, &SyncClient::signedIn);
    connect(m_worker, &SyncWorker::statusChanged, this, &SyncClient::statusChanged);
    connect(m_worker, &SyncWorker::roundFinished, this, &SyncClient::roundFinished);
    connect(m_worker, &SyncWorker::failed, this, &SyncClient::failed);
    m_thread->start();
}

SyncClient::~SyncClient() {
    // The running round (if any) finishes first; then the poke thread and the timer stop.
    QMetaObject::invokeMethod(m_worker, "stop", Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
}

void registerSyncMetaTypes() {
    qRegisterMetaType<ServerSettings>();
    qRegisterMetaType<DeviceInfo>();
    qRegisterMetaType<SessionInfo>();
    qRegisterMetaType<SyncStatus>();
    qRegisterMetaType<SyncOp>();
    qRegisterMetaType<domain::Error>();
}

} // namespace bianmin::client
