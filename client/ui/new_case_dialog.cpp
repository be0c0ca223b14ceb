#include "client/ui/new_case_dialog.h"

#include "client/ui/catalog/item_picker.h"
#include "client/ui/ui_text.h"
#include "common/domain/ids.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>

namespace bianmin::ui {

namespace {

enum MaterialColumn { MName, MRequired, MReceived, MOriginal, MCopies, MColumns };

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}
std::string str(const QString& s) {
    return s.trimmed().toStdString();
}

} // namespace

NewCaseDialog::NewCaseDialog(Session& session, QWidget* parent)
    : QDialog(parent)
    , m_session(session) {
    setWindowTitle(tr("新建办件"));
    resize(900, 640);
    auto* layout = new QVBoxLayout(this);
    m_title = new QLabel(this);
    m_title->setStyleSheet(QStringLiteral("font-size: 16pt; font-weight: bold;"));
    layout->addWidget(m_title);
    m_pages = new QStackedWidget(this);
    layout->addWidget(m_pages, 1);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_error->setWordWrap(true);
    layout->addWidget(m_error);
    auto* buttons = new QHBoxLayout;
    m_backButton = new QPushButton(tr("上一步(&B)"), this);
    m_nextButton = new QPushButton(tr("下一步(&N)"), this);
    m_nextButton->setDefault(true);
    auto* cancel = new QPushButton(tr("取消"), this);
    buttons->addWidget(cancel);
    buttons->addStretch(1);
    buttons->addWidget(m_backButton);
    buttons->addWidget(m_nextButton);
    layout->addLayout(buttons);
    connect(cancel, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_backButton, &QPushButton::clicked, this, &NewCaseDialog::back);
    connect(m_nextButton, &QPushButton::clicked, this, &NewCaseDialog::next);

    buildPickPage();
    buildApplicantPage();
    buildMaterialsPage();
    buildDecisionPage();
    showPage(PickItem);

    connect(m_session.store, &client::StoreClient::appendedAll, this, &NewCaseDialog::onAppended);
    connect(m_session.store, &client::StoreClient::failed, this, &NewCaseDialog::onFailed);
    connect(m_session.store, &client::StoreClient::provisionalNumberReady, this,
            &NewCaseDialog::onNumber);
}

int NewCaseDialog::currentPage() const {
    return m_pages->currentIndex();
}

void NewCaseDialog::buildPickPage() {
    m_picker = new ItemPicker(m_session.ref, m_session.device.siteId,
                              domain::Date::localDateOf(m_session.now()), this);
    m_pages->addWidget(m_picker);
    connect(m_picker, &ItemPicker::itemChosen, this, &NewCaseDialog::chooseItem);
}

