#include "tools/sim/sim_device.h"

#include "common/domain/ids.h"
#include "common/store/crypto.h"
#include "tools/sim/cli.h"

#include <iostream>

namespace bianmin::sim {

using namespace bianmin::domain;

RandomBytes randomBytes() {
    RandomBytes out{};
    auto r = store::crypto::randomBytes(out.size());
    if (r)
        std::copy_n(r->begin(), out.size(), out.begin());
    return out;
}

std::string residentId(const std::string& first17) {
    return first17 + residentIdCheckChar(first17);
}

Result<std::unique_ptr<Device>> Device::open(const DeviceSetup& setup) {
    std::unique_ptr<Device> d(new Device());
    d->m_setup = setup;
    d->m_clock = setup.clock ? setup.clock : &d->m_systemClock;
    store::EventStore::Options so;
    so.kdf = store::crypto::KdfParams::fastForTests();
    so.clock = d->m_clock;
    auto s = store::EventStore::open(setup.storeFile, so);
    if (!s)
        return s.error();
    d->m_store = std::move(*s);
    d->m_http = std::make_unique<net::HttpsClient>(setup.server);
    if (d->m_store->meta("device_id").empty()) {
        if (setup.enrollmentCode.empty())
            return Error{ErrorKind::InvalidInput, "not_enrolled",
                         "the device is not enrolled and no enrollment code was given"};
        auto e = sync::enroll(*d->m_http, setup.enrollmentCode, setup.deviceName);
        if (!e)
            return e.error();
        for (const auto& [k, v] :
             {std::pair<const char*, std::string>{"device_id", e->credential.deviceId},
              {"device_secret", e->credential.secret},
              {"site_id", e->siteId}})
            if (auto st = d->m_store->setMeta(k, v); !st)
                return st.error();
        // A new device id: its pulls may leave out its own events from the start.
        if (auto st = sync::SyncEngine::noteNewDevice(*d->m_store, e->credential.deviceId); !st)
            return st.error();
    }
    d->m_credential = {d->m_store->meta("device_id"), d->m_store->meta("device_secret")};
    d->m_siteId = d->m_store->meta("site_id");
    if (auto st = d->signIn(); !st)
        return st.error();
    if (!d->m_store->hasKeyring()) {
        if (auto st = d->m_store->createKeyring(setup.userId, setup.password); !st)
            return st.error();
        auto text = sync::fetchReference(*d->m_http, d->m_credential, d->m_token);
        if (!text)
            return text.error();
        auto ref = sync::decodeReference(*text);
        if (!ref)
            return ref.error();
        if (auto st = d->m_store->putReference(ref->orgJson, ref->catalogJson, ref->calendarTsv,
                                               ref->version);
            !st)
            return st.error();
        if (auto st = d->m_store->setMeta("reference_version", std::to_string(ref->version)); !st)
            return st.error();
    } else if (auto st = d->m_store->unlock(setup.userId, setup.password); !st) {
        return st.error();
    }
    d->m_transport =
        std::make_unique<sync::HttpsTransport>(*d->m_http, d->m_credential, d->m_token);
    sync::SyncEngine::Options o;
    o.deviceId = d->m_credential.deviceId;
    o.siteId = d->m_siteId;
    o.clientVersion = setup.clientVersion;
    d->m_engine = std::make_unique<sync::SyncEngine>(*d->m_store, *d->m_transport, *d->m_clock, o);
    return d;
}

Status Device::signIn() {
    auto login = sync::login(*m_http, m_credential, m_setup.userId, m_setup.password);
    if (!login)
        return login.error();
    m_token = login->token;
    m_user = login->user;
    if (m_transport)
        m_transport->setUserToken(m_token);
    if (m_engine)
        m_engine->credentialsChanged();
    return ok();
}

sync::RoundReport Device::sync() {
    sync::RoundReport report = m_engine->runRound();
    if (report.hello && report.hello->referenceVersion > 0 &&
        m_store->meta("reference_version") != std::to_string(report.hello->referenceVersion)) {
        auto text = sync::fetchReference(*m_http, m_credential, m_token);
        auto ref =
            text ? sync::decodeReference(*text) : Result<sync::ReferenceDocument>(text.error());
        Status st = ref ? m_store->putReference(ref->orgJson, ref->catalogJson, ref->calendarTsv,
                                                ref->version)
                        : Status(ref.error());
        if (st)
            st = m_store->setMeta("reference_version", std::to_string(ref->version));
        if (!st && !report.error)
            report.error = st.error();
    }
    return report;
}

Result<std::vector<Device::EventKey>> Device::serverView() {
    sync::HttpsTransport transport(*m_http, m_credential, m_token);
    std::vector<EventKey> out;
    std::string cursor;
    for (int page = 0; page < 1'000'000; ++page) {
        auto r = transport.pull({cursor, 1000});
        if (!r)
            return r.error();
        for (auto& e : r->events)
            out.push_back({std::move(e.id), std::move(e.caseId)});
        cursor = r->nextCursor;
        if (!r->more)
            return out;
    }
    return Error{ErrorKind::Retryable, "internal", "the pull never ended"};
}

FoldContext Device::fold() const {
    const auto& r = m_store->reference();
    return {r.catalog, r.org, r.calendar};
}

Actor Device::actor() const {
    return {m_user.userId,     m_user.name,  m_user.role,          m_user.siteId,
            m_user.department, m_user.grade, m_credential.deviceId};
}

Result<Device::CaseHead> Device::head(const std::string& caseId) {
    auto latest = m_store->latestHlc(caseId);
    if (!latest)
        return latest.error();
    auto view = m_store->caseView(caseId);
    if (!view)
        return view.error();
    return CaseHead{caseId, std::move(*view), *latest};
}

Result<Event> Device::draft(const std::string& caseId, Payload payload) {
    auto h = head(caseId);
    if (!h)
        return h.error();
    return draft(*h, std::move(payload));
}

Result<Event> Device::draft(const CaseHead& head, Payload payload) {
    const Instant t = m_clock->now();
    Event e;
    e.id = makeEventId(t, randomBytes());
    e.caseId = head.caseId;
    e.actor = actor();
    e.deviceTime = t;
    e.payload = std::move(payload);
    e.hlc = hlcTick(head.latest, t);
    e.parentId = head.view.timeline.empty() ? std::string() : head.view.timeline.back().eventId;
    if (auto st = checkEvent(head.view, e, fold()); !st)
        return st.error();
    return e;
}

Status Device::act(const std::string& caseId, Payload payload) {
    auto e = draft(caseId, std::move(payload));
    if (!e)
        return e.error();
    auto done = m_store->append(*e);
    if (!done)
        return done.error();
    return ok();
}

Result<std::string> Device::create(Payload first) {
    const Instant t = m_clock->now();
    Event e;
    e.caseId = makeEventId(t, randomBytes());
    e.id = makeEventId(t, randomBytes());
    e.actor = actor();
    e.deviceTime = t;
    e.hlc = hlcTick(Hlc{}, t);
    e.payload = std::move(first);
    auto done = m_store->append(e);
    if (!done)
        return done.error();
    return e.caseId;
}

} // namespace bianmin::sim

namespace bianmin::sim {

void die(const std::string& message) {
    std::cerr << programName() << ": " << message << "\n";
    std::exit(1);
}

void must(const domain::Status& s, const std::string& what) {
    if (!s)
        die(what + ": " + s.error().message);
}

} // namespace bianmin::sim
