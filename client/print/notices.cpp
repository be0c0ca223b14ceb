// Painting entry points: validation, the two passes (count pages, then draw with "第 n 页 共 m
// 页"), and the PDF file.
#include "client/print/notices.h"

#include "client/print/notice_painting.h"
#include "client/print/page_flow.h"
#include "client/print/qr_code.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFile>
#include <QPageLayout>
#include <QPageSize>
#include <QPagedPaintDevice>
#include <QPainter>
#include <QPdfWriter>

namespace bianmin::print {

using domain::Error;
using domain::ErrorKind;
using domain::Status;

namespace {

struct TitleOf {
    std::string operator()(const AcceptanceNotice&) const { return tr("受理通知书"); }
    std::string operator()(const ReceiptNotice&) const { return tr("收件回执"); }
    std::string operator()(const RefusalNotice&) const { return tr("不予受理通知书"); }
    std::string operator()(const MissingMaterialsNotice&) const { return tr("一次性告知书"); }
    std::string operator()(const HandOverSlip&) const { return tr("办件材料交接单"); }
    std::string operator()(const DeliveryReceipt&) const { return tr("送达回执"); }
    std::string operator()(const ServiceGuide& g) const { return g.name + tr("办事指南"); }

    static std::string tr(const char* s) {
        return QCoreApplication::translate("bianmin::print", s).toStdString();
    }
};

// What the painter cannot print sensibly is refused before a page is drawn.
Status validate(const Notice& notice) {
    if (const auto* r = std::get_if<RefusalNotice>(&notice)) {
        if (r->reasons.empty())
            return domain::invalidInput("no_reasons", "a refusal notice must state its reasons");
        if (r->reviewBody.empty() || r->court.empty())
            return domain::invalidInput("no_remedy_bodies",
                                        "a refusal notice must name the 行政复议 body and the "
                                        "court");
    }
    if (const auto* m = std::get_if<MissingMaterialsNotice>(&notice); m && m->missing.empty())
        return domain::invalidInput("nothing_missing",
                                    "a one-time notice must list the missing materials");
    if (const auto* a = std::get_if<AcceptanceNotice>(&notice)) {
        if (a->lookupUrl.empty())
            return domain::invalidInput("no_lookup_url",
                                        "the acceptance notice needs the lookup URL");
        if (auto qr = encodeQr(a->lookupUrl); !qr)
            return qr.error();
    }
    return domain::ok();
}

QPageLayout a4() {
    return QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(0, 0, 0, 0));
}

} // namespace

std::string noticeTitle(const Notice& notice) {
    return std::visit(TitleOf{}, notice);
}

Status paintNotice(const Notice& notice, QPagedPaintDevice& device) {
    if (Status v = validate(notice); !v)
        return v;
    device.setPageLayout(a4());

    // First pass: count the pages on a PDF of the same resolution, in memory.
    int pages = 1;
    {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        QPdfWriter counter(&buffer);
        counter.setResolution(device.logicalDpiX());
        counter.setPageLayout(a4());
        QPainter p;
        if (!p.begin(&counter))
            return Error{ErrorKind::Retryable, "cannot_paint", "cannot lay out the notice"};
        PageFlow flow(counter, p, 0);
        detail::paintContent(flow, notice);
        pages = flow.page();
        p.end();
    }

    QPainter p;
    if (!p.begin(&device))
        return Error{ErrorKind::Retryable, "cannot_paint",
                     "cannot paint on the output device (printer or file)"};
    PageFlow flow(device, p, pages);
    detail::paintContent(flow, notice);
    if (!p.end())
        return Error{ErrorKind::Retryable, "cannot_paint", "painting the notice failed"};
    return domain::ok();
}

Status writePdf(const Notice& notice, const std::filesystem::path& file) {
    if (Status v = validate(notice); !v)
        return v;
    QFile out(QString::fromStdString(file.string()));
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return Error{ErrorKind::Retryable, "cannot_write",
                     "cannot write " + file.string() + ": " + out.errorString().toStdString()};
    {
        QPdfWriter writer(&out);
        writer.setResolution(600);
        writer.setTitle(QString::fromStdString(noticeTitle(notice)));
        writer.setCreator(QStringLiteral("Bianmin"));
        if (Status s = paintNotice(notice, writer); !s) {
            out.close();
            out.remove();
            return s;
        }
    }
    out.close();
    if (out.error() != QFileDevice::NoError)
        return Error{ErrorKind::Retryable, "cannot_write",
                     "writing " + file.string() + " failed: " + out.errorString().toStdString()};
    return domain::ok();
}

} // namespace bianmin::print
