#pragma once
// `bianmin-syncd admin --db PATH case …`: a person at the city center works a case forwarded to a
// department, from the command line, until the web console exists (issue #6).
//
//   case inbox --department D [--json]       the cases the department holds (D: name or code)
//   case show CASE [--json]                  the case's state and timeline
//   case take-in CASE --user U [--note N]    中心系统收件
//   case step CASE --user U --step handle|review|approve (--pass | --return) --opinion O
//                                            承办 / 审核 / 批准
//   case suspend CASE --user U --reason R --days N --approver A [--kind 1|2]
//                                            特别程序 (1 延长审批, 2 other), N working days
//   case resume CASE --user U --result R     特别程序结束
//   case notify-missing CASE --user U --missing M [--missing M …] [--note N]
//                                            补正告知 after 受理, every missing material at once
//   case complete CASE --user U --outcome approved|denied|certificate|document
//                 [--result-name N] [--result-number N] [--reason R …]
//                                            办结 (--result-name unless denied; denied needs
//                                            --reason)
//   case reply CASE --user U [--note N]      中心窗口集中反馈: the result goes back to the origin
//
// CASE is a case id, its official number or its provisional number.
//
// Every action is an event made AS the named user, who must be an active department staff member
// at the center: the actor carries the user's role, department and grade, the device id is
// kConsoleDeviceId, the parent is the case's last event and the HLC follows the case's latest.
// The event is stored through StoreSyncService::submitAsUser — the actor, partition and fold
// checks of a push, the same numbering and access rows — so a refusal reads exactly as a push's
// would. The running server notices events written by this other process and pokes the devices
// that may read the case (StoreSyncService::pokeForeignChanges).
//
// Output for people is in Chinese; errors are one line on the error stream, exit code 1 (refused
// or failed) or 2 (wrong command line), as for the other admin commands.
//
// Threading: plain functions; each call uses the store (and service) it is given.
#include "common/domain/case_fold.h"
#include "syncserver/admin/admin_cli.h"
#include "syncserver/store/server_store.h"
#include "syncserver/sync/sqlite_sync_service.h"

#include <boost/json.hpp>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace bianmin::syncd::admin {

// A case as the server has it: its stored events (with their numbers), its fold and its readers.
struct StoredCase {
    std::string caseId;
    std::vector<domain::Event> events;
    domain::CaseView view;
    std::vector<std::string> readers;
};

// Finds a case by id, official number or provisional number. NotFound "unknown_case";
// InvalidInput "ambiguous_number" when a provisional number names several cases.
domain::Result<StoredCase> findCase(ServerStore& store, const std::string& caseOrNumber,
                                    const domain::FoldContext& fold);

// One line of a department's inbox: a case it holds now.
struct InboxEntry {
    std::string caseId;
    std::string officialNumber;
    std::string provisionalNumber;
    domain::ItemRef item;
    std::string itemName;
    std::string applicant;
    domain::CaseStatus status = domain::CaseStatus::None;
    std::string todo; // what the department does next: 待收件, 待承办 … 待反馈
    std::string originSiteId;
    std::optional<domain::Instant> forwardedAt;
};

// The cases held by the department (name or code), oldest forward first. InvalidInput
// "unknown_department".
domain::Result<std::vector<InboxEntry>> departmentInbox(ServerStore& store,
                                                        const std::string& department);

struct CaseActionResult {
    std::string caseId;
    std::string eventId;
    std::int64_t serverSeq = 0;
    bool conflict = false; // stored, but a change made at the same moment came first
    std::string conflictMessage;
    StoredCase after; // the case after the event (with the server's own, such as a number)
    const domain::CaseView& view() const { return after.view; }
};

// Makes the event with `payload` as `userId` on the case and stores it (see above). NotFound
// "unknown_user" / "unknown_case"; NotPermitted "not_department_staff", "wrong_department";
// otherwise the refusal of the push checks or the fold (e.g. Conflict "wrong_state").
domain::Result<CaseActionResult> actOnCase(ServerStore& store, StoreSyncService& service,
                                           const std::string& caseOrNumber,
                                           const std::string& userId, domain::Payload payload,
                                           domain::Instant now);
// The same for a caller that holds the reference data and has just read the case (the console:
// one read of the case and of the reference data less per action).
domain::Result<CaseActionResult> actOnCase(ServerStore& store, StoreSyncService& service,
                                           const refdata::ReferenceData& ref, const StoredCase& c,
                                           const std::string& userId, domain::Payload payload,
                                           domain::Instant now);

// The event the user would make on the case now: new id, actor from the user record with the
// console's device id, parent the case's last event, HLC after the case's latest. Not checked,
// not stored.
domain::Result<domain::Event> draftEvent(const UserRecord& user, const StoredCase& c,
                                         domain::Payload payload, domain::Instant now);

// The console's names of the actions (docs/console.md) the user may take on the case now: those
// whose trial event the fold accepts from this user, for a case the user's department holds.
std::vector<std::string> possibleActions(const UserRecord& user, const StoredCase& c,
                                         const domain::FoldContext& fold, domain::Instant now);

// --- words and JSON shared with the console ----------------------------------------------------
std::string timeText(domain::Instant t);                                 // local "YYYY-MM-DD HH:MM"
std::string siteText(const domain::Org& org, const std::string& id);     // name（id）
std::string holderText(const domain::Org& org, const domain::Holder& h); // site and department
std::string caseNumber(const domain::CaseView& v); // official, else provisional
std::string itemName(const domain::FoldContext& fold, const domain::ItemRef& ref);
std::string todoOf(const domain::CaseView& v); // what the holder does next: 待收件, 待承办 …
std::string_view stepKey(domain::StepCode s);  // handle, review, approve
std::optional<domain::StepCode> stepFromKey(std::string_view key);
std::optional<domain::Outcome> outcomeFromKey(std::string_view key); // approved, denied, …
std::string_view outcomeKey(domain::Outcome o);
std::string outcomeName(domain::Outcome o);
std::string actionName(const domain::Payload& p); // the event's name in a timeline
std::string actorText(const domain::Actor& a);
std::string userText(const UserRecord& u);
boost::json::object inboxJson(const InboxEntry& e);
boost::json::object caseJson(const StoredCase& c, const domain::FoldContext& fold);

// `args` start with "case".
int runCaseCommand(ServerStore& store, const std::vector<std::string>& args, std::ostream& out,
                   std::ostream& err, const Options& options);
void printCaseUsage(std::ostream& out);

} // namespace bianmin::syncd::admin
