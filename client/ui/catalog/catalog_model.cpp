#include "client/ui/catalog/catalog_model.h"

#include "common/domain/pinyin.h"

#include <QBrush>
#include <QFont>
#include <QGuiApplication>
#include <QPalette>
#include <algorithm>

namespace bianmin::ui {
namespace {

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

// Window rows carry internal id 0; item rows carry their window's row + 1.
constexpr quintptr kWindowId = 0;

} // namespace

CatalogModel::CatalogModel(std::shared_ptr<const refdata::ReferenceData> ref, const QString& siteId,
                           domain::Date today, QObject* parent)
    : QAbstractItemModel(parent)
    , m_ref(std::move(ref)) {
    if (!m_ref)
        return;
    m_site = m_ref->org.site(siteId.toStdString());
    if (!m_site)
        return;
    m_items = offeredItems(*m_ref, *m_site, today);
    for (const auto& window : windowOrder(*m_ref, *m_site, m_items)) {
        WindowNode node{qs(window), {}};
        for (std::size_t i = 0; i < m_items.size(); ++i)
            if (m_items[i].window == window)
                node.items.push_back(i);
        if (!node.items.empty())
            m_windows.push_back(std::move(node));
    }
}

QModelIndex CatalogModel::index(int row, int column, const QModelIndex& parent) const {
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid()) {
        if (static_cast<std::size_t>(row) >= m_windows.size())
            return {};
        return createIndex(row, column, kWindowId);
    }
    if (parent.internalId() != kWindowId || parent.column() != 0)
        return {};
    const auto& node = m_windows[static_cast<std::size_t>(parent.row())];
    if (static_cast<std::size_t>(row) >= node.items.size())
        return {};
    return createIndex(row, column, static_cast<quintptr>(parent.row()) + 1);
}

QModelIndex CatalogModel::parent(const QModelIndex& child) const {
    if (!child.isValid() || child.internalId() == kWindowId)
        return {};
    return createIndex(static_cast<int>(child.internalId() - 1), 0, kWindowId);
}

int CatalogModel::rowCount(const QModelIndex& parent) const {
    if (!parent.isValid())
        return static_cast<int>(m_windows.size());
    if (parent.internalId() != kWindowId || parent.column() != 0)
        return 0;
    return static_cast<int>(m_windows[static_cast<std::size_t>(parent.row())].items.size());
}

int CatalogModel::columnCount(const QModelIndex& /*parent*/) const {
    return ColumnCount;
}

const OfferedItem* CatalogModel::itemAt(const QModelIndex& index) const {
    if (!index.isValid() || index.model() != this || index.internalId() == kWindowId)
        return nullptr;
    const auto& node = m_windows[static_cast<std::size_t>(index.internalId() - 1)];
    return &m_items[node.items[static_cast<std::size_t>(index.row())]];
}

QModelIndex CatalogModel::indexOfItem(const QString& itemId) const {
    const std::string id = itemId.toStdString();
    for (std::size_t w = 0; w < m_windows.size(); ++w) {
        const auto& ids = m_windows[w].items;
        for (std::size_t r = 0; r < ids.size(); ++r)
            if (m_items[ids[r]].item->id == id)
                return createIndex(static_cast<int>(r), 0, static_cast<quintptr>(w) + 1);
    }
    return {};
}

std::optional<int> CatalogModel::matchRank(const QModelIndex& index, std::string_view query) const {
    const OfferedItem* o = itemAt(index);
    if (!o)
        return std::nullopt;
    const std::string name = o->item->displayName();
    auto best = domain::matchRank(name, o->initials, o->item->basicCode, query);
    if (const auto byImpl =
            domain::matchRank(name, o->initials, o->item->implementationCode, query);
        byImpl && (!best || *byImpl < *best))
        best = byImpl;
    return best;
}

