#pragma once
// One item's 办事指南 on screen: the eight disclosures (八公开) in full — name and codes, legal
// basis, conditions, materials with what is asked of each (必要性, originals to be seen, copies,
// source, review points), procedure (handling mode per level, the 承办/审核/批准 steps and their
// limits), legal and promised limits in working days, fee basis and standard (or 不收费), place,
// window and phones — as HTML generated from domain::Item (every text escaped) in a QTextBrowser,
// with the buttons that ask for a printed guide or a PDF. The widget does not print: it emits
// printGuideRequested / exportGuideRequested and the main window hands them to the PDF renderer.
//
// The window and the handling mode shown are the ones at the site the view was made for.
//
// Threading: GUI thread only. Reads the shared, immutable ReferenceData; never runs SQL.
#ifndef Q_MOC_RUN
#include "common/refdata/reference_files.h"
#endif

#include <QString>
#include <QWidget>
#include <memory>

class QLabel;
class QPushButton;
class QTextBrowser;

namespace bianmin::ui {

class ItemGuideView final : public QWidget {
    Q_OBJECT
public:
    // `siteId` chooses the window and handling mode shown; an unknown site (or an empty id) shows
    // the hall window and every level's mode only.
    ItemGuideView(std::shared_ptr<const refdata::ReferenceData> ref, const QString& siteId,
                  QWidget* parent = nullptr);

    bool hasItem() const { return !m_itemId.isEmpty(); }
    QString itemId() const { return m_itemId; }
    int version() const { return m_version; }
    QString html() const { return m_html; }
    QString plainText() const; // the guide as the user reads it, for tests
    QTextBrowser* browser() const { return m_browser; }
    QPushButton* printButton() const { return m_print; }
    QPushButton* exportButton() const { return m_export; }

    // The guide of one item version as HTML (a full document, every catalog text escaped).
    // `site` may be null.
    static QString guideHtml(const domain::Item& item, const refdata::ReferenceData& ref,
                             const domain::Site* site);

public Q_SLOTS:
    // Shows a version of an item; false (and the view cleared) when the catalog lacks it.
    bool showItem(const QString& itemId, int version);
    void clear();

Q_SIGNALS:
    void printGuideRequested(QString itemId, int version);
    void exportGuideRequested(QString itemId, int version);

private:
    void setHtml(const QString& html);

    std::shared_ptr<const refdata::ReferenceData> m_ref;
    const domain::Site* m_site = nullptr;
    QTextBrowser* m_browser = nullptr;
    QPushButton* m_print = nullptr;
    QPushButton* m_export = nullptr;
    QString m_itemId;
    int m_version = 0;
    QString m_html;
};

} // namespace bianmin::ui
