#include "tests/support/case_world.h"

#include <algorithm>
#include <catch2/catch.hpp>

namespace bianmin::testing {

const refdata::ReferenceData& demoReference() {
    static const auto ref = [] {
        auto r =
            refdata::loadReferenceData(refdata::ReferencePaths::inDirectory(BIANMIN_RESOURCES_DIR));
        if (!r)
            FAIL("cannot load the demo reference data: " << r.error().message);
        return *r;
    }();
    return *ref;
}

Instant localTime(int y, unsigned m, unsigned d, int hour, int minute) {
    return Date::fromCivil(y, m, d).startInstant() + Instant{hour * 60 + minute} * 60'000;
}

std::string residentId(const std::string& first17) {
    return first17 + residentIdCheckChar(first17);
}

std::string message(const Status& s) {
    return s ? std::string("ok") : s.error().code + ": " + s.error().message;
}

CaseWorld::CaseWorld(std::string id, std::uint64_t seed)
    : clock(localTime(2026, 11, 23, 9, 10))
    , caseId(std::move(id))
    , m_rng(seed) {}

FoldContext CaseWorld::ctx() const {
    const auto& r = demoReference();
    return {r.catalog, r.org, r.calendar};
}

const Item& CaseWorld::item(const std::string& id) const {
    const Item* it = demoReference().catalog.latest(id);
    if (!it)
        FAIL("demo catalog has no item " << id);
    return *it;
}

Event CaseWorld::make(const Actor& a, Payload p) {
    RandomBytes r{};
    for (auto& b : r)
        b = static_cast<std::uint8_t>(m_rng());
    m_hlc = hlcTick(m_hlc, clock);
    Event e;
    e.id = makeEventId(clock, r);
    e.caseId = caseId;
    e.actor = a;
    e.deviceTime = clock;
    e.hlc = m_hlc;
    e.parentId = events.empty() ? std::string() : events.back().id;
    e.payload = std::move(p);
    return e;
}

Status CaseWorld::act(const Actor& a, Payload p) {
    Event e = make(a, std::move(p));
    const Status st = checkEvent(view(), e, ctx());
    if (st)
        events.push_back(std::move(e));
    return st;
}

void CaseWorld::must(const Actor& a, Payload p) {
    const std::string type(eventTypeKey(p));
    const Status st = act(a, std::move(p));
    INFO(type << " by " << a.userId << " refused: " << message(st));
    REQUIRE(st.ok());
}

ReceivePayload CaseWorld::receive(const Actor& a, const std::string& itemId,
                                  const std::vector<std::string>& missing, bool entrusted) {
    const Item& it = item(itemId);
    ReceivePayload p;
    p.item = {it.id, it.version};
    p.applicant = {"王秀英", "111", residentId("42128119400315102"), "13812345678",
                   "湖北省赤壁市车埠镇"};
    if (a.role == Role::VillageAgent)
        p.agent = Party{a.userName, "111", residentId("42128119850620202"), "13912345678", {}};
    for (const auto& m : it.materials)
        if (std::find(missing.begin(), missing.end(), m.name) == missing.end())
            p.materials.push_back(got(m.name));
        else
            p.materials.push_back({m.name, false, false, 0});
    p.provisionalNumber = makeProvisionalNumber(a.siteId, Date::localDateOf(clock), ++m_seq);
    p.queryPasswordHash = hashQueryPassword("123456", "00ff", 1000);
    p.entrusted = entrusted;
    return p;
}

} // namespace bianmin::testing
