// The case life cycle: every transition allowed and refused (role, site, state), the scenarios of
// SCENARIOS.md at the domain level, and the fold's determinism and conflict handling.
#include "tests/support/case_world.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <functional>
#include <random>

using namespace bianmin::domain;
using bianmin::testing::CaseWorld;
using bianmin::testing::Cast;
using bianmin::testing::localTime;
using bianmin::testing::message;

namespace {

const std::string kElderly = "MZJ-001"; // 高龄补贴申请: village accepts, township completes
const std::string kDibao = "MZJ-006";   // 城乡低保申请: forwarded to the center's 民政局
const std::string kHardship = "MZJ-002"; // 家庭生活困难证明: 即办件 completed at the village
const std::string kCableTv = "GDW-001"; // 有线电视开户/过户: township, charged
const std::string kHukou = "户口簿";

// --- stages, each building on the last -----------------------------------------------------------

// 高龄补贴 received and accepted at the village room.
void acceptedAtRoom(CaseWorld& w) {
    w.must(w.cast.agent, w.receive(w.cast.agent, kElderly, {}, true));
    w.must(w.cast.agent, AcceptPayload{"材料齐全"});
}
// … forwarded to the township hall and taken in there.
void inProgressAtHall(CaseWorld& w) {
    acceptedAtRoom(w);
    w.must(w.cast.agent, ForwardPayload{{Cast::kHall, {}}, "转乡镇办理"});
    w.must(w.cast.clerk, TakeInPayload{});
}
// … through 承办, 审核, 批准 at the hall.
void approvedAtHall(CaseWorld& w) {
    inProgressAtHall(w);
    w.must(w.cast.clerk, StepPayload{StepCode::Handle, StepAction::Pass, "符合条件"});
    w.must(w.cast.director, StepPayload{StepCode::Review, StepAction::Pass, "同意"});
    w.must(w.cast.deputy, StepPayload{StepCode::Approve, StepAction::Pass, "批准"});
}
void completedAtHall(CaseWorld& w) {
    approvedAtHall(w);
    w.must(w.cast.clerk, CompletePayload{Outcome::Approved, "高龄津贴", {}, {}});
}
void repliedToRoom(CaseWorld& w) {
    completedAtHall(w);
    w.must(w.cast.clerk, ReplyPayload{"审批通过"});
}
void deliveredAtRoom(CaseWorld& w) {
    repliedToRoom(w);
    w.must(w.cast.agent, DeliverPayload{DeliveryMethod::AgentReturn, "王秀英", 0, true});
}
// 城乡低保 accepted at the hall and forwarded to the center's 民政局.
void forwardedToCenter(CaseWorld& w) {
    w.must(w.cast.clerk, w.receive(w.cast.clerk, kDibao));
    w.must(w.cast.clerk, AcceptPayload{});
    w.must(w.cast.clerk, ForwardPayload{{Cast::kCenter, "民政局"}, {}});
}
void inProgressAtCenter(CaseWorld& w) {
    forwardedToCenter(w);
    w.must(w.cast.handler, TakeInPayload{});
}
void receivedAtRoom(CaseWorld& w) {
    w.must(w.cast.agent, w.receive(w.cast.agent, kElderly));
}
void missingAtRoom(CaseWorld& w) {
    w.must(w.cast.agent, w.receive(w.cast.agent, kElderly, {kHukou}));
    w.must(w.cast.agent, NotifyMissingPayload{{kHukou}, {}});
}
void cableTvAtHall(CaseWorld& w) {
    w.must(w.cast.clerk, w.receive(w.cast.clerk, kCableTv));
}
void preAccepted(CaseWorld& w) {
    receivedAtRoom(w);
    w.must(w.cast.agent, PreAcceptPayload{});
}

// One row per transition: the stage where it is legal, the event, who may do it, and an actor of
// the wrong role and one at the wrong site. `wrongState` is a stage where the same event is
// illegal.
struct Row {
    const char* name;
    std::function<void(CaseWorld&)> stage;
    std::function<Payload(CaseWorld&)> payload;
    std::function<Actor(const Cast&)> right;
    std::function<Actor(const Cast&)> wrongRole; // may be empty when every staff role may
    std::function<Actor(const Cast&)> wrongSite;
    std::function<void(CaseWorld&)> wrongState;
    CaseStatus after;
};

Actor agentOf(const Cast& c) {
    return c.agent;
}
Actor clerkOf(const Cast& c) {
    return c.clerk;
}

std::vector<Row> rows() {
    auto none = [](CaseWorld&) {};
    return {
        {"draft", none,
         [](CaseWorld& w) {
             auto r = w.receive(w.cast.agent, kElderly);
             return Payload{DraftPayload{r.item, r.applicant, r.agent}};
         },
         agentOf, [](const Cast& c) { return c.handler; }, nullptr, receivedAtRoom,
         CaseStatus::Draft},
        {"receive", none, [](CaseWorld& w) { return Payload{w.receive(w.cast.agent, kElderly)}; },
         agentOf,
         [](const Cast& c) {
             Actor a = c.supervisor;
             a.siteId = Cast::kRoom;
             return a;
         },
         nullptr, receivedAtRoom, CaseStatus::Received},
        {"notify_missing", receivedAtRoom,
         [](CaseWorld&) {
             return Payload{NotifyMissingPayload{{kHukou}, "请补交户口簿"}};
         },
         agentOf,
         [](const Cast& c) {
             Actor a = c.admin;
             a.siteId = Cast::kRoom;
             return a;
         },
         [](const Cast& c) { return c.agent2; }, acceptedAtRoom, CaseStatus::AwaitingMaterials},
        {"supplement", missingAtRoom,
         [](CaseWorld&) { return Payload{SupplementPayload{{CaseWorld::got(kHukou)}}}; }, agentOf,
         [](const Cast& c) {
             Actor a = c.admin;
             a.siteId = Cast::kRoom;
             return a;
         },
         [](const Cast& c) { return c.agent2; }, receivedAtRoom, CaseStatus::Received},
        {"pre_accept", receivedAtRoom, [](CaseWorld&) { return Payload{PreAcceptPayload{}}; },
         agentOf,
         [](const Cast& c) {
             Actor a = c.clerk;
             a.siteId = Cast::kRoom;
             return a;
         },
         [](const Cast& c) { return c.agent2; }, acceptedAtRoom, CaseStatus::PreAccepted},
        {"return_pre_accept", preAccepted,
         [](CaseWorld&) { return Payload{ReturnPreAcceptPayload{"照片不合格"}}; }, clerkOf,
         [](const Cast& c) {
             Actor a = c.admin;
             a.siteId = Cast::kHall;
             return a;
         },
         [](const Cast& c) { return c.otherClerk; }, receivedAtRoom, CaseStatus::PreAcceptReturned},
        {"accept", receivedAtRoom, [](CaseWorld&) { return Payload{AcceptPayload{}}; }, agentOf,
         [](const Cast& c) {
             Actor a = c.supervisor;
             a.siteId = Cast::kRoom;
             return a;
         },
         [](const Cast& c) { return c.agent2; }, acceptedAtRoom, CaseStatus::Accepted},
        {"refuse", receivedAtRoom,
         [](CaseWorld&) {
             return Payload{RefusePayload{{"不属于本机关职权范围"}, true}};
         },
         agentOf,
         [](const Cast& c) {
             Actor a = c.admin;
             a.siteId = Cast::kRoom;
             return a;
         },
         [](const Cast& c) { return c.agent2; }, acceptedAtRoom, CaseStatus::Refused},
        {"forward", acceptedAtRoom,
         [](CaseWorld&) {
             return Payload{ForwardPayload{{Cast::kHall, {}}, {}}};
         },
         agentOf,
         [](const Cast& c) {
             Actor a = c.admin;
             a.siteId = Cast::kRoom;
             return a;
         },
         [](const Cast& c) { return c.agent2; }, receivedAtRoom, CaseStatus::Accepted},
        {"take_in", forwardedToCenter, [](CaseWorld&) { return Payload{TakeInPayload{}}; },
         [](const Cast& c) { return c.handler; }, [](const Cast& c) { return c.supervisor; },
         [](const Cast& c) { return c.otherDept; }, inProgressAtCenter, CaseStatus::InProgress},
        {"step handle", inProgressAtCenter,
         [](CaseWorld&) {
             return Payload{StepPayload{StepCode::Handle, StepAction::Pass, "拟同意"}};
         },
         [](const Cast& c) { return c.handler; },
         [](const Cast& c) {
             Actor a = c.clerk;
             a.siteId = Cast::kCenter;
             return a;
         },
         [](const Cast& c) { return c.otherDept; }, forwardedToCenter, CaseStatus::InProgress},
        {"step review",
         [](CaseWorld& w) {
             inProgressAtCenter(w);
             w.must(w.cast.handler, StepPayload{StepCode::Handle, StepAction::Pass, "拟同意"});
         },
         [](CaseWorld&) {
             return Payload{StepPayload{StepCode::Review, StepAction::Pass, "同意"}};
         },
         [](const Cast& c) { return c.reviewer; },
         [](const Cast& c) {
             Actor a = c.reviewer;
             a.grade = Grade::Handler;
             a.userId = "mz-9";
             return a;
         },
         [](const Cast& c) { return c.otherDept; }, inProgressAtCenter, CaseStatus::InProgress},
        {"suspend", inProgressAtCenter,
         [](CaseWorld&) {
             return Payload{SuspendPayload{2, "公示7天", "民政局长", 5}};
         },
         [](const Cast& c) { return c.handler; }, [](const Cast& c) { return c.supervisor; },
         [](const Cast& c) { return c.otherDept; }, forwardedToCenter, CaseStatus::Suspended},
        {"resume",
         [](CaseWorld& w) {
             inProgressAtCenter(w);
             w.must(w.cast.handler, SuspendPayload{2, "公示7天", "民政局长", 5});
         },
         [](CaseWorld&) { return Payload{ResumePayload{"公示无异议"}}; },
         [](const Cast& c) { return c.handler; }, [](const Cast& c) { return c.supervisor; },
         [](const Cast& c) { return c.otherDept; }, inProgressAtCenter, CaseStatus::InProgress},
        {"complete", approvedAtHall,
         [](CaseWorld&) {
             return Payload{CompletePayload{Outcome::Approved, "高龄津贴", {}, {}}};
         },
         clerkOf,
         [](const Cast& c) {
             Actor a = c.admin;
             a.siteId = Cast::kHall;
             return a;
         },
         [](const Cast& c) { return c.otherClerk; }, inProgressAtHall, CaseStatus::Completed},
        {"reply", completedAtHall, [](CaseWorld&) { return Payload{ReplyPayload{}}; }, clerkOf,
         [](const Cast& c) {
             Actor a = c.admin;
             a.siteId = Cast::kHall;
             return a;
         },
         [](const Cast& c) { return c.otherClerk; }, approvedAtHall, CaseStatus::Completed},
        {"deliver", repliedToRoom,
         [](CaseWorld&) {
             return Payload{DeliverPayload{DeliveryMethod::WindowPickup, "王秀英", 0, true}};
         },
         agentOf,
         [](const Cast& c) {
             Actor a = c.admin;
             a.siteId = Cast::kRoom;
             return a;
         },
         [](const Cast& c) { return c.agent2; }, completedAtHall, CaseStatus::Completed},
        {"evaluate", deliveredAtRoom,
         [](CaseWorld&) {
             return Payload{EvaluatePayload{1, 4, true, "很方便"}};
         },
         agentOf, nullptr, [](const Cast& c) { return c.agent2; }, repliedToRoom,
         CaseStatus::Completed},
        {"archive", deliveredAtRoom, [](CaseWorld&) { return Payload{ArchivePayload{}}; }, agentOf,
         [](const Cast& c) {
             Actor a = c.admin;
             a.siteId = Cast::kRoom;
             return a;
         },
         [](const Cast& c) { return c.agent2; }, repliedToRoom, CaseStatus::Completed},
        {"void", receivedAtRoom, [](CaseWorld&) { return Payload{VoidPayload{"重复录入"}}; },
         [](const Cast& c) { return c.director; }, agentOf,
         [](const Cast& c) {
             Actor a = c.director;
             a.siteId = Cast::kOtherHall;
             return a;
         },
         [](CaseWorld& w) {
             receivedAtRoom(w);
             w.must(w.cast.agent, WithdrawPayload{"不办了"});
         },
         CaseStatus::Voided},
        {"return_case", missingAtRoom,
         [](CaseWorld&) {
             return Payload{ReturnCasePayload{"逾期未补正", true}};
         },
         agentOf,
         [](const Cast& c) {
             Actor a = c.admin;
             a.siteId = Cast::kRoom;
             return a;
         },
         [](const Cast& c) { return c.agent2; }, receivedAtRoom, CaseStatus::Returned},
        {"withdraw", acceptedAtRoom,
         [](CaseWorld&) { return Payload{WithdrawPayload{"申请人撤回"}}; }, agentOf,
         [](const Cast& c) {
             Actor a = c.admin;
             a.siteId = Cast::kRoom;
             return a;
         },
         [](const Cast& c) { return c.agent2; }, completedAtHall, CaseStatus::Withdrawn},
        {"step approve",
         [](CaseWorld& w) {
             inProgressAtHall(w);
             w.must(w.cast.clerk, StepPayload{StepCode::Handle, StepAction::Pass, "符合条件"});
             w.must(w.cast.director, StepPayload{StepCode::Review, StepAction::Pass, "同意"});
         },
         [](CaseWorld&) {
             return Payload{StepPayload{StepCode::Approve, StepAction::Pass, "批准"}};
         },
         [](const Cast& c) { return c.deputy; }, clerkOf,
         [](const Cast& c) {
             Actor a = c.deputy;
             a.siteId = Cast::kOtherHall;
             return a;
         },
         inProgressAtHall, CaseStatus::InProgress},
        {"fee_notice", cableTvAtHall,
         [](CaseWorld&) {
             return Payload{FeeNoticePayload{"PAY-1", 20000}};
         },
         clerkOf,
         [](const Cast& c) {
             Actor a = c.admin;
             a.siteId = Cast::kHall;
             return a;
         },
         [](const Cast& c) { return c.otherClerk; },
         [](CaseWorld& w) {
             cableTvAtHall(w);
             w.must(w.cast.clerk, WithdrawPayload{"不装了"});
         },
         CaseStatus::Received},
        {"fee_paid",
         [](CaseWorld& w) {
             cableTvAtHall(w);
             w.must(w.cast.clerk, FeeNoticePayload{"PAY-1", 20000});
         },
         [](CaseWorld&) {
             return Payload{FeePaidPayload{"PAY-1", "BANK-1", 20000}};
         },
         [](const Cast& c) { return c.system; },
         [](const Cast& c) {
             Actor a = c.admin;
             a.siteId = Cast::kHall;
             return a;
         },
         [](const Cast& c) { return c.otherClerk; },
         [](CaseWorld& w) {
             cableTvAtHall(w);
             w.must(w.cast.clerk, FeeNoticePayload{"PAY-1", 20000});
             w.must(w.cast.system, FeePaidPayload{"PAY-1", "BANK-1", 20000});
         },
         CaseStatus::Received},
        {"custody",
         [](CaseWorld& w) { w.must(w.cast.agent, w.receive(w.cast.agent, kElderly, {}, true)); },
         [](CaseWorld&) {
             return Payload{CustodyPayload{
                 CustodyKind::HandOver, {kHukou}, "agent-r1", "clerk-h", "窗口人员"}};
         },
         agentOf,
         [](const Cast& c) {
             Actor a = c.admin;
             a.siteId = Cast::kRoom;
             return a;
         },
         [](const Cast& c) { return c.agent2; }, [](CaseWorld&) {}, CaseStatus::Received},
        {"rectify",
         [](CaseWorld& w) {
             deliveredAtRoom(w);
             w.must(w.cast.agent, EvaluatePayload{5, 4, true, "太慢"});
         },
         [](CaseWorld&) {
             return Payload{RectifyPayload{"回访并改进", true}};
         },
         agentOf,
         [](const Cast& c) {
             Actor a = c.admin;
             a.siteId = Cast::kRoom;
             return a;
         },
         [](const Cast& c) { return c.agent2; }, deliveredAtRoom, CaseStatus::Completed},
        {"bind_number", receivedAtRoom,
         [](CaseWorld&) { return Payload{BindNumberPayload{"421281-20261123-000009"}}; },
         [](const Cast& c) { return c.system; }, agentOf, nullptr, [](CaseWorld&) {},
         CaseStatus::Received},
        {"receive a draft",
         [](CaseWorld& w) {
             auto r = w.receive(w.cast.agent, kElderly);
             w.must(w.cast.agent, DraftPayload{r.item, r.applicant, r.agent});
         },
         [](CaseWorld& w) { return Payload{w.receive(w.cast.agent, kElderly)}; }, agentOf,
         [](const Cast& c) {
             Actor a = c.handler;
             a.siteId = Cast::kRoom;
             return a;
         },
         [](const Cast& c) { return c.agent2; }, receivedAtRoom, CaseStatus::Received},
        {"report_up", inProgressAtCenter,
         [](CaseWorld&) {
             return Payload{ReportUpPayload{"咸宁市民政局", "XN-2026-1"}};
         },
         [](const Cast& c) { return c.handler; }, [](const Cast& c) { return c.supervisor; },
         [](const Cast& c) { return c.otherDept; }, receivedAtRoom, CaseStatus::ForwardedCompleted},
    };
}

} // namespace

