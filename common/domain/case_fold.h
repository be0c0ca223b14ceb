#pragma once
// The case life cycle (DOMAIN.md §3) as a pure, deterministic fold over events.
//
//   (none) ─draft→ 01 ─receive→ 02 ─notify_missing→ 06 ─supplement→ 02
//   02 ─pre_accept→ 03 (room passes up) ─return_pre_accept→ 04 ─supplement/pre_accept→ 03
//   02|03 ─accept→ 05 ─forward→ 05 (held by the next level) ─take_in→ 08
//   05|08 ─step 承办→审核→批准→ 08 ─complete→ 10 ─reply→ (origin) ─deliver─evaluate─archive
//   08 ─suspend→ 09 ─resume→ 08;   08 ─notify_missing→ 06 (after 受理) ─supplement→ 08
//   02|03|04|06 ─refuse→ 07;  04|06|08 ─return_case→ 13;  05|08 ─report_up→ 11
//   any open state ─void→ 12;  any open state ─withdraw→ 撤销申请
//
// Order: events fold in server order (serverSeq); events not yet stored by the server follow, by
// hybrid logical clock then id. So every replica that holds the same stored events computes the
// same state, whatever order they arrived in.
//
// Conflicts: an event that is illegal where it lands (wrong state, wrong site…) is kept in the
// timeline, marked rejected with the reason, and changes nothing. An event made without knowledge
// of an earlier state change (its parentId is not the event before it) but still legal is applied
// and leaves a conflict note for the people concerned. Nothing is dropped silently.
#include "common/domain/calendar.h"
#include "common/domain/case_event.h"
#include "common/domain/catalog.h"
#include "common/domain/org.h"
#include "common/domain/result.h"

#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace bianmin::domain {

enum class CaseStatus {
    None = 0,                // no event yet
    Draft = 1,               // 01 草稿
    Received = 2,            // 02 收件
    PreAccepted = 3,         // 03 预受理
    PreAcceptReturned = 4,   // 04 预受理退回
    Accepted = 5,            // 05 受理
    AwaitingMaterials = 6,   // 06 补齐补正
    Refused = 7,             // 07 不予受理 ■
    InProgress = 8,          // 08 在办
    Suspended = 9,           // 09 挂起
    Completed = 10,          // 10 办结 ■
    ForwardedCompleted = 11, // 11 转报办结 ■
    Voided = 12,             // 12 作废办结 ■
    Returned = 13,           // 13 退件 ■
    Withdrawn = 14,          // 撤销申请 ■ (no exchange code; we use 14 internally)
};
std::string caseStatusCode(CaseStatus s); // "01".."13"; "14" for withdrawn
std::string caseStatusName(CaseStatus s); // Chinese
bool isFinal(CaseStatus s);

struct MaterialState {
    std::string name;
    bool required = true;
    bool received = false;
    bool originalSeen = false;
    int copies = 0;
};

struct StepRecord {
    StepCode step = StepCode::Handle;
    StepAction action = StepAction::Pass;
    std::string userId;
    std::string userName;
    std::string opinion;
    Instant started = 0;
    Instant ended = 0;
};

struct Suspension {
    int kind = 1;
    std::string reason;
    std::string approver;
    int limitDays = 0;
    Instant start = 0;
    std::optional<Instant> end;
    std::string result;
};

struct Completion {
    Outcome outcome = Outcome::Approved;
    std::string resultName;
    std::string resultNumber;
    std::vector<std::string> reasons;
    Instant at = 0;
    std::string siteId;
};

struct Evaluation {
    int level = 1;
    int channel = 4;
    std::string comment;
    Instant at = 0;
    bool poor() const { return level >= 4; }
};

struct FeeRecord {
    std::string paymentCode;
    std::int64_t amountFen = 0;
    bool paid = false;
    bool outsideStandard = false; // a supervision violation (费用监察)
};

struct CustodyRecord {
    CustodyKind kind = CustodyKind::HandOver;
    std::vector<std::string> documents;
    std::string from;
    std::string to;
    std::string signedBy;
    Instant at = 0;
};

struct TimelineEntry {
    std::string eventId;
    std::string type; // event type key
    Actor actor;
    Instant at = 0;
    bool applied = true;
    bool significant = false; // changed the status or the holder
    std::string rejectCode;   // why it was not applied
    std::string rejectMessage;
};

