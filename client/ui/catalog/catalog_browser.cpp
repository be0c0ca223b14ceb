#include "client/ui/catalog/catalog_browser.h"

#include "client/ui/catalog/catalog_model.h"
#include "client/ui/catalog/item_guide_view.h"

#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QShortcut>
#include <QSplitter>
#include <QTextBrowser>
#include <QTreeView>
#include <QVBoxLayout>
#include <algorithm>

namespace bianmin::ui {

CatalogBrowser::CatalogBrowser(const std::shared_ptr<const refdata::ReferenceData>& ref,
                               const QString& siteId, domain::Date today, QWidget* parent)
    : QWidget(parent) {
    m_model = new CatalogModel(ref, siteId, today, this);
    m_filter = new CatalogFilterModel(m_model, this);

    m_search = new QLineEdit(this);
    m_search->setPlaceholderText(tr("搜索事项名称、拼音首字母或编码"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("搜索事项"));
    m_search->installEventFilter(this);
    connect(m_search, &QLineEdit::textChanged, this, &CatalogBrowser::onQueryChanged);

    m_tree = new QTreeView(this);
    m_tree->setModel(m_filter);
    m_tree->setUniformRowHeights(true);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->setAllColumnsShowFocus(true);
    m_tree->setAccessibleName(tr("事项目录"));
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(CatalogModel::NameColumn, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(CatalogModel::KindColumn, QHeaderView::ResizeToContents);
    // The code is searchable but takes room a 1366-pixel screen lacks; the guide shows it.
    m_tree->setColumnHidden(CatalogModel::CodeColumn, true);
    m_tree->expandAll();
    m_tree->installEventFilter(this);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) { onCurrentChanged(current); });
    connect(m_tree, &QTreeView::clicked, this, [this](const QModelIndex& i) { showIndex(i); });

    m_status = new QLabel(this);
    m_status->setForegroundRole(QPalette::PlaceholderText);

    m_guide = new ItemGuideView(ref, siteId, this);
    m_guide->browser()->installEventFilter(this);
    connect(m_guide, &ItemGuideView::printGuideRequested, this,
            &CatalogBrowser::printGuideRequested);
    connect(m_guide, &ItemGuideView::exportGuideRequested, this,
            &CatalogBrowser::exportGuideRequested);

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_search);
    leftLayout->addWidget(m_tree, 1);
    leftLayout->addWidget(m_status);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->addWidget(left);
    m_splitter->addWidget(m_guide);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setSizes({420, 700});

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_splitter);

    auto* find = new QShortcut(QKeySequence::Find, this);
    find->setContext(Qt::WidgetWithChildrenShortcut);
    connect(find, &QShortcut::activated, this, &CatalogBrowser::focusSearch);

    setFocusProxy(m_search);
    updateStatus();
}

void CatalogBrowser::setQuery(const QString& query) {
    m_search->setText(query); // textChanged filters
}

void CatalogBrowser::focusSearch() {
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void CatalogBrowser::onQueryChanged(const QString& text) {
    m_filter->setQuery(text);
    m_tree->expandAll();
    updateStatus();
}

void CatalogBrowser::updateStatus() {
    const auto& items = m_model->items();
    const int offerable = static_cast<int>(
        std::count_if(items.begin(), items.end(), [](const auto& o) { return o.offerable(); }));
    const int suspended = static_cast<int>(items.size()) - offerable;
    if (m_filter->query().isEmpty())
        m_status->setText(
            suspended == 0
                ? tr("本处可办 %n 个事项", nullptr, offerable)
                : tr("本处可办 %1 个事项，另有 %2 个暂停受理").arg(offerable).arg(suspended));
    else if (const int n = m_filter->matchCount(); n == 0)
        m_status->setText(tr("没有匹配“%1”的事项").arg(m_filter->query()));
    else
        m_status->setText(tr("找到 %n 个事项", nullptr, n));
}

QModelIndex CatalogBrowser::firstItem() const {
    for (int w = 0; w < m_filter->rowCount(); ++w) {
        const QModelIndex window = m_filter->index(w, 0);
        if (m_filter->rowCount(window) > 0)
            return m_filter->index(0, 0, window);
    }
    return {};
}

void CatalogBrowser::onCurrentChanged(const QModelIndex& current) {
    // A preview while the user moves through the tree; not when the filter moves the current row
    // away from a row it hides while the user types.
    if (m_tree->hasFocus())
        showIndex(current);
}

bool CatalogBrowser::showIndex(const QModelIndex& proxyIndex) {
    const OfferedItem* o = m_model->itemAt(m_filter->mapToSource(proxyIndex.siblingAtColumn(0)));
    if (!o)
        return false;
    const QString id = QString::fromStdString(o->item->id);
    if (m_guide->itemId() != id || m_guide->version() != o->item->version) {
        m_guide->showItem(id, o->item->version);
        Q_EMIT itemShown(id, o->item->version);
    }
    return true;
}

bool CatalogBrowser::showItem(const QString& itemId) {
    const QModelIndex source = m_model->indexOfItem(itemId);
    if (!source.isValid())
        return false;
    QModelIndex proxy = m_filter->mapFromSource(source);
    if (!proxy.isValid()) { // hidden by the search: clear it
        m_search->clear();
        proxy = m_filter->mapFromSource(source);
    }
    m_tree->setCurrentIndex(proxy);
    m_tree->scrollTo(proxy);
    return showIndex(proxy);
}

bool CatalogBrowser::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    const auto* key = static_cast<QKeyEvent*>(event);
    const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;

    if (watched == m_search) {
        if (key->key() == Qt::Key_Down) {
            const QModelIndex first = firstItem();
            if (first.isValid()) {
                m_tree->setFocus(Qt::TabFocusReason);
                m_tree->setCurrentIndex(first);
            }
            return true;
        }
        if (enter) {
            // The first match, so that typing a name and Enter is enough.
            const QModelIndex first = firstItem();
            if (first.isValid()) {
                m_tree->setCurrentIndex(first);
                showIndex(first);
            }
            return true;
        }
        if (key->key() == Qt::Key_Escape && !m_search->text().isEmpty()) {
            m_search->clear();
            return true;
        }
    } else if (watched == m_tree) {
        const QModelIndex current = m_tree->currentIndex();
        if (enter) {
            if (showIndex(current))
                m_guide->browser()->setFocus(Qt::OtherFocusReason);
            else if (current.isValid())
                m_tree->setExpanded(current.siblingAtColumn(0),
                                    !m_tree->isExpanded(current.siblingAtColumn(0)));
            return true;
        }
        if (key->key() == Qt::Key_Escape ||
            (key->key() == Qt::Key_Up && !m_tree->indexAbove(current).isValid())) {
            focusSearch();
            return true;
        }
    } else if (watched == m_guide->browser()) {
        if (key->key() == Qt::Key_Escape) {
            m_tree->setFocus(Qt::OtherFocusReason);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace bianmin::ui
