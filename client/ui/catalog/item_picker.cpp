#include "client/ui/catalog/item_picker.h"

#include "client/ui/catalog/catalog_model.h"
#include "common/domain/pinyin.h"

#include <QApplication>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QVBoxLayout>
#include <algorithm>
#include <optional>

namespace bianmin::ui {
namespace {

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

std::optional<int> rankOf(const OfferedItem& o, std::string_view query) {
    const std::string name = o.item->displayName();
    auto best = domain::matchRank(name, o.initials, o.item->basicCode, query);
    if (const auto byImpl = domain::matchRank(name, o.initials, o.item->implementationCode, query);
        byImpl && (!best || *byImpl < *best))
        best = byImpl;
    return best;
}

// One row: the item's name on the left; its window and a 即办件/承诺件 badge on the right.
class PickerDelegate final : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QSize sizeHint(const QStyleOptionViewItem& option,
                   const QModelIndex& /*index*/) const override {
        const int h = option.fontMetrics.height();
        return {h * 20, h + h * 9 / 10};
    }

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const QString name = opt.text;
        opt.text.clear();
        const QWidget* widget = opt.widget;
        QStyle* style = widget ? widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

        const bool selected = (opt.state & QStyle::State_Selected) != 0;
        const QPalette::ColorGroup group =
            (opt.state & QStyle::State_Active) != 0 ? QPalette::Active : QPalette::Inactive;
        const QColor text =
            opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
        const QFontMetrics& fm = opt.fontMetrics;
        const int pad = fm.height() / 2;
        const QRect r = opt.rect.adjusted(pad, 0, -pad, 0);

        const auto kind = static_cast<domain::CaseKind>(index.data(CaseKindRole).toInt());
        const int days = index.data(PromisedDaysRole).toInt();
        QString badge;
        QColor badgeColor;
        switch (kind) {
        case domain::CaseKind::Immediate:
            badge = ItemPicker::tr("即办件");
            badgeColor = QColor(0x1f, 0x8a, 0x4c);
            break;
        case domain::CaseKind::Promised:
            badge = ItemPicker::tr("承诺件 %n 日", nullptr, days);
            badgeColor = QColor(0x1d, 0x5f, 0xc4);
            break;
        case domain::CaseKind::Other:
            badge = ItemPicker::tr("其他");
            badgeColor = QColor(0x6b, 0x6f, 0x76);
            break;
        }
        const int badgeW = fm.horizontalAdvance(badge) + pad * 2;
        const int badgeH = fm.height() + 4;
        const QRect badgeRect(r.right() - badgeW + 1, r.center().y() - badgeH / 2 + 1, badgeW,
                              badgeH);
        const QString window = ItemPicker::tr("%1窗口").arg(index.data(WindowRole).toString());
        const int windowW = fm.horizontalAdvance(window);
        const QRect windowRect(badgeRect.left() - pad - windowW, r.top(), windowW, r.height());
        const QRect nameRect(r.left(), r.top(), windowRect.left() - pad - r.left(), r.height());

        painter->save();
        painter->setRenderHint(QPainter::Antialiasing, true);
        painter->setPen(text);
        painter->drawText(nameRect, Qt::AlignVCenter | Qt::AlignLeft,
                          fm.elidedText(name, Qt::ElideRight, nameRect.width()));
        QColor dim = text;
        if (!selected)
            dim = opt.palette.color(group, QPalette::PlaceholderText);
        painter->setPen(dim);
        painter->drawText(windowRect, Qt::AlignVCenter | Qt::AlignRight, window);
        painter->setPen(Qt::NoPen);
        painter->setBrush(selected ? QColor(Qt::white) : badgeColor);
        painter->drawRoundedRect(badgeRect, badgeH / 2.0, badgeH / 2.0);
        painter->setPen(selected ? badgeColor : QColor(Qt::white));
        painter->drawText(badgeRect, Qt::AlignCenter, badge);
        painter->restore();
    }

    // Private role of this delegate and ItemMatchModel: the promised limit in working days.
    static constexpr int PromisedDaysRole = CaseKindRole + 100;
};

} // namespace

// --- ItemMatchModel ---

ItemMatchModel::ItemMatchModel(std::shared_ptr<const refdata::ReferenceData> ref,
                               const QString& siteId, domain::Date today, QObject* parent)
    : QAbstractListModel(parent)
    , m_ref(std::move(ref)) {
    const domain::Site* site = m_ref ? m_ref->org.site(siteId.toStdString()) : nullptr;
    if (site)
        for (auto& o : offeredItems(*m_ref, *site, today))
            (o.offerable() ? m_offerable : m_suspended).push_back(std::move(o));
    setQuery({});
}

int ItemMatchModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

void ItemMatchModel::setQuery(const QString& query) {
    const QString trimmed = query.trimmed();
    const std::string q = trimmed.toStdString();
    std::vector<std::pair<int, std::size_t>> ranked;
    for (std::size_t i = 0; i < m_offerable.size(); ++i)
        if (const auto r = rankOf(m_offerable[i], q))
            ranked.emplace_back(*r, i);
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    beginResetModel();
    m_queryText = trimmed;
    m_rows.clear();
    for (const auto& [rank, i] : ranked)
        m_rows.push_back(i);
    m_suspendedMatches.clear();
    if (!q.empty())
        for (const auto& o : m_suspended)
            if (rankOf(o, q))
                m_suspendedMatches << qs(o.item->displayName());
    endResetModel();
}