TEST_CASE("case: every transition is allowed for the right actor and refused for the wrong role, "
          "site and state",
          "[case]") {
    for (const Row& row : rows()) {
        SECTION(row.name) {
            {
                CaseWorld w;
                row.stage(w);
                const Status st = w.act(row.right(w.cast), row.payload(w));
                INFO(row.name << ": " << message(st));
                REQUIRE(st.ok());
                CHECK(w.view().status == row.after);
            }
            if (row.wrongRole) {
                CaseWorld w;
                row.stage(w);
                const Status st = w.act(row.wrongRole(w.cast), row.payload(w));
                INFO(row.name << " wrong role: " << message(st));
                REQUIRE_FALSE(st.ok());
                CHECK(st.error().kind == ErrorKind::NotPermitted);
            }
            if (row.wrongSite) {
                CaseWorld w;
                row.stage(w);
                const Status st = w.act(row.wrongSite(w.cast), row.payload(w));
                INFO(row.name << " wrong site: " << message(st));
                REQUIRE_FALSE(st.ok());
                CHECK(st.error().kind == ErrorKind::NotPermitted);
            }
            {
                CaseWorld w;
                row.wrongState(w);
                const CaseStatus before = w.view().status;
                const Status st = w.act(row.right(w.cast), row.payload(w));
                INFO(row.name << " wrong state: " << message(st));
                REQUIRE_FALSE(st.ok());
                CHECK(st.error().kind != ErrorKind::InvalidInput);
                CHECK(w.view().status == before);
            }
        }
    }
}

