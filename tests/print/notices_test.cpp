// The notices as PDF: each built from a case made with the domain rules (CaseWorld), written into
// the artifacts folder, and read back with poppler: the key content is in the text, the fonts are
// embedded, long content flows onto more pages with nothing lost, the QR code on the acceptance
// notice decodes from the rasterized page, and the builders and writers fail as values.
#include "client/print/notices.h"
#include "tests/print/print_test_tools.h"
#include "tests/support/case_world.h"

#include <QBuffer>
#include <QPdfWriter>
#include <catch2/catch.hpp>
#include <fstream>
#include <regex>

using namespace bianmin::domain;
using namespace bianmin::print;
using bianmin::testing::CaseWorld;
using bianmin::testing::Cast;
using bianmin::testing::compact;
using bianmin::testing::printArtifacts;

namespace {

const std::string kElderly = "MZJ-001"; // 高龄补贴申请: village accepts, township completes
const std::string kLookup =
    "https://zwfw.chibi.gov.cn/bianmin/progress?n=L421281909001-20261123-0001";

CaseContext context(const CaseWorld& /*world*/, const CaseView& v) {
    const auto& ref = bianmin::testing::demoReference();
    const Item* item = ref.catalog.version(v.item.id, v.item.version);
    REQUIRE(item);
    return CaseContext{v, *item, ref.org, ref.calendar};
}

IssueContext atRoom() {
    return {Cast::kRoom, Date::fromCivil(2026, 11, 23), {}};
}
IssueContext atHall() {
    return {Cast::kHall, Date::fromCivil(2026, 11, 27), "0715-5888001"};
}

std::filesystem::path pdfPath(const std::string& name) {
    return printArtifacts() / (name + ".pdf");
}

// Writes the notice and returns the compacted text of the PDF.
std::string writeAndRead(const Notice& n, const std::string& name) {
    const auto file = pdfPath(name);
    const Status st = writePdf(n, file);
    INFO(name << ": " << (st ? std::string() : st.error().message));
    REQUIRE(st.ok());
    const std::string fonts = bianmin::testing::pdfFonts(file);
    INFO("pdffonts " << file << ":\n" << fonts);
    // Every font line (after the two header lines) says "yes" in the emb column.
    std::size_t lines = 0;
    std::size_t pos = fonts.find('\n', fonts.find('\n') + 1);
    while (pos != std::string::npos && pos + 1 < fonts.size()) {
        const std::size_t end = fonts.find('\n', pos + 1);
        const std::string line = fonts.substr(pos + 1, end - pos - 1);
        if (!line.empty()) {
            ++lines;
            CHECK(line.find(" yes ") != std::string::npos);
        }
        pos = end;
    }
    CHECK(lines > 0);
    CHECK(fonts.find("Noto") != std::string::npos);
    return bianmin::testing::pdfTextCompact(file);
}

void requireContains(const std::string& text, const std::string& what) {
    INFO("expected in the PDF text: " << what);
    CHECK(text.find(compact(what)) != std::string::npos);
}

CaseView acceptedAtRoom(CaseWorld& w) {
    w.must(w.cast.agent, w.receive(w.cast.agent, kElderly, {}, true));
    w.advanceMinutes(20);
    w.must(w.cast.agent, AcceptPayload{"材料齐全"});
    return w.view();
}

} // namespace

