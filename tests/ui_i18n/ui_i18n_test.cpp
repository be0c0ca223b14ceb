// The English translation: resources/translations/bianmin_en.ts is complete and well formed (every
// entry finished, non-empty, with the placeholders, accelerators and HTML tags of its source, in a
// context the code really translates in), the .qm compiled from it is in the resource
// :/i18n/bianmin_en.qm and gives every translation back at run time, and the widgets built with it
// installed speak English. Screenshots are left in ${CMAKE_BINARY_DIR}/artifacts/ui.
#include "client/print/notices.h"
#include "client/ui/case_detail.h"
#include "client/ui/case_list_model.h"
#include "client/ui/catalog/catalog_browser.h"
#include "client/ui/catalog/catalog_model.h"
#include "client/ui/catalog/item_guide_view.h"
#include "client/ui/catalog/item_picker.h"
#include "client/ui/evaluation_dialog.h"
#include "client/ui/main_window.h"
#include "client/ui/new_case_dialog.h"
#include "common/refdata/reference_files.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTest>
#include <QTextBrowser>
#include <QTranslator>
#include <QTreeView>
#include <QXmlStreamReader>
#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

using namespace bianmin;
using namespace bianmin::ui;

namespace {

// 车埠镇便民服务大厅 of the demo organisation.
const QString kHall = QStringLiteral("421281909000");

std::string str(const QString& s) {
    return s.toStdString();
}

// Han characters, CJK punctuation and full-width forms: none of them belongs in English text.
bool hasCjk(const QString& s) {
    for (const QChar c : s) {
        const char16_t u = c.unicode();
        if ((u >= 0x3000 && u <= 0x303F) || (u >= 0x3400 && u <= 0x4DBF) ||
            (u >= 0x4E00 && u <= 0x9FFF) || (u >= 0xF900 && u <= 0xFAFF) ||
            (u >= 0xFF00 && u <= 0xFFEF))
            return true;
    }
    return false;
}

// Installs the English translation from the resource once for the whole run.
void english() {
    static QTranslator translator;
    static const bool installed = [] {
        return translator.load(QStringLiteral(":/i18n/bianmin_en.qm")) &&
               QCoreApplication::installTranslator(&translator);
    }();
    REQUIRE(installed);
}

std::shared_ptr<const refdata::ReferenceData> demo() {
    static const auto ref = [] {
        auto loaded =
            refdata::loadReferenceData(refdata::ReferencePaths::inDirectory(BIANMIN_RESOURCES_DIR));
        if (!loaded)
            FAIL(loaded.error().message);
        return *loaded;
    }();
    return ref;
}

domain::Date today() {
    return domain::Date::fromCivil(2026, 11, 27);
}

void save(QWidget& w, const QString& name) {
    const QString dir = QStringLiteral(BIANMIN_ARTIFACTS_DIR "/ui");
    QDir().mkpath(dir);
    const QString path = dir + QLatin1Char('/') + name;
    INFO(str(path));
    CHECK(w.grab().save(path));
}

// --- the .ts file ---------------------------------------------------------------------------

struct TsMessage {
    QString context;
    QString source;
    QString type; // the translation's type attribute: empty when finished
    bool numerus = false;
    QStringList translations; // one, or the numerus forms
    QStringList files;        // of its locations, relative to the .ts

    std::string where() const {
        return str(context + QStringLiteral(" | ") + source + QStringLiteral(" | ") +
                   files.join(QLatin1Char(',')));
    }
};

std::vector<TsMessage> readTs(const QString& path) {
    QFile file(path);
    REQUIRE(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    std::vector<TsMessage> out;
    QString context;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == u"context") {
            context.clear();
        } else if (name == u"name") {
            context = xml.readElementText();
        } else if (name == u"message") {
            TsMessage m;
            m.context = context;
            m.numerus = xml.attributes().value(QLatin1String("numerus")) == u"yes";
            out.push_back(m);
        } else if (name == u"location" && !out.empty()) {
            out.back().files << xml.attributes().value(QLatin1String("filename")).toString();
        } else if (name == u"source" && !out.empty()) {
            out.back().source = xml.readElementText();
        } else if (name == u"translation" && !out.empty()) {
            TsMessage& m = out.back();
            m.type = xml.attributes().value(QLatin1String("type")).toString();
            if (!m.numerus) {
                m.translations << xml.readElementText();
                continue;
            }
            while (xml.readNextStartElement()) {
                if (xml.name() == u"numerusform")
                    m.translations << xml.readElementText();
                else
                    xml.skipCurrentElement();
            }
        }
    }
    INFO(str(xml.errorString()));
    REQUIRE_FALSE(xml.hasError());
    return out;
}

