#pragma once
// The case list as a table model, page by page from the store worker (issue #5): setQuery asks
// for the first page; the view's scrolling asks for more (canFetchMore/fetchMore) with the
// keyset cursor of the last page. Every answer arrives as a queued signal; an answer to anything
// but the latest request is dropped, so typing fast never shows an older search's rows. The GUI
// thread never waits: until a page arrives the model simply has the rows it had.
//
// Threading: GUI thread only.
#include "client/core/store_client.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <vector>

namespace bianmin::ui {

class CaseListModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Number, Item, Applicant, Status, Light, Received, Due, Window, ColumnCount };
    enum Roles { CaseIdRole = Qt::UserRole + 1 };

    explicit CaseListModel(client::StoreClient& store, QObject* parent = nullptr);

    // Replaces the rows with the first page of `query` (its cursor is ignored).
    void setQuery(const store::SearchQuery& query);
    // Asks again for the current query (after a local change or a pull).
    void refresh() { setQuery(m_query); }
    const store::SearchQuery& query() const { return m_query; }
    const store::CaseRow* rowAt(int row) const;
    bool loading() const { return m_pending != 0; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

Q_SIGNALS:
    void pageLoaded(int rows); // rows now in the model
    void loadFailed(QString message);

private:
    void onPage(client::RequestId id, const store::SearchPage& page);
    void onFailed(client::RequestId id, client::StoreOp op, const domain::Error& e);

    client::StoreClient& m_store;
    store::SearchQuery m_query;
    std::vector<store::CaseRow> m_rows;
    std::string m_next;
    client::RequestId m_pending = 0;
    bool m_replace = false; // the pending page replaces the rows (a new query)
};

QString lightName(domain::Light light);
QColor lightColor(domain::Light light);
QString formatInstant(domain::Instant t); // local time, yyyy-MM-dd HH:mm
QString formatDate(const domain::Date& d);

} // namespace bianmin::ui
