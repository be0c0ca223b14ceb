#pragma once
// Turns a case into its printed notice (client/print) for the counter: a PDF kept in the
// device's notice folder (the record of what was handed over, and what tests read), and, when a
// printer is wanted, Qt's print dialog painting the same notice.
//
// Threading: GUI thread only.
#include "client/ui/case_detail.h"
#include "client/ui/session.h"

#include <QString>
#include <optional>

class QWidget;

namespace bianmin::ui {

struct Written {
    QString path;
    std::optional<QString> error;
    explicit operator bool() const { return !error.has_value(); }
};

Written writeNotice(const Session& session, NoticeKind kind, const domain::CaseView& view,
                    const QString& queryPassword, const QString& dir);
Written writeGuide(const Session& session, const domain::Item& item, const QString& dir);
void printWithDialog(const Session& session, NoticeKind kind, const domain::CaseView& view,
                     const QString& queryPassword, QWidget* parent);
void printGuide(const Session& session, const domain::Item& item, QWidget* parent);

} // namespace bianmin::ui
