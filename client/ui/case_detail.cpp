#include "client/ui/case_detail.h"

#include "client/ui/case_list_model.h"
#include "client/ui/evaluation_dialog.h"
#include "client/ui/ui_text.h"

#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace bianmin::ui {

namespace {

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}
QString esc(const std::string& s) {
    return QString::fromStdString(s).toHtmlEscaped();
}

// Shows the first 6 and last 4 characters of an ID number: enough to compare with the card.
QString maskId(const std::string& id) {
    if (id.size() < 10)
        return qs(id);
    return qs(id.substr(0, 6)) + QString(static_cast<qsizetype>(id.size() - 10), QLatin1Char('*')) +
           qs(id.substr(id.size() - 4));
}

QString siteName(const Session& s, const std::string& id) {
    const domain::Site* site = s.ref->org.site(id);
    return site ? qs(site->name) : qs(id);
}

// Who holds an original: the applicant, a user (by name where the case knows it) or a site.
QString custodianName(const Session& s, const domain::CaseView& c, const std::string& who) {
    if (who == "applicant")
        return QCoreApplication::translate("bianmin::ui", "申请人");
    if (s.ref->org.site(who))
        return siteName(s, who);
    for (const auto& t : c.timeline)
        if (t.actor.userId == who)
            return qs(t.actor.userName);
    return qs(who);
}

QString holderName(const Session& s, const domain::Holder& h) {
    QString n = siteName(s, h.siteId);
    if (!h.department.empty())
        n += QStringLiteral(" ") + qs(h.department);
    return n;
}

} // namespace

CaseDetail::CaseDetail(Session& session, QWidget* parent)
    : QWidget(parent)
    , m_session(session) {
    auto* v = new QVBoxLayout(this);
    m_header = new QLabel(this);
    m_header->setObjectName(QStringLiteral("caseHeader"));
    m_header->setTextFormat(Qt::RichText);
    m_header->setWordWrap(true);
    v->addWidget(m_header);
    m_actionBar = new QWidget(this);
    m_actionLayout = new QHBoxLayout(m_actionBar);
    m_actionLayout->setContentsMargins(0, 0, 0, 0);
    v->addWidget(m_actionBar);
    m_body = new QTextBrowser(this);
    m_body->setObjectName(QStringLiteral("caseBody"));
    v->addWidget(m_body, 1);
    connect(m_session.store, &client::StoreClient::caseViewReady, this, &CaseDetail::onView);
    connect(m_session.store, &client::StoreClient::appended, this,
            [this](client::RequestId id, store::AppendOutcome) { onAppended(id); });
    connect(m_session.store, &client::StoreClient::failed, this, &CaseDetail::onFailed);
    render();
}

void CaseDetail::showCase(const QString& caseId) {
    if (caseId == m_caseId && m_view) {
        reload(); // the same case again (the list was refreshed): keep it on screen meanwhile
        return;
    }
    m_caseId = caseId;
    m_view.reset();
    m_viewRequest = 0;
    render(); // no stale actions while the new case loads
    if (!caseId.isEmpty())
        reload();
}

void CaseDetail::reload() {
    if (!m_caseId.isEmpty())
        m_viewRequest = m_session.store->caseView(m_caseId.toStdString());
}

void CaseDetail::onView(client::RequestId id, const domain::CaseView& view) {
    if (id != m_viewRequest)
        return;
    m_viewRequest = 0;
    m_view = view;
    render();
}

