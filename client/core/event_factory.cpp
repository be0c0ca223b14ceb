#include "client/core/event_factory.h"

#include "common/domain/case_fold.h"

#include <array>
#include <utility>

namespace bianmin::client {

EventFactory::EventFactory(domain::Actor actor)
    : m_actor(std::move(actor)) {}

domain::RandomBytes EventFactory::randomBytes() {
    domain::RandomBytes r{};
    for (auto& b : r)
        b = static_cast<std::uint8_t>(m_entropy());
    return r;
}

domain::Event EventFactory::make(const std::string& caseId, const std::string& parentId,
                                 domain::Payload payload, domain::Instant now) {
    m_hlc = domain::hlcTick(m_hlc, now);
    domain::Event e;
    e.id = domain::makeEventId(now, randomBytes());
    e.caseId = caseId;
    e.actor = m_actor;
    e.deviceTime = now;
    e.hlc = m_hlc;
    e.parentId = parentId;
    e.payload = std::move(payload);
    return e;
}

std::string EventFactory::newCaseId(domain::Instant now) {
    return domain::makeEventId(now, randomBytes());
}

std::string EventFactory::newQueryPassword() {
    std::array<std::uint8_t, 8> r{};
    for (auto& b : r)
        b = static_cast<std::uint8_t>(m_entropy());
    return domain::makeQueryPassword(r);
}

std::string EventFactory::hashQueryPassword(const std::string& password) {
    std::array<std::uint8_t, 8> salt{};
    for (auto& b : salt)
        b = static_cast<std::uint8_t>(m_entropy());
    return domain::hashQueryPassword(password, domain::toHex(salt.data(), salt.size()));
}

std::string lastEventId(const domain::CaseView& view) {
    return view.timeline.empty() ? std::string() : view.timeline.back().eventId;
}

} // namespace bianmin::client
