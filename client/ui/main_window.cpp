#include "client/ui/main_window.h"

#include "client/ui/case_list_model.h"
#include "client/ui/catalog/catalog_browser.h"
#include "client/ui/catalog/offered_items.h"
#include "client/ui/new_case_dialog.h"
#include "client/ui/notice_output.h"
#include "client/ui/ui_text.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QSysInfo>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

namespace bianmin::ui {

namespace {
QString qs(const std::string& s) {
    return QString::fromStdString(s);
}
} // namespace

QString Session::siteName() const {
    const domain::Site* s = site();
    return s ? qs(s->name) : device.siteId;
}

domain::Instant Session::now() const {
    return QDateTime::currentMSecsSinceEpoch();
}

MainWindow::MainWindow(ClientOptions options, client::StoreClient& store, client::SyncClient& sync,
                       QWidget* parent)
    : QMainWindow(parent)
    , m_options(std::move(options))
    , m_store(store)
    , m_sync(sync) {
    setWindowTitle(tr("便民服务 — 办件窗口"));
    resize(1280, 760);
    connect(&m_store, &client::StoreClient::opened, this, &MainWindow::onOpened);
    connect(&m_store, &client::StoreClient::unlocked, this, &MainWindow::onUnlocked);
    connect(&m_store, &client::StoreClient::referenceReady, this, &MainWindow::onReference);
    connect(&m_store, &client::StoreClient::failed, this, &MainWindow::onStoreFailed);
    connect(&m_sync, &client::SyncClient::started, this, &MainWindow::onStarted);
    connect(&m_sync, &client::SyncClient::enrolled, this, &MainWindow::onEnrolled);
    connect(&m_sync, &client::SyncClient::signedIn, this, &MainWindow::onSignedIn);
    connect(&m_sync, &client::SyncClient::statusChanged, this, &MainWindow::onStatus);
    connect(&m_sync, &client::SyncClient::failed, this, &MainWindow::onSyncFailed);
    connect(&m_sync, &client::SyncClient::localUserAdded, this, [this](const QString& userId) {
        statusBar()->showMessage(tr("已为用户 %1 开通本机，今后可离线登录").arg(userId), 10000);
    });
    connect(&m_sync, &client::SyncClient::roundFinished, this, [this](int, int pulled) {
        if (pulled > 0 && m_model) {
            m_model->refresh();
            if (m_detail)
                m_detail->reload();
        }
    });
    m_syncLabel = new QLabel(tr("未连接"), this);
    m_syncLabel->setObjectName(QStringLiteral("syncStatus"));
    m_userLabel = new QLabel(this);
    statusBar()->addPermanentWidget(m_userLabel);
    statusBar()->addPermanentWidget(m_syncLabel);
    auto* syncButton = new QPushButton(tr("立即同步 (F5)"), this);
    statusBar()->addPermanentWidget(syncButton);
    connect(syncButton, &QPushButton::clicked, this, &MainWindow::syncNow);

    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(150);
    connect(&m_searchDelay, &QTimer::timeout, this, &MainWindow::search);
    m_idle.setSingleShot(true);
    m_idle.setInterval(std::max(1'000, m_options.lockAfterMs));
    connect(&m_idle, &QTimer::timeout, this, &MainWindow::lock);
    qApp->installEventFilter(this);
}

MainWindow::~MainWindow() {
    qApp->removeEventFilter(this);
}

void MainWindow::setLockAfter(int ms) {
    m_options.lockAfterMs = ms;
    m_idle.setInterval(std::max(100, ms));
    if (m_idle.isActive())
        m_idle.start();
}

void MainWindow::start() {
    m_openRequest = m_store.open(m_options.storePath);
}

void MainWindow::onOpened(client::RequestId id, client::StoreState) {
    if (id != m_openRequest)
        return;
    Q_EMIT m_sync.start(m_options.storePath, m_options.server);
}

void MainWindow::onStarted(const client::DeviceInfo& device) {
    m_device = device;
    if (!device.enrolled) {
        Q_EMIT needsEnrollment();
        askEnrollment();
    } else if (!m_session) {
        Q_EMIT needsSignIn();
        askSignIn();
    }
}

void MainWindow::askEnrollment() {
    if (!m_options.printDialogs)
        return; // tests call enrollWith
    QDialog dialog(this);
    dialog.setWindowTitle(tr("本机注册"));
    auto* form = new QFormLayout(&dialog);
    form->addRow(new QLabel(tr("首次使用：请填写服务器地址和中心发放的注册码。"), &dialog));
    auto* host = new QLineEdit(m_device.server.host.isEmpty() ? QStringLiteral("127.0.0.1")
                                                              : m_device.server.host,
                               &dialog);
    auto* port = new QSpinBox(&dialog);
    port->setRange(1, 65535);
    port->setValue(m_device.server.port == 0 ? 8443 : m_device.server.port);
    auto* ca = new QLineEdit(m_device.server.caFile, &dialog);
    ca->setMinimumWidth(420);
    auto* code = new QLineEdit(m_options.enrollCode, &dialog);
    code->setObjectName(QStringLiteral("enrollCode"));
    auto* name = new QLineEdit(QSysInfo::machineHostName(), &dialog);
    form->addRow(tr("服务器地址"), host);
    form->addRow(tr("端口"), port);
    form->addRow(tr("根证书文件"), ca);
    form->addRow(tr("注册码(&C)"), code);
    form->addRow(tr("本机名称"), name);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    code->setFocus();
    if (dialog.exec() != QDialog::Accepted) {
        close();
        return;
    }
    client::ServerSettings server{host->text().trimmed(), static_cast<quint16>(port->value()),
                                  ca->text().trimmed()};
    if (server.host != m_device.server.host || server.port != m_device.server.port ||
        server.caFile != m_device.server.caFile) {
        m_options.server = server;
        m_device.server = server;
        Q_EMIT m_sync.start(m_options.storePath, server);
    }
    enrollWith(code->text(), name->text());
}

void MainWindow::enrollWith(const QString& code, const QString& deviceName) {
    Q_EMIT m_sync.enroll(code, deviceName);
}

void MainWindow::onEnrolled(const client::DeviceInfo& device) {
    m_device = device;
    statusBar()->showMessage(tr("本机已注册"), 5000);
    Q_EMIT needsSignIn();
    askSignIn();
}

void MainWindow::askSignIn(const QString& message) {
    if (!m_options.printDialogs)
        return; // tests call signInWith
    QDialog dialog(this);
    dialog.setWindowTitle(m_locked ? tr("已锁定 — 请重新登录") : tr("登录"));
    auto* form = new QFormLayout(&dialog);
    if (!message.isEmpty()) {
        auto* error = new QLabel(message, &dialog);
        error->setStyleSheet(QStringLiteral("color: #c62828;"));
        error->setWordWrap(true);
        form->addRow(error);
    }
    auto* user = new QLineEdit(m_options.userId, &dialog);
    auto* password = new QLineEdit(&dialog);
    password->setEchoMode(QLineEdit::Password);
    form->addRow(tr("用户名(&U)"), user);
    form->addRow(tr("密码(&P)"), password);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    (user->text().isEmpty() ? user : password)->setFocus();
    if (dialog.exec() != QDialog::Accepted) {
        close();
        return;
    }
    m_options.userId = user->text().trimmed();
    signInWith(user->text(), password->text());
}

void MainWindow::signInWith(const QString& userId, const QString& password) {
    m_pendingPassword = password;
    statusBar()->showMessage(tr("正在登录…"));
    Q_EMIT m_sync.signIn(userId, password);
}

void MainWindow::onSignedIn(const client::SessionInfo& user) {
    if (m_session && !m_locked && m_session->user.user.userId == user.user.userId) {
        m_session->user.online = user.online; // came online later
        return;
    }
    m_pendingUser = user;
    m_unlockRequest = m_store.unlock(QString::fromStdString(user.user.userId), m_pendingPassword);
    m_pendingPassword.clear();
}

void MainWindow::onUnlocked(client::RequestId id) {
    if (id != m_unlockRequest)
        return;
    m_unlockRequest = 0;
    m_referenceRequest = m_store.reference();
}

void MainWindow::onReference(client::RequestId id, const client::ReferencePtr& ref) {
    if (id != m_referenceRequest || !m_pendingUser)
        return;
    m_referenceRequest = 0;
    if (!ref) {
        askSignIn(tr("本机尚无事项目录，请联网登录一次"));
        return;
    }
    // One Session for the window's life: the screens keep a reference to it, so a new sign-in
    // (after a lock, or another user) updates it in place.
    if (!m_session)
        m_session = std::make_unique<Session>();
    Session* session = m_session.get();
    session->store = &m_store;
    session->sync = &m_sync;
    session->ref = ref;
    session->device = m_device;
    session->user = *m_pendingUser;
    m_pendingUser.reset();
    const auto& u = session->user.user;
    domain::Actor actor{
        u.userId, u.name, u.role, u.siteId, u.department, u.grade, m_device.deviceId.toStdString()};
    session->events = std::make_unique<client::EventFactory>(actor);
    session->lookupBaseUrl = QStringLiteral("https://%1:%2/public/query")
                                 .arg(m_device.server.host)
                                 .arg(m_device.server.port);
    m_locked = false;
    m_userLabel->setText(
        tr("%1（%2） %3").arg(qs(u.name), roleText(u.role), m_session->siteName()));
    statusBar()->showMessage(tr("登录成功"), 3000);
    if (!m_built)
        buildWorkScreens();
    centralWidget()->setEnabled(true);
    m_idle.start();
    search();
    Q_EMIT ready();
}

void MainWindow::buildWorkScreens() {
    m_built = true;
    m_tabs = new QTabWidget(this);
    setCentralWidget(m_tabs);

    // --- cases ---
    auto* casesPage = new QWidget(m_tabs);
    auto* v = new QVBoxLayout(casesPage);
    auto* filters = new QHBoxLayout;
    m_search = new QLineEdit(casesPage);
    m_search->setObjectName(QStringLiteral("caseSearch"));
    m_search->setPlaceholderText(tr("姓名、办件编号、身份证号或其后六位 (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_statusFilter = new QComboBox(casesPage);
    m_statusFilter->addItem(tr("全部状态"), -1);
    for (auto s : {domain::CaseStatus::Received, domain::CaseStatus::AwaitingMaterials,
                   domain::CaseStatus::Accepted, domain::CaseStatus::InProgress,
                   domain::CaseStatus::Suspended, domain::CaseStatus::Completed,
                   domain::CaseStatus::Refused, domain::CaseStatus::Withdrawn})
        m_statusFilter->addItem(statusText(s), static_cast<int>(s));
    m_lightFilter = new QComboBox(casesPage);
    m_lightFilter->addItem(tr("全部时限"), -1);
    for (auto l :
         {domain::Light::Normal, domain::Light::Warning, domain::Light::Yellow, domain::Light::Red})
        m_lightFilter->addItem(lightText(l), static_cast<int>(l));
    m_windowFilter = new QComboBox(casesPage);
    m_windowFilter->addItem(tr("全部窗口"), QString());
    if (const domain::Site* site = m_session->site())
        for (const auto& w : m_session->ref->org.windows(site->kind))
            m_windowFilter->addItem(qs(w), qs(w));
    m_itemFilter = new QComboBox(casesPage);
    m_itemFilter->addItem(tr("全部事项"), QString());
    if (const domain::Site* site = m_session->site())
        for (const auto& o :
             offeredItems(*m_session->ref, *site, domain::Date::localDateOf(m_session->now())))
            m_itemFilter->addItem(qs(o.item->displayName()), qs(o.item->id));
    m_itemFilter->setMaximumWidth(220);
    m_openOnly = new QCheckBox(tr("仅未办结"), casesPage);
    m_order = new QComboBox(casesPage);
    m_order->addItem(tr("最新收件在前"));
    m_order->addItem(tr("最先到期在前"));
    auto* searchRow = new QHBoxLayout;
    searchRow->addWidget(m_search, 1);
    filters->addWidget(m_statusFilter);
    filters->addWidget(m_lightFilter);
    filters->addWidget(m_windowFilter);
    filters->addWidget(m_itemFilter);
    filters->addWidget(m_openOnly);
    m_dateFilter = new QCheckBox(tr("收件日期"), casesPage);
    m_dateFrom = new QDateEdit(QDate::currentDate().addDays(-30), casesPage);
    m_dateTo = new QDateEdit(QDate::currentDate(), casesPage);
    for (auto* e : {m_dateFrom, m_dateTo}) {
        e->setCalendarPopup(true);
        e->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        e->setEnabled(false);
    }
    connect(m_dateFilter, &QCheckBox::toggled, m_dateFrom, &QWidget::setEnabled);
    connect(m_dateFilter, &QCheckBox::toggled, m_dateTo, &QWidget::setEnabled);
    filters->addWidget(m_dateFilter);
    filters->addWidget(m_dateFrom);
    filters->addWidget(new QLabel(QStringLiteral("—"), casesPage));
    filters->addWidget(m_dateTo);
    filters->addWidget(m_order);
    auto* newButton = new QPushButton(tr("新建办件 (Ctrl+N)"), casesPage);
    newButton->setObjectName(QStringLiteral("newCaseButton"));
    newButton->setMinimumWidth(180);
    searchRow->addWidget(newButton);
    filters->addStretch(1);
    v->addLayout(searchRow);
    v->addLayout(filters);

    auto* split = new QSplitter(casesPage);
    m_model = new CaseListModel(m_store, this);
    m_table = new QTableView(split);
    m_table->setObjectName(QStringLiteral("caseTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(CaseListModel::Number, 250);
    m_table->setColumnWidth(CaseListModel::Received, 130);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_detail = new CaseDetail(*m_session, split);
    split->addWidget(m_table);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    v->addWidget(split, 1);
    m_countLabel = new QLabel(casesPage);
    v->addWidget(m_countLabel);
    m_tabs->addTab(casesPage, tr("办件 (&1)"));

    // --- catalog ---
    m_catalog = new CatalogBrowser(m_session->ref, m_session->device.siteId,
                                   domain::Date::localDateOf(m_session->now()), m_tabs);
    m_tabs->addTab(m_catalog, tr("事项目录 (&2)"));
    connect(m_catalog, &CatalogBrowser::exportGuideRequested, this,
            [this](const QString& itemId, int version) {
                const domain::Item* item =
                    m_session->ref->catalog.version(itemId.toStdString(), version);
                if (!item)
                    return;
                auto path = writeGuide(*m_session, *item, m_options.noticeDir);
                if (!path) {
                    QMessageBox::warning(this, tr("导出失败"), *path.error);
                    return;
                }
                m_lastNotice = path.path;
                statusBar()->showMessage(tr("办事指南已导出：%1").arg(path.path), 8000);
                Q_EMIT noticeWritten(path.path);
            });
    connect(m_catalog, &CatalogBrowser::printGuideRequested, this,
            [this](const QString& itemId, int version) {
                const domain::Item* item =
                    m_session->ref->catalog.version(itemId.toStdString(), version);
                if (item)
                    printGuide(*m_session, *item, this);
            });

    connect(m_search, &QLineEdit::textChanged, this, [this] { m_searchDelay.start(); });
    for (auto* combo : {m_statusFilter, m_lightFilter, m_windowFilter, m_itemFilter, m_order})
        connect(combo, &QComboBox::currentIndexChanged, this, &MainWindow::search);
    connect(m_openOnly, &QCheckBox::toggled, this, &MainWindow::search);
    connect(m_dateFilter, &QCheckBox::toggled, this, &MainWindow::search);
    connect(m_dateFrom, &QDateEdit::dateChanged, this, &MainWindow::search);
    connect(m_dateTo, &QDateEdit::dateChanged, this, &MainWindow::search);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { showCase(current); });
    connect(m_model, &CaseListModel::pageLoaded, this, &MainWindow::reselect);
    connect(m_model, &CaseListModel::pageLoaded, this, [this](int rows) {
        m_countLabel->setText(m_model->canFetchMore({})
                                  ? tr("已显示 %1 件，向下滚动加载更多").arg(rows)
                                  : tr("共 %1 件").arg(rows));
    });
    connect(m_detail, &CaseDetail::changed, this, [this] { m_model->refresh(); });
    connect(m_detail, &CaseDetail::actionFailed, this,
            [this](const QString& message) { statusBar()->showMessage(message, 10000); });
    connect(m_detail, &CaseDetail::printRequested, this,
            [this](NoticeKind kind, const domain::CaseView& view) { printNotice(kind, view); });
    connect(newButton, &QPushButton::clicked, this, [this] {
        if (auto* d = newCase())
            d->exec();
    });

    auto* caseMenu = menuBar()->addMenu(tr("办件(&C)"));
    auto* newAction = caseMenu->addAction(tr("新建办件"), this, [this] {
        if (auto* d = newCase())
            d->exec();
    });
    newAction->setShortcut(QKeySequence::New);
    caseMenu->addAction(tr("搜索"), QKeySequence::Find, this, [this] {
        m_tabs->setCurrentIndex(0);
        m_search->setFocus();
        m_search->selectAll();
    });
    caseMenu->addAction(tr("立即同步"), QKeySequence(Qt::Key_F5), this, &MainWindow::syncNow);
    caseMenu->addSeparator();
    caseMenu->addAction(tr("锁定"), QKeySequence(Qt::CTRL | Qt::Key_L), this, &MainWindow::lock);
    caseMenu->addAction(tr("退出"), QKeySequence::Quit, this, &QWidget::close);

    auto* settingsMenu = menuBar()->addMenu(tr("设置(&S)"));
    settingsMenu->addAction(tr("本机用户…"), this, &MainWindow::addLocalUser);
    auto* language = settingsMenu->addMenu(tr("界面语言 / Language"));
    const QString current =
        QSettings().value(QStringLiteral("language"), QStringLiteral("zh")).toString();
    for (const auto& [key, label] : {std::pair{QStringLiteral("zh"), QStringLiteral("简体中文")},
                                     std::pair{QStringLiteral("en"), QStringLiteral("English")}}) {
        auto* a = language->addAction(label, this, [this, key = key] {
            QSettings().setValue(QStringLiteral("language"), key);
            QMessageBox::information(this, tr("界面语言"),
                                     tr("重新启动本程序后生效。\nTakes effect when the program "
                                        "is started again."));
        });
        a->setCheckable(true);
        a->setChecked(key == current);
    }
}

void MainWindow::addLocalUser() {
    if (!m_session)
        return;
    QDialog dialog(this);
    dialog.setWindowTitle(tr("为本服务场所的其他用户开通本机"));
    auto* form = new QFormLayout(&dialog);
    form->addRow(new QLabel(tr("请该用户本人输入用户名和密码（须联网验证）。"), &dialog));
    auto* user = new QLineEdit(&dialog);
    auto* password = new QLineEdit(&dialog);
    password->setEchoMode(QLineEdit::Password);
    form->addRow(tr("用户名"), user);
    form->addRow(tr("密码"), password);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() == QDialog::Accepted)
        Q_EMIT m_sync.addLocalUser(user->text(), password->text());
}

void MainWindow::search() {
    if (!m_model)
        return;
    store::SearchQuery q;
    q.text = m_search->text().trimmed().toStdString();
    // One or two letters or digits name nothing (a number or ID fragment needs three); searching
    // them would only scan the whole list. A single Chinese character is a name: it is searched.
    const bool ascii = std::all_of(q.text.begin(), q.text.end(),
                                   [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (!q.text.empty() && ascii && q.text.size() < 3) {
        m_countLabel->setText(tr("编号或证件号请至少输入 3 位"));
        return;
    }
    if (const int s = m_statusFilter->currentData().toInt(); s >= 0)
        q.status = static_cast<domain::CaseStatus>(s);
    if (const int l = m_lightFilter->currentData().toInt(); l >= 0) {
        q.light = static_cast<domain::Light>(l);
    }
    q.window = m_windowFilter->currentData().toString().toStdString();
    q.itemId = m_itemFilter->currentData().toString().toStdString();
    q.openOnly = m_openOnly->isChecked();
    if (m_dateFilter->isChecked()) {
        // Received on days from..to inclusive, local (Beijing) days as the domain counts them.
        const auto day = [](const QDate& d) {
            return domain::Date::fromCivil(d.year(), static_cast<unsigned>(d.month()),
                                           static_cast<unsigned>(d.day()));
        };
        q.receivedFrom = day(m_dateFrom->date()).startInstant();
        q.receivedTo = day(m_dateTo->date().addDays(1)).startInstant();
    }
    q.order = m_order->currentIndex() == 1 ? store::SortOrder::DueSoonestFirst
                                           : store::SortOrder::ReceivedNewestFirst;
    q.limit = 100;
    m_model->setQuery(q);
}

void MainWindow::showCase(const QModelIndex& index) {
    // A refreshed list (after a pull, say) passes through "no row": the case being worked on
    // stays on screen, and is selected again below when its row comes back.
    if (const auto* row = m_model->rowAt(index.row()))
        m_detail->showCase(qs(row->caseId));
}

void MainWindow::reselect() {
    const QString current = m_detail->caseId();
    if (current.isEmpty() || m_table->currentIndex().isValid())
        return;
    for (int r = 0; r < m_model->rowCount(); ++r)
        if (m_model->rowAt(r)->caseId == current.toStdString()) {
            m_table->selectRow(r);
            return;
        }
}

NewCaseDialog* MainWindow::newCase() {
    if (!m_session)
        return nullptr;
    auto* d = new NewCaseDialog(*m_session, this);
    d->setAttribute(Qt::WA_DeleteOnClose);
    connect(d, &NewCaseDialog::caseCreated, this, &MainWindow::onCaseCreated);
    m_newCase = d;
    return d;
}

void MainWindow::onCaseCreated(const NewCaseResult& result) {
    m_model->refresh();
    m_detail->showCase(result.caseId);
    // Print once the store has the case: the notice shows its state as stored.
    auto once = std::make_shared<QMetaObject::Connection>();
    *once = connect(&m_store, &client::StoreClient::caseViewReady, this,
                    [this, result, once](client::RequestId, const domain::CaseView& v) {
                        if (v.caseId != result.caseId.toStdString())
                            return;
                        disconnect(*once);
                        NoticeKind kind = NoticeKind::Acceptance;
                        if (result.status == domain::CaseStatus::AwaitingMaterials)
                            kind = NoticeKind::MissingMaterials;
                        else if (result.status == domain::CaseStatus::Refused)
                            kind = NoticeKind::Refusal;
                        printNotice(kind, v, result.queryPassword);
                        if (kind == NoticeKind::MissingMaterials)
                            printNotice(NoticeKind::Receipt, v, result.queryPassword);
                    });
}

void MainWindow::printNotice(NoticeKind kind, const domain::CaseView& view,
                             const QString& queryPassword) {
    if (!m_session)
        return;
    auto written = writeNotice(*m_session, kind, view, queryPassword, m_options.noticeDir);
    if (!written) {
        statusBar()->showMessage(tr("通知书生成失败：%1").arg(*written.error), 10000);
        return;
    }
    m_lastNotice = written.path;
    statusBar()->showMessage(tr("已生成：%1").arg(written.path), 8000);
    Q_EMIT noticeWritten(written.path);
    if (m_options.printDialogs)
        printWithDialog(*m_session, kind, view, queryPassword, this);
}

void MainWindow::syncNow() {
    Q_EMIT m_sync.syncNow();
}

void MainWindow::lock() {
    if (!m_session || m_locked)
        return;
    m_locked = true;
    m_idle.stop();
    if (centralWidget())
        centralWidget()->setEnabled(false);
    m_store.lock();
    Q_EMIT m_sync.signOut();
    m_options.userId = qs(m_session->user.user.userId);
    Q_EMIT needsSignIn();
    askSignIn();
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event) {
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::MouseMove:
    case QEvent::Wheel:
        if (m_session && !m_locked)
            m_idle.start();
        break;
    default:
        break;
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::onStatus(const client::SyncStatus& s) {
    const auto& p = s.progress;
    QString text;
    switch (p.state) {
    case sync::SyncState::Idle:
        text = tr("尚未同步");
        break;
    case sync::SyncState::Syncing:
        text = tr("同步中… 待上传 %1，已下载 %2").arg(p.eventsToPush).arg(p.pulledThisRound);
        break;
    case sync::SyncState::UpToDate:
        text = tr("已同步 %1")
                   .arg(p.lastSuccessAt ? QDateTime::fromMSecsSinceEpoch(*p.lastSuccessAt)
                                              .toString(QStringLiteral("HH:mm"))
                                        : QString());
        break;
    case sync::SyncState::Offline:
        text = tr("离线（待上传 %1）").arg(p.eventsToPush);
        break;
    case sync::SyncState::Error:
        text = tr("同步出错");
        break;
    }
    // A network that is down needs no explanation at the counter; anything else does.
    if (p.lastError && p.state == sync::SyncState::Error)
        text += QStringLiteral("：") + qs(p.lastError->message);
    if (s.pokeConnected)
        text += QStringLiteral(" ⚡");
    m_syncLabel->setText(text);
    m_syncLabel->setToolTip(p.lastError ? qs(p.lastError->code + ": " + p.lastError->message)
                                        : QString());
}

void MainWindow::onSyncFailed(client::SyncOp op, const domain::Error& e) {
    if (op == client::SyncOp::SignIn) {
        m_pendingPassword.clear();
        Q_EMIT signInFailed(errorText(e));
        askSignIn(errorText(e));
    } else if (op == client::SyncOp::Enroll) {
        Q_EMIT signInFailed(errorText(e));
        if (m_options.printDialogs) {
            QMessageBox::warning(this, tr("注册失败"), errorText(e));
            askEnrollment();
        }
    } else if (op == client::SyncOp::AddUser) {
        if (m_options.printDialogs)
            QMessageBox::warning(this, tr("开通失败"), errorText(e));
        statusBar()->showMessage(errorText(e), 10000);
    } else if (op == client::SyncOp::Start) {
        QMessageBox::critical(this, tr("无法打开本机数据库"), errorText(e));
    }
}

void MainWindow::onStoreFailed(client::RequestId id, client::StoreOp op, const domain::Error& e) {
    if (id == m_openRequest && op == client::StoreOp::Open) {
        if (m_options.printDialogs)
            QMessageBox::critical(this, tr("无法打开本机数据库"), errorText(e));
        Q_EMIT signInFailed(errorText(e));
    } else if (id == m_unlockRequest) {
        m_unlockRequest = 0;
        Q_EMIT signInFailed(errorText(e));
        askSignIn(errorText(e));
    } else if (id == m_referenceRequest) {
        m_referenceRequest = 0;
        Q_EMIT signInFailed(errorText(e));
    }
}

} // namespace bianmin::ui
