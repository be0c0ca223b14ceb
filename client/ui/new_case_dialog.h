#pragma once
// The new-case flow at the counter (issue #5, DOMAIN.md §3): pick the item → the applicant (and
// an agent/代理人, recorded separately; a village agent's 委托) → the item's materials checklist
// → the decision:
//   - something required is missing: 收件 + 一次性告知, the case waits in 补齐补正 and the
//     一次性告知书 lists all of it;
//   - complete: 受理 (a 即办件 that completes here is 办结 on the spot; a case that must go up is
//     forwarded at once unless the clerk unticks it), or 不予受理 with reasons and the notice of
//     the right to 复议/诉讼.
// Every step is keyboard-first: Enter moves on, Alt+letter reaches each field, Esc cancels.
// The events are appended in one batch (StoreClient::appendAll); when the store has them the
// dialog emits caseCreated with the case id and what is to be printed, then closes.
//
// Threading: GUI thread only; never touches the store directly.
#include "client/ui/session.h"

#include <QDialog>
#include <QString>
#include <optional>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTableWidget;

namespace bianmin::ui {

class ItemPicker;

// Which notices the new case calls for, and the 查询密码 (shown only on them).
struct NewCaseResult {
    QString caseId;
    QString queryPassword;
    domain::CaseStatus status = domain::CaseStatus::None;
    bool completedOnTheSpot = false;
    bool forwarded = false;
};

class NewCaseDialog final : public QDialog {
    Q_OBJECT
public:
    NewCaseDialog(Session& session, QWidget* parent = nullptr);

    // For tests and for the catalog's "办理此事项": start at the applicant page with this item.
    void chooseItem(const QString& itemId, int version);
    const std::optional<NewCaseResult>& result() const { return m_result; }

    // The pages, for tests.
    enum Page { PickItem, Applicant, Materials, Decision };
    int currentPage() const;
    // The provisional case number has come from the store (asked for when the item is chosen).
    bool numberReady() const { return !m_provisionalNumber.isEmpty(); }

Q_SIGNALS:
    void caseCreated(bianmin::ui::NewCaseResult result);

public Q_SLOTS:
    void next();
    void back();
    void acceptCase();    // 受理 (and 办结 / 转报 when ticked)
    void notifyMissing(); // 收件 + 一次性告知
    void refuseCase();    // 不予受理

private:
    void buildPickPage();
    void buildApplicantPage();
    void buildMaterialsPage();
    void buildDecisionPage();
    void showPage(int page);
    void validateApplicant();
    bool applicantValid(QString* problem) const;
    void fillMaterials();
    void updateDecision();
    std::vector<domain::MaterialCheck> materialChecks() const;
    std::vector<std::string> missingRequired() const;
    domain::ReceivePayload receivePayload();
    void submit(std::vector<domain::Payload> after, NewCaseResult result);
    void onAppended(client::RequestId id, int count);
    void onFailed(client::RequestId id, client::StoreOp op, const domain::Error& e);
    void onNumber(client::RequestId id, const QString& number);

    Session& m_session;
    const domain::Item* m_item = nullptr;
    QStackedWidget* m_pages = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_error = nullptr;
    QPushButton* m_backButton = nullptr;
    QPushButton* m_nextButton = nullptr;

    ItemPicker* m_picker = nullptr;

    QLineEdit* m_name = nullptr;
    QComboBox* m_idType = nullptr;
    QLineEdit* m_idNumber = nullptr;
    QLabel* m_idCheck = nullptr;
    QLineEdit* m_phone = nullptr;
    QLineEdit* m_address = nullptr;
    QCheckBox* m_hasAgent = nullptr;
    QLineEdit* m_agentName = nullptr;
    QLineEdit* m_agentId = nullptr;
    QLineEdit* m_agentPhone = nullptr;
    QCheckBox* m_entrusted = nullptr;

    QTableWidget* m_materials = nullptr;

    QLabel* m_summary = nullptr;
    QPushButton* m_acceptButton = nullptr;
    QPushButton* m_noticeButton = nullptr;
    QPushButton* m_refuseButton = nullptr;
    QCheckBox* m_completeNow = nullptr;
    QLineEdit* m_resultName = nullptr;
    QCheckBox* m_forwardNow = nullptr;
    QPlainTextEdit* m_refuseReasons = nullptr;
    QCheckBox* m_remedy = nullptr;

    bool m_canCompleteHere = false; // a 即办件 completed at this level
    bool m_canForward = false;      // accepted here, completed higher up
    QString m_provisionalNumber;
    client::RequestId m_numberRequest = 0;
    client::RequestId m_appendRequest = 0;
    std::optional<NewCaseResult> m_pendingResult;
    std::optional<NewCaseResult> m_result;
};

} // namespace bianmin::ui

Q_DECLARE_METATYPE(bianmin::ui::NewCaseResult)
