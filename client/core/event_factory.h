#pragma once
// Makes the events a user's actions become at this device (DESIGN.md §2): a time-ordered id,
// the actor, the device clock and a hybrid logical clock that never goes backwards, the parent
// (the last event of the case the user saw). Also the ids and secrets a new case needs: the case
// id and the 查询密码 (printed once; only its slow hash goes into the event).
//
// Threading: not thread-safe; the GUI thread owns one per signed-in session.
#include "common/domain/case_fold.h"

#include <random>
#include <string>

namespace bianmin::client {

class EventFactory {
public:
    explicit EventFactory(domain::Actor actor);

    const domain::Actor& actor() const { return m_actor; }
    domain::Event make(const std::string& caseId, const std::string& parentId,
                       domain::Payload payload, domain::Instant now);
    std::string newCaseId(domain::Instant now);
    std::string newQueryPassword();
    std::string hashQueryPassword(const std::string& password);

private:
    domain::RandomBytes randomBytes();

    domain::Actor m_actor;
    domain::Hlc m_hlc;
    std::random_device m_entropy;
};

// The last event of a case's timeline (its id), as the parent of the next local event.
std::string lastEventId(const domain::CaseView& view);

} // namespace bianmin::client