void CaseDetail::render() {
    if (!m_view) {
        m_header->setText(m_caseId.isEmpty() ? tr("选择左侧列表中的办件查看详情")
                                             : tr("正在读取…"));
        m_body->clear();
        rebuildActions();
        return;
    }
    const auto& c = *m_view;
    const domain::Item* item = m_session.ref->catalog.version(c.item.id, c.item.version);
    QString number = esc(c.officialNumber.empty() ? c.provisionalNumber : c.officialNumber);
    QString head = QStringLiteral("<span style='font-size:14pt;font-weight:bold'>%1</span>　%2<br>")
                       .arg(number, item ? esc(item->displayName()) : esc(c.item.id));
    head += tr("状态：<b>%1</b>").arg(statusText(c.status));
    std::optional<domain::Deadline> deadline;
    if (item && !domain::isFinal(c.status)) {
        deadline = domain::assess(c, *item, m_session.ref->calendar, m_session.now());
        head += QStringLiteral("　<span style='color:%1'>● %2</span>")
                    .arg(lightColor(deadline->light).name(), lightText(deadline->light));
        if (deadline->due)
            head += tr("　承诺办结日：%1").arg(formatDate(*deadline->due));
    }
    head += tr("　当前办理：%1").arg(holderName(m_session, c.holder).toHtmlEscaped());
    if (c.awaitingTakeIn)
        head += tr("（待收件）");
    if (c.hasOpenConflict())
        head += tr(
            "<br><span style='color:#c62828'>⚠ 此办件有待处理的冲突，请与申请人核实后处理</span>");
    m_header->setText(head);

    QString html;
    html += tr("<h3>申请人</h3>");
    auto party = [](const domain::Party& p) {
        QString line = esc(p.name) + tr("　证件号码 ") + maskId(p.idNumber).toHtmlEscaped();
        if (!p.phone.empty())
            line += tr("　电话 ") + esc(p.phone);
        if (!p.address.empty())
            line += tr("<br>住址 ") + esc(p.address);
        return line;
    };
    html += QStringLiteral("<p>%1</p>").arg(party(c.applicant));
    if (c.agent)
        html += tr("<p>代理人：%1%2</p>")
                    .arg(party(*c.agent), c.entrusted ? tr("　（已签委托书）") : QString());
    html += tr("<p>临时编号 %1　正式编号 %2</p>")
                .arg(esc(c.provisionalNumber),
                     c.officialNumber.empty() ? tr("（待中心绑定）") : esc(c.officialNumber));
    if (c.completion) {
        html += tr("<h3>办理结果</h3><p>%1　%2 %3</p>")
                    .arg(outcomeText(c.completion->outcome), esc(c.completion->resultName),
                         esc(c.completion->resultNumber));
        for (const auto& r : c.completion->reasons)
            html += QStringLiteral("<p>· %1</p>").arg(esc(r));
        if (c.repliedAt)
            html += tr("<p>已反馈至受理地：%1</p>").arg(formatInstant(*c.repliedAt));
    }
    if (!c.refusalReasons.empty()) {
        html += tr("<h3>不予受理理由</h3>");
        for (const auto& r : c.refusalReasons)
            html += QStringLiteral("<p>· %1</p>").arg(esc(r));
    }
    if (c.deliveredAt)
        html += tr("<p>已送达：%1，%2，%3</p>")
                    .arg(deliveryText(c.deliveryMethod), esc(c.deliveredTo),
                         formatInstant(*c.deliveredAt));
    if (c.evaluation)
        html += tr("<p>评价：%1 %2</p>")
                    .arg(evaluationText(c.evaluation->level), esc(c.evaluation->comment));

    html += tr("<h3>申请材料</h3><table border='1' cellspacing='0' cellpadding='3'>"
               "<tr><th>材料</th><th>必要</th><th>已收</th><th>原件已核验</th><th>复印件</th>"
               "<th>原件在</th></tr>");
    for (const auto& m : c.materials) {
        const auto held = c.custody.find(m.name);
        html += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5</td>"
                               "<td>%6</td></tr>")
                    .arg(esc(m.name), m.required ? tr("是") : tr("否"),
                         m.received ? QStringLiteral("✓")
                                    : QStringLiteral("<b style='color:#c62828'>✗</b>"),
                         m.originalSeen ? QStringLiteral("✓") : QString())
                    .arg(m.copies)
                    .arg(held == c.custody.end()
                             ? QString()
                             : custodianName(m_session, c, held->second).toHtmlEscaped());
    }
    html += QStringLiteral("</table>");

    if (!c.custodyLog.empty()) {
        html += tr("<h3>原件交接</h3>");
        for (const auto& k : c.custodyLog) {
            QStringList docs;
            for (const auto& d : k.documents)
                docs << qs(d);
            html +=
                tr("<p>%1　%2 → %3　%4（签收：%5）</p>")
                    .arg(formatInstant(k.at), custodianName(m_session, c, k.from).toHtmlEscaped(),
                         custodianName(m_session, c, k.to).toHtmlEscaped(),
                         docs.join(QStringLiteral("、")).toHtmlEscaped(), esc(k.signedBy));
        }
    }

    html += tr("<h3>办理过程</h3><table cellpadding='3'>");
    for (const auto& t : c.timeline) {
        QString line =
            QStringLiteral("<tr><td>%1</td><td><b>%2</b></td><td>%3（%4，%5）</td><td>%6</td></tr>")
                .arg(formatInstant(t.at), eventTypeText(t.type), esc(t.actor.userName),
                     roleText(t.actor.role), siteName(m_session, t.actor.siteId).toHtmlEscaped(),
                     t.applied ? QString()
                               : tr("<span style='color:#c62828'>未生效：%1</span>")
                                     .arg(esc(t.rejectMessage)));
        html += line;
    }
    html += QStringLiteral("</table>");
    if (!c.conflicts.empty()) {
        html += tr("<h3>冲突</h3>");
        for (const auto& k : c.conflicts)
            html += QStringLiteral("<p>%1 %2</p>")
                        .arg(k.resolved ? tr("（已处理）") : tr("⚠"), esc(k.message));
    }
    if (deadline && !deadline->reasons.empty()) {
        html += tr("<h3>时限提示</h3>");
        for (const auto& r : deadline->reasons)
            html += QStringLiteral("<p>%1</p>").arg(esc(r));
    }
    m_body->setHtml(html);
    rebuildActions();
}