const std::vector<TsMessage>& tsMessages() {
    static const auto messages = readTs(QStringLiteral(BIANMIN_TS_FILE));
    return messages;
}

QStringList matches(const QRegularExpression& re, const QString& s, int group = 0) {
    QStringList out;
    for (auto it = re.globalMatch(s); it.hasNext();)
        out << it.next().captured(group);
    return out;
}

// %1 … %99 and %n (also with the L of localized numbers), sorted: the order may change.
QStringList placeholders(const QString& s) {
    static const QRegularExpression re(QStringLiteral("%L?(?:[0-9]{1,2}|n)"));
    QStringList p = matches(re, s);
    p.sort();
    return p;
}

// Accelerator marks: a single & before a letter or digit ("&&" is a literal &, "&nbsp;" HTML).
int accelerators(const QString& s) {
    static const QRegularExpression re(
        QStringLiteral("(?<!&)&(?!&|[a-zA-Z]+;|#[0-9]+;)[\\p{L}\\p{N}]"));
    return static_cast<int>(matches(re, s).size());
}

// HTML tags in order, with their attributes.
QStringList tags(const QString& s) {
    static const QRegularExpression re(QStringLiteral("</?[a-zA-Z][^<>]*>"));
    return matches(re, s);
}

// What is wrong with the entries, one line each ("context | source | files: problem"): an
// unfinished (or obsolete) entry, an empty translation, a wrong number of numerus forms (English
// has two), and placeholders, accelerators or HTML tags that differ from the source's.
QStringList problems(const std::vector<TsMessage>& messages) {
    QStringList out;
    for (const TsMessage& m : messages) {
        const QString where = m.context + QStringLiteral(" | ") + m.source + QStringLiteral(" | ") +
                              m.files.join(QLatin1Char(',')) + QStringLiteral(": ");
        if (m.source.isEmpty())
            out << where + QStringLiteral("empty source");
        if (!m.type.isEmpty())
            out << where + m.type;
        if (m.translations.size() != (m.numerus ? 2 : 1))
            out << where + QStringLiteral("%1 translation forms").arg(m.translations.size());
        for (const QString& t : m.translations) {
            if (t.trimmed().isEmpty())
                out << where + QStringLiteral("empty translation");
            else if (placeholders(t) != placeholders(m.source))
                out << where + QStringLiteral("placeholders differ in \"%1\"").arg(t);
            else if (accelerators(t) != accelerators(m.source))
                out << where + QStringLiteral("accelerators differ in \"%1\"").arg(t);
            else if (tags(t) != tags(m.source))
                out << where + QStringLiteral("HTML tags differ in \"%1\"").arg(t);
        }
    }
    return out;
}

} // namespace

TEST_CASE("i18n: the English .qm is embedded and loads", "[i18n][qm]") {
    REQUIRE(QFile::exists(QStringLiteral(":/i18n/bianmin_en.qm")));
    QTranslator t;
    REQUIRE(t.load(QStringLiteral(":/i18n/bianmin_en.qm")));
    CHECK_FALSE(t.isEmpty());
    CHECK(t.language() == QStringLiteral("en"));
}

TEST_CASE("i18n: every entry of bianmin_en.ts is finished, non-empty and consistent",
          "[i18n][ts]") {
    const auto& messages = tsMessages();
    REQUIRE(messages.size() > 400);
    const QStringList found = problems(messages);
    INFO(str(found.join(QLatin1Char('\n'))));
    CHECK(found.isEmpty());
}