void NewCaseDialog::buildApplicantPage() {
    auto* page = new QWidget(this);
    auto* v = new QVBoxLayout(page);
    auto* applicant = new QGroupBox(tr("申请人"), page);
    auto* form = new QFormLayout(applicant);
    m_name = new QLineEdit(applicant);
    m_name->setObjectName(QStringLiteral("applicantName"));
    m_idType = new QComboBox(applicant);
    m_idType->addItem(tr("居民身份证"), QStringLiteral("111"));
    m_idType->addItem(tr("其他证件"), QStringLiteral("990"));
    m_idNumber = new QLineEdit(applicant);
    m_idNumber->setObjectName(QStringLiteral("applicantId"));
    m_idNumber->setMaxLength(18);
    m_idCheck = new QLabel(applicant);
    m_idCheck->setObjectName(QStringLiteral("idCheck"));
    m_phone = new QLineEdit(applicant);
    m_phone->setObjectName(QStringLiteral("applicantPhone"));
    m_address = new QLineEdit(applicant);
    form->addRow(tr("姓名(&M)"), m_name);
    form->addRow(tr("证件类型"), m_idType);
    form->addRow(tr("证件号码(&I)"), m_idNumber);
    form->addRow(QString(), m_idCheck);
    form->addRow(tr("联系电话(&P)"), m_phone);
    form->addRow(tr("住址"), m_address);
    v->addWidget(applicant);

    auto* agent = new QGroupBox(tr("代理人 / 联系人"), page);
    auto* af = new QFormLayout(agent);
    m_hasAgent = new QCheckBox(tr("由他人代为申请(&A)"), agent);
    m_agentName = new QLineEdit(agent);
    m_agentId = new QLineEdit(agent);
    m_agentId->setObjectName(QStringLiteral("agentId"));
    m_agentId->setMaxLength(18);
    m_agentPhone = new QLineEdit(agent);
    m_entrusted = new QCheckBox(tr("已签署委托书（村代办）"), agent);
    af->addRow(m_hasAgent);
    af->addRow(tr("代理人姓名"), m_agentName);
    af->addRow(tr("代理人证件号码"), m_agentId);
    af->addRow(tr("代理人电话"), m_agentPhone);
    af->addRow(m_entrusted);
    v->addWidget(agent);
    v->addStretch(1);

    const bool villageAgent = m_session.user.user.role == domain::Role::VillageAgent;
    m_entrusted->setVisible(villageAgent);
    if (villageAgent) {
        // The village agent is the agent: recorded as such, with the villager's 委托.
        m_hasAgent->setChecked(true);
        m_agentName->setText(qs(m_session.user.user.name));
        m_entrusted->setChecked(true);
    }
    auto syncAgent = [this] {
        const bool on = m_hasAgent->isChecked();
        m_agentName->setEnabled(on);
        m_agentId->setEnabled(on);
        m_agentPhone->setEnabled(on);
    };
    connect(m_hasAgent, &QCheckBox::toggled, this, syncAgent);
    syncAgent();
    connect(m_idNumber, &QLineEdit::textChanged, this, &NewCaseDialog::validateApplicant);
    connect(m_idType, &QComboBox::currentIndexChanged, this, &NewCaseDialog::validateApplicant);
    m_pages->addWidget(page);
}

void NewCaseDialog::buildMaterialsPage() {
    auto* page = new QWidget(this);
    auto* v = new QVBoxLayout(page);
    auto* hint = new QLabel(tr("逐项核对申请材料：空格键勾选，方向键移动。"), page);
    v->addWidget(hint);
    m_materials = new QTableWidget(0, MColumns, page);
    m_materials->setObjectName(QStringLiteral("materials"));
    m_materials->setHorizontalHeaderLabels(
        {tr("材料名称"), tr("必要"), tr("已收"), tr("原件已核验"), tr("复印件份数")});
    m_materials->horizontalHeader()->setSectionResizeMode(MName, QHeaderView::Stretch);
    m_materials->verticalHeader()->hide();
    m_materials->setSelectionBehavior(QAbstractItemView::SelectRows);
    v->addWidget(m_materials, 1);
    auto* allButton = new QPushButton(tr("全部已收(&R)"), page);
    allButton->setObjectName(QStringLiteral("allReceived"));
    connect(allButton, &QPushButton::clicked, this, [this] {
        for (int r = 0; r < m_materials->rowCount(); ++r) {
            m_materials->item(r, MReceived)->setCheckState(Qt::Checked);
            m_materials->item(r, MOriginal)->setCheckState(Qt::Checked);
        }
    });
    v->addWidget(allButton, 0, Qt::AlignLeft);
    m_pages->addWidget(page);
}