struct ConflictNote {
    std::string eventId;      // the event that was made without seeing the earlier change
    std::string otherEventId; // the earlier change it did not see
    bool rejected = false;    // true: the event was not applied
    std::string message;
    bool resolved = false;
};

struct CaseView {
    std::string caseId;
    CaseStatus status = CaseStatus::None;
    ItemRef item;
    std::string originSiteId;
    Holder holder;
    bool awaitingTakeIn = false; // forwarded, not yet taken in by the holder
    std::string forwardedFromSiteId;
    bool forwardsUp = false; // accepted where it cannot be finished: must be forwarded
    Party applicant;
    std::optional<Party> agent;
    bool entrusted = false;
    std::vector<MaterialState> materials;
    std::string provisionalNumber;
    std::string officialNumber;
    std::string queryPasswordHash;

    std::optional<Instant> receivedAt;
    std::optional<Instant> acceptedAt;  // when the promised clock started
    bool deemedAccepted = false;        // 5-day rule: clock runs from receipt
    std::optional<Instant> forwardedAt; // first forward from the accepting site
    std::optional<Instant> takenInAt;
    std::optional<Instant> completedAt;
    std::optional<Instant> repliedAt;
    std::optional<Instant> deliveredAt;
    std::optional<Instant> closedAt; // when a final state was reached

    int noticeRoundsBeforeAccept = 0; // 一次性告知 rounds; more than one is irregular
    int noticeRoundsAfterAccept = 0;
    std::vector<std::string> missing; // the materials last notified as missing
    bool lateNotice = false;          // the notice came after the 5-working-day limit

    std::optional<StepCode> currentStep; // next step to take while in progress
    bool approved = false;               // 批准 passed
    std::vector<StepRecord> steps;
    std::optional<Instant> stepStartedAt;
    std::vector<Suspension> suspensions;

    std::optional<Completion> completion;
    std::vector<std::string> refusalReasons;
    std::string closingReason; // void / return / withdraw reason
    DeliveryMethod deliveryMethod = DeliveryMethod::WindowPickup;
    std::string deliveredTo;
    std::optional<Evaluation> evaluation;
    bool rectified = false;
    bool archived = false;
    std::string reportedTo; // 11: the outside authority

    std::vector<FeeRecord> fees;
    std::map<std::string, std::string> custody; // material name -> who holds the original now
    std::vector<CustodyRecord> custodyLog;

    std::vector<TimelineEntry> timeline;
    std::vector<ConflictNote> conflicts;

    bool materialsComplete() const; // every required material received
    bool feesPaid() const;
    bool feeViolation() const;
    bool hasOpenConflict() const;
    const Suspension* openSuspension() const;
};

// What the rules need to know besides the events.
struct FoldContext {
    const Catalog& catalog;
    const Org& org;
    const WorkCalendar& calendar;
};

// Validates one event against the state so far. The same check runs on the client before it
// appends and on the server before it stores; it names the rule that failed.
Status checkEvent(const CaseView& state, const Event& e, const FoldContext& ctx);
// Applies one event (which must pass checkEvent) to the state.
void applyEvent(CaseView& state, const Event& e, const FoldContext& ctx);
// Folds: sorts a copy of `events` into fold order, then folds each in turn with foldNext.
CaseView foldCase(std::span<const Event> events, const FoldContext& ctx);
// One step of the fold, for an event that sorts after every event already folded into `state`
// (a new local event always does): checks and applies it, or records it as rejected, and notes a
// conflict where it was made without seeing an earlier change. An id already folded is ignored.
void foldNext(CaseView& state, const Event& e, const FoldContext& ctx);
// The same step for a caller that has just run checkEvent(state, e, ctx) on this very state and
// passes its result as `checked` (the client store checks before it writes): the event is not
// checked a second time. Identical to foldNext otherwise.
void foldNextChecked(CaseView& state, const Event& e, const FoldContext& ctx,
                     const Status& checked);
// The fold order (see the header comment).
bool foldsBefore(const Event& a, const Event& b);

// For the screens: whether the case's current holder is the level that completes it (per the
// item's handling mode where it was received), and where a 转报 from the holder must go (none when
// the holder completes it).
bool completesAtHolder(const CaseView& state, const FoldContext& ctx);
std::optional<Holder> forwardTarget(const CaseView& state, const FoldContext& ctx);

} // namespace bianmin::domain
