#pragma once
// The catalog as a site sees it, for the catalog browser: a two-level tree, the site's windows at
// the top and under each window the items it takes (offered_items.h decides which: the site's
// level, the version in force, no cancelled items; suspended items greyed, with the reason as tool
// tip). Columns: 0 name, 1 办件类型 with the promised limit, 2 basic code. The model is built once
// from the immutable ReferenceData and never changes; new reference data means a new model.
//
// CatalogFilterModel narrows it to the items matching a search text (pinyin.h's matchRank, against
// the name, the pinyin initials, the basic and the implementation code); a window stays visible
// while any of its items matches.
//
// Threading: GUI thread only. Neither class runs SQL: they read the shared, immutable
// ReferenceData.

// moc (Qt 6.4) cannot parse the C++20 library headers the domain headers pull in, and needs nothing
// from them, so they are hidden from it.
#ifndef Q_MOC_RUN
#include "client/ui/catalog/offered_items.h"
#include "common/refdata/reference_files.h"
#endif

#include <QAbstractItemModel>
#include <QSortFilterProxyModel>
#include <QString>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bianmin::ui {

// Data roles of the catalog models (CatalogModel and ItemPicker's list).
enum CatalogRole : int {
    NodeKindRole = Qt::UserRole + 1, // NodeKind as int
    ItemIdRole,                      // QString
    VersionRole,                     // int
    CodeRole,                        // QString, 基本编码
    ImplementationCodeRole,          // QString, 实施编码
    InitialsRole,                    // QString, pinyin initials of the display name
    NameRole,                        // QString, display name without any status note
    WindowRole,                      // QString, the window at this site
    StatusRole,                      // QString, "active" / "suspended"
    OfferableRole,                   // bool: new cases may be accepted
    CaseKindRole,                    // int, domain::CaseKind
};
enum class NodeKind { Window = 1, Item = 2 };

class CatalogModel final : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { NameColumn = 0, KindColumn = 1, CodeColumn = 2, ColumnCount = 3 };

    // The items `siteId` offers on `today`. An unknown site gives an empty model.
    CatalogModel(std::shared_ptr<const refdata::ReferenceData> ref, const QString& siteId,
                 domain::Date today, QObject* parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QHash<int, QByteArray> roleNames() const override;

    const domain::Site* site() const { return m_site; }
    const std::shared_ptr<const refdata::ReferenceData>& reference() const { return m_ref; }
    // Every offered item, in catalog order (ItemPicker ranks these).
    const std::vector<OfferedItem>& items() const { return m_items; }
    // The offered item at an item index (of this model), or nullptr for a window row.
    const OfferedItem* itemAt(const QModelIndex& index) const;
    // The index (column 0) of an item by id, or an invalid index when the site does not list it.
    QModelIndex indexOfItem(const QString& itemId) const;
    // How well an item row matches `query` (pinyin.h's matchRank), nullopt for none or a window.
    std::optional<int> matchRank(const QModelIndex& index, std::string_view query) const;

private:
    struct WindowNode {
        QString name;
        std::vector<std::size_t> items; // indexes into m_items
    };

    std::shared_ptr<const refdata::ReferenceData> m_ref;
    const domain::Site* m_site = nullptr;
    std::vector<OfferedItem> m_items;
    std::vector<WindowNode> m_windows; // only windows with at least one item
};

// Filters a CatalogModel by search text; see the file comment.
class CatalogFilterModel final : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit CatalogFilterModel(CatalogModel* source, QObject* parent = nullptr);

    QString query() const { return m_queryText; }
    // The number of item rows that pass the filter.
    int matchCount() const;

public Q_SLOTS:
    void setQuery(const QString& query);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    CatalogModel* m_catalog;
    QString m_queryText;
    std::string m_query; // trimmed UTF-8
};

} // namespace bianmin::ui
