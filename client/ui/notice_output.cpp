#include "client/ui/notice_output.h"

#include "client/print/notices.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QMessageBox>
#include <QPrintDialog>
#include <QPrinter>

namespace bianmin::ui {

namespace {

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

QString t(const char* text) {
    return QCoreApplication::translate("bianmin::ui", text);
}

// Opening hours printed on guides: the demo city's published hours.
constexpr const char* kHours = "工作日上午8:30—12:00，下午14:30—17:30（法定节假日除外）";

const char* kindKey(NoticeKind k) {
    switch (k) {
    case NoticeKind::Acceptance:
        return "acceptance";
    case NoticeKind::Receipt:
        return "receipt";
    case NoticeKind::Refusal:
        return "refusal";
    case NoticeKind::MissingMaterials:
        return "missing-materials";
    case NoticeKind::HandOver:
        return "hand-over";
    case NoticeKind::Delivery:
        return "delivery";
    case NoticeKind::Guide:
        return "guide";
    }
    return "notice";
}

domain::Result<print::Notice> buildNotice(const Session& s, NoticeKind kind,
                                          const domain::CaseView& v, const QString& password) {
    const domain::Item* item = s.ref->catalog.version(v.item.id, v.item.version);
    if (!item)
        return domain::Error{domain::ErrorKind::NotFound, "unknown_item",
                             "事项目录中没有该事项版本：" + v.item.id};
    const print::CaseContext cc{v, *item, s.ref->org, s.ref->calendar};
    const print::IssueContext issue{
        s.device.siteId.toStdString(), domain::Date::localDateOf(s.now()), {}};
    const std::string pw = password.toStdString();
    auto wrap = [](auto r) -> domain::Result<print::Notice> {
        if (!r)
            return r.error();
        return print::Notice{std::move(*r)};
    };
    switch (kind) {
    case NoticeKind::Acceptance: {
        const std::string number =
            v.officialNumber.empty() ? v.provisionalNumber : v.officialNumber;
        const std::string url = s.lookupBaseUrl.toStdString() + "?no=" + number;
        return wrap(print::makeAcceptanceNotice(cc, issue, pw, url));
    }
    case NoticeKind::Receipt:
        return wrap(print::makeReceiptNotice(cc, issue, pw));
    case NoticeKind::Refusal:
        return wrap(print::makeRefusalNotice(cc, issue, s.ref->org.cityName() + "人民政府",
                                             s.ref->org.cityName() + "人民法院"));
    case NoticeKind::MissingMaterials:
        return wrap(print::makeMissingMaterialsNotice(cc, issue));
    case NoticeKind::HandOver:
        return wrap(print::makeHandOverSlip(cc, issue));
    case NoticeKind::Delivery:
        return wrap(print::makeDeliveryReceipt(cc, issue));
    case NoticeKind::Guide:
        return print::Notice{
            print::makeServiceGuide(*item, s.ref->org, s.siteName().toStdString(), kHours)};
    }
    return domain::Error{domain::ErrorKind::InvalidInput, "unknown_notice", "unknown notice"};
}

Written writeTo(const print::Notice& notice, const QString& dir, const QString& stem) {
    if (!QDir().mkpath(dir))
        return {{}, t("无法创建文件夹 %1").arg(dir)};
    QString name = stem;
    name.replace(QLatin1Char('/'), QLatin1Char('-'));
    const QString path = QDir(dir).filePath(name + QStringLiteral(".pdf"));
    if (auto st =
            print::writePdf(notice, std::filesystem::path(QFile::encodeName(path).toStdString()));
        !st)
        return {{}, qs(st.error().message)};
    return {path, std::nullopt};
}

void printDialog(const print::Notice& notice, QWidget* parent) {
    QPrinter printer(QPrinter::HighResolution);
    printer.setDocName(qs(print::noticeTitle(notice)));
    QPrintDialog dialog(&printer, parent);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (auto st = print::paintNotice(notice, printer); !st)
        QMessageBox::warning(parent, t("打印失败"), qs(st.error().message));
}

} // namespace

Written writeNotice(const Session& session, NoticeKind kind, const domain::CaseView& view,
                    const QString& queryPassword, const QString& dir) {
    auto notice = buildNotice(session, kind, view, queryPassword);
    if (!notice)
        return {{}, qs(notice.error().message)};
    const std::string number =
        view.officialNumber.empty() ? view.provisionalNumber : view.officialNumber;
    return writeTo(*notice, dir, qs(number) + QLatin1Char('-') + QLatin1String(kindKey(kind)));
}

Written writeGuide(const Session& session, const domain::Item& item, const QString& dir) {
    const print::Notice notice{
        print::makeServiceGuide(item, session.ref->org, session.siteName().toStdString(), kHours)};
    return writeTo(notice, dir,
                   qs(item.id) + QStringLiteral("-v") + QString::number(item.version) +
                       QStringLiteral("-guide"));
}

void printWithDialog(const Session& session, NoticeKind kind, const domain::CaseView& view,
                     const QString& queryPassword, QWidget* parent) {
    auto notice = buildNotice(session, kind, view, queryPassword);
    if (!notice) {
        QMessageBox::warning(parent, t("打印失败"), qs(notice.error().message));
        return;
    }
    printDialog(*notice, parent);
}

void printGuide(const Session& session, const domain::Item& item, QWidget* parent) {
    printDialog(print::Notice{print::makeServiceGuide(item, session.ref->org,
                                                      session.siteName().toStdString(), kHours)},
                parent);
}

} // namespace bianmin::ui