QVariant ItemMatchModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const OfferedItem& o = m_offerable[m_rows[static_cast<std::size_t>(index.row())]];
    const domain::Item& it = *o.item;
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return qs(it.displayName());
    case Qt::ToolTipRole:
        return o.mode ? ItemPicker::tr("%1：%2").arg(qs(it.displayName()),
                                                     qs(domain::handlingModeName(*o.mode)))
                      : qs(it.displayName());
    case NodeKindRole:
        return static_cast<int>(NodeKind::Item);
    case ItemIdRole:
        return qs(it.id);
    case VersionRole:
        return it.version;
    case CodeRole:
        return qs(it.basicCode);
    case ImplementationCodeRole:
        return qs(it.implementationCode);
    case InitialsRole:
        return qs(o.initials);
    case WindowRole:
        return qs(o.window);
    case StatusRole:
        return qs(std::string(domain::itemStatusKey(it.status)));
    case OfferableRole:
        return true;
    case CaseKindRole:
        return static_cast<int>(it.caseKind);
    case PickerDelegate::PromisedDaysRole:
        return it.promisedLimitDays;
    default:
        return {};
    }
}

// --- ItemPicker ---

ItemPicker::ItemPicker(std::shared_ptr<const refdata::ReferenceData> ref, const QString& siteId,
                       domain::Date today, QWidget* parent)
    : QWidget(parent) {
    m_model = new ItemMatchModel(std::move(ref), siteId, today, this);

    auto* title = new QLabel(tr("选择办理事项"), this);
    QFont titleFont = title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    title->setFont(titleFont);

    m_search = new QLineEdit(this);
    m_search->setPlaceholderText(tr("搜索事项名称、拼音首字母或编码"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("搜索事项"));
    m_search->installEventFilter(this);
    connect(m_search, &QLineEdit::textChanged, this, &ItemPicker::onQueryChanged);

    m_list = new QListView(this);
    m_list->setModel(m_model);
    m_list->setItemDelegate(new PickerDelegate(m_list));
    m_list->setUniformItemSizes(true);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    // The focus stays in the search line; the list follows Up/Down from there.
    m_list->setFocusPolicy(Qt::NoFocus);
    m_list->setAccessibleName(tr("可办理的事项"));
    connect(m_list, &QListView::doubleClicked, this, [this] { chooseCurrent(); });

    m_hint = new QLabel(this);
    m_hint->setWordWrap(true);
    m_hint->setTextFormat(Qt::RichText);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(m_search);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_hint);

    setFocusProxy(m_search);
    onQueryChanged({});
}

QString ItemPicker::currentItemId() const {
    return m_list->currentIndex().data(ItemIdRole).toString();
}

void ItemPicker::setQuery(const QString& query) {
    m_search->setText(query);
}

void ItemPicker::clear() {
    m_search->clear();
    m_search->setFocus(Qt::OtherFocusReason);
}

bool ItemPicker::chooseCurrent() {
    const QModelIndex current = m_list->currentIndex();
    if (!current.isValid())
        return false;
    Q_EMIT itemChosen(current.data(ItemIdRole).toString(), current.data(VersionRole).toInt());
    return true;
}

void ItemPicker::onQueryChanged(const QString& text) {
    m_model->setQuery(text);
    if (m_model->rowCount() > 0)
        m_list->setCurrentIndex(m_model->index(0));
    m_list->scrollToTop();
    updateHint();
}

void ItemPicker::moveCurrent(int delta) {
    const int rows = m_model->rowCount();
    if (rows == 0)
        return;
    const int row = std::clamp(m_list->currentIndex().row() + delta, 0, rows - 1);
    m_list->setCurrentIndex(m_model->index(row));
    m_list->scrollTo(m_model->index(row));
}

void ItemPicker::updateHint() {
    QStringList lines;
    const int n = m_model->rowCount();
    if (m_model->query().isEmpty())
        lines << tr("本处可受理 %n 个事项。", nullptr, n).toHtmlEscaped();
    else if (n == 0)
        lines << tr("没有可受理的匹配事项。").toHtmlEscaped();
    else
        lines << tr("找到 %n 个事项。", nullptr, n).toHtmlEscaped();
    // A suspended item the clerk is looking for: said plainly, in red, so that the applicant can
    // be told at once.
    if (const QStringList s = m_model->suspendedMatches(); !s.isEmpty())
        lines << QStringLiteral("<span style=\"color:#a8071a\"><b>%1</b></span>")
                     .arg(tr("暂停受理，不能新建办件：%1").arg(s.join(tr("、"))).toHtmlEscaped());
    lines << tr("↑↓ 选择 · 回车 确认 · Esc 清空").toHtmlEscaped();
    m_hint->setText(lines.join(QStringLiteral("<br>")));
}

bool ItemPicker::eventFilter(QObject* watched, QEvent* event) {
    if (watched != m_search || event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    const auto* key = static_cast<QKeyEvent*>(event);
    const int page =
        std::max(1, m_list->viewport()->height() / std::max(1, m_list->sizeHintForRow(0)) - 1);
    switch (key->key()) {
    case Qt::Key_Down:
        moveCurrent(1);
        return true;
    case Qt::Key_Up:
        moveCurrent(-1);
        return true;
    case Qt::Key_PageDown:
        moveCurrent(page);
        return true;
    case Qt::Key_PageUp:
        moveCurrent(-page);
        return true;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        chooseCurrent();
        return true;
    case Qt::Key_Escape:
        if (!m_search->text().isEmpty()) {
            m_search->clear();
            return true;
        }
        break;
    default:
        break;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace bianmin::ui
