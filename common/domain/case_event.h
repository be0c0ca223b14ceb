#pragma once
// Case events. A case (办件) is an append-only log of these; its state is the fold of
// case_fold.h. Events are made offline at any site, so each carries everything needed to order
// and validate it anywhere: a globally unique id, who acted (user, role, site, department, grade,
// device), the device's clock and hybrid logical clock, the item version, the id of the last event
// of this case the actor had seen (`parentId`, which reveals concurrent edits), and once the
// server has stored it, the server sequence number that fixes the order everyone folds in.
#include "common/domain/catalog.h"
#include "common/domain/date.h"
#include "common/domain/ids.h"
#include "common/domain/org.h"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace bianmin::domain {

struct Actor {
    std::string userId;
    std::string userName;
    Role role = Role::Clerk;
    std::string siteId;
    std::string department; // department name, for DepartmentStaff
    Grade grade = Grade::None;
    std::string deviceId;
};

struct Party {
    std::string name;
    std::string idType = "111"; // 证件类型: 111 居民身份证
    std::string idNumber;
    std::string phone;
    std::string address;
};

struct MaterialCheck {
    std::string name;          // the catalog material's name
    bool received = false;     // 已收
    bool originalSeen = false; // 原件已核验
    int copies = 0;            // 复印件份数 received
};

struct ItemRef {
    std::string id;
    int version = 0;
};

// Where a case is: the unit responsible for the next step.
struct Holder {
    std::string siteId;
    std::string department; // set when held by a department at the center
    auto operator<=>(const Holder&) const = default;
};

// --- payloads, one per event type -------------------------------------------------------------
struct DraftPayload { // 01 草稿
    ItemRef item;
    Party applicant;
    std::optional<Party> agent;
};
struct ReceivePayload { // 02 收件
    ItemRef item;
    Party applicant;
    std::optional<Party> agent; // 联系人/代理人, e.g. the village agent
    std::vector<MaterialCheck> materials;
    std::string provisionalNumber; // issued offline by the receiving site
    std::string queryPasswordHash; // see hashQueryPassword
    bool entrusted = false;        // 委托书 signed (village agency)
};
struct NotifyMissingPayload {         // 一次性告知 / 补正告知 → 06
    std::vector<std::string> missing; // material names, all of them at once
    std::string note;
};
struct SupplementPayload { // 补齐补正
    std::vector<MaterialCheck> materials;
};
struct PreAcceptPayload { // 03 预受理: passes up for formal acceptance
    std::string opinion;
};
struct ReturnPreAcceptPayload { // 04 预受理退回
    std::string reason;
};
struct AcceptPayload { // 05 受理
    std::string opinion;
};
struct RefusePayload { // 07 不予受理
    std::vector<std::string> reasons;
    bool remedyNotified = false; // the notice states the right to 复议/诉讼
};
struct ForwardPayload { // 转报 within the network: to the township hall or a center department
    Holder to;
    std::string note;
};
struct TakeInPayload { // 中心系统收件 / 乡级收件 of a forwarded case
    std::string note;
};
enum class StepAction { Pass, Return }; // 通过 / 退回
struct StepPayload {                    // 承办 / 审核 / 批准
    StepCode step = StepCode::Handle;
    StepAction action = StepAction::Pass;
    std::string opinion;
};
struct SuspendPayload { // 09 特别程序
    int kind = 1;       // 1 延长审批, 2 other (hearing, inspection, 公示 …)
    std::string reason;
    std::string approver;
    int limitDays = 0; // working days
};
struct ResumePayload {
    std::string result;
};
enum class Outcome { Certificate, Document, Approved, Denied }; // 出证 / 出文 / 审批通过 / 不予许可
struct CompletePayload {                                        // 10 办结
    Outcome outcome = Outcome::Approved;
    std::string resultName;           // e.g. 低保证
    std::string resultNumber;         // certificate or document number
    std::vector<std::string> reasons; // required when Denied
};
struct ReplyPayload { // 中心窗口集中反馈: the result goes back to the originating site
    std::string note;
};
enum class DeliveryMethod { WindowPickup, Post, AgentReturn };
struct DeliverPayload { // 送达
    DeliveryMethod method = DeliveryMethod::WindowPickup;
    std::string recipient;
    Instant at = 0;
    bool signedFor = false;
};
struct EvaluatePayload { // 好差评: GB/T 39046 codes, 1 非常满意 … 5 非常不满意
    int level = 1;
    int channel = 4;          // 4 政务大厅平板电脑
    bool byApplicant = false; // entered by the applicant, never by staff
    std::string comment;
};
struct RectifyPayload { // 差评整改 and its call-back
    std::string measures;
    bool calledBack = false;
};
struct ArchivePayload {};
struct VoidPayload { // 12 作废办结
    std::string reason;
};
struct ReturnCasePayload { // 13 退件
    std::string reason;
    bool supplementTimeout = false; // 补正超时驳回
};
struct WithdrawPayload { // 撤销申请
    std::string reason;
};
struct ReportUpPayload { // 11 转报办结: sent to an authority outside the network
    std::string authority;
    std::string reference;
};
struct FeeNoticePayload { // 缴费通知 with the bank's payment code
    std::string paymentCode;
    std::int64_t amountFen = 0;
};
struct FeePaidPayload { // 代收银行 confirmation
    std::string paymentCode;
    std::string bankReference;
    std::int64_t amountFen = 0;
};
enum class CustodyKind { Entrust, HandOver, ReturnToApplicant }; // 委托收件 / 交接 / 回交
struct CustodyPayload {
    CustodyKind kind = CustodyKind::HandOver;
    std::vector<std::string> documents; // material names whose originals move
    std::string from;                   // a holder: "applicant", a user id, or a site id
    std::string to;
    std::string signedBy;
};
struct BindNumberPayload { // the center's official 办件编号 bound to the provisional one
    std::string officialNumber;
};
struct ResolveConflictPayload {
    std::string eventId; // the conflicting event this resolves
    std::string note;
};

using Payload =
    std::variant<DraftPayload, ReceivePayload, NotifyMissingPayload, SupplementPayload,
                 PreAcceptPayload, ReturnPreAcceptPayload, AcceptPayload, RefusePayload,
                 ForwardPayload, TakeInPayload, StepPayload, SuspendPayload, ResumePayload,
                 CompletePayload, ReplyPayload, DeliverPayload, EvaluatePayload, RectifyPayload,
                 ArchivePayload, VoidPayload, ReturnCasePayload, WithdrawPayload, ReportUpPayload,
                 FeeNoticePayload, FeePaidPayload, CustodyPayload, BindNumberPayload,
                 ResolveConflictPayload>;

// Stable English keys of the event types, in the order of the Payload alternatives.
std::string_view eventTypeKey(const Payload& p);
std::string eventTypeName(const Payload& p);          // Chinese, for timelines
std::string eventTypeNameOfKey(std::string_view key); // the same from the key; the key if unknown

struct Event {
    std::string id; // UUIDv7, see makeEventId
    std::string caseId;
    Actor actor;
    Instant deviceTime = 0;
    Hlc hlc;
    std::optional<std::int64_t> serverSeq; // set by the server when stored
    std::string parentId; // last event of this case the actor had seen; empty for the first
    std::string prevHash; // hash of the device's previous event (tamper evidence)
    Payload payload;
};

} // namespace bianmin::domain