void NewCaseDialog::buildDecisionPage() {
    auto* page = new QWidget(this);
    auto* v = new QVBoxLayout(page);
    m_summary = new QLabel(page);
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    v->addWidget(m_summary);

    auto* acceptBox = new QGroupBox(tr("受理"), page);
    auto* af = new QFormLayout(acceptBox);
    m_completeNow = new QCheckBox(tr("即办件，当场办结"), acceptBox);
    m_resultName = new QLineEdit(acceptBox);
    m_resultName->setPlaceholderText(tr("办理结果名称，如：证明"));
    m_forwardNow = new QCheckBox(acceptBox);
    m_acceptButton = new QPushButton(tr("受理并打印受理通知书(&S)"), acceptBox);
    m_acceptButton->setObjectName(QStringLiteral("acceptButton"));
    af->addRow(m_completeNow);
    af->addRow(tr("办理结果"), m_resultName);
    af->addRow(m_forwardNow);
    af->addRow(m_acceptButton);
    v->addWidget(acceptBox);

    m_noticeButton = new QPushButton(tr("材料不全：出具一次性告知书(&G)"), page);
    m_noticeButton->setObjectName(QStringLiteral("noticeButton"));
    v->addWidget(m_noticeButton);

    auto* refuseBox = new QGroupBox(tr("不予受理"), page);
    auto* rf = new QVBoxLayout(refuseBox);
    m_refuseReasons = new QPlainTextEdit(refuseBox);
    m_refuseReasons->setObjectName(QStringLiteral("refuseReasons"));
    m_refuseReasons->setPlaceholderText(tr("不予受理的理由，每行一条（必填）"));
    m_refuseReasons->setMaximumHeight(80);
    m_remedy = new QCheckBox(tr("已告知申请人依法申请行政复议或者提起行政诉讼的权利"), refuseBox);
    m_remedy->setObjectName(QStringLiteral("remedy"));
    m_refuseButton = new QPushButton(tr("不予受理并打印通知书(&J)"), refuseBox);
    m_refuseButton->setObjectName(QStringLiteral("refuseButton"));
    rf->addWidget(m_refuseReasons);
    rf->addWidget(m_remedy);
    rf->addWidget(m_refuseButton);
    v->addWidget(refuseBox);
    v->addStretch(1);

    connect(m_acceptButton, &QPushButton::clicked, this, &NewCaseDialog::acceptCase);
    connect(m_noticeButton, &QPushButton::clicked, this, &NewCaseDialog::notifyMissing);
    connect(m_refuseButton, &QPushButton::clicked, this, &NewCaseDialog::refuseCase);
    m_pages->addWidget(page);
}

void NewCaseDialog::showPage(int page) {
    m_pages->setCurrentIndex(page);
    m_error->clear();
    static const char* const kTitles[] = {
        QT_TR_NOOP("第一步：选择事项（输入名称或拼音首字母）"),
        QT_TR_NOOP("第二步：申请人信息"),
        QT_TR_NOOP("第三步：核对申请材料"),
        QT_TR_NOOP("第四步：受理决定"),
    };
    QString title = tr(kTitles[page]);
    if (m_item && page > PickItem)
        title += QStringLiteral(" — ") + qs(m_item->displayName());
    m_title->setText(title);
    m_backButton->setEnabled(page > PickItem);
    m_nextButton->setVisible(page < Decision && page > PickItem);
    switch (page) {
    case PickItem:
        m_picker->setFocus();
        break;
    case Applicant:
        m_name->setFocus();
        break;
    case Materials:
        m_materials->setFocus();
        if (m_materials->rowCount() > 0)
            m_materials->setCurrentCell(0, MReceived);
        break;
    case Decision:
        updateDecision();
        break;
    default:
        break;
    }
}

void NewCaseDialog::chooseItem(const QString& itemId, int version) {
    const domain::Item* item = m_session.ref->catalog.version(str(itemId), version);
    if (!item) {
        m_error->setText(tr("事项不存在：%1").arg(itemId));
        return;
    }
    m_item = item;
    fillMaterials();
    if (m_provisionalNumber.isEmpty() && m_numberRequest == 0)
        m_numberRequest = m_session.store->provisionalNumber(m_session.device.siteId);
    showPage(Applicant);
}

void NewCaseDialog::next() {
    const int page = currentPage();
    if (page == Applicant) {
        QString problem;
        if (!applicantValid(&problem)) {
            m_error->setText(problem);
            return;
        }
    }
    if (page < Decision)
        showPage(page + 1);
}

void NewCaseDialog::back() {
    if (currentPage() > PickItem)
        showPage(currentPage() - 1);
}

