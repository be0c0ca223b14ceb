// Builders: notice data from the domain. Every printed string is made here or in the painter;
// the builders check that the case's state supports the notice and say why when it does not.
#include "client/print/notices.h"
#include "common/domain/deadlines.h"

#include <QCoreApplication>
#include <algorithm>
#include <cstdio>
#include <map>

namespace bianmin::print {

using domain::CaseView;
using domain::Error;
using domain::ErrorKind;
using domain::Result;

namespace {

std::string tr(const char* s) {
    return QCoreApplication::translate("bianmin::print", s).toStdString();
}

Error conflict(std::string code, std::string message) {
    return {ErrorKind::Conflict, std::move(code), std::move(message)};
}

const domain::Township* townshipOf(const domain::Org& org, const domain::Site& site) {
    for (const auto& t : org.townships())
        if (t.code == site.townshipCode)
            return &t;
    return nullptr;
}

// The site's own short name for document numbers: 车埠镇, 新屋村, 赤壁市.
std::string shortName(const domain::Org& org, const domain::Site& site) {
    if (site.kind == domain::SiteKind::Center)
        return org.cityName();
    if (site.kind == domain::SiteKind::Hall) {
        const auto* t = townshipOf(org, site);
        return t ? t->name : site.name;
    }
    if (const auto* t = townshipOf(org, site))
        for (const auto& v : t->villages)
            if (v.code == site.id)
                return v.name;
    return site.name;
}

// The unit's full printed name: the city and township in front of a hall's or room's name.
std::string fullName(const domain::Org& org, const domain::Site& site) {
    std::string name = site.name;
    if (site.kind == domain::SiteKind::Room)
        if (const auto* t = townshipOf(org, site))
            name = t->name + name;
    if (name.rfind(org.cityName(), 0) != 0)
        name = org.cityName() + name;
    return name;
}

struct Issuer {
    IssuingUnit unit;
    std::string shortName;
};

Result<Issuer> issuer(const CaseContext& cc, const IssueContext& issue) {
    const domain::Site* site = cc.org.site(issue.siteId);
    if (!site)
        return Error{ErrorKind::NotFound, "unknown_site",
                     "the issuing site " + issue.siteId + " is not in the organisation"};
    Issuer out;
    out.unit.name = fullName(cc.org, *site);
    out.unit.window = cc.org.windowFor(cc.item.department, site->kind) + tr("窗口");
    out.unit.phone = issue.windowPhone.empty() ? cc.item.consultPhone : issue.windowPhone;
    out.shortName = shortName(cc.org, *site);
    return out;
}

std::string caseNumber(const CaseView& c) {
    return c.officialNumber.empty() ? c.provisionalNumber : c.officialNumber;
}

// 文号: the unit's short name and the notice's code word, the year in 〔〕, the case number.
std::string documentNumber(const Issuer& is, const char* code, domain::Date date,
                           const std::string& number) {
    return is.shortName + tr(code) + "〔" + std::to_string(date.year()) + "〕" + number + "号";
}

std::string agentName(const CaseView& c) {
    return c.agent ? c.agent->name : std::string();
}

domain::Date dateOf(std::optional<domain::Instant> t, domain::Date fallback) {
    return t ? domain::Date::localDateOf(*t) : fallback;
}

} // namespace

std::string chineseDateTime(domain::Instant t) {
    const domain::Date d = domain::Date::localDateOf(t);
    const std::int64_t msOfDay = t + domain::kLocalOffsetMs - d.days() * domain::kMsPerDay;
    const int minutes = static_cast<int>(msOfDay / 60'000);
    char hm[8];
    std::snprintf(hm, sizeof hm, "%02d:%02d", minutes / 60 % 24, minutes % 60);
    return d.chinese() + " " + hm;
}

std::string deliveryMethodName(domain::DeliveryMethod m) {
    switch (m) {
    case domain::DeliveryMethod::WindowPickup:
        return tr("窗口领取");
    case domain::DeliveryMethod::Post:
        return tr("邮寄送达");
    case domain::DeliveryMethod::AgentReturn:
        return tr("村代办员送回");
    }
    return {};
}

Result<AcceptanceNotice> makeAcceptanceNotice(const CaseContext& cc, const IssueContext& issue,
                                              const std::string& queryPassword,
                                              const std::string& lookupUrl) {
    const CaseView& c = cc.c;
    if (!c.acceptedAt || c.status == domain::CaseStatus::Refused)
        return conflict("not_accepted", "case " + c.caseId + " has not been accepted (status " +
                                            domain::caseStatusName(c.status) + ")");
    if (lookupUrl.empty())
        return domain::invalidInput("no_lookup_url",
                                    "the acceptance notice needs the progress lookup URL");
    auto is = issuer(cc, issue);
    if (!is)
        return is.error();
    AcceptanceNotice n;
    n.unit = is->unit;
    n.issued = issue.date;
    n.documentNumber = documentNumber(*is, "受", issue.date, caseNumber(c));
    n.applicant = c.applicant.name;
    n.agent = agentName(c);
    n.itemName = cc.item.displayName();
    n.accepted = domain::Date::localDateOf(*c.acceptedAt);
    n.received = dateOf(c.receivedAt, n.accepted);
    n.immediate = cc.item.caseKind == domain::CaseKind::Immediate;
    n.promisedDays = n.immediate ? 0 : cc.item.promisedLimitDays;
    const domain::Deadline d = domain::assess(c, cc.item, cc.calendar, issue.date.startInstant());
    n.due = d.due ? *d.due : cc.calendar.addWorkingDays(n.accepted, n.promisedDays);
    n.provisionalNumber = c.provisionalNumber;
    n.officialNumber = c.officialNumber;
    // The password is printed once, on the first notice the applicant gets (the 收件回执 when
    // the case waited for papers); a later notice points there instead of inventing one.
    n.queryPassword = queryPassword.empty() ? tr("见收件回执") : queryPassword;
    n.lookupUrl = lookupUrl;
    n.supervisePhone = cc.item.supervisePhone;
    return n;
}

Result<ReceiptNotice> makeReceiptNotice(const CaseContext& cc, const IssueContext& issue,
                                        const std::string& queryPassword) {
    const CaseView& c = cc.c;
    if (!c.receivedAt || c.provisionalNumber.empty())
        return conflict("not_received", "case " + c.caseId + " has not been received (收件)");
    if (queryPassword.empty())
        return domain::invalidInput("no_query_password",
                                    "the receipt needs the case's query password");
    auto is = issuer(cc, issue);
    if (!is)
        return is.error();
    ReceiptNotice n;
    n.unit = is->unit;
    n.issued = issue.date;
    n.documentNumber = documentNumber(*is, "收", issue.date, c.provisionalNumber);
    n.applicant = c.applicant.name;
    n.agent = agentName(c);
    n.itemName = cc.item.displayName();
    n.receivedAt = chineseDateTime(*c.receivedAt);
    n.provisionalNumber = c.provisionalNumber;
    n.queryPassword = queryPassword;
    for (const auto& m : c.materials)
        if (m.received)
            n.materials.push_back({m.name, m.originalSeen, m.copies});
    return n;
}

Result<RefusalNotice> makeRefusalNotice(const CaseContext& cc, const IssueContext& issue,
                                        const std::string& reviewBody, const std::string& court) {
    const CaseView& c = cc.c;
    if (c.status != domain::CaseStatus::Refused)
        return conflict("not_refused", "case " + c.caseId + " has not been refused (status " +
                                           domain::caseStatusName(c.status) + ")");
    if (c.refusalReasons.empty())
        return domain::invalidInput("no_reasons", "a refusal notice must state its reasons; case " +
                                                      c.caseId + " has none");
    if (reviewBody.empty() || court.empty())
        return domain::invalidInput("no_remedy_bodies",
                                    "a refusal notice must name the 行政复议 body and the court");
    auto is = issuer(cc, issue);
    if (!is)
        return is.error();
    RefusalNotice n;
    n.unit = is->unit;
    n.issued = issue.date;
    n.documentNumber = documentNumber(*is, "不受", issue.date, caseNumber(c));
    n.applicant = c.applicant.name;
    n.itemName = cc.item.displayName();
    n.received = dateOf(c.receivedAt, issue.date);
    n.caseNumber = caseNumber(c);
    n.reasons = c.refusalReasons;
    n.reviewBody = reviewBody;
    n.court = court;
    return n;
}

Result<MissingMaterialsNotice>
makeMissingMaterialsNotice(const CaseContext& cc, const IssueContext& issue, int bringWithinDays) {
    const CaseView& c = cc.c;
    if (c.missing.empty())
        return conflict("nothing_missing",
                        "case " + c.caseId + " has no materials notified as missing");
    auto is = issuer(cc, issue);
    if (!is)
        return is.error();
    MissingMaterialsNotice n;
    n.unit = is->unit;
    n.issued = issue.date;
    n.documentNumber = documentNumber(*is, "补告", issue.date, caseNumber(c));
    n.applicant = c.applicant.name;
    n.itemName = cc.item.displayName();
    n.received = dateOf(c.receivedAt, issue.date);
    n.caseNumber = caseNumber(c);
    for (const auto& name : c.missing) {
        MissingMaterial m;
        m.name = name;
        if (const domain::Material* cat = cc.item.material(name)) {
            m.required = cat->required;
            m.originals = cat->originals;
            m.copies = cat->copies;
            m.source = cat->source;
            m.reviewPoints = cat->reviewPoints;
        }
        n.missing.push_back(std::move(m));
    }
    n.bringBy = cc.calendar.addWorkingDays(issue.date, std::max(0, bringWithinDays));
    return n;
}

Result<HandOverSlip> makeHandOverSlip(const CaseContext& cc, const IssueContext& issue) {
    const CaseView& c = cc.c;
    const auto it = std::find_if(c.custodyLog.rbegin(), c.custodyLog.rend(), [](const auto& r) {
        return r.kind == domain::CustodyKind::HandOver;
    });
    if (it == c.custodyLog.rend())
        return conflict("no_hand_over", "case " + c.caseId + " has no hand-over (交接) recorded");
    auto is = issuer(cc, issue);
    if (!is)
        return is.error();
    auto partyName = [&](const std::string& who) {
        if (who == "applicant")
            return c.applicant.name + tr("（申请人）");
        if (const domain::Site* s = cc.org.site(who))
            return fullName(cc.org, *s);
        return who;
    };
    HandOverSlip n;
    n.unit = is->unit;
    n.caseNumber = caseNumber(c);
    n.documentNumber = documentNumber(*is, "交", issue.date, n.caseNumber);
    n.applicant = c.applicant.name;
    n.itemName = cc.item.displayName();
    for (const auto& doc : it->documents) {
        HandedDocument d{doc, 1, 0};
        for (const auto& m : c.materials)
            if (m.name == doc)
                d.copies = m.copies;
        n.documents.push_back(std::move(d));
    }
    // The person who handed over is the actor of the custody event.
    for (const auto& e : c.timeline)
        if (e.type == "custody" && e.at == it->at && e.applied) {
            n.fromPerson = e.actor.userName;
            if (const domain::Site* s = cc.org.site(e.actor.siteId))
                n.fromUnit = fullName(cc.org, *s);
        }
    if (n.fromPerson.empty())
        n.fromPerson = partyName(it->from);
    if (n.fromUnit.empty())
        n.fromUnit = is->unit.name;
    n.toUnit = partyName(it->to);
    n.toPerson = it->signedBy;
    n.at = chineseDateTime(it->at);
    return n;
}

Result<DeliveryReceipt> makeDeliveryReceipt(const CaseContext& cc, const IssueContext& issue) {
    const CaseView& c = cc.c;
    if (!c.completion)
        return conflict("not_completed", "case " + c.caseId + " has no result to deliver (status " +
                                             domain::caseStatusName(c.status) + ")");
    auto is = issuer(cc, issue);
    if (!is)
        return is.error();
    DeliveryReceipt n;
    n.unit = is->unit;
    n.issued = issue.date;
    n.caseNumber = caseNumber(c);
    n.documentNumber = documentNumber(*is, "送", issue.date, n.caseNumber);
    n.applicant = c.applicant.name;
    n.itemName = cc.item.displayName();
    n.resultName = c.completion->resultName;
    n.resultNumber = c.completion->resultNumber;
    n.method = deliveryMethodName(c.deliveryMethod);
    n.recipient = c.deliveredTo.empty() ? c.applicant.name : c.deliveredTo;
    n.deliveredAt = c.deliveredAt ? chineseDateTime(*c.deliveredAt) : std::string();
    return n;
}

ServiceGuide makeServiceGuide(const domain::Item& item, const domain::Org& org,
                              const std::string& issuerName, const std::string& hours) {
    static const std::map<std::string, const char*> kItemTypes{
        {"01", "行政许可"}, {"02", "行政处罚"},     {"03", "行政强制"},    {"04", "行政征收"},
        {"05", "行政给付"}, {"06", "行政检查"},     {"07", "行政确认"},    {"08", "行政奖励"},
        {"09", "行政裁决"}, {"10", "其他类别事项"}, {"20", "公共服务事项"}};
    static const std::map<std::string, const char*> kObjects{
        {"1", "自然人"},       {"2", "企业法人"}, {"3", "事业法人"},
        {"4", "社会组织法人"}, {"5", "行政机关"}, {"6", "其他组织"}};
    auto levelName = [](domain::Level l) {
        switch (l) {
        case domain::Level::City:
            return tr("市级");
        case domain::Level::Township:
            return tr("乡级");
        case domain::Level::Village:
            return tr("村级");
        }
        return std::string();
    };
    auto join = [](const std::vector<std::string>& parts) {
        std::string s;
        for (const auto& p : parts)
            s += (s.empty() ? "" : "、") + p;
        return s;
    };

    ServiceGuide g;
    g.issuer = issuerName;
    g.name = item.displayName();
    g.version = item.version;
    g.effectiveFrom = item.effectiveFrom;
    g.basicCode = item.basicCode;
    g.implementationCode = item.implementationCode;
    const auto type = kItemTypes.find(item.itemType);
    g.itemType = type != kItemTypes.end() ? tr(type->second) : item.itemType;
    switch (item.caseKind) {
    case domain::CaseKind::Immediate:
        g.caseKind = tr("即办件");
        break;
    case domain::CaseKind::Promised:
        g.caseKind = tr("承诺件");
        break;
    case domain::CaseKind::Other:
        g.caseKind = tr("上报件");
        break;
    }
    std::vector<std::string> levels;
    std::vector<std::string> handling;
    for (domain::Level l : item.levels) {
        levels.push_back(levelName(l));
        if (const auto mode = item.modeAt(l))
            handling.push_back(levelName(l) + tr("：") + domain::handlingModeName(*mode));
    }
    g.levels = join(levels);
    for (const auto& h : handling)
        g.handling += (g.handling.empty() ? "" : "\n") + h;
    std::vector<std::string> objects;
    for (const auto& o : item.serviceObjects) {
        const auto f = kObjects.find(o);
        objects.push_back(f != kObjects.end() ? tr(f->second) : o);
    }
    g.serviceObjects = join(objects);
    g.department = item.department;
    g.window = item.window.empty() ? std::string() : item.window + tr("窗口");
    if (const auto* dept = org.department(item.department); dept && g.window.empty())
        g.window = dept->window + tr("窗口");
    g.legalBasis = item.legalBasis;
    g.conditions = item.conditions;
    for (const auto& m : item.materials)
        g.materials.push_back(
            {m.name, m.required, m.originals, m.copies, m.source, m.reviewPoints});
    for (const auto& s : item.steps)
        g.steps.push_back({domain::stepName(s.step), s.limitDays});
    g.legalLimitDays = item.legalLimitDays;
    g.promisedLimitDays = item.promisedLimitDays;
    g.charged = item.fee.charged;
    g.feeBasis = item.fee.basis;
    for (const auto& f : item.fee.items)
        g.fees.push_back({f.name, f.standard, f.reducible, f.reductionBasis});
    g.feeBeforeAccept = item.feeBeforeAccept;
    g.place = item.place;
    g.hours = hours;
    g.consultPhone = item.consultPhone;
    g.supervisePhone = item.supervisePhone;
    return g;
}

} // namespace bianmin::print
