#include "client/ui/catalog/item_guide_view.h"

#include <QHBoxLayout>
#include <QPushButton>
#include <QStringList>
#include <QTextBrowser>
#include <QTextDocument>
#include <QVBoxLayout>
#include <map>

namespace bianmin::ui {
namespace {

// Escaped catalog text.
QString esc(const std::string& s) {
    return QString::fromStdString(s).toHtmlEscaped();
}

// Escaped, with a placeholder for an empty field so that a missing disclosure is visible.
QString escOr(const std::string& s, const QString& empty) {
    return s.empty() ? QStringLiteral("<span class=\"none\">%1</span>").arg(empty.toHtmlEscaped())
                     : esc(s);
}

QString row(const QString& label, const QString& valueHtml) {
    return QStringLiteral("<tr><td class=\"k\" width=\"20%\" nowrap>%1</td><td>%2</td></tr>")
        .arg(label.toHtmlEscaped(), valueHtml);
}

// A section heading with an anchor (QTextBrowser::scrollToAnchor).
QString heading(const char* anchor, const QString& text) {
    return QStringLiteral("<h2><a name=\"%1\"></a>%2</h2>")
        .arg(QLatin1String(anchor), text.toHtmlEscaped());
}

QString yuan(std::int64_t fen) {
    const std::int64_t abs = fen < 0 ? -fen : fen;
    return QStringLiteral("%1%2.%3")
        .arg(fen < 0 ? QStringLiteral("-") : QString())
        .arg(abs / 100)
        .arg(abs % 100, 2, 10, QLatin1Char('0'));
}

constexpr const char* kStyle = R"(
body { font-size: 10.5pt; color: #1f2329; }
h1 { font-size: 16pt; margin: 0 0 4px 0; }
h2 { font-size: 12pt; margin: 14px 0 4px 0; color: #0b4f9c; }
p { margin: 2px 0; }
.meta { color: #646a73; }
.none { color: #8f959e; }
.warn { background-color: #fdecea; color: #a8071a; }
table.grid { border-collapse: collapse; }
table.grid th { background-color: #eef3fb; font-weight: bold; }
td.k { background-color: #f5f6f7; color: #4e5969; }
)";

} // namespace

ItemGuideView::ItemGuideView(std::shared_ptr<const refdata::ReferenceData> ref,
                             const QString& siteId, QWidget* parent)
    : QWidget(parent)
    , m_ref(std::move(ref)) {
    if (m_ref && !siteId.isEmpty())
        m_site = m_ref->org.site(siteId.toStdString());

    m_browser = new QTextBrowser(this);
    m_browser->setOpenLinks(false);
    m_browser->document()->setDefaultStyleSheet(QString::fromLatin1(kStyle));
    m_browser->document()->setDocumentMargin(12);
    m_browser->setAccessibleName(tr("办事指南"));

    m_print = new QPushButton(tr("打印办事指南"), this);
    m_print->setToolTip(tr("打印本事项的办事指南，交给申请人"));
    m_export = new QPushButton(tr("导出 PDF"), this);
    m_export->setToolTip(tr("将本事项的办事指南保存为 PDF 文件"));
    connect(m_print, &QPushButton::clicked, this, [this] {
        if (hasItem())
            Q_EMIT printGuideRequested(m_itemId, m_version);
    });
    connect(m_export, &QPushButton::clicked, this, [this] {
        if (hasItem())
            Q_EMIT exportGuideRequested(m_itemId, m_version);
    });

    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_print);
    buttons->addWidget(m_export);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_browser, 1);
    layout->addLayout(buttons);

    clear();
}

QString ItemGuideView::plainText() const {
    return m_browser->toPlainText();
}

void ItemGuideView::setHtml(const QString& html) {
    m_html = html;
    m_browser->setHtml(html);
}

void ItemGuideView::clear() {
    m_itemId.clear();
    m_version = 0;
    m_print->setEnabled(false);
    m_export->setEnabled(false);
    setHtml(QStringLiteral("<p class=\"none\">%1</p>")
                .arg(tr("选择一个事项，这里显示它的办事指南（八公开）。").toHtmlEscaped()));
}

bool ItemGuideView::showItem(const QString& itemId, int version) {
    const domain::Item* item =
        m_ref ? m_ref->catalog.version(itemId.toStdString(), version) : nullptr;
    if (!item) {
        clear();
        return false;
    }
    m_itemId = itemId;
    m_version = version;
    setHtml(guideHtml(*item, *m_ref, m_site));
    m_print->setEnabled(true);
    m_export->setEnabled(true);
    return true;
}

QString ItemGuideView::guideHtml(const domain::Item& item, const refdata::ReferenceData& ref,
                                 const domain::Site* site) {
    using domain::CaseKind;
    using domain::Level;
    const QString none = tr("（未公布）");
    const auto days = [](int n) { return tr("%n 个工作日", nullptr, n); };
    const auto levelName = [](Level l) {
        switch (l) {
        case Level::City:
            return tr("县(市)级");
        case Level::Township:
            return tr("镇(乡、街道)级");
        case Level::Village:
            return tr("村(社区)级");
        }
        return QString();
    };
    const auto itemTypeName = [](const std::string& code) {
        static const std::map<std::string, const char*> names = {
            {"01", QT_TR_NOOP("行政许可")},     {"02", QT_TR_NOOP("行政处罚")},
            {"03", QT_TR_NOOP("行政强制")},     {"04", QT_TR_NOOP("行政征收")},
            {"05", QT_TR_NOOP("行政给付")},     {"06", QT_TR_NOOP("行政检查")},
            {"07", QT_TR_NOOP("行政确认")},     {"08", QT_TR_NOOP("行政奖励")},
            {"09", QT_TR_NOOP("行政裁决")},     {"10", QT_TR_NOOP("其他类别事项")},
            {"20", QT_TR_NOOP("公共服务事项")},
        };
        const auto it = names.find(code);
        return it == names.end() ? QString::fromStdString(code) : tr(it->second);
    };
    const auto serviceObjectName = [](const std::string& code) {
        static const std::map<std::string, const char*> names = {
            {"1", QT_TR_NOOP("自然人")},   {"2", QT_TR_NOOP("企业法人")},
            {"3", QT_TR_NOOP("事业法人")}, {"4", QT_TR_NOOP("社会组织法人")},
            {"5", QT_TR_NOOP("行政机关")}, {"6", QT_TR_NOOP("其他组织")},
        };
        const auto it = names.find(code);
        return it == names.end() ? QString::fromStdString(code) : tr(it->second);
    };
    const auto caseKindName = [&](CaseKind k) {
        switch (k) {
        case CaseKind::Immediate:
            return tr("即办件（当场办结）");
        case CaseKind::Promised:
            return tr("承诺件（%1内办结）").arg(days(item.promisedLimitDays));
        case CaseKind::Other:
            return tr("其他（上报件等）");
        }
        return QString();
    };

    QString h;
    h += QStringLiteral("<html><body>");
    h += QStringLiteral("<h1>%1</h1>").arg(esc(item.displayName()));
    h += QStringLiteral("<p class=\"meta\">%1</p>")
             .arg(tr("事项编码 %1 · 第 %2 版 · %3起施行")
                      .arg(QString::fromStdString(item.basicCode), QString::number(item.version),
                           QString::fromStdString(item.effectiveFrom.chinese()))
                      .toHtmlEscaped());
    if (item.status == domain::ItemStatus::Suspended)
        h += QStringLiteral("<p class=\"warn\"><b>%1</b></p>")
                 .arg(tr("本事项自%1起暂停受理，不受理新的申请；已受理的办件继续办理。")
                          .arg(QString::fromStdString(item.effectiveFrom.chinese()))
                          .toHtmlEscaped());
    else if (item.status == domain::ItemStatus::Cancelled)
        h += QStringLiteral("<p class=\"warn\"><b>%1</b></p>")
                 .arg(tr("本事项自%1起已取消。")
                          .arg(QString::fromStdString(item.effectiveFrom.chinese()))
                          .toHtmlEscaped());

    // 一、事项名称 (with the facts that identify the item)
    const domain::Level here = site ? domain::levelOf(site->kind) : Level::Township;
    const std::string window = site && site->kind != domain::SiteKind::Hall
                                   ? ref.org.windowFor(item.department, site->kind)
                                   : item.window;
    QStringList objects;
    for (const auto& so : item.serviceObjects)
        objects << serviceObjectName(so);
    QStringList levels;
    for (const auto l : item.levels)
        levels << levelName(l);
    h += heading("name", tr("一、事项名称"));
    h += QStringLiteral("<table class=\"grid\" border=\"1\" cellspacing=\"0\" cellpadding=\"4\" "
                        "width=\"100%\">");
    h += row(tr("事项名称"), esc(item.name));
    if (!item.variant.empty())
        h += row(tr("业务办理项"), esc(item.variant));
    h += row(tr("基本编码"), escOr(item.basicCode, none));
    h += row(tr("实施编码"), escOr(item.implementationCode, none));
    h += row(tr("事项类型"), itemTypeName(item.itemType).toHtmlEscaped());
    h += row(tr("服务对象"), objects.join(tr("、")).toHtmlEscaped());
    h += row(tr("实施部门"), escOr(item.department, none));
    h += row(tr("办理窗口"), tr("%1窗口").arg(QString::fromStdString(window)).toHtmlEscaped());
    h += row(tr("办件类型"), caseKindName(item.caseKind).toHtmlEscaped());
    h += row(tr("行使层级"), levels.join(tr("、")).toHtmlEscaped());
    h += QStringLiteral("</table>");

    // 二、实施依据
    h += heading("basis", tr("二、实施依据"));
    h += QStringLiteral("<p>%1</p>").arg(escOr(item.legalBasis, none));

    // 三、申报条件
    h += heading("conditions", tr("三、申报条件"));
    if (item.conditions.empty()) {
        h += QStringLiteral("<p class=\"none\">%1</p>").arg(none.toHtmlEscaped());
    } else {
        h += QStringLiteral("<ol>");
        for (const auto& c : item.conditions)
            h += QStringLiteral("<li>%1</li>").arg(esc(c));
        h += QStringLiteral("</ol>");
    }

    // 四、申报材料
    h += heading("materials", tr("四、申报材料"));
    h += QStringLiteral("<table class=\"grid\" border=\"1\" cellspacing=\"0\" cellpadding=\"4\" "
                        "width=\"100%\"><tr>");
    // Widths in percent; the review points take the rest. (Percentages summing to 100 overflow
    // by the cell padding and show a horizontal scroll bar.)
    const std::pair<QString, int> materialColumns[] = {
        {tr("序号"), 5},   {tr("材料名称"), 18}, {tr("必要性"), 8},   {tr("核验原件"), 10},
        {tr("复印件"), 7}, {tr("材料来源"), 14}, {tr("审查要点"), 0},
    };
    for (const auto& [head, width] : materialColumns)
        h += width > 0
                 ? QStringLiteral("<th width=\"%1%\">%2</th>").arg(width).arg(head.toHtmlEscaped())
                 : QStringLiteral("<th>%1</th>").arg(head.toHtmlEscaped());
    h += QStringLiteral("</tr>");
    int n = 0;
    for (const auto& m : item.materials) {
        const QString originals =
            m.originals > 0 ? tr("%n 份", nullptr, m.originals) : tr("不需要");
        const QString copies = m.copies > 0 ? tr("%n 份", nullptr, m.copies) : tr("不需要");
        h += QStringLiteral("<tr><td align=\"center\">%1</td><td>%2</td><td>%3</td><td>%4</td>"
                            "<td>%5</td><td>%6</td><td>%7</td></tr>")
                 .arg(QString::number(++n), esc(m.name),
                      (m.required ? tr("必要") : tr("非必要")).toHtmlEscaped(),
                      originals.toHtmlEscaped(), copies.toHtmlEscaped(), escOr(m.source, none),
                      escOr(m.reviewPoints, none));
    }
    h += QStringLiteral("</table>");

    // 五、办理程序
    h += heading("procedure", tr("五、办理程序"));
    h += QStringLiteral("<table class=\"grid\" border=\"1\" cellspacing=\"0\" cellpadding=\"4\" "
                        "width=\"100%\">");
    for (const auto l : item.levels) {
        const auto mode = item.modeAt(l);
        QString text = mode ? QString::fromStdString(domain::handlingModeName(*mode)) : none;
        if (site && l == here)
            text += tr("（本级）");
        h += row(levelName(l), text.toHtmlEscaped());
    }
    QStringList flow{tr("受理")};
    for (const auto& st : item.steps) {
        const QString step = QString::fromStdString(domain::stepName(st.step));
        flow << (st.limitDays > 0 ? tr("%1（%2）").arg(step, days(st.limitDays))
                                  : tr("%1（当场）").arg(step));
    }
    flow << tr("办结");
    h += row(tr("办理流程"), flow.join(QStringLiteral(" → ")).toHtmlEscaped());
    h += QStringLiteral("</table>");

    // 六、承诺时限
    h += heading("limits", tr("六、承诺时限"));
    h += QStringLiteral("<table class=\"grid\" border=\"1\" cellspacing=\"0\" cellpadding=\"4\" "
                        "width=\"100%\">");
    h += row(tr("法定办结时限"), days(item.legalLimitDays).toHtmlEscaped());
    h +=
        row(tr("承诺办结时限"), (item.caseKind == CaseKind::Immediate || item.promisedLimitDays == 0
                                     ? tr("即办，当场办结")
                                     : days(item.promisedLimitDays))
                                    .toHtmlEscaped());
    h += row(tr("计算方式"),
             tr("自受理之日起按工作日计算，法定节假日不计；特别程序（听证、公示等）时间不计入。")
                 .toHtmlEscaped());
    h += QStringLiteral("</table>");

    // 七、收费依据 and 八、收费标准
    h += heading("feeBasis", tr("七、收费依据"));
    if (!item.fee.charged) {
        h += QStringLiteral("<p>%1</p>").arg(tr("不收费").toHtmlEscaped());
    } else {
        h += QStringLiteral("<p>%1</p>").arg(escOr(item.fee.basis, none));
        h += QStringLiteral("<p>%1</p>")
                 .arg((item.feeBeforeAccept ? tr("费用须在受理前通过代收银行缴清。")
                                            : tr("费用须在办结前通过代收银行缴清。"))
                          .toHtmlEscaped());
    }
    h += heading("feeStandard", tr("八、收费标准"));
    if (!item.fee.charged) {
        h += QStringLiteral("<p>%1</p>").arg(tr("不收费").toHtmlEscaped());
    } else {
        h += QStringLiteral("<table class=\"grid\" border=\"1\" cellspacing=\"0\" "
                            "cellpadding=\"4\" width=\"100%\"><tr>");
        for (const QString& head : {tr("收费项目"), tr("收费标准"), tr("金额（元）"), tr("减免")})
            h += QStringLiteral("<th>%1</th>").arg(head.toHtmlEscaped());
        h += QStringLiteral("</tr>");
        for (const auto& f : item.fee.items) {
            const QString reduce =
                f.reducible
                    ? (f.reductionBasis.empty()
                           ? tr("允许减免")
                           : tr("允许减免：%1").arg(QString::fromStdString(f.reductionBasis)))
                    : tr("不减免");
            h += QStringLiteral("<tr><td>%1</td><td>%2</td><td align=\"right\">%3</td>"
                                "<td>%4</td></tr>")
                     .arg(esc(f.name), escOr(f.standard, none), yuan(f.amountFen),
                          reduce.toHtmlEscaped());
        }
        h += QStringLiteral("<tr><th colspan=\"2\">%1</th><td align=\"right\"><b>%2</b></td>"
                            "<td></td></tr>")
                 .arg(tr("合计").toHtmlEscaped(), yuan(item.fee.totalFen()));
        h += QStringLiteral("</table>");
    }

    // Place and phones
    h += heading("place", tr("办理地点与咨询投诉"));
    h += QStringLiteral("<table class=\"grid\" border=\"1\" cellspacing=\"0\" cellpadding=\"4\" "
                        "width=\"100%\">");
    h += row(tr("办理地点"), escOr(item.place, none));
    if (site)
        h += row(tr("本处办理"),
                 tr("%1 %2窗口")
                     .arg(QString::fromStdString(site->name), QString::fromStdString(window))
                     .toHtmlEscaped());
    h += row(tr("咨询电话"), escOr(item.consultPhone, none));
    h += row(tr("监督投诉电话"), escOr(item.supervisePhone, none));
    h += QStringLiteral("</table>");
    h += QStringLiteral("</body></html>");
    return h;
}

} // namespace bianmin::ui