TEST_CASE("case: scenario 1, a village agent offline with a missing paper", "[case][scenario]") {
    CaseWorld w;
    w.setTime(localTime(2026, 11, 23, 9, 10)); // Monday
    const Actor& agent = w.cast.agent;
    // Logged in offline, the agent records the villager, herself as agent (委托), ticks the
    // materials: the household register is missing.
    w.must(agent, w.receive(agent, kElderly, {kHukou}, true));
    CHECK(w.view().status == CaseStatus::Received);
    CHECK_FALSE(w.view().materialsComplete());
    // Acceptance is impossible while a required material is missing.
    const Status early = w.act(agent, AcceptPayload{});
    REQUIRE_FALSE(early.ok());
    CHECK(early.error().code == "materials_incomplete");
    // One notice listing exactly what is missing.
    w.must(agent, NotifyMissingPayload{{kHukou}, {}});
    auto v = w.view();
    CHECK(v.status == CaseStatus::AwaitingMaterials);
    CHECK(v.missing == std::vector<std::string>{kHukou});
    CHECK(v.noticeRoundsBeforeAccept == 1);
    CHECK_FALSE(v.lateNotice);
    CHECK_FALSE(v.acceptedAt); // no clock yet
    // Wednesday she brings it; the agent completes the materials and accepts.
    w.setTime(localTime(2026, 11, 25, 10, 0));
    w.must(agent, SupplementPayload{{CaseWorld::got(kHukou)}});
    CHECK(w.view().status == CaseStatus::Received);
    w.must(agent, AcceptPayload{"材料齐全，代为受理"});
    v = w.view();
    CHECK(v.status == CaseStatus::Accepted);
    REQUIRE(v.acceptedAt);
    CHECK(*v.acceptedAt == localTime(2026, 11, 25, 10, 0));
    CHECK(isProvisionalNumber(v.provisionalNumber));
    CHECK(v.provisionalNumber.substr(1, 12) == Cast::kRoom);
    CHECK(v.forwardsUp);
    // The originals the agent checked are in her custody (委托).
    CHECK(v.custody.at("户口簿") == agent.userId);
    // Back online: the case is forwarded to the township hall; the center binds the number.
    w.setTime(localTime(2026, 11, 25, 16, 0));
    w.must(agent, ForwardPayload{{Cast::kHall, {}}, {}});
    w.must(w.cast.system,
           BindNumberPayload{makeOfficialNumber("421281", Date::fromCivil(2026, 11, 25), 17)});
    v = w.view();
    CHECK(v.holder.siteId == Cast::kHall);
    CHECK(v.awaitingTakeIn);
    CHECK(v.officialNumber == "421281-20261125-000017");
    CHECK(v.provisionalNumber.size() == 27); // both kept
    // She carries the originals to the hall: a hand-over slip signed by the clerk.
    w.must(agent,
           CustodyPayload{
               CustodyKind::HandOver, {kHukou}, agent.userId, w.cast.clerk.userId, "窗口人员"});
    CHECK(w.view().custody.at(kHukou) == w.cast.clerk.userId);
    // The hall takes it in and works the steps; nobody reviews their own work.
    w.must(w.cast.clerk, TakeInPayload{});
    w.must(w.cast.clerk, StepPayload{StepCode::Handle, StepAction::Pass, "符合条件"});
    const Status selfReview =
        w.act(w.cast.clerk, StepPayload{StepCode::Review, StepAction::Pass, "同意"});
    CHECK_FALSE(selfReview.ok());
    w.must(w.cast.director, StepPayload{StepCode::Review, StepAction::Pass, "同意"});
    const Status selfApprove =
        w.act(w.cast.director, StepPayload{StepCode::Approve, StepAction::Pass, "批准"});
    REQUIRE_FALSE(selfApprove.ok());
    CHECK(selfApprove.error().code == "same_person");
    w.must(w.cast.deputy, StepPayload{StepCode::Approve, StepAction::Pass, "批准"});
    w.must(w.cast.clerk, CompletePayload{Outcome::Approved, "高龄津贴", {}, {}});
    // The room cannot deliver until the hall replies.
    const Status early2 =
        w.act(agent, DeliverPayload{DeliveryMethod::AgentReturn, "王秀英", 0, true});
    REQUIRE_FALSE(early2.ok());
    CHECK(early2.error().code == "not_replied");
    w.must(w.cast.clerk, ReplyPayload{"审批通过"});
    w.must(w.cast.clerk,
           CustodyPayload{
               CustodyKind::HandOver, {kHukou}, w.cast.clerk.userId, agent.userId, "村代办员甲"});
    w.must(agent, DeliverPayload{DeliveryMethod::AgentReturn, "王秀英", 0, true});
    w.must(agent,
           CustodyPayload{
               CustodyKind::ReturnToApplicant, {kHukou}, agent.userId, "applicant", "王秀英"});
    // The evaluation is the applicant's own; staff cannot enter it.
    const Status staffRating = w.act(agent, EvaluatePayload{1, 4, false, {}});
    REQUIRE_FALSE(staffRating.ok());
    CHECK(staffRating.error().code == "not_by_applicant");
    w.must(agent, EvaluatePayload{1, 4, true, "跑一次就办好了"});
    w.must(agent, ArchivePayload{});
    v = w.view();
    CHECK(v.status == CaseStatus::Completed);
    CHECK(v.deliveryMethod == DeliveryMethod::AgentReturn);
    CHECK(v.evaluation->level == 1);
    CHECK(v.archived);
    CHECK(v.custody.count(kHukou) == 0); // back with the villager
    // 委托 at receipt, 委托 of the 户口簿 brought later, to the hall, back to the agent, 回交.
    CHECK(v.custodyLog.size() == 5);
    CHECK(v.steps.size() == 3);
    CHECK(std::all_of(v.timeline.begin(), v.timeline.end(),
                      [](const TimelineEntry& t) { return t.applied; }));
    CHECK(v.conflicts.empty());
}