bool CaseDetail::legal(const domain::Payload& p) const {
    if (!m_view || !m_session.events)
        return false;
    domain::Event e;
    e.id = "00000000-0000-7000-8000-000000000000";
    e.caseId = m_view->caseId;
    e.actor = m_session.events->actor();
    e.deviceTime = m_session.now();
    e.parentId = client::lastEventId(*m_view);
    e.payload = p;
    return domain::checkEvent(*m_view, e, m_session.ctx()).ok();
}

std::vector<CaseDetail::Action> CaseDetail::actions() {
    std::vector<Action> out;
    if (!m_view)
        return out;
    const auto& c = *m_view;
    const domain::Item* item = m_session.ref->catalog.version(c.item.id, c.item.version);

    out.push_back({QStringLiteral("act_supplement"), tr("补齐材料"),
                   [&c] {
                       domain::SupplementPayload p;
                       for (const auto& m : c.materials)
                           p.materials.push_back({m.name, true, true, m.copies});
                       return domain::Payload{p};
                   },
                   [this] {
                       QStringList missing;
                       for (const auto& m : m_view->materials)
                           if (!m.received)
                               missing << qs(m.name);
                       auto got = askLines(tr("补齐材料"), tr("勾选申请人本次补交的材料："),
                                           missing, true);
                       if (!got || got->isEmpty())
                           return;
                       domain::SupplementPayload p;
                       for (const auto& m : m_view->materials)
                           if (got->contains(qs(m.name)))
                               p.materials.push_back({m.name, true, true, std::max(m.copies, 1)});
                       append(std::move(p));
                   }});
    out.push_back(
        {QStringLiteral("act_notify"), tr("一次性告知"),
         [&c] {
             domain::NotifyMissingPayload p;
             p.missing = {c.materials.empty() ? std::string("x") : c.materials.front().name};
             return domain::Payload{p};
         },
         [this] {
             QStringList missing;
             for (const auto& m : m_view->materials)
                 if (!m.received && m.required)
                     missing << qs(m.name);
             auto got = askLines(tr("一次性告知"), tr("须补正的全部材料："), missing, true);
             if (!got || got->isEmpty())
                 return;
             domain::NotifyMissingPayload p;
             for (const auto& n : *got)
                 p.missing.push_back(n.toStdString());
             append(std::move(p), NoticeKind::MissingMaterials);
         }});
    out.push_back({QStringLiteral("act_accept"), tr("受理"),
                   [] { return domain::Payload{domain::AcceptPayload{}}; },
                   [this] { append(domain::AcceptPayload{}, NoticeKind::Acceptance); }});
    out.push_back({QStringLiteral("act_refuse"), tr("不予受理"),
                   [] {
                       return domain::Payload{domain::RefusePayload{{"x"}, true}};
                   },
                   [this] {
                       auto reasons =
                           askLines(tr("不予受理"), tr("不予受理的理由（每行一条）："), {}, false);
                       if (!reasons || reasons->isEmpty())
                           return;
                       domain::RefusePayload p;
                       for (const auto& r : *reasons)
                           p.reasons.push_back(r.toStdString());
                       p.remedyNotified = true;
                       append(std::move(p), NoticeKind::Refusal);
                   }});
    if (const auto target = domain::forwardTarget(c, m_session.ctx())) {
        out.push_back({QStringLiteral("act_forward"),
                       tr("转报至 %1").arg(holderName(m_session, *target)),
                       [target] {
                           return domain::Payload{domain::ForwardPayload{*target, {}}};
                       },
                       [this, target] {
                           append(domain::ForwardPayload{*target, {}});
                       }});
    }
    out.push_back({QStringLiteral("act_take_in"), tr("收件"),
                   [] { return domain::Payload{domain::TakeInPayload{}}; },
                   [this] { append(domain::TakeInPayload{}); }});
    out.push_back({QStringLiteral("act_complete"), tr("办结"),
                   [] {
                       domain::CompletePayload p;
                       p.resultName = "x";
                       return domain::Payload{p};
                   },
                   [this, item] {
                       auto name = askText(tr("办结"), tr("办理结果名称（如：证明、低保证）："),
                                           item ? qs(item->name) : QString());
                       if (!name)
                           return;
                       domain::CompletePayload p;
                       p.outcome = m_answers ? m_answers->outcome : domain::Outcome::Approved;
                       p.resultName = name->toStdString();
                       append(std::move(p));
                   }});
    out.push_back({QStringLiteral("act_deliver"), tr("送达"),
                   [] {
                       domain::DeliverPayload p;
                       p.recipient = "x";
                       p.signedFor = true;
                       return domain::Payload{p};
                   },
                   [this] {
                       auto who = askText(tr("送达"), tr("领取人（签收人）姓名："),
                                          qs(m_view->applicant.name));
                       if (!who || who->trimmed().isEmpty())
                           return;
                       domain::DeliverPayload p;
                       p.method = m_answers ? m_answers->method
                                  : m_session.user.user.role == domain::Role::VillageAgent
                                      ? domain::DeliveryMethod::AgentReturn
                                      : domain::DeliveryMethod::WindowPickup;
                       p.recipient = who->trimmed().toStdString();
                       p.at = m_session.now();
                       p.signedFor = true;
                       append(std::move(p), NoticeKind::Delivery);
                   }});
    out.push_back({QStringLiteral("act_evaluate"), tr("请申请人评价"),
                   [] {
                       domain::EvaluatePayload p;
                       p.byApplicant = true;
                       return domain::Payload{p};
                   },
                   [this] {
                       domain::EvaluatePayload p;
                       p.byApplicant = true;
                       p.channel = 4;
                       if (m_answers && m_answers->level > 0) {
                           p.level = m_answers->level;
                           p.comment = m_answers->text.toStdString();
                       } else {
                           EvaluationDialog dialog(qs(m_view->applicant.name), this);
                           if (dialog.exec() != QDialog::Accepted)
                               return;
                           p.level = dialog.level();
                           p.comment = dialog.comment().toStdString();
                       }
                       append(std::move(p));
                   }});
    // Originals the signed-in agent holds go to the hall with a hand-over slip (交接单).
    const std::string me = m_session.user.user.userId;
    std::vector<std::string> held;
    for (const auto& [doc, holder] : c.custody)
        if (holder == me || holder == m_session.device.siteId.toStdString())
            held.push_back(doc);
    const domain::Site* hall = m_session.ref->org.hallOf(m_session.device.siteId.toStdString());
    if (!held.empty() && hall) {
        const std::string to = hall->id;
        const std::string from = c.custody.at(held.front());
        out.push_back({QStringLiteral("act_handover"), tr("原件交接至%1").arg(qs(hall->name)),
                       [held, from, to] {
                           return domain::Payload{domain::CustodyPayload{
                               domain::CustodyKind::HandOver, held, from, to, "x"}};
                       },
                       [this, held, from, to] {
                           auto who = askText(tr("原件交接"), tr("接收人（大厅签收人）姓名："));
                           if (!who || who->trimmed().isEmpty())
                               return;
                           append(domain::CustodyPayload{domain::CustodyKind::HandOver, held, from,
                                                         to, who->trimmed().toStdString()},
                                  NoticeKind::HandOver);
                       }});
    }
    // Originals back to the applicant (回交), signed for, when the case is finished here.
    std::vector<std::string> mine;
    for (const auto& [doc, holder] : c.custody)
        if (holder == me || holder == m_session.device.siteId.toStdString())
            mine.push_back(doc);
    if (!mine.empty() && domain::isFinal(c.status)) {
        const std::string from = c.custody.at(mine.front());
        std::vector<std::string> same;
        for (const auto& d : mine)
            if (c.custody.at(d) == from)
                same.push_back(d);
        out.push_back(
            {QStringLiteral("act_return_originals"), tr("原件退还申请人"),
             [same, from] {
                 return domain::Payload{domain::CustodyPayload{
                     domain::CustodyKind::ReturnToApplicant, same, from, "applicant", "x"}};
             },
             [this, same, from] {
                 auto who = askText(tr("原件退还"), tr("签收人（申请人或其代理人）姓名："),
                                    qs(m_view->applicant.name));
                 if (!who || who->trimmed().isEmpty())
                     return;
                 append(domain::CustodyPayload{domain::CustodyKind::ReturnToApplicant, same, from,
                                               "applicant", who->trimmed().toStdString()});
             }});
    }
    out.push_back({QStringLiteral("act_withdraw"), tr("撤销申请"),
                   [] { return domain::Payload{domain::WithdrawPayload{"x"}}; },
                   [this] {
                       auto reason = askText(tr("撤销申请"), tr("申请人撤销申请的原因："));
                       if (!reason || reason->trimmed().isEmpty())
                           return;
                       append(domain::WithdrawPayload{reason->trimmed().toStdString()});
                   }});
    for (const auto& k : c.conflicts)
        if (!k.resolved) {
            const std::string eventId = k.eventId;
            out.push_back(
                {QStringLiteral("act_resolve"), tr("处理冲突"),
                 [eventId] {
                     return domain::Payload{domain::ResolveConflictPayload{eventId, "x"}};
                 },
                 [this, eventId] {
                     auto note = askText(tr("处理冲突"), tr("与申请人核实后的处理说明："));
                     if (!note || note->trimmed().isEmpty())
                         return;
                     append(domain::ResolveConflictPayload{eventId, note->trimmed().toStdString()});
                 }});
            break;
        }
    return out;
}

