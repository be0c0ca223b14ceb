#pragma once
// The notices printed at a township hall or village room counter (DOMAIN.md §3), each an A4
// document in the form of a Chinese official notice: issuing unit, centred title, document number
// (文号), addressee, body, a table where it fits, the seal place and the signature lines.
//
// Three layers, so that each can be tested and reused on its own:
//   1. plain data (the structs below): every string already in its printed form, so a notice can
//      also be filled by hand, stored or previewed;
//   2. builders (make…) that fill the data from the domain: the case (CaseView), its catalog item
//      version, the organisation, the working-day calendar, and what only the caller knows (the
//      plain query password, which exists nowhere else; the public lookup URL; the issuing site);
//      they refuse, as values, a notice that the case's state does not support;
//   3. painting (paintNotice) over any QPagedPaintDevice, so the same code makes the PDF
//      (writePdf) and drives a QPrinter; long content flows onto further pages.
//
// The printed text is Simplified Chinese; fixed labels go through
// QCoreApplication::translate("bianmin::print", …).
//
// Threading: the data and builders are plain values and pure functions (any thread). Painting
// uses fonts, so it needs a QGuiApplication and runs on one thread per device (QPdfWriter
// painting is allowed off the GUI thread; a QPrinter belongs to the GUI thread).
#include "common/domain/calendar.h"
#include "common/domain/case_fold.h"
#include "common/domain/catalog.h"
#include "common/domain/date.h"
#include "common/domain/org.h"
#include "common/domain/result.h"

#include <filesystem>
#include <optional>
#include <string>
#include <variant>
#include <vector>

class QPagedPaintDevice;

