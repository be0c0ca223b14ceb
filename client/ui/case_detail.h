#pragma once
// One case in full (issue #5): numbers, item, status, light and due date, applicant and agent,
// materials, custody of the originals, the whole timeline (who, where, when), conflicts; and the
// actions the signed-in user may take on it now. Which actions show is decided by the domain
// fold itself (checkEvent on a trial event), so the screen never offers what the store would
// refuse, and never needs its own copy of the rules.
//
// Threading: GUI thread only; reads the case through StoreClient::caseView and writes through
// StoreClient::append (queued), never SQL.
#include "client/ui/session.h"

#include <QWidget>
#include <functional>
#include <optional>

class QLabel;
class QPushButton;
class QTextBrowser;
class QHBoxLayout;

namespace bianmin::ui {

// What an action of the detail panel printed or wants printed, for the main window.
enum class NoticeKind { Acceptance, Receipt, Refusal, MissingMaterials, HandOver, Delivery, Guide };

class CaseDetail final : public QWidget {
    Q_OBJECT
public:
    explicit CaseDetail(Session& session, QWidget* parent = nullptr);

    void showCase(const QString& caseId); // empty: nothing shown
    void reload();
    const std::optional<domain::CaseView>& view() const { return m_view; }
    QString caseId() const { return m_caseId; }
    // The action buttons shown now, by object name, for tests ("act_accept", …).
    QStringList actionNames() const;
    // Runs an action as its button would, with the answers a dialog would collect (tests and
    // keyboard shortcuts): see the .cpp for each action's keys.
    void trigger(const QString& action);

    // Answers the dialogs of the next action would ask for; a test sets them instead of clicking
    // through modal dialogs. Empty: ask with a dialog.
    struct Answers {
        QStringList lines; // reasons, missing materials, documents …
        QString text;      // result name, recipient, note …
        int level = 0;     // evaluation level 1..5
        domain::Outcome outcome = domain::Outcome::Approved;
        domain::DeliveryMethod method = domain::DeliveryMethod::WindowPickup;
    };
    void setAnswers(std::optional<Answers> answers) { m_answers = std::move(answers); }

Q_SIGNALS:
    void changed(QString caseId); // an action was stored: lists refresh
    void printRequested(bianmin::ui::NoticeKind kind, bianmin::domain::CaseView view);
    void actionFailed(QString message);

private:
    struct Action {
        QString name;                           // object name of the button
        QString label;                          // button text
        std::function<domain::Payload()> trial; // a payload for the legality check
        std::function<void()> run;
    };
    void onView(client::RequestId id, const domain::CaseView& view);
    void onAppended(client::RequestId id);
    void onFailed(client::RequestId id, client::StoreOp op, const domain::Error& e);
    void render();
    void rebuildActions();
    std::vector<Action> actions();
    bool legal(const domain::Payload& p) const;
    void append(domain::Payload p, std::optional<NoticeKind> print = std::nullopt);
    std::optional<QStringList> askLines(const QString& title, const QString& prompt,
                                        const QStringList& choices, bool checklist);
    std::optional<QString> askText(const QString& title, const QString& prompt,
                                   const QString& preset = {});

    Session& m_session;
    QString m_caseId;
    std::optional<domain::CaseView> m_view;
    client::RequestId m_viewRequest = 0;
    client::RequestId m_appendRequest = 0;
    std::optional<NoticeKind> m_printAfter;
    std::optional<Answers> m_answers;
    QLabel* m_header = nullptr;
    QTextBrowser* m_body = nullptr;
    QWidget* m_actionBar = nullptr;
    QHBoxLayout* m_actionLayout = nullptr;
    std::vector<QPushButton*> m_buttons;
};

} // namespace bianmin::ui

Q_DECLARE_METATYPE(bianmin::ui::NoticeKind)