TEST_CASE("acceptance notice: the case, the password, the limit and a readable QR code") {
    CaseWorld w;
    CaseView v = acceptedAtRoom(w);
    w.must(w.cast.system, BindNumberPayload{"421281-20261123-000123"});
    v = w.view();
    const auto cc = context(w, v);
    auto n = makeAcceptanceNotice(cc, atRoom(), "735914", kLookup);
    INFO((n ? std::string() : n.error().message));
    REQUIRE(n.ok());
    CHECK(n->promisedDays == cc.item.promisedLimitDays);
    CHECK(n->due == cc.calendar.addWorkingDays(Date::fromCivil(2026, 11, 23), n->promisedDays));
    CHECK(n->unit.name.find("便民服务室") != std::string::npos);

    const std::string text = writeAndRead(*n, "acceptance");
    requireContains(text, "受理通知书");
    requireContains(text, n->unit.name);
    requireContains(text, n->documentNumber);
    requireContains(text, "421281-20261123-000123");
    requireContains(text, v.provisionalNumber);
    requireContains(text, "735914");
    requireContains(text, "王秀英");
    requireContains(text, cc.item.name);
    requireContains(text, std::to_string(n->promisedDays) + "个工作日");
    requireContains(text, n->due.chinese());
    requireContains(text, "2026年11月23日");
    requireContains(text, n->unit.window);
    requireContains(text, n->unit.phone);
    requireContains(text, "（盖章）");
    requireContains(text, "经办人（签字）");
    requireContains(text, "申请人/代理人（签字）");
    CHECK(bianmin::testing::pdfPageCount(pdfPath("acceptance")) == 1);

    // The QR code survives printing: rasterize the page at 150 dpi and let zbar read it.
    const auto png = bianmin::testing::rasterizePage(pdfPath("acceptance"), 1, 150,
                                                     printArtifacts() / "acceptance-150dpi");
    CHECK(bianmin::testing::decodeQrImage(png) == kLookup);
}

TEST_CASE("acceptance notice needs an accepted case, a password and a URL") {
    CaseWorld w;
    w.must(w.cast.agent, w.receive(w.cast.agent, kElderly));
    const CaseView v = w.view();
    const auto cc = context(w, v);
    auto early = makeAcceptanceNotice(cc, atRoom(), "735914", kLookup);
    REQUIRE_FALSE(early.ok());
    CHECK(early.error().code == "not_accepted");

    CaseWorld w2;
    const CaseView v2 = acceptedAtRoom(w2);
    const auto cc2 = context(w2, v2);
    // Accepted after 补正: the password was on the 收件回执; this notice points there.
    auto later = makeAcceptanceNotice(cc2, atRoom(), "", kLookup);
    REQUIRE(later.ok());
    CHECK(later->queryPassword == "见收件回执");
    CHECK(makeAcceptanceNotice(cc2, atRoom(), "1", "").error().code == "no_lookup_url");
    CHECK(makeAcceptanceNotice(cc2, {"999999999999", {}, {}}, "1", kLookup).error().code ==
          "unknown_site");
    // A URL no QR code can hold is refused before anything is written.
    auto n = makeAcceptanceNotice(cc2, atRoom(), "1", kLookup);
    REQUIRE(n.ok());
    n->lookupUrl = std::string(3000, 'x');
    const Status st = writePdf(*n, pdfPath("acceptance-too-long-url"));
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().code == "qr_too_long");
}

TEST_CASE("receipt at 收件: provisional number, password and the materials received") {
    CaseWorld w;
    const auto& item = w.item(kElderly);
    REQUIRE(item.materials.size() >= 2);
    const std::string missingOne = item.materials.back().name;
    w.must(w.cast.agent, w.receive(w.cast.agent, kElderly, {missingOne}, true));
    const CaseView v = w.view();
    auto n = makeReceiptNotice(context(w, v), atRoom(), "482913");
    REQUIRE(n.ok());
    CHECK(n->materials.size() == item.materials.size() - 1);
    const std::string text = writeAndRead(*n, "receipt");
    requireContains(text, "收件回执");
    requireContains(text, v.provisionalNumber);
    requireContains(text, "482913");
    requireContains(text, "2026年11月23日09:10");
    for (const auto& m : n->materials)
        requireContains(text, m.name);
    requireContains(text, "已核验");
}