TEST_CASE("case: scenario 3, the center processes with a public notice and replies",
          "[case][scenario]") {
    CaseWorld w;
    forwardedToCenter(w);
    // Another department cannot take it in; 民政局 can.
    CHECK_FALSE(w.act(w.cast.otherDept, TakeInPayload{}).ok());
    w.must(w.cast.handler, TakeInPayload{});
    // A handler cannot review: grades gate the steps.
    w.must(w.cast.handler, StepPayload{StepCode::Handle, StepAction::Pass, "入户调查属实，拟同意"});
    const Status graded =
        w.act(w.cast.handler, StepPayload{StepCode::Review, StepAction::Pass, "同意"});
    REQUIRE_FALSE(graded.ok());
    CHECK(graded.error().code == "wrong_role");
    // The reviewer sends it back once, then it comes round again.
    w.must(w.cast.reviewer, StepPayload{StepCode::Review, StepAction::Return, "收入核对不全"});
    CHECK(*w.view().currentStep == StepCode::Handle);
    w.must(w.cast.handler, StepPayload{StepCode::Handle, StepAction::Pass, "已补核对"});
    w.must(w.cast.reviewer, StepPayload{StepCode::Review, StepAction::Pass, "同意"});
    // 7-day public notice: 特别程序 pauses the clock.
    w.must(w.cast.reviewer, SuspendPayload{2, "公示7天", "民政局长", 5});
    CHECK(w.view().status == CaseStatus::Suspended);
    CHECK_FALSE(
        w.act(w.cast.approver, StepPayload{StepCode::Approve, StepAction::Pass, "批准"}).ok());
    w.advanceMinutes(7 * 24 * 60);
    w.must(w.cast.reviewer, ResumePayload{"公示无异议"});
    // Completion before approval is refused.
    const Status early =
        w.act(w.cast.handler, CompletePayload{Outcome::Approved, "低保证", "DB-1", {}});
    REQUIRE_FALSE(early.ok());
    CHECK(early.error().code == "steps_pending");
    w.must(w.cast.approver, StepPayload{StepCode::Approve, StepAction::Pass, "批准"});
    // A refusal of the application needs reasons.
    CHECK_FALSE(w.act(w.cast.handler, CompletePayload{Outcome::Denied, {}, {}, {}}).ok());
    w.must(w.cast.handler,
           CompletePayload{Outcome::Approved, "最低生活保障金领取证", "DB-2026-0042", {}});
    w.must(w.cast.handler, ReplyPayload{"审批通过"});
    const CaseView v = w.view();
    CHECK(v.status == CaseStatus::Completed);
    CHECK(v.holder.siteId == Cast::kHall); // back at the originating hall for delivery
    CHECK(v.completion->resultNumber == "DB-2026-0042");
    CHECK(v.suspensions.size() == 1);
    CHECK(v.suspensions[0].end.has_value());
    CHECK(v.steps.size() == 5);
    w.must(w.cast.clerk, DeliverPayload{DeliveryMethod::WindowPickup, "王秀英", 0, true});
}