QVariant CatalogModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.model() != this)
        return {};
    if (index.internalId() == kWindowId) {
        const auto& node = m_windows[static_cast<std::size_t>(index.row())];
        switch (role) {
        case Qt::DisplayRole:
            return index.column() == NameColumn ? tr("%1窗口").arg(node.name) : QVariant();
        case Qt::ToolTipRole:
            return tr("%1窗口：%n 个事项", nullptr, static_cast<int>(node.items.size()))
                .arg(node.name);
        case Qt::FontRole: {
            QFont f = QGuiApplication::font();
            f.setBold(true);
            return f;
        }
        case NodeKindRole:
            return static_cast<int>(NodeKind::Window);
        case WindowRole:
        case NameRole:
            return node.name;
        default:
            return {};
        }
    }
    const OfferedItem* o = itemAt(index);
    if (!o)
        return {};
    const domain::Item& it = *o->item;
    const bool suspended = it.status == domain::ItemStatus::Suspended;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return suspended ? tr("%1（暂停受理）").arg(qs(it.displayName()))
                             : qs(it.displayName());
        case KindColumn:
            switch (it.caseKind) {
            case domain::CaseKind::Immediate:
                return tr("即办件");
            case domain::CaseKind::Promised:
                return tr("承诺件 %n 个工作日", nullptr, it.promisedLimitDays);
            case domain::CaseKind::Other:
                return tr("其他");
            }
            return {};
        case CodeColumn:
            return qs(it.basicCode);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (suspended)
            return tr("自%1起暂停受理，不受理新的申请")
                .arg(QString::fromStdString(it.effectiveFrom.chinese()));
        return o->mode ? QStringLiteral("%1 · %2").arg(qs(it.displayName()),
                                                       qs(domain::handlingModeName(*o->mode)))
                       : qs(it.displayName());
    case Qt::ForegroundRole:
        if (suspended)
            return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        return {};
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
        return qs(o->initials);
    case NameRole:
        return qs(it.displayName());
    case WindowRole:
        return qs(o->window);
    case StatusRole:
        return qs(std::string(domain::itemStatusKey(it.status)));
    case OfferableRole:
        return o->offerable();
    case CaseKindRole:
        return static_cast<int>(it.caseKind);
    default:
        return {};
    }
}

QVariant CatalogModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("事项名称");
    case KindColumn:
        return tr("办件类型");
    case CodeColumn:
        return tr("事项编码");
    default:
        return {};
    }
}

Qt::ItemFlags CatalogModel::flags(const QModelIndex& index) const {
    if (!index.isValid())
        return Qt::NoItemFlags;
    // Suspended items stay selectable so that their guide (and the suspension) can be read.
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.internalId() != kWindowId)
        f |= Qt::ItemNeverHasChildren;
    return f;
}

QHash<int, QByteArray> CatalogModel::roleNames() const {
    QHash<int, QByteArray> names = QAbstractItemModel::roleNames();
    names.insert(NodeKindRole, "nodeKind");
    names.insert(ItemIdRole, "itemId");
    names.insert(VersionRole, "version");
    names.insert(CodeRole, "code");
    names.insert(ImplementationCodeRole, "implementationCode");
    names.insert(InitialsRole, "initials");
    names.insert(NameRole, "name");
    names.insert(WindowRole, "window");
    names.insert(StatusRole, "status");
    names.insert(OfferableRole, "offerable");
    names.insert(CaseKindRole, "caseKind");
    return names;
}

// --- CatalogFilterModel ---

CatalogFilterModel::CatalogFilterModel(CatalogModel* source, QObject* parent)
    : QSortFilterProxyModel(parent)
    , m_catalog(source) {
    setRecursiveFilteringEnabled(true); // a window shows while one of its items matches
    setSourceModel(source);
}

void CatalogFilterModel::setQuery(const QString& query) {
    const QString trimmed = query.trimmed();
    if (trimmed == m_queryText)
        return;
    m_queryText = trimmed;
    m_query = trimmed.toStdString();
    invalidateFilter();
}

int CatalogFilterModel::matchCount() const {
    int n = 0;
    for (int w = 0; w < rowCount(); ++w)
        n += rowCount(index(w, 0));
    return n;
}

bool CatalogFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    if (m_query.empty())
        return true;
    if (!sourceParent.isValid())
        return false; // a window row: shown through its items (recursive filtering)
    return m_catalog->matchRank(m_catalog->index(sourceRow, 0, sourceParent), m_query).has_value();
}

} // namespace bianmin::ui