TEST_CASE("refusal notice: every reason and the right to 复议 and 诉讼") {
    CaseWorld w;
    w.must(w.cast.agent, w.receive(w.cast.agent, kElderly));
    const std::vector<std::string> reasons{
        "申请人户籍不在本辖区，不属于本机关职权范围，请向户籍所在地乡镇便民服务大厅申请",
        "申请人年龄未达到高龄补贴的发放年龄（80周岁）", "申请事项依法不需要取得行政许可"};
    w.must(w.cast.agent, RefusePayload{reasons, true});
    const CaseView v = w.view();
    const auto cc = context(w, v);
    CHECK(makeRefusalNotice(cc, atRoom(), "", "赤壁市人民法院").error().code == "no_remedy_bodies");
    auto n = makeRefusalNotice(cc, atRoom(), "赤壁市人民政府", "赤壁市人民法院");
    REQUIRE(n.ok());
    const std::string text = writeAndRead(*n, "refusal");
    requireContains(text, "不予受理通知书");
    requireContains(text, v.provisionalNumber);
    for (const auto& r : reasons)
        requireContains(text, r);
    requireContains(text, "（一）");
    requireContains(text, "（三）");
    requireContains(text, "可以自收到本通知书之日起60日内向赤壁市人民政府申请行政复议，"
                          "或者自收到本通知书之日起6个月内依法向赤壁市人民法院提起行政诉讼。");

    // Without reasons the notice is not printed.
    RefusalNotice bare = *n;
    bare.reasons.clear();
    const Status st = writePdf(bare, pdfPath("refusal-without-reasons"));
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().code == "no_reasons");
    // Nor is a notice for a case that was not refused.
    CaseWorld w2;
    const CaseView v2 = acceptedAtRoom(w2);
    CHECK(makeRefusalNotice(context(w2, v2), atRoom(), "a", "b").error().code == "not_refused");
}

TEST_CASE("one-time notice lists every missing material with its requirements") {
    CaseWorld w;
    const auto& item = w.item(kElderly);
    std::vector<std::string> missing;
    for (std::size_t i = 1; i < item.materials.size(); ++i)
        missing.push_back(item.materials[i].name);
    REQUIRE(missing.size() >= 2);
    w.must(w.cast.agent, w.receive(w.cast.agent, kElderly, missing));
    w.must(w.cast.agent, NotifyMissingPayload{missing, {}});
    const CaseView v = w.view();
    auto n = makeMissingMaterialsNotice(context(w, v), atRoom(), 5);
    REQUIRE(n.ok());
    REQUIRE(n->missing.size() == missing.size());
    CHECK(n->bringBy == Date::fromCivil(2026, 11, 30));
    const std::string text = writeAndRead(*n, "missing-materials");
    requireContains(text, "一次性告知书");
    requireContains(text, v.provisionalNumber);
    for (const auto& name : missing) {
        requireContains(text, name);
        const Material* m = item.material(name);
        REQUIRE(m);
        requireContains(text, m->reviewPoints);
        if (!m->source.empty())
            requireContains(text, m->source);
    }
    requireContains(text, n->bringBy.chinese());
    requireContains(text, n->unit.window);
    requireContains(text, n->unit.phone);

    CaseWorld w2;
    const CaseView v2 = acceptedAtRoom(w2);
    CHECK(makeMissingMaterialsNotice(context(w2, v2), atRoom()).error().code == "nothing_missing");
}

TEST_CASE("hand-over slip when the village agent carries originals to the hall") {
    CaseWorld w;
    CaseView v = acceptedAtRoom(w);
    CHECK(makeHandOverSlip(context(w, v), atRoom()).error().code == "no_hand_over");
    std::vector<std::string> docs;
    for (const auto& [name, holder] : v.custody)
        if (holder == w.cast.agent.userId)
            docs.push_back(name);
    REQUIRE_FALSE(docs.empty());
    w.advanceMinutes(300);
    w.must(w.cast.agent, ForwardPayload{{Cast::kHall, {}}, "转乡镇办理"});
    w.must(w.cast.agent, CustodyPayload{CustodyKind::HandOver, docs, w.cast.agent.userId,
                                        Cast::kHall, "窗口人员"});
    v = w.view();
    auto n = makeHandOverSlip(context(w, v), atRoom());
    REQUIRE(n.ok());
    CHECK(n->fromPerson == "村代办员甲");
    CHECK(n->toUnit.find("车埠镇便民服务大厅") != std::string::npos);
    const std::string text = writeAndRead(*n, "hand-over");
    requireContains(text, "交接单");
    requireContains(text, v.provisionalNumber);
    requireContains(text, "王秀英");
    requireContains(text, "村代办员甲");
    requireContains(text, "窗口人员");
    requireContains(text, n->at);
    for (const auto& d : docs)
        requireContains(text, d);
    requireContains(text, "移交人（签字）");
    requireContains(text, "接收人（签字）");
}

