#include "common/domain/case_fold.h"

#include "common/domain/case_number.h"

#include <algorithm>
#include <set>

namespace bianmin::domain {

namespace {

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

struct TypeInfo {
    std::string_view key;
    const char* name;
};
// In the order of the Payload alternatives.
constexpr TypeInfo kTypes[] = {
    {"draft", "草稿"},
    {"receive", "收件"},
    {"notify_missing", "一次性告知"},
    {"supplement", "补齐补正"},
    {"pre_accept", "预受理"},
    {"return_pre_accept", "预受理退回"},
    {"accept", "受理"},
    {"refuse", "不予受理"},
    {"forward", "转报"},
    {"take_in", "收件(上级)"},
    {"step", "审批环节"},
    {"suspend", "特别程序开始"},
    {"resume", "特别程序结束"},
    {"complete", "办结"},
    {"reply", "反馈"},
    {"deliver", "送达"},
    {"evaluate", "评价"},
    {"rectify", "差评整改"},
    {"archive", "归档"},
    {"void", "作废"},
    {"return_case", "退件"},
    {"withdraw", "撤销申请"},
    {"report_up", "转报办结"},
    {"fee_notice", "缴费通知"},
    {"fee_paid", "缴费确认"},
    {"custody", "材料交接"},
    {"bind_number", "绑定正式编号"},
    {"resolve_conflict", "冲突处理"},
};
static_assert(std::size(kTypes) == std::variant_size_v<Payload>);

Error refuse(ErrorKind kind, std::string code, std::string message) {
    return {kind, std::move(code), std::move(message)};
}
Error wrongState(const CaseView& s, std::string_view what) {
    return refuse(ErrorKind::Conflict, "wrong_state",
                  std::string(what) + "：办件当前状态为" + caseStatusName(s.status) + "，不能办理");
}
Error wrongRole(const Actor& a, std::string_view what) {
    return refuse(ErrorKind::NotPermitted, "wrong_role",
                  roleName(a.role) + "无权办理" + std::string(what));
}
Error wrongSite(std::string_view what) {
    return refuse(ErrorKind::NotPermitted, "wrong_site",
                  std::string(what) + "：本办件不在本单位办理");
}
Error bad(std::string code, std::string message) {
    return refuse(ErrorKind::InvalidInput, std::move(code), std::move(message));
}

bool isStaff(Role r) {
    return r == Role::Clerk || r == Role::VillageAgent || r == Role::HallDirector ||
           r == Role::DepartmentStaff;
}

bool atHolder(const CaseView& s, const Actor& a) {
    return a.siteId == s.holder.siteId &&
           (s.holder.department.empty() || a.department == s.holder.department);
}

bool atOrigin(const CaseView& s, const Actor& a) {
    return a.siteId == s.originSiteId;
}

enum class Where { Holder, OriginOrHolder };
// The usual gate: a staff role, acting where the case is (or where it came from).
Status staffAt(const CaseView& s, const Actor& a, std::string_view what, Where where) {
    if (!isStaff(a.role))
        return wrongRole(a, what);
    const bool here = atHolder(s, a) || (where == Where::OriginOrHolder && atOrigin(s, a));
    if (!here)
        return wrongSite(what);
    return ok();
}

// The role may work a case at a site of this kind.
bool roleFitsSite(Role r, SiteKind k) {
    switch (r) {
    case Role::Clerk:
        return k == SiteKind::Hall || k == SiteKind::Center;
    case Role::VillageAgent:
        return k == SiteKind::Room;
    case Role::HallDirector:
        return k == SiteKind::Hall;
    case Role::DepartmentStaff:
        return k == SiteKind::Center;
    default:
        return false;
    }
}

const Item* itemOf(const CaseView& s, const FoldContext& ctx) {
    return ctx.catalog.version(s.item.id, s.item.version);
}

Level holderLevel(const CaseView& s, const FoldContext& ctx) {
    const Site* site = ctx.org.site(s.holder.siteId);
    return site ? levelOf(site->kind) : Level::Village;
}

// The level that completes this case: given by the mode at the level where it was received.
std::optional<Level> completingLevelOf(const CaseView& s, const FoldContext& ctx) {
    const Item* item = itemOf(s, ctx);
    const Site* origin = ctx.org.site(s.originSiteId);
    if (!item || !origin)
        return std::nullopt;
    const auto mode = item->modeAt(levelOf(origin->kind));
    if (!mode)
        return std::nullopt;
    return completingLevel(*mode);
}

bool holderCompletes(const CaseView& s, const FoldContext& ctx) {
    const auto lvl = completingLevelOf(s, ctx);
    return lvl && *lvl == holderLevel(s, ctx);
}

// Where a case goes when it leaves the holder's level, per the item's handling mode.
std::optional<Holder> nextHolder(const CaseView& s, const FoldContext& ctx) {
    const Item* item = itemOf(s, ctx);
    const Site* here = ctx.org.site(s.holder.siteId);
    if (!item || !here)
        return std::nullopt;
    const auto mode = item->modeAt(levelOf(here->kind));
    if (!mode)
        return std::nullopt;
    switch (*mode) {
    case HandlingMode::VillageAcceptTownshipComplete: {
        const Site* hall = ctx.org.hallOf(here->id);
        if (!hall)
            return std::nullopt;
        return Holder{hall->id, {}};
    }
    case HandlingMode::VillageAcceptCenter:
    case HandlingMode::TownshipAcceptCenter:
        return Holder{ctx.org.center().id, item->department};
    default:
        return std::nullopt;
    }
}

Status checkParty(const Party& p, std::string_view who) {
    if (p.name.empty())
        return bad("missing_name", std::string(who) + "姓名不能为空");
    if (p.idType == "111") {
        const auto problem = checkResidentId(p.idNumber);
        if (problem != ResidentIdProblem::None)
            return bad("bad_id_number", std::string(who) + describe(problem));
    } else if (p.idNumber.empty()) {
        return bad("bad_id_number", std::string(who) + "证件号码不能为空");
    }
    if (!p.phone.empty() && !isMobileNumber(p.phone) && p.phone.size() < 7)
        return bad("bad_phone", std::string(who) + "联系电话格式不正确");
    return ok();
}

Status checkMaterialNames(const Item& item, const std::vector<MaterialCheck>& list) {
    std::set<std::string> seen;
    for (const auto& m : list) {
        if (!item.material(m.name))
            return bad("unknown_material",
                       "材料“" + m.name + "”不在事项“" + item.name + "”的申报材料清单中");
        if (!seen.insert(m.name).second)
            return bad("duplicate_material", "材料“" + m.name + "”重复登记");
        if (m.copies < 0)
            return bad("bad_copies", "材料“" + m.name + "”的复印件份数不能为负数");
    }
    return ok();
}

Status checkCreate(const CaseView& s, const Event& e, const ItemRef& ref, const Party& applicant,
                   const std::optional<Party>& agent, const FoldContext& ctx,
                   std::string_view what) {
    const Site* site = ctx.org.site(e.actor.siteId);
    if (!site)
        return refuse(ErrorKind::NotPermitted, "unknown_site", "未知的服务场所 " + e.actor.siteId);
    if (!(e.actor.role == Role::Clerk || e.actor.role == Role::VillageAgent ||
          e.actor.role == Role::HallDirector) ||
        !roleFitsSite(e.actor.role, site->kind))
        return wrongRole(e.actor, what);
    const Item* item = ctx.catalog.version(ref.id, ref.version);
    if (!item)
        return refuse(ErrorKind::NotFound, "unknown_item_version",
                      "事项 " + ref.id + " 第" + std::to_string(ref.version) + "版不存在");
    if (item->status != ItemStatus::Active)
        return refuse(ErrorKind::Conflict, "item_not_active",
                      "事项“" + item->name + "”已" +
                          (item->status == ItemStatus::Suspended ? "暂停" : "取消") +
                          "，不能受理新的申请");
    if (!item->offeredAt(*site))
        return refuse(ErrorKind::NotPermitted, "item_not_offered",
                      "事项“" + item->name + "”不在" + site->name + "办理");
    if (s.status == CaseStatus::Draft && (s.item.id != ref.id || s.item.version != ref.version))
        return bad("item_mismatch", "收件的事项与草稿不一致");
    if (auto st = checkParty(applicant, "申请人"); !st)
        return st;
    if (agent)
        if (auto st = checkParty(*agent, "代理人"); !st)
            return st;
    return ok();
}

} // namespace

std::string_view eventTypeKey(const Payload& p) {
    return kTypes[p.index()].key;
}
std::string eventTypeName(const Payload& p) {
    return kTypes[p.index()].name;
}
std::string eventTypeNameOfKey(std::string_view key) {
    for (const auto& t : kTypes)
        if (t.key == key)
            return std::string(t.name);
    return std::string(key);
}

std::string caseStatusCode(CaseStatus s) {
    const int n = static_cast<int>(s);
    return n < 10 ? "0" + std::to_string(n) : std::to_string(n);
}

std::string caseStatusName(CaseStatus s) {
    switch (s) {
    case CaseStatus::None:
        return "未建立";
    case CaseStatus::Draft:
        return "草稿";
    case CaseStatus::Received:
        return "收件";
    case CaseStatus::PreAccepted:
        return "预受理";
    case CaseStatus::PreAcceptReturned:
        return "预受理退回";
    case CaseStatus::Accepted:
        return "受理";
    case CaseStatus::AwaitingMaterials:
        return "补齐补正";
    case CaseStatus::Refused:
        return "不予受理";
    case CaseStatus::InProgress:
        return "在办";
    case CaseStatus::Suspended:
        return "挂起";
    case CaseStatus::Completed:
        return "办结";
    case CaseStatus::ForwardedCompleted:
        return "转报办结";
    case CaseStatus::Voided:
        return "作废办结";
    case CaseStatus::Returned:
        return "退件";
    case CaseStatus::Withdrawn:
        return "撤销申请";
    }
    return {};
}

bool isFinal(CaseStatus s) {
    switch (s) {
    case CaseStatus::Refused:
    case CaseStatus::Completed:
    case CaseStatus::ForwardedCompleted:
    case CaseStatus::Voided:
    case CaseStatus::Returned:
    case CaseStatus::Withdrawn:
        return true;
    default:
        return false;
    }
}

bool CaseView::materialsComplete() const {
    return std::all_of(materials.begin(), materials.end(),
                       [](const MaterialState& m) { return !m.required || m.received; });
}

bool CaseView::feesPaid() const {
    return std::all_of(fees.begin(), fees.end(), [](const FeeRecord& f) { return f.paid; });
}

bool CaseView::feeViolation() const {
    return std::any_of(fees.begin(), fees.end(),
                       [](const FeeRecord& f) { return f.outsideStandard; });
}

bool CaseView::hasOpenConflict() const {
    return std::any_of(conflicts.begin(), conflicts.end(),
                       [](const ConflictNote& c) { return !c.resolved; });
}

const Suspension* CaseView::openSuspension() const {
    return !suspensions.empty() && !suspensions.back().end ? &suspensions.back() : nullptr;
}

Status checkEvent(const CaseView& s, const Event& e, const FoldContext& ctx) {
    if (!isEventId(e.id))
        return bad("bad_event_id", "事件编号格式不正确: " + e.id);
    if (e.caseId.empty())
        return bad("missing_case_id", "事件缺少办件标识");
    if (s.status != CaseStatus::None && e.caseId != s.caseId)
        return bad("case_mismatch", "事件不属于本办件");
    if (e.actor.role == Role::Supervisor)
        return wrongRole(e.actor, "办件"); // supervision acts through 督办 notices, not on cases
    if (e.actor.role != Role::System && !ctx.org.site(e.actor.siteId))
        return refuse(ErrorKind::NotPermitted, "unknown_site", "未知的服务场所 " + e.actor.siteId);
    const bool creating = std::holds_alternative<DraftPayload>(e.payload) ||
                          std::holds_alternative<ReceivePayload>(e.payload);
    if (s.status == CaseStatus::None && !creating)
        return refuse(ErrorKind::Conflict, "no_case", "办件尚未收件");
    const Item* item = s.status == CaseStatus::None ? nullptr : itemOf(s, ctx);
    const bool open = s.status != CaseStatus::None && !isFinal(s.status);
    const std::string what = eventTypeName(e.payload);

    return std::visit(
        Overloaded{
            [&](const DraftPayload& p) -> Status {
                if (s.status != CaseStatus::None)
                    return wrongState(s, what);
                return checkCreate(s, e, p.item, p.applicant, p.agent, ctx, what);
            },
            [&](const ReceivePayload& p) -> Status {
                if (s.status != CaseStatus::None && s.status != CaseStatus::Draft)
                    return wrongState(s, what);
                if (s.status == CaseStatus::Draft && !atOrigin(s, e.actor))
                    return wrongSite(what);
                if (auto st = checkCreate(s, e, p.item, p.applicant, p.agent, ctx, what); !st)
                    return st;
                const Item* it = ctx.catalog.version(p.item.id, p.item.version);
                if (auto st = checkMaterialNames(*it, p.materials); !st)
                    return st;
                if (!isProvisionalNumber(p.provisionalNumber) ||
                    p.provisionalNumber.substr(1, 12) != e.actor.siteId)
                    return bad("bad_provisional_number",
                               "临时办件编号格式不正确: " + p.provisionalNumber);
                if (p.queryPasswordHash.empty())
                    return bad("missing_query_password", "缺少查询密码");
                if (p.entrusted && e.actor.role != Role::VillageAgent)
                    return wrongRole(e.actor, "代办委托");
                return ok();
            },
            [&](const NotifyMissingPayload& p) -> Status {
                if (s.status != CaseStatus::Received && s.status != CaseStatus::InProgress &&
                    s.status != CaseStatus::PreAcceptReturned)
                    return wrongState(s, what);
                if (auto st = staffAt(s, e.actor, what, Where::Holder); !st)
                    return st;
                if (p.missing.empty())
                    return bad("nothing_missing", "一次性告知书须列明全部需补正的材料");
                for (const auto& m : p.missing)
                    if (!item || !item->material(m))
                        return bad("unknown_material", "材料“" + m + "”不在申报材料清单中");
                return ok();
            },
            [&](const SupplementPayload& p) -> Status {
                if (s.status != CaseStatus::AwaitingMaterials &&
                    s.status != CaseStatus::PreAcceptReturned)
                    return wrongState(s, what);
                if (auto st = staffAt(s, e.actor, what, Where::Holder); !st)
                    return st;
                if (p.materials.empty())
                    return bad("nothing_supplied", "未登记补正的材料");
                return checkMaterialNames(*item, p.materials);
            },
            [&](const PreAcceptPayload&) -> Status {
                if (s.status != CaseStatus::Received && s.status != CaseStatus::PreAcceptReturned)
                    return wrongState(s, what);
                if (e.actor.role != Role::VillageAgent)
                    return wrongRole(e.actor, what);
                if (!atHolder(s, e.actor))
                    return wrongSite(what);
                if (holderCompletes(s, ctx) || !nextHolder(s, ctx))
                    return refuse(ErrorKind::Conflict, "no_upper_level",
                                  "本事项由本级直接办结，无需预受理");
                if (!s.materialsComplete())
                    return refuse(ErrorKind::Conflict, "materials_incomplete",
                                  "必要材料不齐全，请先一次性告知");
                return ok();
            },
            [&](const ReturnPreAcceptPayload& p) -> Status {
                if (s.status != CaseStatus::PreAccepted)
                    return wrongState(s, what);
                if (auto st = staffAt(s, e.actor, what, Where::Holder); !st)
                    return st;
                if (p.reason.empty())
                    return bad("missing_reason", "预受理退回须说明理由");
                return ok();
            },
            [&](const AcceptPayload&) -> Status {
                if (s.status != CaseStatus::Received && s.status != CaseStatus::PreAccepted)
                    return wrongState(s, what);
                if (auto st = staffAt(s, e.actor, what, Where::Holder); !st)
                    return st;
                if (!s.materialsComplete())
                    return refuse(ErrorKind::Conflict, "materials_incomplete",
                                  "必要材料不齐全，应出具一次性告知书");
                if (item && item->fee.charged && item->feeBeforeAccept &&
                    (s.fees.empty() || !s.feesPaid()))
                    return refuse(ErrorKind::Conflict, "fee_unpaid", "本事项须缴费后受理");
                return ok();
            },
            [&](const RefusePayload& p) -> Status {
                if (!(s.status == CaseStatus::Received || s.status == CaseStatus::PreAccepted ||
                      s.status == CaseStatus::PreAcceptReturned ||
                      s.status == CaseStatus::AwaitingMaterials))
                    return wrongState(s, what);
                if (s.acceptedAt)
                    return refuse(ErrorKind::Conflict, "already_accepted",
                                  "办件已受理（含逾期未告知视为受理），应作出不予许可决定");
                if (auto st = staffAt(s, e.actor, what, Where::Holder); !st)
                    return st;
                if (p.reasons.empty())
                    return bad("missing_reasons", "不予受理须书面说明理由");
                if (!p.remedyNotified)
                    return bad("missing_remedy",
                               "不予受理通知须告知申请人依法申请复议或提起诉讼的权利");
                return ok();
            },
            [&](const ForwardPayload& p) -> Status {
                if (s.status != CaseStatus::Accepted || s.awaitingTakeIn)
                    return wrongState(s, what);
                if (auto st = staffAt(s, e.actor, what, Where::Holder); !st)
                    return st;
                const auto next = nextHolder(s, ctx);
                if (!next || holderCompletes(s, ctx))
                    return refuse(ErrorKind::Conflict, "no_upper_level",
                                  "本事项在本级办结，不能转报");
                if (p.to != *next)
                    return bad("wrong_target", "转报对象与事项办理模式不符");
                return ok();
            },
            [&](const TakeInPayload&) -> Status {
                if (s.status != CaseStatus::Accepted || !s.awaitingTakeIn)
                    return wrongState(s, what);
                if (auto st = staffAt(s, e.actor, what, Where::Holder); !st)
                    return st;
                return ok();
            },
            [&](const StepPayload& p) -> Status {
                const bool starting = s.status == CaseStatus::Accepted && !s.awaitingTakeIn &&
                                      holderCompletes(s, ctx);
                if (!(starting || s.status == CaseStatus::InProgress))
                    return wrongState(s, what);
                const StepCode expected = starting        ? StepCode::Handle
                                          : s.currentStep ? *s.currentStep
                                                          : StepCode::Approve;
                if (s.status == CaseStatus::InProgress && !s.currentStep)
                    return refuse(ErrorKind::Conflict, "steps_done", "审批环节已全部完成");
                if (p.step != expected)
                    return refuse(ErrorKind::Conflict, "wrong_step",
                                  "当前应进行" + stepName(expected) + "，不能" + stepName(p.step));
                if (!atHolder(s, e.actor))
                    return wrongSite(what);
                const Site* site = ctx.org.site(e.actor.siteId);
                bool allowed = false;
                switch (site ? site->kind : SiteKind::Room) {
                case SiteKind::Center:
                    allowed = e.actor.role == Role::DepartmentStaff &&
                              static_cast<int>(e.actor.grade) >= static_cast<int>(p.step);
                    break;
                case SiteKind::Hall:
                    allowed = p.step == StepCode::Handle ? (e.actor.role == Role::Clerk ||
                                                            e.actor.role == Role::HallDirector)
                                                         : e.actor.role == Role::HallDirector;
                    break;
                case SiteKind::Room:
                    allowed = e.actor.role == Role::VillageAgent;
                    break;
                }
                if (!allowed)
                    return wrongRole(e.actor, stepName(p.step));
                if (p.step == StepCode::Handle && p.action == StepAction::Return)
                    return bad("bad_action", "承办环节不能退回；需补正材料请出具补正告知");
                if (p.opinion.empty())
                    return bad("missing_opinion", stepName(p.step) + "意见不能为空");
                // Separation of duties: nobody reviews their own handling or approves their own
                // review, where the site has more than one person to do it.
                if (p.step != StepCode::Handle && site && site->kind != SiteKind::Room) {
                    const StepCode prev = static_cast<StepCode>(static_cast<int>(p.step) - 1);
                    for (auto it = s.steps.rbegin(); it != s.steps.rend(); ++it)
                        if (it->step == prev) {
                            if (it->userId == e.actor.userId)
                                return refuse(ErrorKind::NotPermitted, "same_person",
                                              stepName(p.step) + "与" + stepName(prev) +
                                                  "不能由同一人办理");
                            break;
                        }
                }
                return ok();
            },
            [&](const SuspendPayload& p) -> Status {
                if (s.status != CaseStatus::InProgress)
                    return wrongState(s, what);
                if (auto st = staffAt(s, e.actor, what, Where::Holder); !st)
                    return st;
                if (p.kind != 1 && p.kind != 2)
                    return bad("bad_kind", "特别程序种类应为1(延长审批)或2(其他)");
                if (p.reason.empty() || p.approver.empty())
                    return bad("missing_reason", "特别程序须写明理由和批准人");
                if (p.limitDays < 1)
                    return bad("bad_limit", "特别程序时限至少为1个工作日");
                return ok();
            },
            [&](const ResumePayload&) -> Status {
                if (s.status != CaseStatus::Suspended)
                    return wrongState(s, what);
                if (auto st = staffAt(s, e.actor, what, Where::Holder); !st)
                    return st;
                return ok();
            },
            [&](const CompletePayload& p) -> Status {
                const bool immediate = item && item->caseKind == CaseKind::Immediate;
                const bool readyImmediate =
                    immediate && ((s.status == CaseStatus::Accepted && !s.awaitingTakeIn) ||
                                  s.status == CaseStatus::InProgress);
                const bool readyPromised = s.status == CaseStatus::InProgress && s.approved;
                if (!readyImmediate && !readyPromised) {
                    if (s.status == CaseStatus::InProgress)
                        return refuse(ErrorKind::Conflict, "steps_pending",
                                      "须完成承办、审核、批准后方可办结");
                    return wrongState(s, what);
                }
                if (auto st = staffAt(s, e.actor, what, Where::Holder); !st)
                    return st;
                if (!holderCompletes(s, ctx))
                    return refuse(ErrorKind::NotPermitted, "not_completing_level",
                                  "本事项不在本级办结，应转报");
                if (p.outcome == Outcome::Denied && p.reasons.empty())
                    return bad("missing_reasons", "不予许可须说明理由");
                if (p.outcome != Outcome::Denied && item && item->fee.charged &&
                    (s.fees.empty() || !s.feesPaid()))
                    return refuse(ErrorKind::Conflict, "fee_unpaid", "费用未缴清，不能办结");
                if (p.outcome == Outcome::Certificate && p.resultName.empty())
                    return bad("missing_result", "出证办结须写明证照名称");
                return ok();
            },
            [&](const ReplyPayload&) -> Status {
                if (s.status != CaseStatus::Completed || s.repliedAt)
                    return wrongState(s, what);
                if (s.holder.siteId == s.originSiteId)
                    return refuse(ErrorKind::Conflict, "nothing_to_reply",
                                  "办件在受理地办结，无需反馈");
                if (auto st = staffAt(s, e.actor, what, Where::Holder); !st)
                    return st;
                return ok();
            },
            [&](const DeliverPayload& p) -> Status {
                if (s.status != CaseStatus::Completed || s.deliveredAt)
                    return wrongState(s, what);
                if (s.holder.siteId != s.originSiteId)
                    return refuse(ErrorKind::Conflict, "not_replied", "结果尚未反馈到受理地");
                if (!isStaff(e.actor.role))
                    return wrongRole(e.actor, what);
                if (!atOrigin(s, e.actor))
                    return wrongSite(what);
                if (p.recipient.empty())
                    return bad("missing_recipient", "送达须记录领取人");
                if (p.method == DeliveryMethod::AgentReturn && e.actor.role != Role::VillageAgent)
                    return wrongRole(e.actor, "代办员回交");
                return ok();
            },
            [&](const EvaluatePayload& p) -> Status {
                const bool after = (s.status == CaseStatus::Completed && s.deliveredAt) ||
                                   s.status == CaseStatus::Refused ||
                                   s.status == CaseStatus::Returned;
                if (!after || s.evaluation)
                    return wrongState(s, what);
                if (!p.byApplicant)
                    return refuse(ErrorKind::NotPermitted, "not_by_applicant",
                                  "评价须由申请人本人作出，工作人员不得代评");
                if (p.level < 1 || p.level > 5)
                    return bad("bad_level", "满意度应为1至5");
                if (p.channel < 1 || p.channel > 7)
                    return bad("bad_channel", "评价渠道代码应为1至7");
                if (!atOrigin(s, e.actor))
                    return wrongSite(what);
                return ok();
            },
            [&](const RectifyPayload& p) -> Status {
                if (!s.evaluation || !s.evaluation->poor() || s.rectified)
                    return refuse(ErrorKind::Conflict, "nothing_to_rectify", "没有待整改的差评");
                if (!isStaff(e.actor.role))
                    return wrongRole(e.actor, what);
                const Site* hall = ctx.org.hallOf(s.originSiteId);
                if (!atOrigin(s, e.actor) && !(hall && e.actor.siteId == hall->id))
                    return wrongSite(what);
                if (p.measures.empty())
                    return bad("missing_measures", "须写明整改措施");
                return ok();
            },
            [&](const ArchivePayload&) -> Status {
                if (!isFinal(s.status) || s.archived ||
                    (s.status == CaseStatus::Completed && !s.deliveredAt))
                    return wrongState(s, what);
                if (auto st = staffAt(s, e.actor, what, Where::OriginOrHolder); !st)
                    return st;
                return ok();
            },
            [&](const VoidPayload& p) -> Status {
                if (!open)
                    return wrongState(s, what);
                if (e.actor.role != Role::HallDirector && e.actor.role != Role::Admin)
                    return wrongRole(e.actor, what);
                if (e.actor.role == Role::HallDirector) {
                    const Site* hall = ctx.org.hallOf(s.originSiteId);
                    if (!(hall && e.actor.siteId == hall->id) && !atHolder(s, e.actor))
                        return wrongSite(what);
                }
                if (p.reason.empty())
                    return bad("missing_reason", "作废须说明理由");
                return ok();
            },
            [&](const ReturnCasePayload& p) -> Status {
                if (s.status != CaseStatus::AwaitingMaterials &&
                    s.status != CaseStatus::PreAcceptReturned && s.status != CaseStatus::InProgress)
                    return wrongState(s, what);
                if (auto st = staffAt(s, e.actor, what, Where::Holder); !st)
                    return st;
                if (p.reason.empty())
                    return bad("missing_reason", "退件须说明理由");
                return ok();
            },
            [&](const WithdrawPayload& p) -> Status {
                if (!open)
                    return wrongState(s, what);
                if (auto st = staffAt(s, e.actor, what, Where::OriginOrHolder); !st)
                    return st;
                if (p.reason.empty())
                    return bad("missing_reason", "撤销申请须记录申请人的理由");
                return ok();
            },
            [&](const ReportUpPayload& p) -> Status {
                if ((s.status != CaseStatus::Accepted || s.awaitingTakeIn) &&
                    s.status != CaseStatus::InProgress)
                    return wrongState(s, what);
                if (auto st = staffAt(s, e.actor, what, Where::Holder); !st)
                    return st;
                if (p.authority.empty())
                    return bad("missing_authority", "须写明转报的上级机关");
                return ok();
            },
            [&](const FeeNoticePayload& p) -> Status {
                if (!open)
                    return wrongState(s, what);
                if (!item || !item->fee.charged)
                    return refuse(ErrorKind::Conflict, "no_fee", "本事项不收费");
                if (auto st = staffAt(s, e.actor, what, Where::Holder); !st)
                    return st;
                if (p.paymentCode.empty() || p.amountFen <= 0)
                    return bad("bad_fee", "缴费通知须有缴款码和金额");
                for (const auto& f : s.fees)
                    if (f.paymentCode == p.paymentCode)
                        return bad("duplicate_payment_code", "缴款码重复: " + p.paymentCode);
                return ok();
            },
            [&](const FeePaidPayload& p) -> Status {
                if (!open)
                    return wrongState(s, what);
                if (e.actor.role != Role::System && !isStaff(e.actor.role))
                    return wrongRole(e.actor, what);
                if (e.actor.role != Role::System && !atHolder(s, e.actor))
                    return wrongSite(what);
                for (const auto& f : s.fees)
                    if (f.paymentCode == p.paymentCode) {
                        if (f.paid)
                            return refuse(ErrorKind::Conflict, "already_paid", "该缴款码已缴费");
                        if (f.amountFen != p.amountFen)
                            return bad("amount_mismatch", "缴费金额与缴费通知不符");
                        return ok();
                    }
                return refuse(ErrorKind::NotFound, "unknown_payment_code",
                              "未找到缴款码 " + p.paymentCode);
            },
            [&](const CustodyPayload& p) -> Status {
                if (s.status == CaseStatus::None)
                    return wrongState(s, what);
                if (!isStaff(e.actor.role))
                    return wrongRole(e.actor, what);
                // Whoever holds the originals may hand them on, wherever the case is.
                if (!atOrigin(s, e.actor) && !atHolder(s, e.actor) && e.actor.userId != p.from)
                    return wrongSite(what);
                if (p.documents.empty() || p.from.empty() || p.to.empty() || p.from == p.to)
                    return bad("bad_custody", "交接须写明材料、交出方和接收方");
                if (p.kind == CustodyKind::ReturnToApplicant && p.to != "applicant")
                    return bad("bad_custody", "回交的接收方应为申请人");
                if (p.kind != CustodyKind::Entrust && p.signedBy.empty())
                    return bad("missing_signature", "交接须有接收方签字");
                for (const auto& d : p.documents) {
                    if (!item || !item->material(d))
                        return bad("unknown_material", "材料“" + d + "”不在申报材料清单中");
                    const auto it = s.custody.find(d);
                    const std::string holder = it == s.custody.end() ? "applicant" : it->second;
                    if (holder != p.from)
                        return refuse(ErrorKind::Conflict, "not_custodian",
                                      "材料“" + d + "”原件当前不在交出方手中");
                }
                return ok();
            },
            [&](const BindNumberPayload& p) -> Status {
                if (e.actor.role != Role::System)
                    return wrongRole(e.actor, what);
                if (!isOfficialNumber(p.officialNumber))
                    return bad("bad_official_number",
                               "正式办件编号格式不正确: " + p.officialNumber);
                if (!s.officialNumber.empty() && s.officialNumber != p.officialNumber)
                    return refuse(ErrorKind::Conflict, "already_bound",
                                  "办件已绑定正式编号 " + s.officialNumber);
                return ok();
            },
            [&](const ResolveConflictPayload& p) -> Status {
                if (auto st = staffAt(s, e.actor, what, Where::OriginOrHolder); !st)
                    return st;
                for (const auto& c : s.conflicts)
                    if (c.eventId == p.eventId && !c.resolved)
                        return ok();
                return refuse(ErrorKind::NotFound, "no_such_conflict", "没有待处理的该冲突");
            },
        },
        e.payload);
}

void applyEvent(CaseView& s, const Event& e, const FoldContext& ctx) {
    const Instant t = e.deviceTime;
    const Item* item = s.status == CaseStatus::None ? nullptr : itemOf(s, ctx);
    auto close = [&](CaseStatus to) {
        s.status = to;
        s.closedAt = t;
        if (!s.suspensions.empty() && !s.suspensions.back().end)
            s.suspensions.back().end = t;
    };
    auto applyMaterials = [&](const std::vector<MaterialCheck>& list) {
        for (const auto& m : list)
            for (auto& ms : s.materials)
                if (ms.name == m.name) {
                    ms.received = m.received;
                    ms.originalSeen = m.originalSeen;
                    ms.copies = m.copies;
                }
    };
    // 委托: the village agent takes from the villager the originals she has checked.
    auto takeOriginals = [&](const std::vector<MaterialCheck>& list) {
        CustodyRecord rec{CustodyKind::Entrust, {}, "applicant", e.actor.userId, {}, t};
        for (const auto& m : list)
            if (m.received && m.originalSeen && !s.custody.contains(m.name)) {
                s.custody[m.name] = e.actor.userId;
                rec.documents.push_back(m.name);
            }
        if (!rec.documents.empty())
            s.custodyLog.push_back(std::move(rec));
    };
    auto create = [&](const ItemRef& ref, const Party& applicant,
                      const std::optional<Party>& agent) {
        s.caseId = e.caseId;
        s.item = ref;
        s.originSiteId = e.actor.siteId;
        s.holder = {e.actor.siteId, {}};
        s.applicant = applicant;
        s.applicant.idNumber = normalizeResidentId(applicant.idNumber);
        s.agent = agent;
        const Item* it = ctx.catalog.version(ref.id, ref.version);
        s.materials.clear();
        if (it)
            for (const auto& m : it->materials)
                s.materials.push_back({m.name, m.required, false, false, 0});
    };

    std::visit(
        Overloaded{
            [&](const DraftPayload& p) {
                create(p.item, p.applicant, p.agent);
                s.status = CaseStatus::Draft;
            },
            [&](const ReceivePayload& p) {
                create(p.item, p.applicant, p.agent);
                applyMaterials(p.materials);
                s.provisionalNumber = p.provisionalNumber;
                s.queryPasswordHash = p.queryPasswordHash;
                s.entrusted = p.entrusted;
                s.receivedAt = t;
                s.status = CaseStatus::Received;
                if (p.entrusted)
                    takeOriginals(p.materials);
            },
            [&](const NotifyMissingPayload& p) {
                const bool afterAccept = s.status == CaseStatus::InProgress;
                for (auto& ms : s.materials)
                    if (std::find(p.missing.begin(), p.missing.end(), ms.name) != p.missing.end())
                        ms.received = false;
                s.missing = p.missing;
                if (afterAccept) {
                    ++s.noticeRoundsAfterAccept;
                    // Time the applicant spends on 补正 after 受理 does not count against the
                    // promised limit: it is a pause, like 特别程序, of kind 0.
                    s.suspensions.push_back({0, "补正材料", {}, 0, t, std::nullopt, {}});
                } else {
                    ++s.noticeRoundsBeforeAccept;
                    // Art. 32: a notice later than 5 working days after receipt means the case
                    // counts as accepted from receipt.
                    if (s.receivedAt && !s.acceptedAt) {
                        const Date received = Date::localDateOf(*s.receivedAt);
                        if (Date::localDateOf(t) > ctx.calendar.addWorkingDays(received, 5)) {
                            s.lateNotice = true;
                            s.deemedAccepted = true;
                            s.acceptedAt = s.receivedAt;
                        }
                    }
                }
                s.status = CaseStatus::AwaitingMaterials;
            },
            [&](const SupplementPayload& p) {
                applyMaterials(p.materials);
                if (s.entrusted)
                    takeOriginals(p.materials);
                if (s.status == CaseStatus::PreAcceptReturned)
                    return; // stays returned until it is passed up again
                if (!s.suspensions.empty() && !s.suspensions.back().end &&
                    s.suspensions.back().kind == 0) {
                    s.suspensions.back().end = t;
                    s.status = CaseStatus::InProgress;
                } else {
                    s.status = CaseStatus::Received;
                }
                s.missing.clear();
            },
            [&](const PreAcceptPayload&) {
                s.holder = *nextHolder(s, ctx);
                s.forwardedFromSiteId = e.actor.siteId;
                s.status = CaseStatus::PreAccepted;
            },
            [&](const ReturnPreAcceptPayload& p) {
                s.holder = {s.originSiteId, {}};
                s.closingReason = p.reason;
                s.status = CaseStatus::PreAcceptReturned;
            },
            [&](const AcceptPayload&) {
                if (!s.acceptedAt)
                    s.acceptedAt = t;
                // Accepted at the origin of a case finished higher up: it has to be forwarded.
                s.forwardsUp = atOrigin(s, e.actor) && !holderCompletes(s, ctx);
                s.status = CaseStatus::Accepted;
                s.awaitingTakeIn = false;
            },
            [&](const RefusePayload& p) {
                s.refusalReasons = p.reasons;
                close(CaseStatus::Refused);
            },
            [&](const ForwardPayload& p) {
                s.holder = p.to;
                s.awaitingTakeIn = true;
                s.forwardedFromSiteId = e.actor.siteId;
                if (!s.forwardedAt)
                    s.forwardedAt = t;
            },
            [&](const TakeInPayload&) {
                s.awaitingTakeIn = false;
                s.takenInAt = t;
                s.status = CaseStatus::InProgress;
                s.currentStep = StepCode::Handle;
                s.stepStartedAt = t;
            },
            [&](const StepPayload& p) {
                if (s.status == CaseStatus::Accepted) {
                    s.status = CaseStatus::InProgress;
                    s.stepStartedAt = s.acceptedAt ? *s.acceptedAt : t;
                }
                s.steps.push_back({p.step, p.action, e.actor.userId, e.actor.userName, p.opinion,
                                   s.stepStartedAt.value_or(t), t});
                s.stepStartedAt = t;
                const int n = item ? static_cast<int>(item->steps.size()) : 3;
                const int cur = static_cast<int>(p.step);
                if (p.action == StepAction::Return) {
                    s.currentStep = static_cast<StepCode>(cur - 1);
                } else if (cur >= n) {
                    s.currentStep.reset();
                    s.approved = true;
                } else {
                    s.currentStep = static_cast<StepCode>(cur + 1);
                }
            },
            [&](const SuspendPayload& p) {
                s.suspensions.push_back(
                    {p.kind, p.reason, p.approver, p.limitDays, t, std::nullopt, {}});
                s.status = CaseStatus::Suspended;
            },
            [&](const ResumePayload& p) {
                s.suspensions.back().end = t;
                s.suspensions.back().result = p.result;
                s.status = CaseStatus::InProgress;
            },
            [&](const CompletePayload& p) {
                s.completion = Completion{p.outcome, p.resultName,  p.resultNumber, p.reasons,
                                          t,         e.actor.siteId};
                s.completedAt = t;
                s.currentStep.reset();
                close(CaseStatus::Completed);
            },
            [&](const ReplyPayload&) {
                s.repliedAt = t;
                s.holder = {s.originSiteId, {}};
            },
            [&](const DeliverPayload& p) {
                s.deliveredAt = p.at ? p.at : t;
                s.deliveryMethod = p.method;
                s.deliveredTo = p.recipient;
            },
            [&](const EvaluatePayload& p) {
                s.evaluation = Evaluation{p.level, p.channel, p.comment, t};
            },
            [&](const RectifyPayload&) { s.rectified = true; },
            [&](const ArchivePayload&) { s.archived = true; },
            [&](const VoidPayload& p) {
                s.closingReason = p.reason;
                close(CaseStatus::Voided);
            },
            [&](const ReturnCasePayload& p) {
                s.closingReason = p.reason;
                close(CaseStatus::Returned);
            },
            [&](const WithdrawPayload& p) {
                s.closingReason = p.reason;
                close(CaseStatus::Withdrawn);
            },
            [&](const ReportUpPayload& p) {
                s.reportedTo = p.authority;
                close(CaseStatus::ForwardedCompleted);
            },
            [&](const FeeNoticePayload& p) {
                const bool outside = item && p.amountFen > item->fee.totalFen();
                s.fees.push_back({p.paymentCode, p.amountFen, false, outside});
            },
            [&](const FeePaidPayload& p) {
                for (auto& f : s.fees)
                    if (f.paymentCode == p.paymentCode)
                        f.paid = true;
            },
            [&](const CustodyPayload& p) {
                for (const auto& d : p.documents) {
                    if (p.to == "applicant")
                        s.custody.erase(d);
                    else
                        s.custody[d] = p.to;
                }
                s.custodyLog.push_back({p.kind, p.documents, p.from, p.to, p.signedBy, t});
            },
            [&](const BindNumberPayload& p) { s.officialNumber = p.officialNumber; },
            [&](const ResolveConflictPayload& p) {
                for (auto& c : s.conflicts)
                    if (c.eventId == p.eventId)
                        c.resolved = true;
            },
        },
        e.payload);
}

bool foldsBefore(const Event& a, const Event& b) {
    if (a.serverSeq && b.serverSeq)
        return *a.serverSeq < *b.serverSeq;
    if (a.serverSeq.has_value() != b.serverSeq.has_value())
        return a.serverSeq.has_value(); // stored events come first
    if (a.hlc != b.hlc)
        return a.hlc < b.hlc;
    return a.id < b.id;
}

namespace {

// foldNext's body; `checked`, when given, is checkEvent(s, e, ctx) computed by the caller.
void foldStep(CaseView& s, const Event& e, const FoldContext& ctx, const Status* checked) {
    const auto& tl = s.timeline;
    if (std::any_of(tl.begin(), tl.end(),
                    [&](const TimelineEntry& t) { return t.eventId == e.id; }))
        return; // the same event delivered twice
    // Concurrency: the author had not seen the event just before this one.
    const bool concurrent = !tl.empty() && e.parentId != tl.back().eventId;
    std::string unseen;
    bool unseenSignificant = false;
    if (concurrent) {
        auto it = std::find_if(tl.begin(), tl.end(),
                               [&](const TimelineEntry& t) { return t.eventId == e.parentId; });
        for (auto j = it == tl.end() ? tl.begin() : it + 1; j != tl.end(); ++j)
            if (j->significant) {
                if (unseen.empty())
                    unseen = j->eventId;
                unseenSignificant = true;
            }
    }

    TimelineEntry entry{
        e.id, std::string(eventTypeKey(e.payload)), e.actor, e.deviceTime, true, false, {}, {}};
    const Status st = checked ? *checked : checkEvent(s, e, ctx);
    if (st) {
        const auto before = std::make_pair(s.status, s.holder);
        applyEvent(s, e, ctx);
        entry.significant = before != std::make_pair(s.status, s.holder);
        if (concurrent && entry.significant && unseenSignificant)
            s.conflicts.push_back(
                {e.id, unseen, false,
                 eventTypeName(e.payload) + "是在不知道此前变更的情况下作出的，请与申请人核实",
                 false});
    } else {
        entry.applied = false;
        entry.rejectCode = st.error().code;
        entry.rejectMessage = st.error().message;
        if (s.status != CaseStatus::None)
            s.conflicts.push_back({e.id, concurrent ? unseen : std::string(), true,
                                   eventTypeName(e.payload) + "未生效：" + st.error().message,
                                   false});
    }
    s.timeline.push_back(std::move(entry));
}

} // namespace

void foldNext(CaseView& s, const Event& e, const FoldContext& ctx) {
    foldStep(s, e, ctx, nullptr);
}

void foldNextChecked(CaseView& s, const Event& e, const FoldContext& ctx, const Status& checked) {
    foldStep(s, e, ctx, &checked);
}

CaseView foldCase(std::span<const Event> events, const FoldContext& ctx) {
    std::vector<const Event*> order;
    order.reserve(events.size());
    for (const auto& e : events)
        order.push_back(&e);
    std::stable_sort(order.begin(), order.end(),
                     [](const Event* a, const Event* b) { return foldsBefore(*a, *b); });
    CaseView s;
    for (const Event* e : order)
        foldNext(s, *e, ctx);
    return s;
}

bool completesAtHolder(const CaseView& state, const FoldContext& ctx) {
    return holderCompletes(state, ctx);
}

std::optional<Holder> forwardTarget(const CaseView& state, const FoldContext& ctx) {
    if (holderCompletes(state, ctx))
        return std::nullopt;
    return nextHolder(state, ctx);
}

} // namespace bianmin::domain
