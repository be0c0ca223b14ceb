// The window client driven as a village agent would drive it, against the real bianmin-syncd on
// 127.0.0.1 with real TLS (issue #5): enroll the laptop with the center's code, sign in online,
// lose the network, take a 城乡低保 application with the 户口簿 missing (一次性告知书 printed),
// take the paper two days later, accept (受理通知书 with the 查询密码 and a QR code), forward to
// the center, reconnect and sync. The real widgets run on the offscreen platform; the notices are
// real PDFs read back with pdftotext; screenshots of the main screens are left in
// build/<preset>/artifacts/ui for people to look at.
#include "client/ui/case_detail.h"
#include "client/ui/case_list_model.h"
#include "client/ui/catalog/catalog_browser.h"
#include "client/ui/catalog/item_picker.h"
#include "client/ui/evaluation_dialog.h"
#include "client/ui/main_window.h"
#include "client/ui/new_case_dialog.h"
#include "tests/print/print_test_tools.h"
#include "tests/support/syncd_process.h"
#include "tests/support/temp_dir.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

namespace fs = std::filesystem;
using namespace bianmin;
using bianmin::testing::SyncdProcess;
using bianmin::testing::TempDir;

namespace {

constexpr const char* kRoom = "421281909001"; // a village room of 车埠镇
constexpr const char* kAgent = "agent-421281909001";
constexpr const char* kPassword = "bianmin-demo";

QString artifacts(const QString& sub) {
    const QString dir = QStringLiteral(BIANMIN_ARTIFACTS_DIR "/") + sub;
    QDir().mkpath(dir);
    return dir;
}

void screenshot(QWidget& w, const QString& name) {
    w.grab().save(artifacts(QStringLiteral("ui")) + QLatin1Char('/') + name +
                  QStringLiteral(".png"));
}

// The PDF's text with CJK radicals mapped back to ideographs (see print_test_tools.h).
std::string pdfText(const QString& path) {
    return bianmin::testing::pdfTextCompact(path.toStdString());
}

// Waits for the spy's next signal (QSignalSpy::wait), failing with `what`.
void waitFor(QSignalSpy& spy, const char* what, int ms = 20'000) {
    if (spy.count() > 0)
        return;
    INFO("waiting for " << what);
    REQUIRE(spy.wait(ms));
}

// Processes events until `done` or the time is up.
template <typename Pred>
bool waitUntil(Pred done, int ms = 20'000) {
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > ms)
            return false;
        QTest::qWait(20);
    }
    return true;
}

class Server {
public:
    Server() {
        auto files = bianmin::testing::syncdFiles(BIANMIN_SYNCD, BIANMIN_RESOURCES_DIR,
                                                  BIANMIN_SYNCD_CACHE_DIR);
        INFO((files ? "" : files.error().message));
        REQUIRE(files.ok());
        fs::copy_file(files->templateDb, m_dir / "syncd.db");
        m_ca = files->certs / "ca.pem";
        m_process = std::make_unique<SyncdProcess>(SyncdProcess::Options{
            files->program, m_dir / "syncd.db", files->certs, m_dir.path(), {}});
        start();
    }
    void start() {
        const auto st = m_process->start();
        INFO((st ? "" : st.error().message));
        REQUIRE(st.ok());
    }
    void stop() { m_process->stop(); }
    client::ServerSettings settings() const {
        return {QStringLiteral("127.0.0.1"), m_process->port(),
                QString::fromStdString(m_ca.string())};
    }
    std::string code(const std::string& site) {
        std::string why;
        std::string c = m_process->enrollmentCode(site, {}, why);
        INFO(why);
        REQUIRE_FALSE(c.empty());
        return c;
    }
    SyncdProcess& process() { return *m_process; }

private:
    TempDir m_dir;
    fs::path m_ca;
    std::unique_ptr<SyncdProcess> m_process;
};