TEST_CASE("case: a 即办件 is accepted and completed on the spot without steps", "[case]") {
    CaseWorld w;
    w.must(w.cast.agent, w.receive(w.cast.agent, kHardship));
    w.must(w.cast.agent, AcceptPayload{});
    // A village-completed item is not forwarded.
    CHECK(w.act(w.cast.agent, ForwardPayload{{Cast::kHall, {}}, {}}).error().code ==
          "no_upper_level");
    w.must(w.cast.agent, CompletePayload{Outcome::Document, "家庭生活困难证明", "ZM-001", {}});
    w.must(w.cast.agent, DeliverPayload{DeliveryMethod::WindowPickup, "王秀英", 0, true});
    const CaseView v = w.view();
    CHECK(v.status == CaseStatus::Completed);
    CHECK_FALSE(v.forwardsUp);
    CHECK(v.steps.empty());
}

TEST_CASE("case: a case finished higher up cannot be completed where it was accepted", "[case]") {
    CaseWorld w;
    acceptedAtRoom(w);
    const Status st =
        w.act(w.cast.agent, StepPayload{StepCode::Handle, StepAction::Pass, "拟同意"});
    REQUIRE_FALSE(st.ok());
    // Forwarding must follow the handling mode: to its own township hall, not the center.
    const Status wrong = w.act(w.cast.agent, ForwardPayload{{Cast::kCenter, "民政局"}, {}});
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.error().code == "wrong_target");
}

TEST_CASE("case: fees block completion until the bank confirms payment", "[case][fees]") {
    CaseWorld w;
    w.must(w.cast.clerk, w.receive(w.cast.clerk, kCableTv));
    w.must(w.cast.clerk, AcceptPayload{});
    w.must(w.cast.clerk, StepPayload{StepCode::Handle, StepAction::Pass, "可安装"});
    w.must(w.cast.director, StepPayload{StepCode::Review, StepAction::Pass, "同意"});
    w.must(w.cast.deputy, StepPayload{StepCode::Approve, StepAction::Pass, "批准"});
    const Status unpaid = w.act(w.cast.clerk, CompletePayload{Outcome::Approved, "开户", {}, {}});
    REQUIRE_FALSE(unpaid.ok());
    CHECK(unpaid.error().code == "fee_unpaid");
    w.must(w.cast.clerk, FeeNoticePayload{"PAY-0001", 20000});
    CHECK_FALSE(w.view().feeViolation());
    // The bank confirms a different amount: refused; the right amount: paid.
    CHECK(w.act(w.cast.system, FeePaidPayload{"PAY-0001", "BANK-9", 100}).error().code ==
          "amount_mismatch");
    CHECK(w.act(w.cast.system, FeePaidPayload{"PAY-XXXX", "BANK-9", 20000}).error().code ==
          "unknown_payment_code");
    w.must(w.cast.system, FeePaidPayload{"PAY-0001", "BANK-9", 20000});
    w.must(w.cast.clerk, CompletePayload{Outcome::Approved, "开户", {}, {}});
    CHECK(w.view().status == CaseStatus::Completed);

    // A notice above the item's standard is a supervision violation, recorded not hidden.
    CaseWorld over("case-2");
    over.must(over.cast.clerk, over.receive(over.cast.clerk, kCableTv));
    over.must(over.cast.clerk, FeeNoticePayload{"PAY-0002", 50000});
    CHECK(over.view().feeViolation());
    // An item that charges nothing takes no fee notice.
    CaseWorld free("case-3");
    free.must(free.cast.agent, free.receive(free.cast.agent, kElderly));
    CHECK(free.act(free.cast.agent, FeeNoticePayload{"PAY-3", 100}).error().code == "no_fee");
}

