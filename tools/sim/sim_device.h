#pragma once
// A client device made of the client's real parts without its window — an EventStore file, the
// SyncEngine and the HTTPS transport — for programs that act as many devices at once: the
// demo-city simulator (bianmin-sim) and the console's browser-test client (bianmin-testclient).
//
// Threading: a device is used by one thread at a time.
#include "common/domain/case_fold.h"
#include "common/net/https_client.h"
#include "common/store/event_store.h"
#include "common/sync/engine.h"
#include "common/sync/https_transport.h"

#include <filesystem>
#include <memory>
#include <string>

namespace bianmin::sim {

// A clock the program sets: simulated time, or the system's.
class SettableClock final : public store::Clock {
public:
    domain::Instant now() const override { return t ? t : m_system.now(); }
    domain::Instant t = 0; // 0: the system clock

private:
    store::SystemClock m_system;
};

struct DeviceSetup {
    net::HttpsClientConfig server;
    std::filesystem::path storeFile;
    std::string enrollmentCode; // used when the store has no device credential yet
    std::string deviceName = "bianmin-sim";
    std::string userId;
    std::string password;
    const store::Clock* clock = nullptr; // default: the system clock
    std::string clientVersion = "0.1.0-sim";
};

class Device {
public:
    // Opens the store, enrolls when it has no credential yet (meta device_id/device_secret/
    // site_id, as the window client keeps them), signs the user in, and on first use creates the
    // keyring and stores the reference data; later opens unlock the keyring instead.
    static domain::Result<std::unique_ptr<Device>> open(const DeviceSetup& setup);

    // Signs in again (sessions end after hours; a simulated day moves the server's clock).
    domain::Status signIn();
    // One sync round: push the outbox, pull until caught up; a newer reference version is
    // fetched afterwards, as the window client does.
    sync::RoundReport sync();
    // Every event the server lets this device read, pulled afresh from the beginning (for
    // convergence checks), by id and case: a hall's computer reads a million events by the end
    // of a simulated year, too many to hold whole. Does not touch the store.
    struct EventKey {
        std::string id;
        std::string caseId;
    };
    domain::Result<std::vector<EventKey>> serverView();

    // What a new event on a case follows: the case's fold and its latest HLC.
    struct CaseHead {
        std::string caseId;
        domain::CaseView view;
        domain::Hlc latest;
    };
    domain::Result<CaseHead> head(const std::string& caseId);
    // A new event on the case by this device's user, after the case's latest (parent and HLC),
    // at the clock's time. Checked by the fold first; not appended when refused. With a head
    // read once, several candidate events can be tried without reading the case again.
    domain::Result<domain::Event> draft(const std::string& caseId, domain::Payload payload);
    domain::Result<domain::Event> draft(const CaseHead& head, domain::Payload payload);
    domain::Status act(const std::string& caseId, domain::Payload payload);
    // A new case: the first event with a fresh case id.
    domain::Result<std::string> create(domain::Payload first);

    domain::FoldContext fold() const;
    domain::Actor actor() const;
    store::EventStore& store() { return *m_store; }
    const std::string& siteId() const { return m_siteId; }
    const sync::LoginProfile& user() const { return m_user; }
    const std::string& deviceId() const { return m_credential.deviceId; }
    domain::Instant now() const { return m_clock->now(); }

private:
    Device() = default;
    DeviceSetup m_setup;
    const store::Clock* m_clock = nullptr;
    store::SystemClock m_systemClock;
    std::unique_ptr<store::EventStore> m_store;
    std::unique_ptr<net::HttpsClient> m_http;
    sync::DeviceCredential m_credential;
    std::string m_token;
    sync::LoginProfile m_user;
    std::string m_siteId;
    std::unique_ptr<sync::HttpsTransport> m_transport;
    std::unique_ptr<sync::SyncEngine> m_engine;
};

// Random bytes for ids (OpenSSL).
domain::RandomBytes randomBytes();
// A resident ID with a valid check character for the first 17 digits.
std::string residentId(const std::string& first17);

} // namespace bianmin::sim