client::SyncWorker::Options syncOptions() {
    client::SyncWorker::Options o;
    o.store.kdf = store::crypto::KdfParams::fastForTests();
    o.tickMs = 100;
    o.autoIntervalMs = 2'000;
    o.connectTimeout = std::chrono::milliseconds(2'000);
    o.requestTimeout = std::chrono::milliseconds(10'000);
    return o;
}

store::EventStore::Options storeOptions() {
    store::EventStore::Options o;
    o.kdf = store::crypto::KdfParams::fastForTests();
    return o;
}

// One client: its store, sync worker and window, enrolled and signed in.
struct Client {
    TempDir dir;
    client::StoreClient store{storeOptions()};
    client::SyncClient sync{syncOptions()};
    std::unique_ptr<ui::MainWindow> window;

    Client(Server& server, const std::string& site, const std::string& user) {
        ui::ClientOptions o;
        o.storePath = QString::fromStdString((dir / "bianmin.db").string());
        o.noticeDir = QString::fromStdString((dir / "notices").string());
        o.server = server.settings();
        o.printDialogs = false;
        window = std::make_unique<ui::MainWindow>(o, store, sync);
        window->resize(1366, 768);
        window->show();
        QSignalSpy enroll(window.get(), &ui::MainWindow::needsEnrollment);
        QSignalSpy signIn(window.get(), &ui::MainWindow::needsSignIn);
        QSignalSpy ready(window.get(), &ui::MainWindow::ready);
        QSignalSpy failed(window.get(), &ui::MainWindow::signInFailed);
        window->start();
        waitFor(enroll, "the enrollment request");
        window->enrollWith(QString::fromStdString(server.code(site)), QStringLiteral("测试笔记本"));
        waitFor(signIn, "the sign-in request");
        window->signInWith(QString::fromStdString(user), QString::fromLatin1(kPassword));
        if (!ready.wait(30'000)) {
            INFO("sign-in failed: " << (failed.isEmpty()
                                            ? std::string("(no answer)")
                                            : failed.first().first().toString().toStdString()));
            FAIL("not signed in");
        }
    }
};

} // namespace

TEST_CASE("client: a village agent takes a 低保 application offline with a paper missing, "
          "completes it, accepts and forwards it, and it syncs when the network is back",
          "[ui][e2e]") {
    Server server;
    Client room(server, kRoom, kAgent);
    auto& w = *room.window;
    REQUIRE(w.session() != nullptr);
    CHECK(w.session()->user.online);
    CHECK(w.session()->user.user.role == domain::Role::VillageAgent);
    QAbstractItemModelTester tester(w.caseModel(),
                                    QAbstractItemModelTester::FailureReportingMode::Fatal);
    screenshot(w, QStringLiteral("01-signed-in"));

    // The 4G link goes down.
    server.stop();

    ui::NewCaseDialog* d = w.newCase();
    REQUIRE(d != nullptr);
    d->show();
    QSignalSpy created(d, &ui::NewCaseDialog::caseCreated);
    QSignalSpy notice(&w, &ui::MainWindow::noticeWritten);
    // Keyboard only: initials of 城乡低保申请, Enter.
    auto* picker = d->findChild<ui::ItemPicker*>();
    REQUIRE(picker != nullptr);
    QTest::keyClicks(picker->searchEdit(), QStringLiteral("cxdb"));
    QTest::keyClick(picker->searchEdit(), Qt::Key_Return);
    REQUIRE(d->currentPage() == ui::NewCaseDialog::Applicant);
    auto* name = d->findChild<QLineEdit*>(QStringLiteral("applicantName"));
    auto* id = d->findChild<QLineEdit*>(QStringLiteral("applicantId"));
    auto* idCheck = d->findChild<QLabel*>(QStringLiteral("idCheck"));
    name->setText(QStringLiteral("王秀英")); // QTest types ASCII only
    QTest::keyClicks(id, QStringLiteral("42128119400315102"));
    CHECK(idCheck->text().contains(QStringLiteral("17")));
    QTest::keyClicks(id, QStringLiteral("3")); // a wrong check digit
    CHECK(idCheck->text().startsWith(QStringLiteral("✗")));
    d->next();
    CHECK(d->currentPage() == ui::NewCaseDialog::Applicant); // refused: the ID is wrong
    id->clear();
    const std::string goodId =
        std::string("42128119400315102") + domain::residentIdCheckChar("42128119400315102");
    QTest::keyClicks(id, QString::fromStdString(goodId));
    CHECK(idCheck->text().startsWith(QStringLiteral("✓")));
    QTest::keyClicks(d->findChild<QLineEdit*>(QStringLiteral("applicantPhone")),
                     QStringLiteral("13812345678"));
    d->next();
    CHECK(d->currentPage() == ui::NewCaseDialog::Applicant); // the agent's own ID is missing
    const std::string agentId =
        std::string("42128119850620202") + domain::residentIdCheckChar("42128119850620202");
    QTest::keyClicks(d->findChild<QLineEdit*>(QStringLiteral("agentId")),
                     QString::fromStdString(agentId));
    d->next();
    REQUIRE(d->currentPage() == ui::NewCaseDialog::Materials);
    auto* materials = d->findChild<QTableWidget*>(QStringLiteral("materials"));
    REQUIRE(materials->rowCount() >= 3);
    for (int r = 0; r < materials->rowCount(); ++r)
        if (materials->item(r, 0)->text() != QStringLiteral("户口簿")) {
            materials->item(r, 2)->setCheckState(Qt::Checked);
            materials->item(r, 3)->setCheckState(Qt::Checked);
        }
    screenshot(*d, QStringLiteral("02-new-case-materials"));
    d->next();
    REQUIRE(d->currentPage() == ui::NewCaseDialog::Decision);
    screenshot(*d, QStringLiteral("03-new-case-decision"));
    auto* accept = d->findChild<QPushButton*>(QStringLiteral("acceptButton"));
    CHECK_FALSE(accept->isEnabled()); // a required paper is missing
    CHECK(d->findChild<QLabel*>(QStringLiteral("summary"))
              ->text()
              .contains(QStringLiteral("户口簿")));
    // Waits for the provisional number, then 一次性告知.
    REQUIRE(waitUntil([&] { return d->numberReady(); }));
    const QString said = d->findChild<QLabel*>(QStringLiteral("errorLabel"))->text();
    d->notifyMissing(); // the dialog closes itself once the store has the case
    INFO("the dialog says: " << said.toStdString());
    waitFor(created, "the new case");
    const auto result = created.first().first().value<ui::NewCaseResult>();
    CHECK(result.status == domain::CaseStatus::AwaitingMaterials);
    CHECK(result.queryPassword.size() == 6);
    REQUIRE(waitUntil([&] { return notice.count() >= 2; })); // 一次性告知书 and 收件回执
    const QString missingPdf = notice.at(0).first().toString();
    CHECK(missingPdf.contains(QStringLiteral("missing-materials")));
    const std::string missingText = pdfText(missingPdf);
    CHECK(missingText.find("一次性告知书") != std::string::npos);
    CHECK(missingText.find("户口簿") != std::string::npos);
    const std::string receiptText = pdfText(notice.at(1).first().toString());
    CHECK(receiptText.find(result.queryPassword.toStdString()) != std::string::npos);
    fs::copy_file(missingPdf.toStdString(),
                  artifacts(QStringLiteral("ui")).toStdString() + "/notice-missing-materials.pdf",
                  fs::copy_options::overwrite_existing);

    // The case is in the list (found by a name fragment), waiting for the paper.
    QSignalSpy pages(w.caseModel(), &ui::CaseListModel::pageLoaded);
    w.searchBox()->setText(QStringLiteral("秀英"));
    REQUIRE(waitUntil([&] { return w.caseModel()->rowCount() == 1 && !w.caseModel()->loading(); }));
    w.caseTable()->selectRow(0);
    auto* detail = w.detail();
    REQUIRE(waitUntil([&] { return detail->view().has_value(); }));
    CHECK(detail->view()->status == domain::CaseStatus::AwaitingMaterials);
    CHECK(detail->actionNames().contains(QStringLiteral("act_supplement")));
    CHECK_FALSE(detail->actionNames().contains(QStringLiteral("act_accept")));
    screenshot(w, QStringLiteral("04-case-awaiting-materials"));

    // Wednesday: the 户口簿 comes; 补齐, then 受理 prints the 受理通知书.
    QSignalSpy changed(detail, &ui::CaseDetail::changed);
    ui::CaseDetail::Answers a;
    a.lines = {QStringLiteral("户口簿")};
    detail->setAnswers(a);
    detail->trigger(QStringLiteral("act_supplement"));
    waitFor(changed, "the supplement");
    REQUIRE(waitUntil([&] {
        return detail->view() && detail->view()->status == domain::CaseStatus::Received &&
               detail->actionNames().contains(QStringLiteral("act_accept"));
    }));
    notice.clear();
    detail->trigger(QStringLiteral("act_accept"));
    REQUIRE(waitUntil([&] { return notice.count() >= 1; }));
    const QString acceptancePdf = notice.at(0).first().toString();
    const std::string acceptanceText = pdfText(acceptancePdf);
    CHECK(acceptanceText.find("受理通知书") != std::string::npos);
    CHECK(acceptanceText.find("城乡低保") != std::string::npos);
    fs::copy_file(acceptancePdf.toStdString(),
                  artifacts(QStringLiteral("ui")).toStdString() + "/notice-acceptance.pdf",
                  fs::copy_options::overwrite_existing);

    // The originals the agent took under the 委托 go to the township hall with a 交接单.
    REQUIRE(waitUntil([&] {
        return detail->view() && detail->view()->status == domain::CaseStatus::Accepted &&
               detail->actionNames().contains(QStringLiteral("act_handover"));
    }));
    CHECK(detail->view()->custody.at("户口簿") == kAgent);
    notice.clear();
    ui::CaseDetail::Answers receiver;
    receiver.text = QStringLiteral("大厅收件员");
    detail->setAnswers(receiver);
    detail->trigger(QStringLiteral("act_handover"));
    REQUIRE(waitUntil([&] { return notice.count() >= 1; }));
    const std::string slip = pdfText(notice.at(0).first().toString());
    CHECK(slip.find("交接单") != std::string::npos);
    CHECK(slip.find("户口簿") != std::string::npos);
    REQUIRE(waitUntil(
        [&] { return detail->view() && detail->view()->custody.at("户口簿") == "421281909000"; }));

    // 转报 to the center's 民政局.
    REQUIRE(waitUntil([&] {
        return detail->view() && detail->view()->status == domain::CaseStatus::Accepted &&
               detail->actionNames().contains(QStringLiteral("act_forward"));
    }));
    changed.clear();
    detail->trigger(QStringLiteral("act_forward"));
    waitFor(changed, "the forward");
    REQUIRE(waitUntil([&] { return detail->view() && detail->view()->awaitingTakeIn; }));
    CHECK(detail->view()->holder.department == "民政局");
    screenshot(w, QStringLiteral("05-case-forwarded"));

    // The link comes back (the server at a new port here); the outbox drains.
    server.start();
    QSignalSpy rounds(w.session()->sync, &client::SyncClient::roundFinished);
    Q_EMIT w.session()->sync->start(QString::fromStdString((room.dir / "bianmin.db").string()),
                                    server.settings());
    w.syncNow();
    REQUIRE(waitUntil([&] { return w.syncLabel()->text().startsWith(QStringLiteral("已同步")); },
                      30'000));
    screenshot(w, QStringLiteral("06-synced"));
    // The center bound its official number; the list and the detail show it.
    REQUIRE(waitUntil([&] { return detail->view() && !detail->view()->officialNumber.empty(); }));
    const std::string number = detail->view()->officialNumber;

    // The center answers (through the admin CLI until the console exists): 收件, 承办, 审核,
    // 批准, 办结, 反馈. The poke tells the room at once; the reply arrives by pull.
    auto admin = [&](std::vector<std::string> args) {
        args.insert(args.begin(), "case");
        const auto r = server.process().admin(args);
        INFO("admin " << args[1] << ": " << r.out << r.err);
        REQUIRE(r.exitCode == 0);
    };
    admin({"take-in", number, "--user", "mzj-handler"});
    admin({"step", number, "--user", "mzj-handler", "--step", "handle", "--pass", "--opinion",
           "符合低保条件，拟同意"});
    admin({"step", number, "--user", "mzj-reviewer", "--step", "review", "--pass", "--opinion",
           "同意"});
    admin({"step", number, "--user", "mzj-approver", "--step", "approve", "--pass", "--opinion",
           "批准"});
    admin({"complete", number, "--user", "mzj-approver", "--outcome", "certificate",
           "--result-name", "最低生活保障证", "--result-number", "DB-2026-0001"});
    admin({"reply", number, "--user", "mzj-handler", "--note", "审批通过"});
    REQUIRE(waitUntil(
        [&] {
            return detail->view() && detail->view()->status == domain::CaseStatus::Completed &&
                   detail->view()->repliedAt.has_value();
        },
        30'000));
    CHECK(detail->view()->completion->resultName == "最低生活保障证");
    screenshot(w, QStringLiteral("07-reply-arrived"));

    // The agent brings the result back and the villager signs for it (送达回执), then rates the
    // service on the dialog turned toward her.
    REQUIRE(
        waitUntil([&] { return detail->actionNames().contains(QStringLiteral("act_deliver")); }));
    notice.clear();
    ui::CaseDetail::Answers signer;
    signer.text = QStringLiteral("王秀英");
    signer.method = domain::DeliveryMethod::AgentReturn;
    detail->setAnswers(signer);
    detail->trigger(QStringLiteral("act_deliver"));
    REQUIRE(waitUntil([&] { return notice.count() >= 1; }));
    const std::string delivery = pdfText(notice.at(0).first().toString());
    CHECK(delivery.find("送达回执") != std::string::npos);
    CHECK(delivery.find("最低生活保障证") != std::string::npos);
    REQUIRE(
        waitUntil([&] { return detail->actionNames().contains(QStringLiteral("act_evaluate")); }));
    ui::CaseDetail::Answers rating;
    rating.level = 1;
    rating.text = QStringLiteral("办事方便");
    detail->setAnswers(rating);
    detail->trigger(QStringLiteral("act_evaluate"));
    REQUIRE(waitUntil([&] { return detail->view() && detail->view()->evaluation.has_value(); }));
    CHECK(detail->view()->evaluation->level == 1);
    screenshot(w, QStringLiteral("08-delivered-and-rated"));

    // The search by the official number, and by the last 6 of the ID number, finds it.
    w.searchBox()->setText(QString::fromStdString(number));
    REQUIRE(waitUntil([&] { return w.caseModel()->rowCount() == 1 && !w.caseModel()->loading(); }));
    w.searchBox()->setText(QString::fromStdString(goodId.substr(12)));
    REQUIRE(waitUntil([&] { return w.caseModel()->rowCount() == 1 && !w.caseModel()->loading(); }));

    // The catalog's service guide exported as PDF with the eight disclosures.
    notice.clear();
    REQUIRE(w.catalog() != nullptr);
    Q_EMIT w.catalog()->exportGuideRequested(QStringLiteral("MZJ-006"), 1);
    REQUIRE(waitUntil([&] { return notice.count() >= 1; }));
    const std::string guide = pdfText(notice.at(0).first().toString());
    CHECK(guide.find("办事指南") != std::string::npos);
    CHECK(guide.find("城乡低保") != std::string::npos);
    w.catalog()->showItem(QStringLiteral("MZJ-006"));
    w.findChild<QTabWidget*>()->setCurrentWidget(w.catalog());
    screenshot(w, QStringLiteral("09-catalog"));
}

TEST_CASE("client: the evaluation dialog takes the applicant's choice and has no default", "[ui]") {
    ui::EvaluationDialog d(QStringLiteral("王秀英"));
    d.show();
    auto* submit = d.findChild<QPushButton*>(QString(), Qt::FindDirectChildrenOnly);
    (void)submit;
    CHECK(d.level() == 0);
    QTest::keyClick(&d, Qt::Key_Return); // the clerk pressing Enter does not rate
    CHECK(d.result() != QDialog::Accepted);
    auto* veryGood = d.findChild<QPushButton*>(QStringLiteral("level1"));
    REQUIRE(veryGood != nullptr);
    QTest::mouseClick(veryGood, Qt::LeftButton);
    CHECK(d.level() == 1);
    screenshot(d, QStringLiteral("evaluation-dialog"));
}

TEST_CASE("client: sign-in refuses a wrong password with a clear message", "[ui]") {
    Server server;
    TempDir dir;
    client::StoreClient store{storeOptions()};
    client::SyncClient sync{syncOptions()};
    ui::ClientOptions o;
    o.storePath = QString::fromStdString((dir / "bianmin.db").string());
    o.noticeDir = QString::fromStdString((dir / "notices").string());
    o.server = server.settings();
    o.printDialogs = false;
    ui::MainWindow w(o, store, sync);
    QSignalSpy enroll(&w, &ui::MainWindow::needsEnrollment);
    QSignalSpy signIn(&w, &ui::MainWindow::needsSignIn);
    QSignalSpy failed(&w, &ui::MainWindow::signInFailed);
    w.start();
    waitFor(enroll, "the enrollment request");

    // A wrong code first: refused, nothing enrolled.
    w.enrollWith(QStringLiteral("AAAA-BBBB-CCCC-DDDD"), QStringLiteral("x"));
    waitFor(failed, "the refusal of a wrong code");
    failed.clear();
    w.enrollWith(QString::fromStdString(server.code(kRoom)), QStringLiteral("x"));
    waitFor(signIn, "the sign-in request");
    w.signInWith(QString::fromLatin1(kAgent), QStringLiteral("wrong"));
    waitFor(failed, "the refusal");
    CHECK(failed.first().first().toString().contains(QStringLiteral("wrong_password")));
    CHECK(w.session() == nullptr);
}

namespace {

// Fills the new-case dialog up to the decision page for `initials`, all papers received.
void fillNewCase(ui::NewCaseDialog& d, const QString& initials, const QString& applicant,
                 const std::string& first17) {
    auto* picker = d.findChild<ui::ItemPicker*>();
    REQUIRE(picker != nullptr);
    QTest::keyClicks(picker->searchEdit(), initials);
    QTest::keyClick(picker->searchEdit(), Qt::Key_Return);
    REQUIRE(d.currentPage() == ui::NewCaseDialog::Applicant);
    d.findChild<QLineEdit*>(QStringLiteral("applicantName"))->setText(applicant);
    QTest::keyClicks(d.findChild<QLineEdit*>(QStringLiteral("applicantId")),
                     QString::fromStdString(first17 + domain::residentIdCheckChar(first17)));
    d.next();
    REQUIRE(d.currentPage() == ui::NewCaseDialog::Materials);
    d.findChild<QPushButton*>(QStringLiteral("allReceived"))->click();
    d.next();
    REQUIRE(d.currentPage() == ui::NewCaseDialog::Decision);
    REQUIRE(waitUntil([&] { return d.numberReady(); }));
}

} // namespace

TEST_CASE("client: a township clerk completes a 即办件 on the spot, refuses another with the "
          "notice of remedies, and signs in again offline after locking",
          "[ui][e2e]") {
    Server server;
    Client hall(server, "421281909000", "clerk-421281909000");
    auto& w = *hall.window;
    QSignalSpy notice(&w, &ui::MainWindow::noticeWritten);

    // 就业失业登记证办理: a 即办件 completed at the township.
    {
        ui::NewCaseDialog* d = w.newCase();
        d->show();
        QSignalSpy created(d, &ui::NewCaseDialog::caseCreated);
        fillNewCase(*d, QStringLiteral("jysy"), QStringLiteral("张三"), "42128119800101001");
        auto* complete = d->findChild<QCheckBox*>();
        (void)complete;
        screenshot(*d, QStringLiteral("09-immediate-decision"));
        d->acceptCase();
        INFO("the dialog says: "
             << d->findChild<QLabel*>(QStringLiteral("errorLabel"))->text().toStdString());
        waitFor(created, "the immediate case");
        const auto r = created.first().first().value<ui::NewCaseResult>();
        CHECK(r.completedOnTheSpot);
        CHECK(r.status == domain::CaseStatus::Completed);
    }
    REQUIRE(waitUntil([&] { return notice.count() >= 1; }));
    CHECK(pdfText(notice.at(0).first().toString()).find("受理通知书") != std::string::npos);

    // The same item refused: reasons and the notice of the right to 复议/诉讼 are required.
    notice.clear();
    {
        ui::NewCaseDialog* d = w.newCase();
        d->show();
        QSignalSpy created(d, &ui::NewCaseDialog::caseCreated);
        fillNewCase(*d, QStringLiteral("jysy"), QStringLiteral("李四"), "42128119900202002");
        d->refuseCase();
        CHECK(created.isEmpty()); // no reasons yet
        d->findChild<QPlainTextEdit*>(QStringLiteral("refuseReasons"))
            ->setPlainText(QStringLiteral("申请人户籍不在本辖区"));
        d->refuseCase();
        CHECK(created.isEmpty()); // the remedies not yet told
        d->findChild<QCheckBox*>(QStringLiteral("remedy"))->setChecked(true);
        d->refuseCase();
        waitFor(created, "the refusal");
        CHECK(created.first().first().value<ui::NewCaseResult>().status ==
              domain::CaseStatus::Refused);
    }
    REQUIRE(waitUntil([&] { return notice.count() >= 1; }));
    const std::string refusal = pdfText(notice.at(0).first().toString());
    CHECK(refusal.find("不予受理通知书") != std::string::npos);
    CHECK(refusal.find("户籍不在本辖区") != std::string::npos);
    CHECK(refusal.find("行政复议") != std::string::npos);

    // Both are in the list; the clerk filters the finished ones.
    w.searchBox()->setText(QStringLiteral("张三"));
    REQUIRE(waitUntil([&] { return w.caseModel()->rowCount() == 1 && !w.caseModel()->loading(); }));
    CHECK(w.caseModel()->rowAt(0)->status == domain::CaseStatus::Completed);
    w.searchBox()->clear();
    REQUIRE(waitUntil([&] { return w.caseModel()->rowCount() == 2 && !w.caseModel()->loading(); }));

    // Locked at the end of the morning; the network is gone; the clerk signs in offline.
    server.stop();
    QSignalSpy ready(&w, &ui::MainWindow::ready);
    QSignalSpy failed(&w, &ui::MainWindow::signInFailed);
    w.lock();
    // The director has never signed in on this device: told so, in words, not refused blindly.
    w.signInWith(QStringLiteral("director-421281909000"), QString::fromLatin1(kPassword));
    waitFor(failed, "the refusal of a user not yet on this device");
    CHECK(failed.first().first().toString().contains(QStringLiteral("not_on_device")));
    failed.clear();
    w.signInWith(QStringLiteral("clerk-421281909000"), QStringLiteral("not-the-password"));
    waitFor(failed, "the refusal of a wrong password");
    CHECK(failed.first().first().toString().contains(QStringLiteral("wrong_password")));
    // The keyring backs off after a failure: wait it out, then the right password.
    QTest::qWait(1'100);
    w.signInWith(QStringLiteral("clerk-421281909000"), QString::fromLatin1(kPassword));
    waitFor(ready, "the offline sign-in");
    CHECK_FALSE(w.session()->user.online);
    REQUIRE(waitUntil([&] { return w.caseModel()->rowCount() == 2 && !w.caseModel()->loading(); }));
    screenshot(w, QStringLiteral("10-offline-after-lock"));

    // Still offline, the hall's director needs the counter: the clerk opens the device to her
    // (her password checked against the hash the center replicated), and she signs in offline.
    QSignalSpy added(w.session()->sync, &client::SyncClient::localUserAdded);
    QSignalSpy syncFailed(w.session()->sync, &client::SyncClient::failed);
    Q_EMIT w.session()->sync->addLocalUser(QStringLiteral("director-421281909000"),
                                           QStringLiteral("wrong"));
    REQUIRE(waitUntil([&] { return !syncFailed.isEmpty(); }));
    CHECK(syncFailed.first().at(1).value<domain::Error>().code == "wrong_password");
    Q_EMIT w.session()->sync->addLocalUser(QStringLiteral("director-421281909000"),
                                           QString::fromLatin1(kPassword));
    waitFor(added, "the new local user");
    ready.clear();
    w.lock();
    w.signInWith(QStringLiteral("director-421281909000"), QString::fromLatin1(kPassword));
    waitFor(ready, "the director's offline sign-in");
    CHECK(w.session()->user.user.role == domain::Role::HallDirector);
    CHECK(w.session()->events->actor().userId == "director-421281909000");

    // Left alone at the counter, the window locks itself and asks for the password again.
    QSignalSpy locked(&w, &ui::MainWindow::needsSignIn);
    w.setLockAfter(300);
    waitFor(locked, "the inactivity lock", 5'000);
    CHECK_FALSE(w.centralWidget()->isEnabled());
}

TEST_CASE("client: two laptops of one village room change the same case apart; both changes are "
          "kept and the conflict shows on the case",
          "[ui][e2e][conflict]") {
    Server server;
    Client a(server, kRoom, kAgent);
    Client b(server, kRoom, kAgent);
    auto& wa = *a.window;
    auto& wb = *b.window;

    // Laptop A takes a complete 低保 application and keeps it (no forward yet), then syncs.
    {
        ui::NewCaseDialog* d = wa.newCase();
        d->show();
        QSignalSpy created(d, &ui::NewCaseDialog::caseCreated);
        auto* picker = d->findChild<ui::ItemPicker*>();
        QTest::keyClicks(picker->searchEdit(), QStringLiteral("cxdb"));
        QTest::keyClick(picker->searchEdit(), Qt::Key_Return);
        d->findChild<QLineEdit*>(QStringLiteral("applicantName"))->setText(QStringLiteral("赵六"));
        QTest::keyClicks(d->findChild<QLineEdit*>(QStringLiteral("applicantId")),
                         QString::fromStdString(std::string("42128119500505005") +
                                                domain::residentIdCheckChar("42128119500505005")));
        QTest::keyClicks(d->findChild<QLineEdit*>(QStringLiteral("agentId")),
                         QString::fromStdString(std::string("42128119850620202") +
                                                domain::residentIdCheckChar("42128119850620202")));
        d->next();
        d->findChild<QPushButton*>(QStringLiteral("allReceived"))->click();
        d->next();
        REQUIRE(d->currentPage() == ui::NewCaseDialog::Decision);
        REQUIRE(waitUntil([&] { return d->numberReady(); }));
        d->findChild<QCheckBox*>(QString(), Qt::FindChildrenRecursively); // (no-op lookup)
        for (auto* box : d->findChildren<QCheckBox*>())
            if (box->text().contains(QStringLiteral("转报")))
                box->setChecked(false);
        d->acceptCase();
        waitFor(created, "the case on laptop A");
    }
    auto synced = [](ui::MainWindow& w) {
        return w.syncLabel()->text().startsWith(QStringLiteral("已同步")) &&
               w.syncLabel()->text().contains(QStringLiteral("同步"));
    };
    wa.syncNow();
    REQUIRE(waitUntil([&] { return synced(wa); }, 30'000));

    // Laptop B pulls it, then loses its link.
    wb.syncNow();
    wb.searchBox()->setText(QStringLiteral("赵六"));
    REQUIRE(waitUntil(
        [&] {
            if (wb.caseModel()->rowCount() == 0 && !wb.caseModel()->loading())
                wb.caseModel()->refresh();
            return wb.caseModel()->rowCount() == 1;
        },
        30'000));
    auto deadPort = server.settings();
    deadPort.port = 1; // nothing listens there: B is offline
    Q_EMIT b.sync.start(QString::fromStdString((b.dir / "bianmin.db").string()), deadPort);

    // A forwards the case to the center; B, offline, records that the villager withdraws.
    wa.searchBox()->setText(QStringLiteral("赵六"));
    REQUIRE(
        waitUntil([&] { return wa.caseModel()->rowCount() == 1 && !wa.caseModel()->loading(); }));
    wa.caseTable()->selectRow(0);
    REQUIRE(waitUntil(
        [&] { return wa.detail()->actionNames().contains(QStringLiteral("act_forward")); }));
    QSignalSpy aFailed(wa.detail(), &ui::CaseDetail::actionFailed);
    wa.detail()->trigger(QStringLiteral("act_forward"));
    const bool forwarded =
        waitUntil([&] { return wa.detail()->view() && wa.detail()->view()->awaitingTakeIn; });
    INFO((aFailed.isEmpty() ? std::string() : aFailed.first().first().toString().toStdString()));
    INFO("status " << (wa.detail()->view() ? static_cast<int>(wa.detail()->view()->status) : -1)
                   << " actions " << wa.detail()->actionNames().join(QLatin1Char(',')).toStdString()
                   << " timeline "
                   << (wa.detail()->view() ? wa.detail()->view()->timeline.size() : 0));
    REQUIRE(forwarded);
    wa.syncNow();

    wb.caseTable()->selectRow(0);
    REQUIRE(waitUntil(
        [&] { return wb.detail()->actionNames().contains(QStringLiteral("act_withdraw")); }));
    ui::CaseDetail::Answers why;
    why.text = QStringLiteral("申请人家庭收入已超过标准，自愿撤回");
    wb.detail()->setAnswers(why);
    wb.detail()->trigger(QStringLiteral("act_withdraw"));
    REQUIRE(waitUntil([&] {
        return wb.detail()->view() && wb.detail()->view()->status == domain::CaseStatus::Withdrawn;
    }));

    // B's link comes back: both changes are kept, on both laptops, with the conflict noted.
    Q_EMIT b.sync.start(QString::fromStdString((b.dir / "bianmin.db").string()), server.settings());
    wb.syncNow();
    REQUIRE(waitUntil(
        [&] {
            wb.detail()->reload();
            QTest::qWait(100);
            return wb.detail()->view() && !wb.detail()->view()->conflicts.empty();
        },
        30'000));
    wa.syncNow();
    REQUIRE(waitUntil(
        [&] {
            wa.detail()->reload();
            QTest::qWait(100);
            return wa.detail()->view() && !wa.detail()->view()->conflicts.empty();
        },
        30'000));
    const auto& va = *wa.detail()->view();
    const auto& vb = *wb.detail()->view();
    CHECK(va.status == vb.status);
    CHECK(va.timeline.size() == vb.timeline.size());
    CHECK(va.hasOpenConflict());
    screenshot(wb, QStringLiteral("11-conflict"));
}