TEST_CASE("case: refusal needs written reasons and the right to review or sue", "[case]") {
    CaseWorld w;
    receivedAtRoom(w);
    CHECK(w.act(w.cast.agent, RefusePayload{{}, true}).error().code == "missing_reasons");
    CHECK(w.act(w.cast.agent, RefusePayload{{"不符合条件"}, false}).error().code ==
          "missing_remedy");
    w.must(w.cast.agent, RefusePayload{{"申请人未满80周岁"}, true});
    CHECK(w.view().status == CaseStatus::Refused);
    CHECK(w.view().refusalReasons.size() == 1);
    // Nothing moves a final case except the evaluation of the visit.
    CHECK_FALSE(w.act(w.cast.agent, AcceptPayload{}).ok());
    w.must(w.cast.agent, EvaluatePayload{3, 4, true, {}});
}

TEST_CASE("case: 补正 before and after acceptance, rounds counted and the 5-day rule", "[case]") {
    SECTION("a notice within 5 working days keeps the clock stopped") {
        CaseWorld w;
        w.setTime(localTime(2026, 9, 28, 9)); // Monday before National Day
        w.must(w.cast.agent, w.receive(w.cast.agent, kElderly, {kHukou}));
        // 5 working days after 9-28: 9-29, 9-30, 10-8, 10-9, 10-10 (调休 Saturday).
        w.setTime(localTime(2026, 10, 10, 11));
        w.must(w.cast.agent, NotifyMissingPayload{{kHukou}, {}});
        CHECK_FALSE(w.view().lateNotice);
        CHECK_FALSE(w.view().acceptedAt);
    }
    SECTION("a notice later than 5 working days counts as accepted from receipt") {
        CaseWorld w;
        w.setTime(localTime(2026, 9, 28, 9));
        w.must(w.cast.agent, w.receive(w.cast.agent, kElderly, {kHukou}));
        w.setTime(localTime(2026, 10, 12, 9)); // the 6th working day
        w.must(w.cast.agent, NotifyMissingPayload{{kHukou}, {}});
        const CaseView v = w.view();
        CHECK(v.lateNotice);
        CHECK(v.deemedAccepted);
        REQUIRE(v.acceptedAt);
        CHECK(*v.acceptedAt == localTime(2026, 9, 28, 9));
        // Once deemed accepted, it can no longer be refused as an application.
        CHECK(w.act(w.cast.agent, RefusePayload{{"x"}, true}).error().code == "already_accepted");
    }
    SECTION("a second round before acceptance is counted; after acceptance it pauses the clock") {
        CaseWorld w;
        inProgressAtCenter(w);
        w.must(w.cast.handler, NotifyMissingPayload{{"家庭收入及财产申报表"}, "需补充存款证明"});
        CaseView v = w.view();
        CHECK(v.status == CaseStatus::AwaitingMaterials);
        CHECK(v.noticeRoundsAfterAccept == 1);
        REQUIRE(v.openSuspension());
        CHECK(v.openSuspension()->kind == 0);
        w.advanceMinutes(3 * 24 * 60);
        w.must(w.cast.handler, SupplementPayload{{CaseWorld::got("家庭收入及财产申报表")}});
        v = w.view();
        CHECK(v.status == CaseStatus::InProgress);
        CHECK_FALSE(v.openSuspension());
    }
    SECTION("a notice must name materials of the item") {
        CaseWorld w;
        receivedAtRoom(w);
        CHECK(w.act(w.cast.agent, NotifyMissingPayload{{"不存在的材料"}, {}}).error().code ==
              "unknown_material");
        CHECK(w.act(w.cast.agent, NotifyMissingPayload{{}, {}}).error().code == "nothing_missing");
    }
}

TEST_CASE("case: pre-acceptance passes up, the upper level accepts or returns it", "[case]") {
    CaseWorld w;
    preAccepted(w);
    CHECK(w.view().holder.siteId == Cast::kHall);
    CHECK(w.act(w.cast.agent, AcceptPayload{}).error().kind == ErrorKind::NotPermitted);
    w.must(w.cast.clerk, ReturnPreAcceptPayload{"照片不合格"});
    CHECK(w.view().holder.siteId == Cast::kRoom);
    w.must(w.cast.agent, SupplementPayload{{CaseWorld::got("近期一寸免冠彩色照片")}});
    CHECK(w.view().status == CaseStatus::PreAcceptReturned);
    w.must(w.cast.agent, PreAcceptPayload{});
    w.must(w.cast.clerk, AcceptPayload{});
    const CaseView v = w.view();
    CHECK(v.status == CaseStatus::Accepted);
    CHECK_FALSE(v.forwardsUp); // accepted where it is finished
    w.must(w.cast.clerk, StepPayload{StepCode::Handle, StepAction::Pass, "符合"});
    CHECK(w.view().status == CaseStatus::InProgress);
}