TEST_CASE("i18n: the .ts check finds unfinished, empty and inconsistent entries", "[i18n][ts]") {
    const QString path =
        QDir(QStringLiteral(BIANMIN_ARTIFACTS_DIR)).filePath(QStringLiteral("i18n_bad.ts"));
    QDir().mkpath(QStringLiteral(BIANMIN_ARTIFACTS_DIR));
    QFile file(path);
    REQUIRE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(R"(<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>bianmin::ui</name>
    <message><source>good %1</source><translation>fine %1</translation></message>
    <message><source>unfinished</source><translation type="unfinished">x</translation></message>
    <message><source>empty</source><translation> </translation></message>
    <message><source>%1 of %2</source><translation>%1 of 2</translation></message>
    <message><source>Na&amp;me</source><translation>Name</translation></message>
    <message><source>&lt;b&gt;%1&lt;/b&gt;</source><translation>%1</translation></message>
    <message numerus="yes"><source>%n items</source><translation>
        <numerusform>%n item</numerusform>
    </translation></message>
</context>
</TS>
)");
    file.close();
    const QStringList found = problems(readTs(path));
    INFO(str(found.join(QLatin1Char('\n'))));
    CHECK(found.size() == 6);
    for (const char* source : {"unfinished", "empty", "%1 of %2", "Na&me", "<b>%1</b>", "%n items"})
        CHECK(
            found.filter(QStringLiteral(" | ") + QString::fromUtf8(source) + QStringLiteral(" | "))
                .size() == 1);
    CHECK(accelerators(QStringLiteral("&nbsp;A &amp;&& B")) == 0);
    CHECK(accelerators(QStringLiteral("Accep&t")) == 1);
    CHECK(placeholders(QStringLiteral("%2 and %1, %n")) ==
          placeholders(QStringLiteral("%n: %1 or %2")));
}

TEST_CASE("i18n: every context is one the code translates in", "[i18n][ts]") {
    // tr() of a QObject class uses the class's full name; the free helpers of ui_text.cpp,
    // notice_output.cpp and client/print use bianmin::ui and bianmin::print.
    std::set<QString> known{QStringLiteral("bianmin::ui"), QStringLiteral("bianmin::print")};
    for (const QMetaObject* mo :
         {&CaseDetail::staticMetaObject, &CaseListModel::staticMetaObject,
          &CatalogBrowser::staticMetaObject, &CatalogModel::staticMetaObject,
          &CatalogFilterModel::staticMetaObject, &EvaluationDialog::staticMetaObject,
          &ItemGuideView::staticMetaObject, &ItemMatchModel::staticMetaObject,
          &ItemPicker::staticMetaObject, &MainWindow::staticMetaObject,
          &NewCaseDialog::staticMetaObject})
        known.insert(QString::fromLatin1(mo->className()));
    for (const TsMessage& m : tsMessages()) {
        INFO(m.where());
        CHECK(known.count(m.context) == 1);
        for (const QString& f : m.files)
            if (f.contains(QStringLiteral("client/print/")))
                CHECK(m.context == QStringLiteral("bianmin::print"));
    }
}

TEST_CASE("i18n: the embedded .qm gives back every translation of the .ts", "[i18n][qm]") {
    english();
    for (const TsMessage& m : tsMessages()) {
        INFO(m.where());
        const QByteArray context = m.context.toUtf8();
        const QByteArray source = m.source.toUtf8();
        if (!m.numerus) {
            CHECK(str(QCoreApplication::translate(context.constData(), source.constData())) ==
                  str(m.translations.value(0)));
            continue;
        }
        for (int n : {1, 2}) {
            QString expected = m.translations.value(n - 1);
            expected.replace(QStringLiteral("%n"), QString::number(n));
            CHECK(str(QCoreApplication::translate(context.constData(), source.constData(), nullptr,
                                                  n)) == str(expected));
        }
    }
}

TEST_CASE("i18n: the evaluation dialog in English", "[i18n][ui]") {
    english();
    EvaluationDialog dialog(QStringLiteral("张三"));
    CHECK(str(dialog.windowTitle()) == "Please rate our service");
    const auto buttons = dialog.findChildren<QPushButton*>();
    REQUIRE(buttons.size() == 6); // five levels and submit
    for (const auto* b : buttons) {
        INFO(str(b->text()));
        CHECK_FALSE(b->text().isEmpty());
        CHECK_FALSE(hasCjk(b->text()));
    }
    CHECK(str(dialog.findChild<QPushButton*>(QStringLiteral("level1"))->text()).find("Excellent") !=
          std::string::npos);
    QStringList labels;
    for (const auto* l : dialog.findChildren<QLabel*>())
        labels << l->text();
    CHECK(labels.contains(
        QStringLiteral("Hello, 张三! Please rate the service you received today:")));
    CHECK(labels.contains(QStringLiteral("Comments or suggestions (optional):")));

    dialog.show();
    REQUIRE(QTest::qWaitForWindowExposed(&dialog));
    dialog.choose(2);
    save(dialog, QStringLiteral("i18n_en_evaluation.png"));
}

