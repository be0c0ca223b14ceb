#pragma once
// A small flowing layout over a QPagedPaintDevice, for notices in the form of Chinese official
// documents (GB/T 9704 proportions on A4): blocks are laid out top to bottom in the text area;
// text wraps with QTextLayout (which breaks CJK lines correctly) and a paragraph or a table row
// that does not fit continues on the next page line by line, so nothing is ever clipped. Blocks
// that must stay whole (a signature and seal block, a QR code) ask for their height first and
// start a new page when it is not there.
//
// Units: device pixels internally; callers speak millimetres (mm()) and points. Text is laid out
// against the device itself, so the metrics are those of the PDF or the printer.
//
// Page numbers: the flow is run twice by the notice painter; the first run only counts pages, the
// second prints "第 n 页 共 m 页" when there is more than one.
//
// Threading: one flow on one thread, like the QPainter it draws with.
#include <QFont>
#include <QPainter>
#include <QString>
#include <QStringList>
#include <functional>
#include <vector>

class QPagedPaintDevice;

namespace bianmin::print {

enum class Face { Serif, SerifBold, Sans, SansBold };

struct TextStyle {
    Face face = Face::Serif;
    double pt = 14;
    Qt::Alignment align = Qt::AlignLeft;
    double firstIndentEm = 0; // first-line indent in characters (2 for body paragraphs)
    double hangingEm = 0;     // indent of the following lines (numbered lists)
    double lineFactor = 1.5;  // line pitch over the font's line spacing
    QColor color = Qt::black;
};

struct TableColumn {
    double share = 1;   // relative width
    bool label = false; // a label column: shaded, sans-serif
    Qt::Alignment align = Qt::AlignLeft;
};

struct Table {
    std::vector<TableColumn> columns;
    std::vector<QStringList> rows;
    int headerRows = 0; // repeated at the top of each continued page
    double pt = 12;
};

class PageFlow {
public:
    // `painter` must be active on `device`. totalPages: 0 while counting.
    PageFlow(QPagedPaintDevice& device, QPainter& painter, int totalPages);

    double mm(double millimetres) const;
    QFont font(Face face, double pt) const;
    double width() const { return m_right - m_left; }
    double left() const { return m_left; }
    double y() const { return m_y; }
    double remaining() const { return m_bottom - m_y; }
    int page() const { return m_page; }
    QPainter& painter() { return m_painter; }
    QPaintDevice* device() const;

    void text(const QString& s, const TextStyle& style);
    void table(const Table& t);
    void space(double millimetres);
    // Starts a new page unless `height` (device pixels) is left on this one.
    void keepTogether(double height);
    // A block of fixed height drawn by the caller: moves to the next page if it does not fit here.
    void block(double height, const std::function<void(QPainter&, const QRectF&)>& draw);
    // Height of a text once wrapped to the full width (or `w`), for keepTogether.
    double textHeight(const QString& s, const TextStyle& style, double w = -1) const;
    void rule(double thicknessMm, const QColor& color);
    void newPage();

private:
    struct Laid;
    Laid layout(const QString& s, const TextStyle& style, double w) const;
    void startPage();

    QPagedPaintDevice& m_device;
    QPainter& m_painter;
    int m_totalPages = 0;
    int m_page = 1;
    double m_left = 0;
    double m_right = 0;
    double m_top = 0;
    double m_bottom = 0;
    double m_y = 0;
    double m_pxPerMm = 1;
};

} // namespace bianmin::print
