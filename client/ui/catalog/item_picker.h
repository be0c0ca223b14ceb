#pragma once
// The first step of a new case (新建办件): choose the item. A search line and, under it, the items
// this site may accept a new case for today, best match first (pinyin.h's matchRank: "gl" puts
// 高龄补贴申请 on top), each with its window and a 即办件/承诺件 badge. Keyboard only: typing
// filters and highlights the best match, Up/Down/PageUp/PageDown move the highlight while the focus
// stays in the search line, Enter chooses, Escape clears. Suspended and cancelled items are never
// offered; when the query matches a suspended item the picker says so, so that the clerk can tell
// the applicant instead of searching on.
//
// ItemMatchModel is the list behind it, usable (and tested) on its own.
//
// Threading: GUI thread only. Reads the shared, immutable ReferenceData; never runs SQL.
#ifndef Q_MOC_RUN
#include "client/ui/catalog/offered_items.h"
#include "common/refdata/reference_files.h"
#endif

#include <QAbstractListModel>
#include <QString>
#include <QWidget>
#include <memory>
#include <vector>

class QLabel;
class QLineEdit;
class QListView;

namespace bianmin::ui {

// The offerable items of a site matching a query, best first (rank, then catalog order). Rows carry
// the CatalogRole data of catalog_model.h.
class ItemMatchModel final : public QAbstractListModel {
    Q_OBJECT
public:
    ItemMatchModel(std::shared_ptr<const refdata::ReferenceData> ref, const QString& siteId,
                   domain::Date today, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    QString query() const { return m_queryText; }
    void setQuery(const QString& query);
    // Display names of the suspended items the query matches (never rows of the model).
    QStringList suspendedMatches() const { return m_suspendedMatches; }
    // How many items the site may accept a new case for (the rows of an empty query).
    int offerableCount() const { return static_cast<int>(m_offerable.size()); }

private:
    std::shared_ptr<const refdata::ReferenceData> m_ref;
    std::vector<OfferedItem> m_offerable;
    std::vector<OfferedItem> m_suspended;
    std::vector<std::size_t> m_rows; // indexes into m_offerable, in display order
    QString m_queryText;
    QStringList m_suspendedMatches;
};

class ItemPicker final : public QWidget {
    Q_OBJECT
public:
    ItemPicker(std::shared_ptr<const refdata::ReferenceData> ref, const QString& siteId,
               domain::Date today, QWidget* parent = nullptr);

    QLineEdit* searchEdit() const { return m_search; }
    QListView* listView() const { return m_list; }
    ItemMatchModel* matchModel() const { return m_model; }
    // The highlighted item's id, empty when nothing matches.
    QString currentItemId() const;

public Q_SLOTS:
    void setQuery(const QString& query);
    // Empties the search line and puts the focus there: ready for the next applicant.
    void clear();
    // Emits itemChosen for the highlighted item; false when there is none.
    bool chooseCurrent();

Q_SIGNALS:
    void itemChosen(QString itemId, int version);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void onQueryChanged(const QString& text);
    void moveCurrent(int delta);
    void updateHint();

    ItemMatchModel* m_model = nullptr;
    QLineEdit* m_search = nullptr;
    QListView* m_list = nullptr;
    QLabel* m_hint = nullptr;
};

} // namespace bianmin::ui