TEST_CASE("delivery receipt of the result") {
    CaseWorld w;
    acceptedAtRoom(w);
    w.must(w.cast.agent, ForwardPayload{{Cast::kHall, {}}, "转乡镇办理"});
    w.must(w.cast.clerk, TakeInPayload{});
    w.must(w.cast.clerk, StepPayload{StepCode::Handle, StepAction::Pass, "符合条件"});
    w.must(w.cast.director, StepPayload{StepCode::Review, StepAction::Pass, "同意"});
    w.must(w.cast.deputy, StepPayload{StepCode::Approve, StepAction::Pass, "批准"});
    w.must(w.cast.clerk,
           CompletePayload{Outcome::Certificate, "高龄津贴发放通知", "CB-2026-0458", {}});
    const CaseView v = w.view();
    auto n = makeDeliveryReceipt(context(w, v), atHall());
    REQUIRE(n.ok());
    const std::string text = writeAndRead(*n, "delivery");
    requireContains(text, "送达回执");
    requireContains(text, "高龄津贴发放通知");
    requireContains(text, "CB-2026-0458");
    requireContains(text, "窗口领取");
    requireContains(text, "受送达人（签字）");
    requireContains(text, "0715-5888001");
}

TEST_CASE("service guide: every 八公开 field, in full") {
    const auto& ref = bianmin::testing::demoReference();
    // An item that charges a fee, so the fee table is printed too.
    const Item* charged = nullptr;
    for (const Item* it : ref.catalog.latestItems())
        if (it->fee.charged && !it->fee.items.empty())
            charged = it;
    REQUIRE(charged);
    const ServiceGuide g = makeServiceGuide(*charged, ref.org, "赤壁市政务服务中心",
                                            "周一至周五 8:30-12:00，14:30-17:30");
    const std::string text = writeAndRead(g, "guide");
    requireContains(text, charged->name);
    requireContains(text, "办事指南");
    requireContains(text, charged->basicCode);
    requireContains(text, charged->implementationCode);
    requireContains(text, charged->legalBasis);
    for (const auto& c : charged->conditions)
        requireContains(text, c);
    for (const auto& m : charged->materials) {
        requireContains(text, m.name);
        requireContains(text, m.reviewPoints);
        requireContains(text, m.source);
    }
    for (const auto& s : charged->steps)
        requireContains(text, stepName(s.step) + "：" + std::to_string(s.limitDays) + "个工作日");
    requireContains(text, "法定办结时限：" + std::to_string(charged->legalLimitDays) + "个工作日");
    requireContains(text,
                    "承诺办结时限：" + std::to_string(charged->promisedLimitDays) + "个工作日");
    requireContains(text, charged->fee.basis);
    for (const auto& f : charged->fee.items) {
        requireContains(text, f.name);
        requireContains(text, f.standard);
    }
    requireContains(text, charged->place);
    requireContains(text, "周一至周五");
    requireContains(text, charged->consultPhone);
    requireContains(text, charged->supervisePhone);
    requireContains(text, charged->department);
    for (const char* heading :
         {"一、事项名称", "二、实施依据", "三、申报条件", "四、申报材料", "五、办理程序",
          "六、办理时限", "七、收费依据", "八、收费标准", "九、办理地点和时间", "十、咨询和监督"})
        requireContains(text, heading);
}

