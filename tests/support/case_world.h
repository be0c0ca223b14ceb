#pragma once
// A test world for case rules: the demo reference data, a cast of actors at real demo sites, and
// one case whose events are made, checked and appended the way the client will do it.
#include "common/domain/case_fold.h"
#include "common/domain/case_number.h"
#include "common/domain/deadlines.h"
#include "common/refdata/reference_files.h"

#include <catch2/catch.hpp>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace bianmin::testing {

using namespace bianmin::domain;

const refdata::ReferenceData& demoReference();

// Local (UTC+8) wall-clock time as an instant.
Instant localTime(int y, unsigned m, unsigned d, int hour = 9, int minute = 0);
// A valid 18-digit resident ID for the given first 17 digits.
std::string residentId(const std::string& first17);

struct Cast {
    // 车埠镇 and two of its village rooms; 赵李桥镇 and one of its rooms; the center.
    static constexpr const char* kHall = "421281909000";
    static constexpr const char* kRoom = "421281909001";
    static constexpr const char* kRoom2 = "421281909002";
    static constexpr const char* kOtherHall = "421281907000";
    static constexpr const char* kOtherRoom = "421281907001";
    static constexpr const char* kCenter = "421281000000";

    Actor agent{"agent-r1", "村代办员甲", Role::VillageAgent, kRoom, {}, Grade::None, "dev-r1"};
    Actor agent2{"agent-r2", "村代办员乙", Role::VillageAgent, kRoom2, {}, Grade::None, "dev-r2"};
    Actor otherAgent{"agent-x",   "外镇代办员", Role::VillageAgent, kOtherRoom, {},
                     Grade::None, "dev-x"};
    Actor clerk{"clerk-h", "窗口人员", Role::Clerk, kHall, {}, Grade::None, "dev-h1"};
    Actor clerk2{"clerk-h2", "窗口人员二", Role::Clerk, kHall, {}, Grade::None, "dev-h2"};
    Actor director{"dir-h", "大厅主任", Role::HallDirector, kHall, {}, Grade::None, "dev-h3"};
    Actor deputy{"dep-h", "大厅副主任", Role::HallDirector, kHall, {}, Grade::None, "dev-h4"};
    Actor otherClerk{"clerk-x", "外镇窗口人员", Role::Clerk, kOtherHall, {}, Grade::None, "dev-x2"};
    Actor handler{"mz-1",         "民政承办人", Role::DepartmentStaff, kCenter, "民政局",
                  Grade::Handler, "c1"};
    Actor reviewer{"mz-2",          "民政科长", Role::DepartmentStaff, kCenter, "民政局",
                   Grade::Reviewer, "c2"};
    Actor approver{"mz-3",          "民政局长", Role::DepartmentStaff, kCenter, "民政局",
                   Grade::Approver, "c3"};
    Actor otherDept{"rs-3",          "人社局长", Role::DepartmentStaff, kCenter, "人社局",
                    Grade::Approver, "c4"};
    Actor supervisor{"sv-1", "监察员", Role::Supervisor, kCenter, {}, Grade::None, "c5"};
    Actor admin{"ad-1", "管理员", Role::Admin, kCenter, {}, Grade::None, "c6"};
    Actor system{"syncd", "系统", Role::System, kCenter, {}, Grade::None, "server"};
};

class CaseWorld {
public:
    explicit CaseWorld(std::string caseId = "case-1", std::uint64_t seed = 42);

    FoldContext ctx() const;
    const Item& item(const std::string& id) const;

    // Makes an event as the actor's device would: new id, parent = the last event, HLC tick.
    Event make(const Actor& a, Payload p);
    // Checks against the current fold and appends when legal.
    Status act(const Actor& a, Payload p);
    // As act, but the test fails with the refusal's message when refused.
    void must(const Actor& a, Payload p);
    CaseView view() const { return foldCase(events, ctx()); }

    // Payload builders.
    ReceivePayload receive(const Actor& a, const std::string& itemId,
                           const std::vector<std::string>& missing = {}, bool entrusted = false);
    static MaterialCheck got(const std::string& name) { return {name, true, true, 1}; }

    void setTime(Instant t) { clock = t; }
    void advanceMinutes(int m) { clock += Instant{m} * 60'000; }

    std::vector<Event> events;
    Instant clock;
    Cast cast;
    std::string caseId;

private:
    std::mt19937_64 m_rng;
    Hlc m_hlc;
    int m_seq = 0;
};

std::string message(const Status& s);

} // namespace bianmin::testing

namespace Catch {
template <>
struct StringMaker<bianmin::domain::Date> {
    static std::string convert(const bianmin::domain::Date& d) { return d.iso(); }
};
template <>
struct StringMaker<std::optional<bianmin::domain::Date>> {
    static std::string convert(const std::optional<bianmin::domain::Date>& d) {
        return d ? d->iso() : std::string("(none)");
    }
};
} // namespace Catch
