// The catalog widgets against the demo reference data: the model and its filter under
// QAbstractItemModelTester, what a village room, a township hall and the center see, suspended and
// cancelled items, the guide's eight disclosures, the picker and the browser driven from the
// keyboard, and screenshots for people to look at.
#include "client/ui/catalog/catalog_browser.h"
#include "client/ui/catalog/catalog_model.h"
#include "client/ui/catalog/item_guide_view.h"
#include "client/ui/catalog/item_picker.h"
#include "common/domain/pinyin.h"
#include "common/refdata/reference_files.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDir>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QTextBrowser>
#include <QTreeView>
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace bianmin;
using namespace bianmin::ui;
using domain::Date;

namespace {

// 车埠镇便民服务大厅, one of its village rooms, and the city center (the demo organisation).
const QString kHall = QStringLiteral("421281909000");
const QString kRoom = QStringLiteral("421281909001");
const QString kCenter = QStringLiteral("421281000000");

Date today() {
    return Date::fromCivil(2026, 11, 27);
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

// The demo data with 高龄补贴申请 suspended and 居住证明 cancelled since 2026-11-01.
std::shared_ptr<const refdata::ReferenceData> withSuspension() {
    auto ref = std::make_shared<refdata::ReferenceData>(*demo());
    const Date from = Date::fromCivil(2026, 11, 1);
    REQUIRE(ref->catalog.suspend("MZJ-001", from, ref->org).ok());
    REQUIRE(ref->catalog.cancel("GAJ-001", from, ref->org).ok());
    return ref;
}

std::string str(const QVariant& v) {
    return v.toString().toStdString();
}

// Every item row of a catalog model (or its filter), as id -> index.
std::map<std::string, QModelIndex> itemRows(const QAbstractItemModel& m) {
    std::map<std::string, QModelIndex> out;
    for (int w = 0; w < m.rowCount(); ++w) {
        const QModelIndex window = m.index(w, 0);
        CHECK(window.data(NodeKindRole).toInt() == static_cast<int>(NodeKind::Window));
        for (int r = 0; r < m.rowCount(window); ++r) {
            const QModelIndex i = m.index(r, 0, window);
            CHECK(i.data(NodeKindRole).toInt() == static_cast<int>(NodeKind::Item));
            out.emplace(str(i.data(ItemIdRole)), i);
        }
    }
    return out;
}

std::vector<std::string> pickerIds(const ItemMatchModel& m) {
    std::vector<std::string> ids;
    for (int r = 0; r < m.rowCount(); ++r)
        ids.push_back(str(m.index(r).data(ItemIdRole)));
    return ids;
}

QString artifactsDir() {
    const QString dir = QStringLiteral(BIANMIN_ARTIFACTS_DIR "/ui");
    QDir().mkpath(dir);
    return dir;
}

void save(QWidget& w, const QString& name) {
    const QString path = artifactsDir() + QLatin1Char('/') + name;
    INFO(path.toStdString());
    CHECK(w.grab().save(path));
}

} // namespace

TEST_CASE("catalog model: passes QAbstractItemModelTester, itself and filtered", "[ui][model]") {
    CatalogModel model(demo(), kHall, today());
    const QAbstractItemModelTester sourceTester(
        &model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    CatalogFilterModel filter(&model);
    const QAbstractItemModelTester filterTester(
        &filter, QAbstractItemModelTester::FailureReportingMode::Fatal);

    const auto all = itemRows(model);
    REQUIRE(all.size() == model.items().size());
    CHECK(filter.matchCount() == static_cast<int>(all.size()));

    for (const char* q : {"g", "gl", "glb", "", "补贴", "zzzz", "mzj", "MZJ-006", "cx db", ""}) {
        INFO("query " << q);
        filter.setQuery(QString::fromUtf8(q));
        const auto shown = itemRows(filter);
        // Exactly the items matching the query, with their windows and nothing else.
        int expected = 0;
        for (const auto& [id, index] : all)
            if (model.matchRank(index, q))
                ++expected;
        CHECK(static_cast<int>(shown.size()) == expected);
        CHECK(filter.matchCount() == expected);
        for (int w = 0; w < filter.rowCount(); ++w)
            CHECK(filter.rowCount(filter.index(w, 0)) > 0); // no empty window stays
        for (const auto& [id, index] : shown) {
            const auto* o = model.itemAt(filter.mapToSource(index));
            REQUIRE(o);
            CHECK(domain::matchesQuery(o->item->displayName(), o->initials, o->item->basicCode, q));
        }
    }
    filter.setQuery(QStringLiteral("gl"));
    const auto gl = itemRows(filter);
    CHECK(gl.count("MZJ-001") == 1);
    filter.setQuery(QStringLiteral("zzzz"));
    CHECK(filter.rowCount() == 0);
}

TEST_CASE("catalog model: roles of an item row", "[ui][model]") {
    CatalogModel model(demo(), kHall, today());
    const QModelIndex i = model.indexOfItem(QStringLiteral("MZJ-006"));
    REQUIRE(i.isValid());
    CHECK(str(i.data(Qt::DisplayRole)) == "城乡低保申请");
    CHECK(str(i.data(ItemIdRole)) == "MZJ-006");
    CHECK(i.data(VersionRole).toInt() == 1);
    CHECK(str(i.data(CodeRole)) == "MZJ-006");
    CHECK(str(i.data(ImplementationCodeRole)) == "DEMO421281MZJ006");
    CHECK(str(i.data(InitialsRole)) == "cxdbsq");
    CHECK(str(i.data(WindowRole)) == "民政");
    CHECK(str(i.data(StatusRole)) == "active");
    CHECK(i.data(OfferableRole).toBool());
    CHECK(i.data(CaseKindRole).toInt() == static_cast<int>(domain::CaseKind::Promised));
    CHECK(str(i.siblingAtColumn(CatalogModel::KindColumn).data()).find("承诺件") == 0);
    CHECK(str(i.parent().data()) == "民政窗口");
    CHECK_FALSE(model.indexOfItem(QStringLiteral("GAJ-001")).isValid()); // village only
}

TEST_CASE("catalog model: a village room sees village items, a hall its own", "[ui][model]") {
    const auto ref = demo();
    const auto check = [&](const QString& siteId, domain::Level level) {
        CatalogModel model(ref, siteId, today());
        const auto rows = itemRows(model);
        std::set<std::string> expected;
        for (const auto* item : ref->catalog.latestItems())
            if (item->offeredAt(level) && item->status != domain::ItemStatus::Cancelled)
                expected.insert(item->id);
        std::set<std::string> got;
        for (const auto& [id, index] : rows) {
            got.insert(id);
            CHECK(model.itemAt(index)->item->offeredAt(level));
        }
        CHECK(got == expected);
        // Only the windows of the site's kind.
        const auto& windows = ref->org.windows(model.site()->kind);
        for (int w = 0; w < model.rowCount(); ++w) {
            const std::string window = str(model.index(w, 0).data(WindowRole));
            INFO(window);
            CHECK(std::find(windows.begin(), windows.end(), window) != windows.end());
        }
        return got;
    };
    const auto room = check(kRoom, domain::Level::Village);
    const auto hall = check(kHall, domain::Level::Township);
    const auto center = check(kCenter, domain::Level::City);
    CHECK(room.count("GAJ-001") == 1); // 居住证明: village only
    CHECK(hall.count("GAJ-001") == 0);
    CHECK(hall.count("RSJ-002") == 1); // 就业失业登记证办理: township only
    CHECK(room.count("RSJ-002") == 0);
    CHECK(center.count("RSJ-101") == 1); // 灵活就业人员养老保险参保登记: every level
    CHECK(center.count("MZJ-001") == 0);
    // A room's 公安 items go to 综合, since a room has no 公安 window.
    CatalogModel roomModel(ref, kRoom, today());
    CHECK(str(roomModel.indexOfItem(QStringLiteral("GAJ-001")).data(WindowRole)) == "综合");
    // An unknown site: an empty model, not a crash.
    CatalogModel nowhere(ref, QStringLiteral("999"), today());
    CHECK(nowhere.rowCount() == 0);
}

TEST_CASE("catalog: suspended items are shown greyed but never offered", "[ui][suspended]") {
    const auto ref = withSuspension();
    CatalogModel model(ref, kRoom, today());
    const QModelIndex s = model.indexOfItem(QStringLiteral("MZJ-001"));
    REQUIRE(s.isValid());
    CHECK(str(s.data(StatusRole)) == "suspended");
    CHECK_FALSE(s.data(OfferableRole).toBool());
    CHECK(s.data(VersionRole).toInt() == 2);
    CHECK(s.data(Qt::ForegroundRole).isValid());
    CHECK(str(s.data(Qt::DisplayRole)).find("暂停受理") != std::string::npos);
    CHECK(str(s.data(Qt::ToolTipRole)).find("2026年11月1日起暂停受理") != std::string::npos);
    CHECK_FALSE(model.indexOfItem(QStringLiteral("GAJ-001")).isValid()); // cancelled: gone

    ItemMatchModel matches(ref, kRoom, today());
    const QAbstractItemModelTester tester(&matches,
                                          QAbstractItemModelTester::FailureReportingMode::Fatal);
    for (const char* q : {"", "gl", "高龄", "MZJ-001", "jzzm"}) {
        INFO(q);
        matches.setQuery(QString::fromUtf8(q));
        const auto ids = pickerIds(matches);
        CHECK(std::find(ids.begin(), ids.end(), "MZJ-001") == ids.end());
        CHECK(std::find(ids.begin(), ids.end(), "GAJ-001") == ids.end());
    }
    matches.setQuery(QStringLiteral("gl"));
    CHECK(matches.suspendedMatches().contains(QStringLiteral("高龄补贴申请")));

    ItemPicker picker(ref, kRoom, today());
    picker.show();
    picker.searchEdit()->setFocus();
    QSignalSpy chosen(&picker, &ItemPicker::itemChosen);
    QTest::keyClicks(picker.searchEdit(), QStringLiteral("glbt"));
    CHECK(picker.listView()->model()->rowCount() == 0);
    QTest::keyClick(picker.searchEdit(), Qt::Key_Return);
    CHECK(chosen.isEmpty());
    picker.resize(620, 360);
    save(picker, QStringLiteral("item-picker-suspended.png"));

    // A suspension that starts later does not count yet: the version in force is still active.
    auto later = std::make_shared<refdata::ReferenceData>(*demo());
    REQUIRE(later->catalog.suspend("MZJ-001", Date::fromCivil(2026, 12, 15), later->org).ok());
    ItemMatchModel beforeIt(later, kRoom, today());
    beforeIt.setQuery(QStringLiteral("gl"));
    REQUIRE(beforeIt.rowCount() > 0);
    CHECK(str(beforeIt.index(0).data(ItemIdRole)) == "MZJ-001");
    CHECK(beforeIt.index(0).data(VersionRole).toInt() == 1);
}

TEST_CASE("item picker: typing, Down and Enter choose an item", "[ui][picker]") {
    ItemPicker picker(demo(), kHall, today());
    picker.resize(640, 480);
    picker.show();
    REQUIRE(QTest::qWaitForWindowExposed(&picker));
    picker.searchEdit()->setFocus();
    QSignalSpy chosen(&picker, &ItemPicker::itemChosen);

    // "gl": 高龄补贴申请 first, highlighted, and Enter takes it.
    QTest::keyClicks(picker.searchEdit(), QStringLiteral("gl"));
    const auto gl = pickerIds(*picker.matchModel());
    REQUIRE_FALSE(gl.empty());
    CHECK(gl.front() == "MZJ-001");
    CHECK(picker.currentItemId() == QStringLiteral("MZJ-001"));
    QTest::keyClick(picker.searchEdit(), Qt::Key_Return);
    REQUIRE(chosen.size() == 1);
    CHECK(chosen.at(0).at(0).toString() == QStringLiteral("MZJ-001"));
    CHECK(chosen.at(0).at(1).toInt() == 1);

    // Escape clears; "bt" lists every 补贴 item, Down moves to the second, Enter takes it.
    QTest::keyClick(picker.searchEdit(), Qt::Key_Escape);
    CHECK(picker.searchEdit()->text().isEmpty());
    CHECK(picker.matchModel()->rowCount() == picker.matchModel()->offerableCount());
    QTest::keyClicks(picker.searchEdit(), QStringLiteral("bt"));
    const auto bt = pickerIds(*picker.matchModel());
    REQUIRE(bt.size() >= 2);
    for (int r = 0; r < picker.matchModel()->rowCount(); ++r)
        CHECK(str(picker.matchModel()->index(r).data(InitialsRole)).find("bt") !=
              std::string::npos);
    QTest::keyClick(picker.searchEdit(), Qt::Key_Up); // already on the first: stays
    CHECK(picker.currentItemId().toStdString() == bt[0]);
    QTest::keyClick(picker.searchEdit(), Qt::Key_Down);
    CHECK(picker.currentItemId().toStdString() == bt[1]);
    CHECK(picker.searchEdit()->hasFocus()); // the focus stays in the search line
    QTest::keyClick(picker.searchEdit(), Qt::Key_Enter);
    REQUIRE(chosen.size() == 2);
    CHECK(chosen.at(1).at(0).toString().toStdString() == bt[1]);

    // By code, with the punctuation left out.
    picker.clear();
    QTest::keyClicks(picker.searchEdit(), QStringLiteral("mzj006"));
    CHECK(picker.currentItemId() == QStringLiteral("MZJ-006"));
    // Nothing matches: Enter chooses nothing.
    picker.clear();
    QTest::keyClicks(picker.searchEdit(), QStringLiteral("qqqq"));
    CHECK(picker.currentItemId().isEmpty());
    QTest::keyClick(picker.searchEdit(), Qt::Key_Return);
    CHECK(chosen.size() == 2);

    // Every row is an item the hall offers and may accept.
    picker.clear();
    for (int r = 0; r < picker.matchModel()->rowCount(); ++r) {
        const QModelIndex i = picker.matchModel()->index(r);
        const auto* item = demo()->catalog.latest(str(i.data(ItemIdRole)));
        REQUIRE(item);
        CHECK(item->offeredAt(domain::Level::Township));
        CHECK(item->status == domain::ItemStatus::Active);
    }

    picker.clear();
    QTest::keyClicks(picker.searchEdit(), QStringLiteral("bt"));
    picker.resize(620, 460);
    save(picker, QStringLiteral("item-picker.png"));
}

TEST_CASE("guide view: every one of the eight disclosures of an item", "[ui][guide]") {
    const auto ref = demo();
    ItemGuideView view(ref, kHall);
    CHECK_FALSE(view.hasItem());
    CHECK_FALSE(view.printButton()->isEnabled());
    CHECK_FALSE(view.showItem(QStringLiteral("NOPE"), 1));

    // 居民身份证申领: fees with a reduction; 用水报装: one fee; 城乡低保申请: no fee.
    for (const char* id : {"GAJ-005", "GSG-001", "MZJ-006", "RSJ-002"}) {
        const domain::Item* item = ref->catalog.latest(id);
        REQUIRE(item);
        INFO(id);
        REQUIRE(view.showItem(QString::fromStdString(item->id), item->version));
        const std::string text = view.plainText().toStdString();
        const auto has = [&](const std::string& s) {
            INFO("looking for: " << s);
            CHECK(text.find(s) != std::string::npos);
        };
        for (const char* heading : {"一、事项名称", "二、实施依据", "三、申报条件", "四、申报材料",
                                    "五、办理程序", "六、承诺时限", "七、收费依据", "八、收费标准"})
            has(heading);
        has(item->name);
        has(item->basicCode);
        has(item->implementationCode);
        has(item->department);
        has(item->window + "窗口");
        has(item->legalBasis);
        for (const auto& c : item->conditions)
            has(c);
        for (const auto& m : item->materials) {
            has(m.name);
            has(m.source);
            has(m.reviewPoints);
        }
        has("核验原件");
        for (const auto& st : item->steps)
            has(domain::stepName(st.step));
        for (const auto& [level, mode] : item->handling)
            has(domain::handlingModeName(mode));
        has("法定办结时限");
        has(std::to_string(item->legalLimitDays) + " 个工作日");
        has("承诺办结时限");
        if (item->caseKind == domain::CaseKind::Promised)
            has(std::to_string(item->promisedLimitDays) + " 个工作日");
        else
            has("当场办结");
        if (item->fee.charged) {
            has(item->fee.basis);
            for (const auto& f : item->fee.items) {
                has(f.name);
                has(f.standard);
                if (f.reducible)
                    has(f.reductionBasis);
            }
        } else {
            has("不收费");
        }
        has(item->place);
        has(item->consultPhone);
        has(item->supervisePhone);
        has("车埠镇便民服务大厅");
    }
    // 居民身份证工本费: 20 + 40 yuan.
    view.showItem(QStringLiteral("GAJ-005"), 1);
    CHECK(view.plainText().contains(QStringLiteral("60.00")));

    // The print and export buttons name the item shown.
    QSignalSpy print(&view, &ItemGuideView::printGuideRequested);
    QSignalSpy exportPdf(&view, &ItemGuideView::exportGuideRequested);
    CHECK(view.printButton()->text() == QStringLiteral("打印办事指南"));
    CHECK(view.exportButton()->text() == QStringLiteral("导出 PDF"));
    QTest::mouseClick(view.printButton(), Qt::LeftButton);
    QTest::mouseClick(view.exportButton(), Qt::LeftButton);
    REQUIRE(print.size() == 1);
    REQUIRE(exportPdf.size() == 1);
    CHECK(print.at(0).at(0).toString() == QStringLiteral("GAJ-005"));
    CHECK(print.at(0).at(1).toInt() == 1);
    CHECK(exportPdf.at(0).at(0).toString() == QStringLiteral("GAJ-005"));
    view.clear();
    CHECK_FALSE(view.exportButton()->isEnabled());
}

TEST_CASE("guide view: catalog text is escaped", "[ui][guide]") {
    const auto ref = demo();
    domain::Item item = *ref->catalog.latest("MZJ-001");
    item.name = "<b>A&B</b>";
    item.legalBasis = "<script>x</script>";
    item.materials.front().name = "<img src=x>";
    const QString html = ItemGuideView::guideHtml(item, *ref, ref->org.site(kHall.toStdString()));
    CHECK(html.contains(QStringLiteral("&lt;b&gt;A&amp;B&lt;/b&gt;")));
    CHECK_FALSE(html.contains(QStringLiteral("<b>A&B</b>")));
    CHECK_FALSE(html.contains(QStringLiteral("<script>")));
    CHECK_FALSE(html.contains(QStringLiteral("<img")));
}

TEST_CASE("guide view: a suspended item says so", "[ui][guide][suspended]") {
    const auto ref = withSuspension();
    ItemGuideView view(ref, kRoom);
    REQUIRE(view.showItem(QStringLiteral("MZJ-001"), 2));
    CHECK(view.plainText().contains(QStringLiteral("暂停受理")));
}

TEST_CASE("catalog browser: type, Down, Enter from the keyboard", "[ui][browser]") {
    CatalogBrowser browser(demo(), kHall, today());
    browser.resize(1280, 680); // a 1366x768 laptop, less the title bar, the taskbar and the frame
    browser.show();
    REQUIRE(QTest::qWaitForWindowExposed(&browser));
    browser.searchEdit()->setFocus();
    CHECK(browser.searchEdit()->placeholderText() ==
          QStringLiteral("搜索事项名称、拼音首字母或编码"));
    QSignalSpy shown(&browser, &CatalogBrowser::itemShown);

    // Typing filters at once: only 民政 keeps a window for "cxdb".
    QTest::keyClicks(browser.searchEdit(), QStringLiteral("cxdb"));
    const auto* filter = browser.filterModel();
    REQUIRE(filter->rowCount() == 1);
    CHECK(str(filter->index(0, 0).data(WindowRole)) == "民政");
    CHECK(browser.treeView()->isExpanded(filter->index(0, 0)));
    CHECK_FALSE(browser.guideView()->hasItem());

    // Down moves into the tree onto the first match; Enter shows it and focuses the guide.
    QTest::keyClick(browser.searchEdit(), Qt::Key_Down);
    CHECK(browser.treeView()->hasFocus());
    CHECK(str(browser.treeView()->currentIndex().data(ItemIdRole)) == "MZJ-006");
    QTest::keyClick(browser.treeView(), Qt::Key_Return);
    CHECK(browser.guideView()->itemId() == QStringLiteral("MZJ-006"));
    CHECK(browser.guideView()->browser()->hasFocus());
    REQUIRE_FALSE(shown.isEmpty());
    CHECK(shown.last().at(0).toString() == QStringLiteral("MZJ-006"));

    // Escape goes back: guide -> tree -> search box; Escape there clears the search.
    QTest::keyClick(browser.guideView()->browser(), Qt::Key_Escape);
    CHECK(browser.treeView()->hasFocus());
    QTest::keyClick(browser.treeView(), Qt::Key_Escape);
    CHECK(browser.searchEdit()->hasFocus());
    QTest::keyClick(browser.searchEdit(), Qt::Key_Escape);
    CHECK(browser.searchEdit()->text().isEmpty());
    CHECK(filter->matchCount() == static_cast<int>(browser.catalogModel()->items().size()));

    // Enter in the search box shows the best match at once.
    QTest::keyClicks(browser.searchEdit(), QStringLiteral("gl"));
    QTest::keyClick(browser.searchEdit(), Qt::Key_Return);
    CHECK(browser.guideView()->itemId() == QStringLiteral("MZJ-001"));
    CHECK(browser.searchEdit()->hasFocus());

    // showItem() clears a search that hides the item.
    CHECK(browser.showItem(QStringLiteral("GSG-001")));
    CHECK(browser.searchEdit()->text().isEmpty());
    CHECK(browser.guideView()->itemId() == QStringLiteral("GSG-001"));
    CHECK_FALSE(browser.showItem(QStringLiteral("GAJ-001"))); // not at a hall

    // The guide's buttons reach the page's signals.
    QSignalSpy print(&browser, &CatalogBrowser::printGuideRequested);
    QTest::mouseClick(browser.guideView()->printButton(), Qt::LeftButton);
    REQUIRE(print.size() == 1);
    CHECK(print.at(0).at(0).toString() == QStringLiteral("GSG-001"));

    // Screenshots: an item found by initials and opened; a charged item's fees further down.
    browser.searchEdit()->clear();
    QTest::keyClicks(browser.searchEdit(), QStringLiteral("cxdb"));
    QTest::keyClick(browser.searchEdit(), Qt::Key_Return);
    save(browser, QStringLiteral("catalog-browser.png"));
    browser.guideView()->browser()->scrollToAnchor(QStringLiteral("materials"));
    save(browser, QStringLiteral("catalog-browser-materials.png"));
    browser.searchEdit()->clear();
    browser.showItem(QStringLiteral("GAJ-005"));
    auto* bar = browser.guideView()->browser()->verticalScrollBar();
    bar->setValue(bar->maximum());
    save(browser, QStringLiteral("catalog-browser-fees.png"));
}

TEST_CASE("catalog browser: a village room", "[ui][browser]") {
    CatalogBrowser browser(withSuspension(), kRoom, today());
    browser.resize(1280, 680);
    browser.show();
    REQUIRE(QTest::qWaitForWindowExposed(&browser));
    CHECK(browser.showItem(QStringLiteral("MZJ-001")));
    CHECK(browser.guideView()->plainText().contains(QStringLiteral("暂停受理")));
    save(browser, QStringLiteral("catalog-browser-room.png"));
    CHECK(browser.showItem(QStringLiteral("MZJ-002"))); // the suspended one shows greyed
    save(browser, QStringLiteral("catalog-browser-room-greyed.png"));
}
