#include "client/print/page_flow.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPagedPaintDevice>
#include <QTextLayout>
#include <algorithm>
#include <cmath>
#include <memory>

namespace bianmin::print {

namespace {

constexpr double kMarginTopMm = 25;
constexpr double kMarginBottomMm = 22;
constexpr double kMarginLeftMm = 28;
constexpr double kMarginRightMm = 26;
constexpr double kFooterFromBottomMm = 13;
constexpr double kCellPadHMm = 1.4;
constexpr double kCellPadVMm = 1.0;
constexpr double kTableLineFactor = 1.3;

const QColor kLabelShade(0xF2, 0xF2, 0xF2);

} // namespace

struct PageFlow::Laid {
    std::unique_ptr<QTextLayout> layout;
    std::vector<double> x; // left offset of each line
    double pitch = 0;      // distance between the tops of two lines
    double lineHeight = 0;
    int lines() const { return layout ? layout->lineCount() : 0; }
    double height() const { return lines() * pitch; }
    // Draws line i with its top at y within a column that starts at left.
    void draw(QPainter& p, int i, double left, double y) const {
        layout->lineAt(i).draw(
            &p, QPointF(left + x[static_cast<std::size_t>(i)], y + (pitch - lineHeight) / 2));
    }
};

PageFlow::PageFlow(QPagedPaintDevice& device, QPainter& painter, int totalPages)
    : m_device(device)
    , m_painter(painter)
    , m_totalPages(totalPages) {
    m_pxPerMm = device.logicalDpiX() / 25.4;
    m_left = mm(kMarginLeftMm);
    m_right = device.width() - mm(kMarginRightMm);
    m_top = mm(kMarginTopMm);
    m_bottom = device.height() - mm(kMarginBottomMm);
    startPage();
}

QPaintDevice* PageFlow::device() const {
    return &m_device;
}

double PageFlow::mm(double millimetres) const {
    return millimetres * m_pxPerMm;
}

QFont PageFlow::font(Face face, double pt) const {
    const bool serif = face == Face::Serif || face == Face::SerifBold;
    QFont f(serif ? QStringLiteral("Noto Serif CJK SC") : QStringLiteral("Noto Sans CJK SC"));
    f.setStyleHint(serif ? QFont::Serif : QFont::SansSerif);
    f.setPointSizeF(pt);
    f.setBold(face == Face::SerifBold || face == Face::SansBold);
    f.setHintingPreference(QFont::PreferNoHinting);
    // Without OpenType shaping Qt uses the cmap glyphs, whose ToUnicode entries are exact; shaped
    // Latin runs in Noto CJK pick digit glyphs outside the cmap, which PDF text extraction loses.
    f.setStyleStrategy(QFont::PreferNoShaping);
    return f;
}

PageFlow::Laid PageFlow::layout(const QString& s, const TextStyle& style, double w) const {
    Laid laid;
    const QFont f = font(style.face, style.pt);
    const QFontMetricsF fm(f, &m_device);
    const double em = fm.horizontalAdvance(QChar(0x4E00));
    laid.lineHeight = fm.height();
    laid.pitch = fm.lineSpacing() * style.lineFactor;
    laid.layout = std::make_unique<QTextLayout>(s, f, &m_device);
    QTextOption opt;
    opt.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    laid.layout->setTextOption(opt);
    laid.layout->beginLayout();
    for (bool first = true;; first = false) {
        QTextLine line = laid.layout->createLine();
        if (!line.isValid())
            break;
        const double indent = em * (first ? style.firstIndentEm : style.hangingEm);
        line.setLineWidth(std::max(em, w - indent));
        line.setPosition(QPointF(0, 0));
        double x = indent;
        const double slack = w - indent - line.naturalTextWidth();
        if (style.align & Qt::AlignHCenter)
            x += slack / 2;
        else if (style.align & Qt::AlignRight)
            x += slack;
        laid.x.push_back(x);
    }
    laid.layout->endLayout();
    return laid;
}

double PageFlow::textHeight(const QString& s, const TextStyle& style, double w) const {
    double h = 0;
    for (const QString& para : s.split(QLatin1Char('\n'))) {
        const Laid l = layout(para, style, w < 0 ? width() : w);
        h += std::max(1, l.lines()) * l.pitch;
    }
    return h;
}

void PageFlow::text(const QString& s, const TextStyle& style) {
    m_painter.setPen(style.color);
    for (const QString& para : s.split(QLatin1Char('\n'))) {
        const Laid l = layout(para, style, width());
        if (l.lines() == 0) {
            space(l.pitch / m_pxPerMm);
            continue;
        }
        for (int i = 0; i < l.lines(); ++i) {
            if (m_y + l.pitch > m_bottom)
                newPage();
            m_painter.setPen(style.color);
            l.draw(m_painter, i, m_left, m_y);
            m_y += l.pitch;
        }
    }
}

void PageFlow::table(const Table& t) {
    if (t.columns.empty() || t.rows.empty())
        return;
    double shares = 0;
    for (const auto& c : t.columns)
        shares += c.share;
    std::vector<double> colX;
    std::vector<double> colW;
    double x = m_left;
    for (const auto& c : t.columns) {
        colX.push_back(x);
        colW.push_back(width() * c.share / shares);
        x += colW.back();
    }
    const double padH = mm(kCellPadHMm);
    const double padV = mm(kCellPadVMm);

    struct CellLayout {
        Laid text;
        double x = 0;
        double w = 0;
        bool shaded = false;
    };
    struct RowLayout {
        std::vector<CellLayout> cells;
        int lines = 1;
        double pitch = 0;
    };
    // A row with fewer cells than columns lets its last cell span the remaining columns.
    auto layRow = [&](std::size_t r) {
        RowLayout row;
        const bool header = static_cast<int>(r) < t.headerRows;
        const QStringList& cells = t.rows[r];
        const std::size_t count =
            std::clamp<std::size_t>(static_cast<std::size_t>(cells.size()), 1, colX.size());
        for (std::size_t c = 0; c < count; ++c) {
            const TableColumn& col = t.columns[c];
            TextStyle st;
            st.pt = t.pt;
            st.lineFactor = kTableLineFactor;
            st.face = header ? Face::SansBold : (col.label ? Face::Sans : Face::Serif);
            st.align = header ? Qt::AlignHCenter : col.align;
            const QString text = static_cast<qsizetype>(c) < cells.size()
                                     ? cells[static_cast<qsizetype>(c)]
                                     : QString();
            CellLayout cell;
            cell.x = colX[c];
            cell.w = c + 1 == count ? m_right - colX[c] : colW[c];
            cell.shaded = header || col.label;
            cell.text = layout(text, st, cell.w - 2 * padH);
            row.lines = std::max(row.lines, cell.text.lines());
            row.pitch = std::max(row.pitch, cell.text.pitch);
            row.cells.push_back(std::move(cell));
        }
        return row;
    };

    QPen border(Qt::black);
    border.setWidthF(mm(0.25));

    // Draws lines [from, from + n) of a row as one band of cells.
    auto drawBand = [&](const RowLayout& row, int from, int n) {
        const double h = n * row.pitch + 2 * padV;
        for (const CellLayout& c : row.cells) {
            const QRectF rect(c.x, m_y, c.w, h);
            if (c.shaded)
                m_painter.fillRect(rect, kLabelShade);
            m_painter.setPen(border);
            m_painter.drawRect(rect);
            m_painter.setPen(Qt::black);
            for (int i = from; i < std::min(from + n, c.text.lines()); ++i)
                c.text.draw(m_painter, i, c.x + padH, m_y + padV + (i - from) * row.pitch);
        }
        m_y += h;
    };

    std::vector<RowLayout> headers;
    for (int r = 0; r < t.headerRows && r < static_cast<int>(t.rows.size()); ++r)
        headers.push_back(layRow(static_cast<std::size_t>(r)));
    auto drawHeaders = [&] {
        for (std::size_t r = 0; r < headers.size(); ++r)
            drawBand(headers[r], 0, headers[r].lines);
    };
    // Never leave the header rows alone at the foot of a page: they go with the first body row
    // (or as much of it as a page holds).
    double headerH = 0;
    for (const auto& h : headers)
        headerH += h.lines * h.pitch + 2 * padV;
    if (headers.size() < t.rows.size()) {
        const RowLayout first = layRow(headers.size());
        keepTogether(
            std::min(headerH + first.lines * first.pitch + 2 * padV, (m_bottom - m_top) * 0.9));
    }
    drawHeaders();
    const double fullPage = m_bottom - m_top;
    for (std::size_t r = headers.size(); r < t.rows.size(); ++r) {
        const RowLayout row = layRow(r);
        const double whole = row.lines * row.pitch + 2 * padV;
        int from = 0;
        while (from < row.lines) {
            int fit = static_cast<int>(std::floor((m_bottom - m_y - 2 * padV) / row.pitch));
            const bool wholeFitsFresh = whole <= fullPage * 0.9;
            // Keep a row whole when it would fit on a fresh page; split only giant rows.
            if (fit < 1 || (from == 0 && fit < row.lines && wholeFitsFresh)) {
                newPage();
                drawHeaders();
                continue;
            }
            const int n = std::min(fit, row.lines - from);
            drawBand(row, from, n);
            from += n;
        }
    }
}

void PageFlow::space(double millimetres) {
    m_y = std::min(m_bottom, m_y + mm(millimetres));
}

void PageFlow::keepTogether(double height) {
    if (m_y + height > m_bottom && m_y > m_top)
        newPage();
}

void PageFlow::block(double height, const std::function<void(QPainter&, const QRectF&)>& draw) {
    keepTogether(height);
    m_painter.save();
    draw(m_painter, QRectF(m_left, m_y, width(), height));
    m_painter.restore();
    m_y += height;
}

void PageFlow::rule(double thicknessMm, const QColor& color) {
    QPen pen(color);
    pen.setWidthF(mm(thicknessMm));
    m_painter.save();
    m_painter.setPen(pen);
    const double y = m_y + mm(thicknessMm) / 2;
    m_painter.drawLine(QPointF(m_left, y), QPointF(m_right, y));
    m_painter.restore();
    m_y += mm(thicknessMm);
}

void PageFlow::newPage() {
    m_device.newPage();
    ++m_page;
    startPage();
}

void PageFlow::startPage() {
    m_y = m_top;
    if (m_totalPages <= 1)
        return;
    const QString footer = QCoreApplication::translate("bianmin::print", "第 %1 页 共 %2 页")
                               .arg(m_page)
                               .arg(m_totalPages);
    TextStyle st;
    st.face = Face::Serif;
    st.pt = 10.5;
    st.lineFactor = 1;
    st.align = Qt::AlignHCenter;
    const Laid l = layout(footer, st, width());
    m_painter.save();
    m_painter.setPen(Qt::black);
    if (l.lines() > 0)
        l.draw(m_painter, 0, m_left, m_device.height() - mm(kFooterFromBottomMm));
    m_painter.restore();
}

} // namespace bianmin::print