TEST_CASE("a very long guide flows onto more pages and loses nothing") {
    const auto& ref = bianmin::testing::demoReference();
    Item item = *ref.catalog.latest(kElderly);
    std::string basis;
    for (int i = 1; i <= 40; ++i)
        basis += "依据第" + std::to_string(i) + "号规定，对申请人的条件进行审查并依法作出决定。";
    item.legalBasis = basis + "依据结束标记。";
    item.conditions.clear();
    for (int i = 1; i <= 30; ++i)
        item.conditions.push_back("第" + std::to_string(i) +
                                  "项申报条件：申请人应当符合本地户籍等要求");
    const Material base = item.materials.front();
    for (int i = 1; i <= 25; ++i) {
        Material m = base;
        m.name = "补充材料第" + std::to_string(i) + "号";
        m.reviewPoints = "审查要点第" + std::to_string(i) + "号：" + std::string(base.reviewPoints);
        item.materials.push_back(m);
    }
    // One material whose review points alone are longer than a page: the row must split.
    Material giant = base;
    giant.name = "超长说明材料";
    for (int i = 1; i <= 120; ++i)
        giant.reviewPoints += "第" + std::to_string(i) + "条审查说明内容。";
    giant.reviewPoints += "超长说明结束。";
    item.materials.push_back(giant);

    const ServiceGuide g = makeServiceGuide(item, ref.org, "赤壁市政务服务中心", "工作日");
    std::string text = writeAndRead(g, "guide-long");
    // Between the pieces of text split by a page break come the footer and the repeated table
    // header: take them out before looking for the pieces.
    text = std::regex_replace(text, std::regex("第[0-9]+页共[0-9]+页"), "");
    text = std::regex_replace(
        text, std::regex(compact("序号 材料名称 必要性 原件 复印件 来源 审查要点")), "");
    const int pages = bianmin::testing::pdfPageCount(pdfPath("guide-long"));
    CHECK(pages > 2);
    const std::string raw = bianmin::testing::pdfTextCompact(pdfPath("guide-long"));
    requireContains(raw, "第1页共" + std::to_string(pages) + "页");
    requireContains(raw, "第" + std::to_string(pages) + "页共" + std::to_string(pages) + "页");
    requireContains(text, item.legalBasis);
    for (const auto& c : item.conditions)
        requireContains(text, c);
    for (const auto& m : item.materials) {
        requireContains(text, m.name);
        if (m.name != giant.name)
            requireContains(text, m.reviewPoints);
    }
    // The giant cell is split across pages; each piece is there in order.
    for (int i = 1; i <= 120; ++i)
        requireContains(text, "第" + std::to_string(i) + "条审查说明内容。");
    requireContains(text, "超长说明结束。");
    requireContains(text, "十、咨询和监督");
    requireContains(text, item.supervisePhone);
}

TEST_CASE("an unwritable path is an error value") {
    CaseWorld w;
    const CaseView v = acceptedAtRoom(w);
    auto n = makeAcceptanceNotice(context(w, v), atRoom(), "735914", kLookup);
    REQUIRE(n.ok());
    const Status missingDir = writePdf(*n, "/nonexistent-dir/for/sure/acceptance.pdf");
    REQUIRE_FALSE(missingDir.ok());
    CHECK(missingDir.error().code == "cannot_write");
    CHECK(missingDir.error().message.find("/nonexistent-dir/for/sure/acceptance.pdf") !=
          std::string::npos);
    // A directory in place of the file.
    const Status isDir = writePdf(*n, printArtifacts());
    REQUIRE_FALSE(isDir.ok());
    CHECK(isDir.error().code == "cannot_write");
}

TEST_CASE("the same painting routine drives any paged device") {
    CaseWorld w;
    const CaseView v = acceptedAtRoom(w);
    auto n = makeAcceptanceNotice(context(w, v), atRoom(), "735914", kLookup);
    REQUIRE(n.ok());
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buffer);
    writer.setResolution(300);
    REQUIRE(paintNotice(*n, writer).ok());
    CHECK(buffer.data().startsWith("%PDF"));
    CHECK(noticeTitle(*n) == "受理通知书");
}