void NewCaseDialog::validateApplicant() {
    if (m_idType->currentData().toString() != QStringLiteral("111")) {
        m_idCheck->setText(QString());
        return;
    }
    const std::string id = str(m_idNumber->text());
    if (id.empty()) {
        m_idCheck->setText(QString());
        return;
    }
    const auto problem = domain::checkResidentId(id);
    if (problem == domain::ResidentIdProblem::None) {
        m_idCheck->setStyleSheet(QStringLiteral("color: #2e7d32;"));
        m_idCheck->setText(tr("✓ 身份证号码有效"));
    } else if (problem == domain::ResidentIdProblem::WrongLength && id.size() < 18) {
        m_idCheck->setStyleSheet(QStringLiteral("color: #666;"));
        m_idCheck->setText(tr("已输入 %1 位，共 18 位").arg(id.size()));
    } else {
        m_idCheck->setStyleSheet(QStringLiteral("color: #c62828;"));
        m_idCheck->setText(QStringLiteral("✗ ") + qs(domain::describe(problem)));
    }
}

bool NewCaseDialog::applicantValid(QString* problem) const {
    if (str(m_name->text()).empty()) {
        *problem = tr("请填写申请人姓名");
        return false;
    }
    const std::string id = str(m_idNumber->text());
    if (id.empty()) {
        *problem = tr("请填写申请人证件号码");
        return false;
    }
    if (m_idType->currentData().toString() == QStringLiteral("111")) {
        const auto p = domain::checkResidentId(id);
        if (p != domain::ResidentIdProblem::None) {
            *problem = tr("身份证号码有误：%1").arg(qs(domain::describe(p)));
            return false;
        }
    }
    const std::string phone = str(m_phone->text());
    if (!phone.empty() && !domain::isMobileNumber(phone) && phone.size() < 7) {
        *problem = tr("联系电话格式不正确");
        return false;
    }
    if (m_hasAgent->isChecked()) {
        if (str(m_agentName->text()).empty()) {
            *problem = tr("请填写代理人姓名");
            return false;
        }
        const auto p = domain::checkResidentId(str(m_agentId->text()));
        if (p != domain::ResidentIdProblem::None) {
            *problem = tr("代理人身份证号码有误：%1").arg(qs(domain::describe(p)));
            return false;
        }
    }
    return true;
}

void NewCaseDialog::fillMaterials() {
    m_materials->setRowCount(0);
    if (!m_item)
        return;
    m_materials->setRowCount(static_cast<int>(m_item->materials.size()));
    int r = 0;
    for (const auto& m : m_item->materials) {
        auto* name = new QTableWidgetItem(qs(m.name));
        name->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        // What to check on this paper, at hand while checking it.
        name->setToolTip(tr("原件 %1 份，复印件 %2 份\n审查要点：%3\n来源：%4")
                             .arg(m.originals)
                             .arg(m.copies)
                             .arg(qs(m.reviewPoints), qs(m.source)));
        m_materials->setItem(r, MName, name);
        auto* req = new QTableWidgetItem(m.required ? tr("必要") : tr("非必要"));
        req->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        m_materials->setItem(r, MRequired, req);
        for (int c : {MReceived, MOriginal}) {
            auto* box = new QTableWidgetItem;
            box->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
            box->setCheckState(Qt::Unchecked);
            m_materials->setItem(r, c, box);
        }
        auto* copies = new QSpinBox(m_materials);
        copies->setRange(0, 20);
        copies->setValue(m.copies);
        m_materials->setCellWidget(r, MCopies, copies);
        ++r;
    }
}