namespace bianmin::print {

// Who issues the notice: printed at the top, at the seal and in the contact lines.
struct IssuingUnit {
    std::string name;   // 赤壁市车埠镇便民服务大厅
    std::string window; // 民政窗口
    std::string phone;  // the window's phone
    std::string address;
};

struct AcceptanceNotice { // 受理通知书
    IssuingUnit unit;
    std::string documentNumber; // 文号
    domain::Date issued;
    std::string applicant;
    std::string agent; // 代理人; empty when the applicant came in person
    std::string itemName;
    domain::Date received;
    domain::Date accepted;
    bool immediate = false; // 即办件: done the same day
    int promisedDays = 0;   // working days
    domain::Date due;
    std::string provisionalNumber;
    std::string officialNumber; // empty until the center has bound one
    std::string queryPassword;  // plain; printed only on this notice and the receipt
    std::string lookupUrl;      // encoded as a QR code
    std::string supervisePhone;
};

struct ReceivedMaterial {
    std::string name;
    bool originalSeen = false;
    int copies = 0;
};

struct ReceiptNotice { // 收件回执
    IssuingUnit unit;
    std::string documentNumber;
    domain::Date issued;
    std::string applicant;
    std::string agent;
    std::string itemName;
    std::string receivedAt; // 2026年11月23日 09:10
    std::string provisionalNumber;
    std::string queryPassword;
    std::vector<ReceivedMaterial> materials;
};

struct RefusalNotice { // 不予受理通知书
    IssuingUnit unit;
    std::string documentNumber;
    domain::Date issued;
    std::string applicant;
    std::string itemName;
    domain::Date received;
    std::string caseNumber;
    std::vector<std::string> reasons; // at least one
    std::string reviewBody;           // 行政复议机关, e.g. 赤壁市人民政府
    std::string court;                // 人民法院 for 行政诉讼
};

struct MissingMaterial {
    std::string name;
    bool required = true;
    int originals = 0;
    int copies = 0;
    std::string source;
    std::string reviewPoints; // 审查要点: what the material must satisfy
};

struct MissingMaterialsNotice { // 一次性告知书
    IssuingUnit unit;
    std::string documentNumber;
    domain::Date issued;
    std::string applicant;
    std::string itemName;
    domain::Date received;
    std::string caseNumber;
    std::vector<MissingMaterial> missing; // all of them, at once
    std::string note;
    domain::Date bringBy;
};

struct HandedDocument {
    std::string name;
    int originals = 0;
    int copies = 0;
};

struct HandOverSlip { // 交接单
    IssuingUnit unit; // the unit that hands over (the village room)
    std::string documentNumber;
    std::string caseNumber;
    std::string applicant;
    std::string itemName;
    std::vector<HandedDocument> documents;
    std::string fromPerson;
    std::string fromUnit;
    std::string toPerson; // may be empty: signed on paper
    std::string toUnit;
    std::string at; // 2026年11月23日 14:30
};

struct DeliveryReceipt { // 送达回执
    IssuingUnit unit;
    std::string documentNumber;
    domain::Date issued;
    std::string caseNumber;
    std::string applicant;
    std::string itemName;
    std::string resultName;
    std::string resultNumber;
    std::string method; // 窗口领取 / 邮寄送达 / 代办员送回
    std::string recipient;
    std::string deliveredAt;
};

struct GuideMaterial {
    std::string name;
    bool required = true;
    int originals = 0;
    int copies = 0;
    std::string source;
    std::string reviewPoints;
};

struct GuideStep {
    std::string name; // 承办 / 审核 / 批准
    int limitDays = 0;
};

struct GuideFee {
    std::string name;
    std::string standard;
    bool reducible = false;
    std::string reductionBasis;
};

struct ServiceGuide {   // 办事指南: the item's 八公开 in full
    std::string issuer; // who publishes it, e.g. 赤壁市政务服务中心
    std::string name;   // with the variant
    int version = 1;
    domain::Date effectiveFrom;
    std::string basicCode;
    std::string implementationCode;
    std::string itemType; // 行政许可 …
    std::string caseKind; // 即办件 / 承诺件
    std::string levels;   // 村级、乡级
    std::string handling; // one line per level
    std::string serviceObjects;
    std::string department;
    std::string window;
    std::string legalBasis;
    std::vector<std::string> conditions;
    std::vector<GuideMaterial> materials;
    std::vector<GuideStep> steps;
    int legalLimitDays = 0;
    int promisedLimitDays = 0;
    bool charged = false;
    std::string feeBasis;
    std::vector<GuideFee> fees;
    bool feeBeforeAccept = false;
    std::string place;
    std::string hours; // 办理时间
    std::string consultPhone;
    std::string supervisePhone;
};

using Notice = std::variant<AcceptanceNotice, ReceiptNotice, RefusalNotice, MissingMaterialsNotice,
                            HandOverSlip, DeliveryReceipt, ServiceGuide>;

// The notice's title, e.g. 受理通知书.
std::string noticeTitle(const Notice& notice);

// Paints the notice onto the device from its first page (the painter is begun and ended here).
// A4 portrait is set on the device. Fails on a notice that cannot be printed (missing reasons,
// a QR code that cannot hold the URL) or a device that cannot be painted on.
domain::Status paintNotice(const Notice& notice, QPagedPaintDevice& device);
// Writes the notice as a PDF with embedded fonts. Fails (as a value) when the file cannot be
// written.
domain::Status writePdf(const Notice& notice, const std::filesystem::path& file);

// --- builders ---------------------------------------------------------------------------------

// What every builder reads: the case, the item version it was accepted under, the organisation
// and the calendar.
struct CaseContext {
    const domain::CaseView& c;
    const domain::Item& item;
    const domain::Org& org;
    const domain::WorkCalendar& calendar;
};

// What the caller adds: the issuing site, the printing date, the window's phone when it is not
// the item's consultation phone.
struct IssueContext {
    std::string siteId;
    domain::Date date;
    std::string windowPhone; // empty: the item's consultation phone
};

domain::Result<AcceptanceNotice> makeAcceptanceNotice(const CaseContext& cc,
                                                      const IssueContext& issue,
                                                      const std::string& queryPassword,
                                                      const std::string& lookupUrl);
domain::Result<ReceiptNotice> makeReceiptNotice(const CaseContext& cc, const IssueContext& issue,
                                                const std::string& queryPassword);
// reviewBody and court: the bodies named for 行政复议 and 行政诉讼.
domain::Result<RefusalNotice> makeRefusalNotice(const CaseContext& cc, const IssueContext& issue,
                                                const std::string& reviewBody,
                                                const std::string& court);
// The materials are the case's last notified missing list; the applicant brings them within
// `bringWithinDays` working days of the issue date.
domain::Result<MissingMaterialsNotice> makeMissingMaterialsNotice(const CaseContext& cc,
                                                                  const IssueContext& issue,
                                                                  int bringWithinDays = 5);
// From the case's latest hand-over (交接) in its custody log; names are resolved against the
// organisation where they are site ids.
domain::Result<HandOverSlip> makeHandOverSlip(const CaseContext& cc, const IssueContext& issue);
domain::Result<DeliveryReceipt> makeDeliveryReceipt(const CaseContext& cc,
                                                    const IssueContext& issue);
// issuer: the publishing unit; hours: the opening hours of the place.
ServiceGuide makeServiceGuide(const domain::Item& item, const domain::Org& org,
                              const std::string& issuer, const std::string& hours);

// Printed forms shared by the builders and the painter.
std::string chineseDateTime(domain::Instant t); // 2026年11月23日 09:10
std::string deliveryMethodName(domain::DeliveryMethod m);

} // namespace bianmin::print