TEST_CASE("case: bad creation input is refused with a reason", "[case]") {
    CaseWorld w;
    auto p = w.receive(w.cast.agent, kElderly);
    SECTION("an item version that does not exist") {
        p.item.version = 99;
        CHECK(w.act(w.cast.agent, p).error().code == "unknown_item_version");
    }
    SECTION("an item the village level does not offer") {
        auto q = w.receive(w.cast.clerk, kCableTv);
        CHECK(w.act(w.cast.agent, q).error().code == "item_not_offered");
    }
    SECTION("a wrong ID check digit") {
        p.applicant.idNumber[17] = p.applicant.idNumber[17] == '1' ? '2' : '1';
        CHECK(w.act(w.cast.agent, p).error().code == "bad_id_number");
    }
    SECTION("a provisional number of another site") {
        p.provisionalNumber = makeProvisionalNumber(Cast::kRoom2, Date::fromCivil(2026, 11, 23), 1);
        CHECK(w.act(w.cast.agent, p).error().code == "bad_provisional_number");
    }
    SECTION("a material that is not on the item's list") {
        p.materials.push_back(CaseWorld::got("结婚证"));
        CHECK(w.act(w.cast.agent, p).error().code == "unknown_material");
    }
    SECTION("a malformed event id") {
        Event e = w.make(w.cast.agent, p);
        e.id = "not-an-id";
        CHECK(checkEvent(w.view(), e, w.ctx()).error().code == "bad_event_id");
    }
    SECTION("an event for a case that does not exist yet") {
        CHECK(w.act(w.cast.agent, AcceptPayload{}).error().code == "no_case");
    }
}

TEST_CASE("case: a suspended or cancelled item takes no new case, old cases keep their version",
          "[case][catalog]") {
    const auto& ref = bianmin::testing::demoReference();
    Catalog cat = ref.catalog; // a copy we may change
    CaseWorld w;
    const FoldContext ctx{cat, ref.org, ref.calendar};
    auto p = w.receive(w.cast.agent, kElderly);
    Event first = w.make(w.cast.agent, p);
    REQUIRE(checkEvent(foldCase({}, ctx), first, ctx).ok());
    std::vector<Event> events{first};

    Item revised = *cat.latest(kElderly);
    revised.promisedLimitDays = 12;
    const Status changed = cat.change(revised, ref.org);
    INFO(message(changed));
    REQUIRE(changed.ok());
    CHECK(cat.latest(kElderly)->version == 2);
    REQUIRE(cat.suspend(kElderly, Date::fromCivil(2026, 12, 1), ref.org).ok());
    // The open case still folds under version 1.
    CaseView v = foldCase(events, ctx);
    CHECK(v.item.version == 1);
    CHECK(cat.version(kElderly, v.item.version)->promisedLimitDays == 10);
    // A new case on the suspended version is refused.
    CaseWorld w2("case-2");
    auto q = w2.receive(w2.cast.agent, kElderly);
    q.item.version = cat.latest(kElderly)->version;
    Event e2 = w2.make(w2.cast.agent, q);
    const Status st = checkEvent(foldCase({}, ctx), e2, ctx);
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().code == "item_not_active");
}

TEST_CASE("case: supervisors cannot act on cases; the official number binds once", "[case]") {
    CaseWorld w;
    receivedAtRoom(w);
    CHECK(w.act(w.cast.supervisor, AcceptPayload{}).error().code == "wrong_role");
    CHECK(w.act(w.cast.agent, BindNumberPayload{"421281-20261123-000001"}).error().code ==
          "wrong_role");
    CHECK(w.act(w.cast.system, BindNumberPayload{"bad"}).error().code == "bad_official_number");
    w.must(w.cast.system, BindNumberPayload{"421281-20261123-000001"});
    w.must(w.cast.system, BindNumberPayload{"421281-20261123-000001"}); // idempotent
    CHECK(w.act(w.cast.system, BindNumberPayload{"421281-20261123-000002"}).error().code ==
          "already_bound");
}

TEST_CASE("case: poor ratings must be rectified, and only once", "[case]") {
    CaseWorld w;
    deliveredAtRoom(w);
    CHECK(w.act(w.cast.agent, RectifyPayload{"回访", true}).error().code == "nothing_to_rectify");
    w.must(w.cast.agent, EvaluatePayload{5, 4, true, "等太久"});
    CHECK(w.act(w.cast.agent, EvaluatePayload{1, 4, true, {}}).error().kind == ErrorKind::Conflict);
    const auto due = rectifyDue(w.view(), w.ctx().calendar);
    REQUIRE(due);
    w.must(w.cast.director, RectifyPayload{"已电话回访并说明原因", true}); // the hall may rectify
    CHECK(w.view().rectified);
    CHECK_FALSE(w.act(w.cast.agent, RectifyPayload{"again", true}).ok());
}

TEST_CASE("case: custody of originals follows the chain and refuses a wrong hand-over",
          "[case][custody]") {
    CaseWorld w;
    w.must(w.cast.agent, w.receive(w.cast.agent, kElderly, {}, true));
    // The clerk cannot hand over what the agent holds.
    const Status st = w.act(
        w.cast.agent, CustodyPayload{CustodyKind::HandOver, {kHukou}, "clerk-h", "agent-r1", "x"});
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().code == "not_custodian");
    CHECK(w.act(w.cast.agent,
                CustodyPayload{CustodyKind::HandOver, {kHukou}, "agent-r1", "clerk-h", ""})
              .error()
              .code == "missing_signature");
    w.must(w.cast.agent,
           CustodyPayload{CustodyKind::HandOver, {kHukou}, "agent-r1", "clerk-h", "窗口人员"});
    CHECK(w.view().custody.at(kHukou) == "clerk-h");
}

// --- determinism and conflicts ---------------------------------------------------------------

namespace {
std::vector<Event> fullLife() {
    CaseWorld w;
    w.must(w.cast.agent, w.receive(w.cast.agent, kElderly, {kHukou}, true));
    w.must(w.cast.agent, NotifyMissingPayload{{kHukou}, {}});
    w.advanceMinutes(60);
    w.must(w.cast.agent, SupplementPayload{{CaseWorld::got(kHukou)}});
    w.must(w.cast.agent, AcceptPayload{});
    w.must(w.cast.agent, ForwardPayload{{Cast::kHall, {}}, {}});
    w.must(w.cast.clerk, TakeInPayload{});
    w.must(w.cast.clerk, StepPayload{StepCode::Handle, StepAction::Pass, "符合条件"});
    w.must(w.cast.director, StepPayload{StepCode::Review, StepAction::Pass, "同意"});
    w.must(w.cast.deputy, StepPayload{StepCode::Approve, StepAction::Pass, "批准"});
    w.must(w.cast.clerk, CompletePayload{Outcome::Approved, "高龄津贴", {}, {}});
    w.must(w.cast.clerk, ReplyPayload{});
    w.must(w.cast.agent, DeliverPayload{DeliveryMethod::AgentReturn, "王秀英", 0, true});
    for (std::size_t i = 0; i < w.events.size(); ++i)
        w.events[i].serverSeq = static_cast<std::int64_t>(100 + i * 3);
    return w.events;
}

bool sameState(const CaseView& a, const CaseView& b) {
    return a.status == b.status && a.holder == b.holder && a.acceptedAt == b.acceptedAt &&
           a.steps.size() == b.steps.size() && a.custody == b.custody &&
           a.timeline.size() == b.timeline.size() && a.conflicts.size() == b.conflicts.size() &&
           a.deliveredAt == b.deliveredAt &&
           a.noticeRoundsBeforeAccept == b.noticeRoundsBeforeAccept;
}
} // namespace