void CaseDetail::rebuildActions() {
    for (auto* b : m_buttons)
        b->deleteLater();
    m_buttons.clear();
    while (auto* item = m_actionLayout->takeAt(0))
        delete item;
    if (!m_view)
        return;
    for (auto& a : actions()) {
        if (!legal(a.trial()))
            continue;
        auto* b = new QPushButton(a.label, m_actionBar);
        b->setObjectName(a.name);
        connect(b, &QPushButton::clicked, this, a.run);
        m_actionLayout->addWidget(b);
        m_buttons.push_back(b);
    }
    // Reprints: the notices that fit the case's state (the 查询密码 only ever on the first).
    auto* print = new QPushButton(tr("打印…"), m_actionBar);
    print->setObjectName(QStringLiteral("act_print"));
    connect(print, &QPushButton::clicked, this, [this] {
        if (!m_view)
            return;
        const auto s = m_view->status;
        NoticeKind kind = NoticeKind::Receipt;
        if (s == domain::CaseStatus::Refused)
            kind = NoticeKind::Refusal;
        else if (s == domain::CaseStatus::AwaitingMaterials)
            kind = NoticeKind::MissingMaterials;
        else if (m_view->acceptedAt)
            kind = m_view->deliveredAt ? NoticeKind::Delivery : NoticeKind::Acceptance;
        Q_EMIT printRequested(kind, *m_view);
    });
    m_actionLayout->addWidget(print);
    m_buttons.push_back(print);
    m_actionLayout->addStretch(1);
}

