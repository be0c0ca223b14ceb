// One painting routine per notice. The layout follows the common form of township notices: the
// issuing unit (黑体) above a centred title (宋体, 22 pt, 二号), the 文号 and a red rule; the
// addressee and the body in a serif face at 15 pt with a two-character first-line indent; tables
// in 12 pt; at the end, signature lines on the left and the unit, "（盖章）" and the date on the
// right inside a light circle that marks where the seal goes.
#include "client/print/notice_painting.h"

#include "client/print/qr_code.h"

#include <QCoreApplication>
#include <QFontMetricsF>

namespace bianmin::print::detail {

namespace {

QString q(const std::string& s) {
    return QString::fromStdString(s);
}
QString tr(const char* s) {
    return QCoreApplication::translate("bianmin::print", s);
}
QString num(int n) {
    return QString::number(n);
}
QString date(domain::Date d) {
    return q(d.chinese());
}
// 一、二、… for section headings, （一）（二）… for reasons.
QString chineseNumber(int n) {
    static const QString kDigits = QStringLiteral("〇一二三四五六七八九");
    if (n < 10)
        return kDigits.mid(n, 1);
    if (n < 20)
        return QStringLiteral("十") + (n % 10 ? kDigits.mid(n % 10, 1) : QString());
    return kDigits.mid(n / 10, 1) + QStringLiteral("十") +
           (n % 10 ? kDigits.mid(n % 10, 1) : QString());
}

const QColor kRed(0xC0, 0x10, 0x10);

TextStyle bodyStyle() {
    TextStyle s;
    s.face = Face::Serif;
    s.pt = 14;
    s.firstIndentEm = 2;
    s.lineFactor = 1.45;
    return s;
}
TextStyle plainStyle(double pt = 14) {
    TextStyle s = bodyStyle();
    s.pt = pt;
    s.firstIndentEm = 0;
    return s;
}
TextStyle headingStyle() {
    TextStyle s;
    s.face = Face::SansBold;
    s.pt = 15;
    s.lineFactor = 1.6;
    return s;
}
TextStyle smallStyle() {
    TextStyle s;
    s.face = Face::Serif;
    s.pt = 11;
    s.lineFactor = 1.4;
    return s;
}

void header(PageFlow& f, const QString& unit, const QString& title, const QString& docNo) {
    TextStyle u;
    u.face = Face::Sans;
    u.pt = 16;
    u.align = Qt::AlignHCenter;
    u.lineFactor = 1.3;
    f.text(unit, u);
    f.space(2);
    TextStyle t;
    t.face = Face::SerifBold;
    t.pt = 22;
    t.align = Qt::AlignHCenter;
    t.lineFactor = 1.35;
    f.text(title, t);
    f.space(2);
    if (!docNo.isEmpty()) {
        TextStyle d;
        d.face = Face::Serif;
        d.pt = 12;
        d.align = Qt::AlignHCenter;
        d.lineFactor = 1.3;
        f.text(docNo, d);
    }
    f.space(1.5);
    f.rule(0.6, kRed);
    f.space(6);
}

void addressee(PageFlow& f, const QString& name) {
    f.text(name + tr("："), plainStyle());
}

// A table of labels and values: a row of two cells spans the width, a row of four holds two pairs.
void details(PageFlow& f, const std::vector<QStringList>& rows) {
    Table t;
    t.columns = {{1.05, true, Qt::AlignLeft},
                 {1.55, false, Qt::AlignLeft},
                 {1.05, true, Qt::AlignLeft},
                 {1.55, false, Qt::AlignLeft}};
    t.rows = rows;
    t.pt = 11.5;
    f.table(t);
}

struct Signature {
    QString label; // 经办人（签字）
    bool withDate = false;
};

// Signatures on the left, the seal place on the right; kept together on one page.
void closing(PageFlow& f, const QString& unit, const QString& dateText,
             const std::vector<Signature>& signatures, bool seal = true) {
    const double rowH = f.mm(11);
    const double sealH = f.mm(34);
    const double sigH = rowH * static_cast<double>(signatures.size()) + f.mm(4);
    const double h = seal ? std::max(sealH, sigH) : sigH;
    f.space(3);
    const QFont sigFont = f.font(Face::Serif, 14);
    const QFont unitFont = f.font(Face::Serif, 14);
    f.block(h, [&](QPainter& p, const QRectF& r) {
        const QFontMetricsF um(unitFont, p.device());
        const double unitW = std::max(um.horizontalAdvance(unit), um.horizontalAdvance(dateText));
        const double sealLeft = seal ? r.right() - std::max(r.width() * 0.4, unitW) : r.right();
        // Signature lines.
        p.setFont(sigFont);
        const QFontMetricsF fm(sigFont, p.device());
        QPen linePen(Qt::black);
        linePen.setWidthF(f.mm(0.25));
        double y = r.top() + f.mm(4);
        const QString timeLabel = tr("时间：");
        for (const auto& s : signatures) {
            p.setPen(Qt::black);
            const QString label = s.label + tr("：");
            const double labelW = fm.horizontalAdvance(label);
            double lineEnd = seal ? sealLeft - f.mm(6) : r.left() + r.width() * 0.55;
            if (s.withDate && !seal)
                lineEnd = r.left() + r.width() * 0.55;
            p.drawText(QPointF(r.left(), y + fm.ascent()), label);
            p.setPen(linePen);
            const double base = y + fm.ascent() + f.mm(1.2);
            p.drawLine(QPointF(r.left() + labelW, base), QPointF(lineEnd, base));
            if (s.withDate && !seal) {
                p.setPen(Qt::black);
                const double tx = lineEnd + f.mm(4);
                p.drawText(QPointF(tx, y + fm.ascent()), timeLabel);
                p.setPen(linePen);
                p.drawLine(QPointF(tx + fm.horizontalAdvance(timeLabel), base),
                           QPointF(r.right(), base));
            }
            y += rowH;
        }
        if (!seal)
            return;
        // The seal place: unit, （盖章）, date, right-aligned, with a light circle around.
        const QRectF area(sealLeft, r.top(), r.right() - sealLeft, sealH);
        const double line = um.lineSpacing() * 1.2;
        const double textTop = area.top() + (sealH - 3 * line) / 2;
        const QRectF nameRect(area.left(), textTop, area.width(), line);
        const double nameW = std::min(area.width(), um.horizontalAdvance(unit));
        const QPointF centre(area.right() - nameW / 2, area.top() + sealH / 2);
        QPen circlePen(QColor(0xD0, 0x40, 0x40, 0x90));
        circlePen.setWidthF(f.mm(0.5));
        circlePen.setStyle(Qt::DashLine);
        p.setPen(circlePen);
        p.setBrush(Qt::NoBrush);
        const double radius = f.mm(16.5);
        p.drawEllipse(centre, radius, radius);
        p.setFont(unitFont);
        p.setPen(Qt::black);
        p.drawText(nameRect, Qt::AlignRight | Qt::AlignVCenter, unit);
        p.drawText(nameRect.translated(0, line), Qt::AlignRight | Qt::AlignVCenter, tr("（盖章）"));
        p.drawText(nameRect.translated(0, 2 * line), Qt::AlignRight | Qt::AlignVCenter, dateText);
    });
}

void note(PageFlow& f, const QString& text) {
    f.space(2);
    f.text(text, smallStyle());
}

QString partyLine(const std::string& applicant, const std::string& agent) {
    QString s = q(applicant);
    if (!agent.empty())
        s += tr("（代理人：%1）").arg(q(agent));
    return s;
}

// --- the notices ------------------------------------------------------------------------------

void paint(PageFlow& f, const AcceptanceNotice& n) {
    header(f, q(n.unit.name), tr("受理通知书"), q(n.documentNumber));
    addressee(f, partyLine(n.applicant, n.agent));
    f.text(tr("你（单位）于%1提出的“%2”申请，经审查，申请材料齐全、符合法定形式，"
              "本机关决定予以受理。")
               .arg(date(n.received), q(n.itemName)),
           bodyStyle());
    if (n.immediate)
        f.text(tr("本事项为即办件，于受理当日办结。"), bodyStyle());
    else
        f.text(tr("本事项承诺办结时限为%1个工作日（自受理之日起计算，法定节假日不计入），"
                  "预计于%2前办结。")
                   .arg(num(n.promisedDays), date(n.due)),
               bodyStyle());
    f.space(3);
    std::vector<QStringList> rows;
    if (!n.officialNumber.empty())
        rows.push_back({tr("办件编号"), q(n.officialNumber)});
    if (!n.provisionalNumber.empty())
        rows.push_back({n.officialNumber.empty() ? tr("办件编号（临时）") : tr("临时编号"),
                        q(n.provisionalNumber)});
    rows.push_back({tr("事项名称"), q(n.itemName)});
    rows.push_back({tr("收件日期"), date(n.received), tr("受理日期"), date(n.accepted)});
    rows.push_back({tr("承诺时限"), n.immediate ? tr("即办") : tr("%1个工作日").arg(n.promisedDays),
                    tr("预计办结日期"), date(n.due)});
    rows.push_back({tr("受理窗口"), q(n.unit.window), tr("咨询电话"), q(n.unit.phone)});
    rows.push_back({tr("查询密码"), q(n.queryPassword), tr("监督电话"), q(n.supervisePhone)});
    details(f, rows);

    // The progress lookup: the QR code on the left, how to use it on the right.
    const auto qr = encodeQr(n.lookupUrl);
    if (qr) {
        f.space(3);
        const double side = f.mm(30);
        const QFont titleFont = f.font(Face::SansBold, 12);
        const QFont textFont = f.font(Face::Serif, 11);
        const QFont urlFont = f.font(Face::Serif, 9);
        const QString how =
            tr("请使用手机扫描左侧二维码，输入办件编号和查询密码，即可查询办理进度。"
               "查询密码仅打印在本通知书上，请妥善保管，切勿告知他人。");
        const QString url = q(n.lookupUrl);
        const double textW = f.width() - side - f.mm(4);
        const QFontMetricsF tm(titleFont, f.device());
        const QFontMetricsF bm(textFont, f.device());
        const QFontMetricsF um(urlFont, f.device());
        const int wrap = Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap;
        const double howH = bm.boundingRect(QRectF(0, 0, textW, 1e9), wrap, how).height();
        const double urlH =
            um.boundingRect(QRectF(0, 0, textW, 1e9), wrap | Qt::TextWrapAnywhere, url).height();
        const double textH = tm.lineSpacing() * 1.5 + howH + f.mm(1.5) + urlH;
        f.block(std::max(side, textH + f.mm(2)), [&](QPainter& p, const QRectF& r) {
            paintQr(p, QRectF(r.left(), r.top(), side, side), *qr);
            const double x = r.left() + side + f.mm(4);
            double y = r.top() + f.mm(2);
            p.setPen(Qt::black);
            p.setFont(titleFont);
            p.drawText(QRectF(x, y, textW, tm.lineSpacing()), Qt::AlignLeft | Qt::AlignTop,
                       tr("办理进度查询"));
            y += tm.lineSpacing() * 1.5;
            p.setFont(textFont);
            p.drawText(QRectF(x, y, textW, howH), wrap, how);
            y += howH + f.mm(1.5);
            p.setFont(urlFont);
            p.drawText(QRectF(x, y, textW, urlH), wrap | Qt::TextWrapAnywhere, url);
        });
    }
    note(f, tr("本通知书一式两份，一份交申请人，一份由受理单位存档。"));
    closing(f, q(n.unit.name), date(n.issued),
            {{tr("经办人（签字）")}, {tr("申请人/代理人（签字）")}});
}

void paint(PageFlow& f, const ReceiptNotice& n) {
    header(f, q(n.unit.name), tr("收件回执"), q(n.documentNumber));
    addressee(f, partyLine(n.applicant, n.agent));
    f.text(tr("你（单位）申请办理的“%1”，本单位已于%2收到下列材料，特此回执。"
              "本回执仅为收件凭证，不作为受理凭证；是否受理将另行书面告知。")
               .arg(q(n.itemName), q(n.receivedAt)),
           bodyStyle());
    f.space(3);
    details(f, {{tr("临时办件编号"), q(n.provisionalNumber)},
                {tr("事项名称"), q(n.itemName)},
                {tr("查询密码"), q(n.queryPassword), tr("收件时间"), q(n.receivedAt)},
                {tr("收件窗口"), q(n.unit.window), tr("联系电话"), q(n.unit.phone)}});
    f.space(5);
    f.text(tr("收到的材料"), headingStyle());
    Table t;
    t.columns = {{0.6, false, Qt::AlignHCenter},
                 {3.4, false, Qt::AlignLeft},
                 {1.2, false, Qt::AlignHCenter},
                 {1.2, false, Qt::AlignHCenter}};
    t.headerRows = 1;
    t.rows.push_back({tr("序号"), tr("材料名称"), tr("原件核验"), tr("复印件（份）")});
    int i = 0;
    for (const auto& m : n.materials)
        t.rows.push_back(
            {num(++i), q(m.name), m.originalSeen ? tr("已核验") : tr("未核验"), num(m.copies)});
    f.table(t);
    closing(f, q(n.unit.name), date(n.issued),
            {{tr("收件人（签字）")}, {tr("申请人/代理人（签字）")}});
    note(f, tr("请凭临时办件编号和查询密码查询办理进度；查询密码请妥善保管。"));
}

void paint(PageFlow& f, const RefusalNotice& n) {
    header(f, q(n.unit.name), tr("不予受理通知书"), q(n.documentNumber));
    addressee(f, q(n.applicant));
    f.text(tr("你（单位）于%1提出的“%2”申请（办件编号：%3），经审查，因下列原因，"
              "本机关决定不予受理：")
               .arg(date(n.received), q(n.itemName), q(n.caseNumber)),
           bodyStyle());
    TextStyle reason = bodyStyle();
    reason.firstIndentEm = 2;
    reason.hangingEm = 2;
    int i = 0;
    for (const auto& r : n.reasons)
        f.text(tr("（%1）%2").arg(chineseNumber(++i), q(r)), reason);
    f.text(tr("如对本决定不服，可以自收到本通知书之日起60日内向%1申请行政复议，"
              "或者自收到本通知书之日起6个月内依法向%2提起行政诉讼。")
               .arg(q(n.reviewBody), q(n.court)),
           bodyStyle());
    closing(f, q(n.unit.name), date(n.issued), {{tr("经办人（签字）")}, {tr("申请人（签收）")}});
    note(f, tr("本通知书一式两份，一份交申请人，一份由本单位存档。"));
}

void paint(PageFlow& f, const MissingMaterialsNotice& n) {
    header(f, q(n.unit.name), tr("一次性告知书"), q(n.documentNumber));
    addressee(f, q(n.applicant));
    f.text(tr("你（单位）于%1申请办理的“%2”（办件编号：%3），经审查，申请材料不齐全。"
              "现将需要补正的全部材料一次性告知如下：")
               .arg(date(n.received), q(n.itemName), q(n.caseNumber)),
           bodyStyle());
    f.space(2);
    Table t;
    t.columns = {{0.55, false, Qt::AlignHCenter},
                 {1.9, false, Qt::AlignLeft},
                 {1.25, false, Qt::AlignLeft},
                 {3.3, false, Qt::AlignLeft}};
    t.headerRows = 1;
    t.rows.push_back({tr("序号"), tr("材料名称"), tr("份数"), tr("要求")});
    int i = 0;
    for (const auto& m : n.missing) {
        QString copies;
        if (m.originals > 0)
            copies += tr("原件%1份").arg(m.originals);
        if (m.copies > 0)
            copies += (copies.isEmpty() ? QString() : QStringLiteral("\u2028")) +
                      tr("复印件%1份").arg(m.copies);
        QString req = m.required ? tr("必要材料。") : tr("视情形提交。");
        if (!m.reviewPoints.empty())
            req += q(m.reviewPoints) + tr("。");
        if (!m.source.empty())
            req += tr("来源：%1。").arg(q(m.source));
        t.rows.push_back({num(++i), q(m.name), copies, req});
    }
    f.table(t);
    f.space(3);
    if (!n.note.empty())
        f.text(q(n.note), bodyStyle());
    f.text(tr("请于%1前携带上述材料到%2%3补正。材料补齐后即予受理；"
              "逾期未补正的，本申请按退件处理。")
               .arg(date(n.bringBy), q(n.unit.name), q(n.unit.window)),
           bodyStyle());
    f.text(tr("联系窗口：%1，联系电话：%2。").arg(q(n.unit.window), q(n.unit.phone)), bodyStyle());
    closing(f, q(n.unit.name), date(n.issued),
            {{tr("经办人（签字）")}, {tr("申请人/代理人（签收）")}});
}

void paint(PageFlow& f, const HandOverSlip& n) {
    header(f, q(n.unit.name), tr("办件材料交接单"), q(n.documentNumber));
    f.text(tr("%1%2将下列办件材料移交%3，双方当面清点，确认无误。")
               .arg(q(n.fromUnit), q(n.fromPerson), q(n.toUnit)),
           bodyStyle());
    f.space(3);
    details(f, {{tr("办件编号"), q(n.caseNumber)},
                {tr("事项名称"), q(n.itemName)},
                {tr("申请人"), q(n.applicant), tr("交接时间"), q(n.at)},
                {tr("移交单位"), q(n.fromUnit)},
                {tr("移交人"), q(n.fromPerson)},
                {tr("接收单位"), q(n.toUnit)},
                {tr("接收人"), q(n.toPerson)}});
    f.space(5);
    f.text(tr("交接材料"), headingStyle());
    Table t;
    t.columns = {{0.6, false, Qt::AlignHCenter},
                 {3.2, false, Qt::AlignLeft},
                 {1.1, false, Qt::AlignHCenter},
                 {1.1, false, Qt::AlignHCenter},
                 {1.2, false, Qt::AlignLeft}};
    t.headerRows = 1;
    t.rows.push_back({tr("序号"), tr("材料名称"), tr("原件"), tr("复印件"), tr("备注")});
    int i = 0;
    for (const auto& d : n.documents)
        t.rows.push_back({num(++i), q(d.name), num(d.originals), num(d.copies), QString()});
    f.table(t);
    closing(f, q(n.unit.name), date(domain::Date()),
            {{tr("移交人（签字）"), true}, {tr("接收人（签字）"), true}}, false);
    note(f, tr("本交接单一式两份，移交、接收双方各执一份。原件由接收方保管，直至回交申请人。"));
}

void paint(PageFlow& f, const DeliveryReceipt& n) {
    header(f, q(n.unit.name), tr("送达回执"), q(n.documentNumber));
    const QString blankDate = tr("      年    月    日    时    分");
    details(f, {{tr("送达文书"), q(n.resultName)},
                {tr("文书编号"), q(n.resultNumber)},
                {tr("办件编号"), q(n.caseNumber)},
                {tr("事项名称"), q(n.itemName)},
                {tr("申请人"), q(n.applicant), tr("受送达人"), q(n.recipient)},
                {tr("送达方式"), q(n.method), tr("联系电话"), q(n.unit.phone)},
                {tr("送达时间"), n.deliveredAt.empty() ? blankDate : q(n.deliveredAt)},
                {tr("送达地点"), q(n.unit.name)},
                {tr("备注"), QString()}});
    f.space(3);
    f.text(tr("受送达人已收到上述文书（结果），核对无误。"), bodyStyle());
    closing(f, q(n.unit.name), date(n.issued), {{tr("送达人（签字）")}, {tr("受送达人（签字）")}});
    note(f, tr("受送达人拒绝签收的，送达人应在备注栏注明情况。"));
}

void paint(PageFlow& f, const ServiceGuide& g) {
    header(f, q(g.issuer), q(g.name) + tr("办事指南"),
           tr("实施编码：%1    版本：第%2版（%3起施行）")
               .arg(q(g.implementationCode), num(g.version), date(g.effectiveFrom)));
    int section = 0;
    auto heading = [&](const char* title) {
        f.space(2);
        f.keepTogether(f.mm(20)); // never a heading alone at the foot of a page
        f.text(chineseNumber(++section) + tr("、") + tr(title), headingStyle());
    };
    const TextStyle body = bodyStyle();
    TextStyle item = bodyStyle();
    item.firstIndentEm = 2;
    item.hangingEm = 2;

    heading("事项名称");
    details(f, {{tr("事项名称"), q(g.name)},
                {tr("基本编码"), q(g.basicCode), tr("实施编码"), q(g.implementationCode)},
                {tr("事项类型"), q(g.itemType), tr("办件类型"), q(g.caseKind)},
                {tr("服务对象"), q(g.serviceObjects), tr("行使层级"), q(g.levels)},
                {tr("实施主体"), q(g.department), tr("受理窗口"), q(g.window)}});

    heading("实施依据");
    f.text(q(g.legalBasis), body);

    heading("申报条件");
    int i = 0;
    for (const auto& c : g.conditions)
        f.text(tr("%1. %2").arg(num(++i), q(c)), item);
    if (g.conditions.empty())
        f.text(tr("无特别条件。"), body);

    heading("申报材料");
    Table t;
    t.columns = {{0.6, false, Qt::AlignHCenter},  {1.6, false, Qt::AlignLeft},
                 {0.85, false, Qt::AlignHCenter}, {0.7, false, Qt::AlignHCenter},
                 {0.85, false, Qt::AlignHCenter}, {1.0, false, Qt::AlignLeft},
                 {2.4, false, Qt::AlignLeft}};
    t.headerRows = 1;
    t.pt = 10.5;
    t.rows.push_back({tr("序号"), tr("材料名称"), tr("必要性"), tr("原件"), tr("复印件"),
                      tr("来源"), tr("审查要点")});
    i = 0;
    for (const auto& m : g.materials)
        t.rows.push_back({num(++i), q(m.name), m.required ? tr("必要") : tr("非必要"),
                          tr("%1份").arg(m.originals), tr("%1份").arg(m.copies), q(m.source),
                          q(m.reviewPoints)});
    f.table(t);

    heading("办理程序");
    i = 0;
    f.text(tr("%1. 申请与受理：申请人向受理窗口提交申请材料，材料齐全、符合法定形式的予以受理；"
              "材料不全的，一次性告知需要补正的全部材料。")
               .arg(num(++i)),
           item);
    for (const auto& s : g.steps)
        f.text(tr("%1. %2：%3个工作日。").arg(num(++i), q(s.name), num(s.limitDays)), item);
    f.text(tr("%1. 办结与送达：出具办理结果，按申请人选择的方式送达。").arg(num(++i)), item);
    if (!g.handling.empty())
        f.text(tr("办理方式：") + q(g.handling).replace(QLatin1Char('\n'), tr("；")), body);

    heading("办理时限");
    f.text(tr("法定办结时限：%1个工作日；承诺办结时限：%2个工作日。时限自受理之日起计算，"
              "法定节假日不计入。")
               .arg(num(g.legalLimitDays), num(g.promisedLimitDays)),
           body);

    heading("收费依据");
    if (!g.charged)
        f.text(tr("本事项不收费。"), body);
    else
        f.text(q(g.feeBasis) + (g.feeBeforeAccept ? tr("（须在受理前缴清费用。）")
                                                  : tr("（须在办结前缴清费用。）")),
               body);

    heading("收费标准");
    if (!g.charged || g.fees.empty()) {
        f.text(tr("不收费。"), body);
    } else {
        Table fees;
        fees.columns = {{1.6, false, Qt::AlignLeft},
                        {2.2, false, Qt::AlignLeft},
                        {0.9, false, Qt::AlignHCenter},
                        {2.0, false, Qt::AlignLeft}};
        fees.headerRows = 1;
        fees.rows.push_back({tr("收费项目"), tr("收费标准"), tr("可否减免"), tr("减免依据")});
        for (const auto& fee : g.fees)
            fees.rows.push_back({q(fee.name), q(fee.standard),
                                 fee.reducible ? tr("可减免") : tr("不减免"),
                                 q(fee.reductionBasis)});
        f.table(fees);
        f.text(tr("费用通过代收银行缴纳，窗口不收取现金。"), body);
    }

    heading("办理地点和时间");
    f.text(tr("办理地点：") + q(g.place), body);
    if (!g.hours.empty())
        f.text(tr("办理时间：") + q(g.hours), body);

    heading("咨询和监督");
    f.text(tr("咨询电话：%1").arg(q(g.consultPhone)), body);
    f.text(tr("监督投诉电话：%1").arg(q(g.supervisePhone)), body);
}

} // namespace

void paintContent(PageFlow& flow, const Notice& notice) {
    std::visit([&](const auto& n) { paint(flow, n); }, notice);
}

} // namespace bianmin::print::detail