TEST_CASE("i18n: the catalog browser and a service guide in English", "[i18n][ui]") {
    english();
    CatalogBrowser browser(demo(), kHall, today());
    browser.resize(1280, 680);
    browser.show();
    REQUIRE(QTest::qWaitForWindowExposed(&browser));

    CHECK(str(browser.searchEdit()->placeholderText()) ==
          "Search by item name, pinyin initials or code");
    const auto* model = browser.catalogModel();
    for (int c = 0; c < model->columnCount(); ++c) {
        const QString head = model->headerData(c, Qt::Horizontal).toString();
        INFO(str(head));
        CHECK_FALSE(head.isEmpty());
        CHECK_FALSE(hasCjk(head));
    }
    // Every item's kind column (immediate / promised with its limit / other).
    int items = 0;
    for (int w = 0; w < model->rowCount(); ++w) {
        const QModelIndex window = model->index(w, 0);
        CHECK(window.data().toString().endsWith(QStringLiteral(" window")));
        for (int r = 0; r < model->rowCount(window); ++r, ++items) {
            const QString kind =
                model->index(r, CatalogModel::KindColumn, window).data().toString();
            INFO(str(kind));
            CHECK_FALSE(hasCjk(kind));
        }
    }
    CHECK(items > 0);
    // The status line under the tree.
    bool status = false;
    for (const auto* l : browser.findChildren<QLabel*>())
        status = status || l->text().endsWith(QStringLiteral(" items offered here"));
    CHECK(status);

    REQUIRE(browser.showItem(QStringLiteral("MZJ-001")));
    const QString guide = browser.guideView()->plainText();
    for (const char* heading :
         {"1. Item name", "2. Legal basis", "3. Application conditions", "4. Application materials",
          "5. Procedure", "6. Promised time limit", "7. Basis for fees", "8. Fee standards"}) {
        INFO(heading);
        CHECK(guide.contains(QString::fromUtf8(heading)));
    }
    CHECK_FALSE(guide.contains(QStringLiteral("事项名称")));
    for (const auto* b : browser.findChildren<QPushButton*>()) {
        INFO(str(b->text()));
        CHECK_FALSE(hasCjk(b->text()));
    }
    save(browser, QStringLiteral("i18n_en_catalog_browser.png"));
    browser.guideView()->browser()->scrollToAnchor(QStringLiteral("materials"));
    save(browser, QStringLiteral("i18n_en_catalog_browser_materials.png"));
    browser.guideView()->browser()->scrollToAnchor(QStringLiteral("limits"));
    save(browser, QStringLiteral("i18n_en_catalog_browser_limits.png"));
}

TEST_CASE("i18n: the item picker in English", "[i18n][ui]") {
    english();
    ItemPicker picker(demo(), kHall, today());
    picker.resize(640, 480);
    picker.show();
    REQUIRE(QTest::qWaitForWindowExposed(&picker));
    QStringList labels;
    for (const auto* l : picker.findChildren<QLabel*>()) {
        INFO(str(l->text()));
        CHECK_FALSE(hasCjk(l->text()));
        labels << l->text();
    }
    CHECK(labels.contains(QStringLiteral("Choose the service item")));
    save(picker, QStringLiteral("i18n_en_item_picker.png"));
}

TEST_CASE("i18n: notice titles in English", "[i18n][print]") {
    english();
    CHECK(print::noticeTitle(print::AcceptanceNotice{}) == "Acceptance Notice");
    CHECK(print::noticeTitle(print::RefusalNotice{}) == "Notice of Refusal");
    CHECK(print::noticeTitle(print::MissingMaterialsNotice{}) ==
          "One-time Notice of Missing Materials");
    print::ServiceGuide guide;
    guide.name = "Demo";
    CHECK(print::noticeTitle(guide) == "Demo — Service Guide");

    // A whole guide as PDF, for people to look at.
    const domain::Item* item = demo()->catalog.version("MZJ-001", 1);
    REQUIRE(item);
    const auto pdf = print::makeServiceGuide(*item, demo()->org, "车埠镇便民服务大厅",
                                             "Working days 8:30-12:00, 14:30-17:30");
    QDir().mkpath(QStringLiteral(BIANMIN_ARTIFACTS_DIR "/ui"));
    CHECK(print::writePdf(pdf, BIANMIN_ARTIFACTS_DIR "/ui/i18n_en_service_guide.pdf").ok());
}