QStringList CaseDetail::actionNames() const {
    QStringList names;
    for (auto* b : m_buttons)
        names << b->objectName();
    return names;
}

void CaseDetail::trigger(const QString& action) {
    for (auto* b : m_buttons)
        if (b->objectName() == action) {
            b->click();
            return;
        }
    Q_EMIT actionFailed(tr("此办件当前不能执行该操作"));
}

void CaseDetail::append(domain::Payload p, std::optional<NoticeKind> print) {
    if (!m_view || m_appendRequest != 0)
        return;
    domain::Event e = m_session.events->make(m_view->caseId, client::lastEventId(*m_view),
                                             std::move(p), m_session.now());
    if (auto st = domain::checkEvent(*m_view, e, m_session.ctx()); !st) {
        Q_EMIT actionFailed(errorText(st.error()));
        return;
    }
    m_printAfter = print;
    m_appendRequest = m_session.store->append(e);
}

void CaseDetail::onAppended(client::RequestId id) {
    if (id != m_appendRequest)
        return;
    m_appendRequest = 0;
    m_answers.reset();
    m_session.sync->nudge();
    // Show the new state first, then print from it.
    const auto print = m_printAfter;
    m_printAfter.reset();
    const QString caseId = m_caseId;
    if (print) {
        auto once = std::make_shared<QMetaObject::Connection>();
        *once = connect(m_session.store, &client::StoreClient::caseViewReady, this,
                        [this, print, once](client::RequestId, const domain::CaseView& v) {
                            if (v.caseId != m_caseId.toStdString())
                                return;
                            disconnect(*once);
                            Q_EMIT printRequested(*print, v);
                        });
    }
    reload();
    Q_EMIT changed(caseId);
}

