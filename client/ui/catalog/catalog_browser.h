#pragma once
// The catalog page (事项目录): a search box, the site's windows and items as a tree, and the guide
// of the chosen item beside them. Made for the keyboard of a busy counter: typing filters at once
// (name, pinyin initials or code) and opens every window that still has a match; Enter in the
// search box shows the best match; Down moves into the tree onto the first match, Up on its first
// row goes back; moving through the tree previews each item's guide, Enter on an item shows it and
// moves the focus to the guide (PageUp/PageDown scroll it). Escape steps back: guide -> tree ->
// search box, where it clears the search. Ctrl+F focuses the search box from anywhere on the page.
//
// Threading: GUI thread only. Reads the shared, immutable ReferenceData; never runs SQL.
#ifndef Q_MOC_RUN
#include "common/refdata/reference_files.h"
#endif

#include <QString>
#include <QWidget>
#include <memory>

class QLabel;
class QLineEdit;
class QModelIndex;
class QSplitter;
class QTreeView;

namespace bianmin::ui {

class CatalogModel;
class CatalogFilterModel;
class ItemGuideView;

class CatalogBrowser final : public QWidget {
    Q_OBJECT
public:
    // The items `siteId` offers on `today`.
    CatalogBrowser(const std::shared_ptr<const refdata::ReferenceData>& ref, const QString& siteId,
                   domain::Date today, QWidget* parent = nullptr);

    CatalogModel* catalogModel() const { return m_model; }
    CatalogFilterModel* filterModel() const { return m_filter; }
    QLineEdit* searchEdit() const { return m_search; }
    QTreeView* treeView() const { return m_tree; }
    ItemGuideView* guideView() const { return m_guide; }

public Q_SLOTS:
    void setQuery(const QString& query);
    // Selects an item in the tree (clearing a filter that hides it) and shows its guide; false
    // when this site does not list the item.
    bool showItem(const QString& itemId);
    void focusSearch();

Q_SIGNALS:
    void itemShown(QString itemId, int version);
    // Forwarded from the guide view.
    void printGuideRequested(QString itemId, int version);
    void exportGuideRequested(QString itemId, int version);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void onQueryChanged(const QString& text);
    void onCurrentChanged(const QModelIndex& current);
    // Shows the guide of the item at a proxy index; false for a window row.
    bool showIndex(const QModelIndex& proxyIndex);
    // The first item row of the filtered tree, or an invalid index.
    QModelIndex firstItem() const;
    void updateStatus();

    CatalogModel* m_model = nullptr;
    CatalogFilterModel* m_filter = nullptr;
    QLineEdit* m_search = nullptr;
    QLabel* m_status = nullptr;
    QTreeView* m_tree = nullptr;
    ItemGuideView* m_guide = nullptr;
    QSplitter* m_splitter = nullptr;
};

} // namespace bianmin::ui