TEST_CASE("case: the fold gives the same state for any arrival order", "[case][fold]") {
    const std::vector<Event> events = fullLife();
    CaseWorld w;
    const CaseView reference = foldCase(events, w.ctx());
    REQUIRE(reference.status == CaseStatus::Completed);
    REQUIRE(reference.deliveredAt);
    std::mt19937 rng(7);
    for (int round = 0; round < 200; ++round) {
        std::vector<Event> shuffled = events;
        std::shuffle(shuffled.begin(), shuffled.end(), rng);
        // Deliveries may repeat.
        if (round % 3 == 0)
            shuffled.push_back(shuffled[static_cast<std::size_t>(round) % shuffled.size()]);
        const CaseView v = foldCase(shuffled, w.ctx());
        INFO("round " << round);
        REQUIRE(sameState(v, reference));
    }
}

TEST_CASE("case: scenario 4, withdrawal at the room and forwarding at the hall converge with a "
          "visible conflict",
          "[case][fold][conflict]") {
    // Accepted at the hall for a case the hall forwards (城乡低保); both sides saw the acceptance.
    CaseWorld w;
    w.must(w.cast.clerk, w.receive(w.cast.clerk, kDibao));
    w.must(w.cast.clerk, AcceptPayload{});
    const std::string seen = w.events.back().id;
    // Online, the clerk forwards; offline, a second clerk at the same hall records the withdrawal
    // on another device, parent = the acceptance both had seen.
    Event forward = w.make(w.cast.clerk, ForwardPayload{{Cast::kCenter, "民政局"}, {}});
    Event withdraw = w.make(w.cast.clerk2, WithdrawPayload{"申请人家庭情况好转，撤回申请"});
    forward.parentId = seen;
    withdraw.parentId = seen;
    std::vector<Event> base = w.events;
    for (std::size_t i = 0; i < base.size(); ++i)
        base[i].serverSeq = static_cast<std::int64_t>(i + 1);

    SECTION("forward stored first, then the withdrawal") {
        forward.serverSeq = 10;
        withdraw.serverSeq = 11;
        std::vector<Event> all = base;
        all.push_back(withdraw);
        all.push_back(forward);
        const CaseView v = foldCase(all, w.ctx());
        CHECK(v.status == CaseStatus::Withdrawn);
        REQUIRE(v.conflicts.size() == 1);
        CHECK(v.conflicts[0].eventId == withdraw.id);
        CHECK(v.conflicts[0].otherEventId == forward.id);
        CHECK_FALSE(v.conflicts[0].rejected);
        CHECK(v.timeline.size() == all.size()); // nothing dropped
        // Any replica with the same stored events agrees.
        std::vector<Event> other = {forward, withdraw};
        other.insert(other.end(), base.rbegin(), base.rend());
        CHECK(sameState(foldCase(other, w.ctx()), v));
    }
    SECTION("withdrawal stored first: the forward is kept, rejected and shown") {
        withdraw.serverSeq = 10;
        forward.serverSeq = 11;
        std::vector<Event> all = base;
        all.push_back(forward);
        all.push_back(withdraw);
        const CaseView v = foldCase(all, w.ctx());
        CHECK(v.status == CaseStatus::Withdrawn);
        REQUIRE(v.conflicts.size() == 1);
        CHECK(v.conflicts[0].eventId == forward.id);
        CHECK(v.conflicts[0].rejected);
        CHECK_FALSE(v.timeline.back().applied);
        CHECK(v.timeline.back().rejectCode == "wrong_state");
        CHECK(v.hasOpenConflict());
        // The clerk resolves it with the villager.
        Event resolve =
            w.make(w.cast.clerk, ResolveConflictPayload{forward.id, "已与申请人核实，确认撤回"});
        resolve.parentId = withdraw.id;
        resolve.serverSeq = 12;
        all.push_back(resolve);
        CHECK_FALSE(foldCase(all, w.ctx()).hasOpenConflict());
    }
    SECTION("events not yet stored fold after stored ones, by clock then id") {
        std::vector<Event> all = base;
        all.push_back(withdraw);
        all.push_back(forward);
        const CaseView a = foldCase(all, w.ctx());
        std::reverse(all.begin(), all.end());
        const CaseView b = foldCase(all, w.ctx());
        CHECK(sameState(a, b));
    }
}

TEST_CASE("case fold: a site where the catalog leaves an item out cannot receive it", "[fold]") {
    CaseWorld w("case-left-out");
    Catalog catalog = w.ctx().catalog;
    Item item = *catalog.latest(kDibao);
    item.notOfferedAt = {Cast::kRoom};
    REQUIRE(catalog.change(item, w.ctx().org).ok());
    const FoldContext ctx{catalog, w.ctx().org, w.ctx().calendar};
    const Item* now = catalog.latest(kDibao);
    ReceivePayload r = w.receive(w.cast.agent, kDibao);
    r.item = {now->id, now->version};
    Event e = w.make(w.cast.agent, r);
    const Status refused = checkEvent(CaseView{}, e, ctx);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == "item_not_offered");
    // The sibling room still takes it.
    Event other = w.make(w.cast.agent2, w.receive(w.cast.agent2, kDibao));
    std::get<ReceivePayload>(other.payload).item = {now->id, now->version};
    CHECK(checkEvent(CaseView{}, other, ctx).ok());
}