std::vector<domain::MaterialCheck> NewCaseDialog::materialChecks() const {
    std::vector<domain::MaterialCheck> out;
    for (int r = 0; r < m_materials->rowCount(); ++r) {
        domain::MaterialCheck c;
        c.name = str(m_materials->item(r, MName)->text());
        c.received = m_materials->item(r, MReceived)->checkState() == Qt::Checked;
        c.originalSeen = m_materials->item(r, MOriginal)->checkState() == Qt::Checked;
        if (auto* spin = qobject_cast<QSpinBox*>(m_materials->cellWidget(r, MCopies)))
            c.copies = c.received ? spin->value() : 0;
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<std::string> NewCaseDialog::missingRequired() const {
    std::vector<std::string> missing;
    if (!m_item)
        return missing;
    const auto checks = materialChecks();
    for (const auto& c : checks) {
        const domain::Material* m = m_item->material(c.name);
        if (m && m->required && !c.received)
            missing.push_back(c.name);
    }
    return missing;
}

void NewCaseDialog::updateDecision() {
    if (!m_item)
        return;
    const auto missing = missingRequired();
    const bool complete = missing.empty();
    QString html =
        tr("<b>申请人：</b>%1　<b>事项：</b>%2<br>")
            .arg(m_name->text().toHtmlEscaped(), qs(m_item->displayName()).toHtmlEscaped());
    if (complete) {
        html += tr("<span style='color:#2e7d32'>必要材料齐全，可以受理。</span>");
    } else {
        QStringList names;
        for (const auto& n : missing)
            names << qs(n).toHtmlEscaped();
        html += tr("<span style='color:#c62828'>缺少必要材料 %1 项：%2。"
                   "应一次性告知申请人需补正的全部内容。</span>")
                    .arg(missing.size())
                    .arg(names.join(QStringLiteral("、")));
    }
    m_summary->setText(html);
    m_acceptButton->setEnabled(complete);
    m_noticeButton->setEnabled(!complete);
    m_noticeButton->setDefault(!complete);
    m_acceptButton->setDefault(complete);

    // What 受理 leads to here: 办结 on the spot, or 转报 to the next level.
    domain::CaseView probe;
    probe.item = {m_item->id, m_item->version};
    probe.originSiteId = m_session.device.siteId.toStdString();
    probe.holder = {probe.originSiteId, {}};
    const auto ctx = m_session.ctx();
    const bool completesHere = domain::completesAtHolder(probe, ctx);
    const auto target = domain::forwardTarget(probe, ctx);
    const bool immediate = m_item->caseKind == domain::CaseKind::Immediate;
    m_canCompleteHere = completesHere && immediate;
    m_canForward = target.has_value();
    m_completeNow->setVisible(completesHere && immediate);
    m_completeNow->setChecked(completesHere && immediate);
    m_resultName->setVisible(completesHere && immediate);
    m_forwardNow->setVisible(target.has_value());
    m_forwardNow->setChecked(target.has_value());
    if (target) {
        const domain::Site* to = ctx.org.site(target->siteId);
        QString where = to ? qs(to->name) : qs(target->siteId);
        if (!target->department.empty())
            where += QStringLiteral(" ") + qs(target->department);
        m_forwardNow->setText(tr("受理后立即转报至 %1").arg(where));
    }
    (complete ? m_acceptButton : m_noticeButton)->setFocus();
}

domain::ReceivePayload NewCaseDialog::receivePayload() {
    domain::ReceivePayload p;
    p.item = {m_item->id, m_item->version};
    p.applicant.name = str(m_name->text());
    p.applicant.idType = m_idType->currentData().toString().toStdString();
    p.applicant.idNumber = domain::normalizeResidentId(str(m_idNumber->text()));
    p.applicant.phone = str(m_phone->text());
    p.applicant.address = str(m_address->text());
    if (m_hasAgent->isChecked()) {
        domain::Party agent;
        agent.name = str(m_agentName->text());
        agent.idNumber = domain::normalizeResidentId(str(m_agentId->text()));
        agent.phone = str(m_agentPhone->text());
        p.agent = std::move(agent);
    }
    p.materials = materialChecks();
    p.provisionalNumber = m_provisionalNumber.toStdString();
    p.entrusted =
        m_session.user.user.role == domain::Role::VillageAgent && m_entrusted->isChecked();
    return p;
}

void NewCaseDialog::acceptCase() {
    if (!missingRequired().empty()) {
        m_error->setText(tr("必要材料不齐全，不能受理；请出具一次性告知书"));
        return;
    }
    std::vector<domain::Payload> after;
    after.emplace_back(domain::AcceptPayload{});
    NewCaseResult r;
    r.status = domain::CaseStatus::Accepted;
    if (m_canCompleteHere && m_completeNow->isChecked()) {
        domain::CompletePayload c;
        c.outcome = domain::Outcome::Approved;
        c.resultName = str(m_resultName->text());
        after.emplace_back(std::move(c));
        r.completedOnTheSpot = true;
        r.status = domain::CaseStatus::Completed;
    } else if (m_canForward && m_forwardNow->isChecked()) {
        after.emplace_back(domain::ForwardPayload{}); // target filled in submit()
        r.forwarded = true;
    }
    submit(std::move(after), r);
}

void NewCaseDialog::notifyMissing() {
    domain::NotifyMissingPayload n;
    n.missing = missingRequired();
    if (n.missing.empty()) {
        m_error->setText(tr("必要材料已齐全，无需一次性告知"));
        return;
    }
    NewCaseResult r;
    r.status = domain::CaseStatus::AwaitingMaterials;
    submit({domain::Payload{std::move(n)}}, r);
}

void NewCaseDialog::refuseCase() {
    domain::RefusePayload p;
    for (const auto& line : m_refuseReasons->toPlainText().split(QLatin1Char('\n')))
        if (!line.trimmed().isEmpty())
            p.reasons.push_back(str(line));
    if (p.reasons.empty()) {
        m_error->setText(tr("不予受理须写明理由"));
        m_refuseReasons->setFocus();
        return;
    }
    if (!m_remedy->isChecked()) {
        m_error->setText(tr("须告知申请人申请行政复议或提起行政诉讼的权利"));
        m_remedy->setFocus();
        return;
    }
    p.remedyNotified = true;
    NewCaseResult r;
    r.status = domain::CaseStatus::Refused;
    submit({domain::Payload{std::move(p)}}, r);
}

void NewCaseDialog::submit(std::vector<domain::Payload> after, NewCaseResult result) {
    if (m_appendRequest != 0)
        return; // already on its way
    if (m_provisionalNumber.isEmpty()) {
        m_error->setText(tr("正在生成临时办件编号，请稍候再试"));
        return;
    }
    const auto ctx = m_session.ctx();
    const domain::Instant now = m_session.now();
    auto& factory = *m_session.events;
    const std::string caseId = factory.newCaseId(now);
    result.caseId = qs(caseId);
    result.queryPassword = qs(factory.newQueryPassword());
    domain::ReceivePayload receive = receivePayload();
    receive.queryPasswordHash = factory.hashQueryPassword(result.queryPassword.toStdString());

    // Made and checked here against the same fold the store and the server run, so a refusal
    // is explained before anything is written.
    std::vector<domain::Event> events;
    domain::CaseView view;
    auto add = [&](domain::Payload p) -> bool {
        if (auto* f = std::get_if<domain::ForwardPayload>(&p)) {
            const auto target = domain::forwardTarget(view, ctx);
            if (!target) {
                m_error->setText(tr("本事项在本级办结，无需转报"));
                return false;
            }
            f->to = *target;
        }
        domain::Event e = factory.make(caseId, client::lastEventId(view), std::move(p), now);
        if (auto st = domain::checkEvent(view, e, ctx); !st) {
            m_error->setText(errorText(st.error()));
            return false;
        }
        domain::foldNext(view, e, ctx); // as the store will: the timeline gives the next parent
        events.push_back(std::move(e));
        return true;
    };
    if (!add(std::move(receive)))
        return;
    for (auto& p : after)
        if (!add(std::move(p)))
            return;
    result.status = view.status;
    m_pendingResult = result;
    m_acceptButton->setEnabled(false);
    m_noticeButton->setEnabled(false);
    m_refuseButton->setEnabled(false);
    m_appendRequest = m_session.store->appendAll(events);
}

void NewCaseDialog::onAppended(client::RequestId id, int) {
    if (id != m_appendRequest)
        return;
    m_appendRequest = 0;
    m_result = m_pendingResult;
    m_session.sync->nudge();
    Q_EMIT caseCreated(*m_result);
    accept();
}

void NewCaseDialog::onFailed(client::RequestId id, client::StoreOp, const domain::Error& e) {
    if (id == m_numberRequest) {
        m_numberRequest = 0;
        m_error->setText(tr("无法生成临时办件编号：%1").arg(errorText(e)));
        return;
    }
    if (id != m_appendRequest)
        return;
    m_appendRequest = 0;
    m_error->setText(tr("保存失败：%1").arg(errorText(e)));
    updateDecision();
    m_refuseButton->setEnabled(true);
}

void NewCaseDialog::onNumber(client::RequestId id, const QString& number) {
    if (id != m_numberRequest)
        return;
    m_numberRequest = 0;
    m_provisionalNumber = number;
}

} // namespace bianmin::ui
