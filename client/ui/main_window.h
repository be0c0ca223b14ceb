#pragma once
// The client's one window (issue #5). Start-up: open the store → enroll the device if it never
// was (server address, code from the center) → sign in (online when the server answers, else
// offline against the local keyring) → the work: the case list with its filters and the case in
// full, the catalog, new cases; the sync state in the status bar. Locks itself after a spell of
// inactivity and asks for the password again.
//
// Keyboard: Ctrl+N new case, Ctrl+F search, F5 sync now, Ctrl+L lock, Ctrl+1/2 the pages.
//
// Threading: GUI thread only.
#include "client/ui/case_detail.h"
#include "client/ui/session.h"

#include <QMainWindow>
#include <QPointer>
#include <QTimer>
#include <memory>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTabWidget;

namespace bianmin::ui {

class CaseListModel;
class CatalogBrowser;
class NewCaseDialog;
struct NewCaseResult;

struct ClientOptions {
    QString storePath;
    client::ServerSettings server; // overrides the stored address when its host is set
    QString enrollCode;            // prefilled in the enrollment dialog
    QString userId;                // prefilled at sign-in
    QString noticeDir;             // where notices are written as PDF
    bool printDialogs = true;      // false: PDFs only (tests, no printer)
    int lockAfterMs = 15 * 60'000; // inactivity before the window locks itself
};

class MainWindow final : public QMainWindow {
    Q_OBJECT
public:
    MainWindow(ClientOptions options, client::StoreClient& store, client::SyncClient& sync,
               QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens the store and runs the start-up dialogs (non-blocking: they are shown as they come).
    void start();

    // For tests: the session once signed in, the pages and the last notice written.
    Session* session() { return m_session.get(); }
    CaseListModel* caseModel() { return m_model; }
    CaseDetail* detail() { return m_detail; }
    QTableView* caseTable() { return m_table; }
    QLineEdit* searchBox() { return m_search; }
    QLabel* syncLabel() { return m_syncLabel; }
    CatalogBrowser* catalog() { return m_catalog; }
    QString lastNoticePath() const { return m_lastNotice; }
    // Opens the new-case dialog (modeless in tests); returns it.
    NewCaseDialog* newCase();
    void signInWith(const QString& userId, const QString& password); // as the dialog does
    void setLockAfter(int ms); // inactivity before locking (settings, tests)
    void enrollWith(const QString& code, const QString& deviceName); // as the dialog does

Q_SIGNALS:
    void ready();           // signed in, the work screens are up
    void needsEnrollment(); // the device has not been enrolled (for tests)
    void needsSignIn();
    void signInFailed(QString message);
    void noticeWritten(QString path);

public Q_SLOTS:
    void syncNow();
    void lock();
    void addLocalUser(); // 设置 → 本机用户
    void search();
    void printNotice(bianmin::ui::NoticeKind kind, const bianmin::domain::CaseView& view,
                     const QString& queryPassword = {});

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void onOpened(client::RequestId id, client::StoreState state);
    void onStarted(const client::DeviceInfo& device);
    void onEnrolled(const client::DeviceInfo& device);
    void onSignedIn(const client::SessionInfo& user);
    void onUnlocked(client::RequestId id);
    void onReference(client::RequestId id, const client::ReferencePtr& ref);
    void onStatus(const client::SyncStatus& status);
    void onSyncFailed(client::SyncOp op, const domain::Error& e);
    void onStoreFailed(client::RequestId id, client::StoreOp op, const domain::Error& e);
    void askEnrollment();
    void askSignIn(const QString& message = {});
    void buildWorkScreens();
    void onCaseCreated(const NewCaseResult& result);
    void showCase(const QModelIndex& index);
    void reselect(); // the detail's case, selected again in a refreshed list

    ClientOptions m_options;
    client::StoreClient& m_store;
    client::SyncClient& m_sync;
    std::unique_ptr<Session> m_session;
    client::DeviceInfo m_device;
    std::optional<client::SessionInfo> m_pendingUser;
    QString m_pendingPassword;
    client::RequestId m_openRequest = 0;
    client::RequestId m_unlockRequest = 0;
    client::RequestId m_referenceRequest = 0;
    bool m_built = false;
    bool m_locked = false;

    QTabWidget* m_tabs = nullptr;
    QLineEdit* m_search = nullptr;
    QComboBox* m_statusFilter = nullptr;
    QComboBox* m_lightFilter = nullptr;
    QComboBox* m_windowFilter = nullptr;
    QComboBox* m_itemFilter = nullptr;
    QCheckBox* m_openOnly = nullptr;
    QCheckBox* m_dateFilter = nullptr;
    QDateEdit* m_dateFrom = nullptr;
    QDateEdit* m_dateTo = nullptr;
    QComboBox* m_order = nullptr;
    QTableView* m_table = nullptr;
    CaseListModel* m_model = nullptr;
    CaseDetail* m_detail = nullptr;
    CatalogBrowser* m_catalog = nullptr;
    QLabel* m_syncLabel = nullptr;
    QLabel* m_userLabel = nullptr;
    QLabel* m_countLabel = nullptr;
    QPointer<NewCaseDialog> m_newCase;
    QTimer m_searchDelay;
    QTimer m_idle;
    QString m_lastNotice;
};

} // namespace bianmin::ui