void CaseDetail::onFailed(client::RequestId id, client::StoreOp, const domain::Error& e) {
    if (id == m_viewRequest) {
        m_viewRequest = 0;
        m_header->setText(tr("无法读取办件：%1").arg(errorText(e)));
        return;
    }
    if (id != m_appendRequest)
        return;
    m_appendRequest = 0;
    m_answers.reset();
    Q_EMIT actionFailed(errorText(e));
}

std::optional<QStringList> CaseDetail::askLines(const QString& title, const QString& prompt,
                                                const QStringList& choices, bool checklist) {
    if (m_answers)
        return m_answers->lines;
    QDialog dialog(this);
    dialog.setWindowTitle(title);
    auto* v = new QVBoxLayout(&dialog);
    v->addWidget(new QLabel(prompt, &dialog));
    auto* list = new QListWidget(&dialog);
    if (checklist) {
        for (const auto& c : choices) {
            auto* it = new QListWidgetItem(c, list);
            it->setFlags(it->flags() | Qt::ItemIsUserCheckable);
            it->setCheckState(Qt::Checked);
        }
    } else {
        auto* it = new QListWidgetItem(QString(), list);
        it->setFlags(it->flags() | Qt::ItemIsEditable);
        list->editItem(it);
        auto* add = new QPushButton(tr("再加一条"), &dialog);
        connect(add, &QPushButton::clicked, list, [list] {
            auto* n = new QListWidgetItem(QString(), list);
            n->setFlags(n->flags() | Qt::ItemIsEditable);
            list->editItem(n);
        });
        v->addWidget(add);
    }
    v->addWidget(list);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    v->addWidget(buttons);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    QStringList out;
    for (int i = 0; i < list->count(); ++i) {
        const auto* it = list->item(i);
        if (checklist ? it->checkState() == Qt::Checked : !it->text().trimmed().isEmpty())
            out << it->text().trimmed();
    }
    return out;
}

std::optional<QString> CaseDetail::askText(const QString& title, const QString& prompt,
                                           const QString& preset) {
    if (m_answers)
        return m_answers->text.isEmpty() ? preset : m_answers->text;
    bool ok = false;
    const QString text = QInputDialog::getText(this, title, prompt, QLineEdit::Normal, preset, &ok);
    if (!ok)
        return std::nullopt;
    return text;
}

} // namespace bianmin::ui
