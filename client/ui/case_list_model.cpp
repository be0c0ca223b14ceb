#include "client/ui/case_list_model.h"

#include "client/ui/ui_text.h"

#include <QBrush>
#include <QColor>

namespace bianmin::ui {

QString lightName(domain::Light light) {
    return lightText(light);
}

QColor lightColor(domain::Light light) {
    switch (light) {
    case domain::Light::Normal:
        return {0x2e, 0x7d, 0x32};
    case domain::Light::Warning:
        return {0xf9, 0xa8, 0x25};
    case domain::Light::Yellow:
        return {0xef, 0x6c, 0x00};
    case domain::Light::Red:
    case domain::Light::Severe:
        return {0xc6, 0x28, 0x28};
    }
    return Qt::black;
}

QString formatInstant(domain::Instant t) {
    if (t <= 0)
        return {};
    return QDateTime::fromMSecsSinceEpoch(t).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString formatDate(const domain::Date& d) {
    return QString::fromStdString(d.iso());
}

CaseListModel::CaseListModel(client::StoreClient& store, QObject* parent)
    : QAbstractTableModel(parent)
    , m_store(store) {
    connect(&m_store, &client::StoreClient::searchFinished, this, &CaseListModel::onPage);
    connect(&m_store, &client::StoreClient::failed, this, &CaseListModel::onFailed);
}

void CaseListModel::setQuery(const store::SearchQuery& query) {
    m_query = query;
    m_query.after.clear();
    m_replace = true;
    m_pending = m_store.search(m_query);
}

const store::CaseRow* CaseListModel::rowAt(int row) const {
    if (row < 0 || static_cast<std::size_t>(row) >= m_rows.size())
        return nullptr;
    return &m_rows[static_cast<std::size_t>(row)];
}

int CaseListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int CaseListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CaseListModel::data(const QModelIndex& index, int role) const {
    const store::CaseRow* r = index.isValid() ? rowAt(index.row()) : nullptr;
    if (!r)
        return {};
    if (role == CaseIdRole)
        return QString::fromStdString(r->caseId);
    if (role == Qt::ForegroundRole && index.column() == Light)
        return QBrush(lightColor(r->light));
    if (role == Qt::ToolTipRole && r->conflict)
        return tr("此办件有待处理的冲突");
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Number:
        return QString::fromStdString(r->officialNumber.empty() ? r->provisionalNumber
                                                                : r->officialNumber) +
               (r->conflict ? QStringLiteral(" ⚠") : QString());
    case Item:
        return QString::fromStdString(r->itemName);
    case Applicant:
        return QString::fromStdString(r->applicantName);
    case Status:
        return statusText(r->status);
    case Light:
        return domain::isFinal(r->status) ? QString() : QStringLiteral("● ") + lightText(r->light);
    case Received:
        return formatInstant(r->receivedAt);
    case Due:
        return r->due ? formatDate(*r->due) : QString();
    case Window:
        return QString::fromStdString(r->window);
    default:
        return {};
    }
}

QVariant CaseListModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, o, role);
    switch (section) {
    case Number:
        return tr("办件编号");
    case Item:
        return tr("事项");
    case Applicant:
        return tr("申请人");
    case Status:
        return tr("状态");
    case Light:
        return tr("时限");
    case Received:
        return tr("收件时间");
    case Due:
        return tr("承诺办结日");
    case Window:
        return tr("窗口");
    default:
        return {};
    }
}

bool CaseListModel::canFetchMore(const QModelIndex& parent) const {
    return !parent.isValid() && !m_next.empty() && m_pending == 0;
}

void CaseListModel::fetchMore(const QModelIndex& parent) {
    if (!canFetchMore(parent))
        return;
    store::SearchQuery q = m_query;
    q.after = m_next;
    m_replace = false;
    m_pending = m_store.search(q);
}

void CaseListModel::onPage(client::RequestId id, const store::SearchPage& page) {
    if (id != m_pending)
        return; // superseded
    m_pending = 0;
    if (m_replace) {
        beginResetModel();
        m_rows = page.rows;
        m_next = page.next;
        endResetModel();
    } else if (!page.rows.empty()) {
        const int first = static_cast<int>(m_rows.size());
        beginInsertRows({}, first, first + static_cast<int>(page.rows.size()) - 1);
        m_rows.insert(m_rows.end(), page.rows.begin(), page.rows.end());
        m_next = page.next;
        endInsertRows();
    } else {
        m_next = page.next;
    }
    Q_EMIT pageLoaded(static_cast<int>(m_rows.size()));
}

void CaseListModel::onFailed(client::RequestId id, client::StoreOp op, const domain::Error& e) {
    if (id != m_pending || op != client::StoreOp::Search)
        return;
    m_pending = 0;
    Q_EMIT loadFailed(QString::fromStdString(e.message));
}

} // namespace bianmin::ui
