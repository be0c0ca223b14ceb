#include "client/print/qr_code.h"

#include <QPainter>
#include <QRectF>
#include <algorithm>
#include <array>
#include <cassert>
#include <cstdlib>
#include <optional>
#include <string>

namespace bianmin::print {

using domain::Result;

std::size_t QrMatrix::index(int x, int y) const {
    assert(x >= 0 && y >= 0 && x < m_size && y < m_size);
    return static_cast<std::size_t>(y) * static_cast<std::size_t>(m_size) +
           static_cast<std::size_t>(x);
}

namespace {

// ISO/IEC 18004 Table 9: error correction codewords per block and number of blocks, by version
// (index 0 = version 1) and level (L, M, Q, H).
constexpr std::array<std::array<int, 40>, 4> kEcPerBlock{{
    {7,  10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28,
     28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30},
    {10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
     26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28},
    {13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30,
     28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30},
    {17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28,
     30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30},
}};
constexpr std::array<std::array<int, 40>, 4> kBlocks{{
    {1, 1, 1, 1,  1,  2,  2,  2,  2,  4,  4,  4,  4,  4,  6,  6,  6,  6,  7,  8,
     8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25},
    {1,  1,  1,  2,  2,  4,  4,  4,  5,  5,  5,  8,  9,  9,  10, 10, 11, 13, 14, 16,
     17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49},
    {1,  1,  2,  2,  4,  4,  6,  6,  8,  8,  8,  10, 12, 16, 12, 17, 16, 18, 21, 20,
     23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68},
    {1,  1,  2,  4,  4,  4,  5,  6,  8,  8,  11, 11, 16, 16, 18, 16, 19, 21, 25, 25,
     25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81},
}};

// Annex E, Table E.1: row/column coordinates of the alignment pattern centres, versions 2..40.
constexpr std::array<std::array<int, 7>, 39> kAlignment{{
    {6, 18},
    {6, 22},
    {6, 26},
    {6, 30},
    {6, 34},
    {6, 22, 38},
    {6, 24, 42},
    {6, 26, 46},
    {6, 28, 50},
    {6, 30, 54},
    {6, 32, 58},
    {6, 34, 62},
    {6, 26, 46, 66},
    {6, 26, 48, 70},
    {6, 26, 50, 74},
    {6, 30, 54, 78},
    {6, 30, 56, 82},
    {6, 30, 58, 86},
    {6, 34, 62, 90},
    {6, 28, 50, 72, 94},
    {6, 26, 50, 74, 98},
    {6, 30, 54, 78, 102},
    {6, 28, 54, 80, 106},
    {6, 32, 58, 84, 110},
    {6, 30, 58, 86, 114},
    {6, 34, 62, 90, 118},
    {6, 26, 50, 74, 98, 122},
    {6, 30, 54, 78, 102, 126},
    {6, 26, 52, 78, 104, 130},
    {6, 30, 56, 82, 108, 134},
    {6, 34, 60, 86, 112, 138},
    {6, 30, 58, 86, 114, 142},
    {6, 34, 62, 90, 118, 146},
    {6, 30, 54, 78, 102, 126, 150},
    {6, 24, 50, 76, 102, 128, 154},
    {6, 28, 54, 80, 106, 132, 158},
    {6, 32, 58, 84, 110, 136, 162},
    {6, 26, 54, 82, 110, 138, 166},
    {6, 30, 58, 86, 114, 142, 170},
}};

std::size_t levelIndex(EcLevel l) {
    return static_cast<std::size_t>(l);
}
std::size_t versionIndex(int version) {
    assert(version >= kQrMinVersion && version <= kQrMaxVersion);
    return static_cast<std::size_t>(version - 1);
}
int ecPerBlock(int version, EcLevel l) {
    return kEcPerBlock[levelIndex(l)][versionIndex(version)];
}
int blockCount(int version, EcLevel l) {
    return kBlocks[levelIndex(l)][versionIndex(version)];
}
int dataCodewordCount(int version, EcLevel l) {
    return qr_detail::totalCodewords(version) - ecPerBlock(version, l) * blockCount(version, l);
}
int countBits(int version) {
    return version <= 9 ? 8 : 16; // Table 3, byte mode
}

// --- GF(2^8) ----------------------------------------------------------------------------------
struct GaloisTables {
    std::array<std::uint8_t, 512> exp{};
    std::array<int, 256> log{};
    GaloisTables() {
        int x = 1;
        for (int i = 0; i < 255; ++i) {
            exp[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(x);
            log[static_cast<std::size_t>(x)] = i;
            x <<= 1;
            if (x & 0x100)
                x ^= 0x11D; // x^8 + x^4 + x^3 + x^2 + 1
        }
        for (std::size_t i = 255; i < exp.size(); ++i)
            exp[i] = exp[i - 255];
    }
};
const GaloisTables& gf() {
    static const GaloisTables tables;
    return tables;
}

// The generator polynomial of degree n, (x - α^0)(x - α^1)…(x - α^(n-1)), highest power first
// with the leading 1 left out.
std::vector<std::uint8_t> generator(int n) {
    std::vector<std::uint8_t> g{1};
    for (int i = 0; i < n; ++i) {
        std::vector<std::uint8_t> next(g.size() + 1, 0);
        for (std::size_t j = 0; j < g.size(); ++j) {
            next[j] ^= g[j];
            next[j + 1] ^= qr_detail::gfMultiply(g[j], qr_detail::gfExp(i));
        }
        g = std::move(next);
    }
    g.erase(g.begin());
    return g;
}

// --- the function patterns --------------------------------------------------------------------
// Builds the symbol's function patterns into `m` and marks every function module in `reserved`.
class Builder {
public:
    explicit Builder(int version)
        : m_version(version)
        , m_size(4 * version + 17)
        , m_symbol(m_size)
        , m_reserved(m_size) {
        for (int c : {3, m_size - 4})
            finder(3, c);
        finder(m_size - 4, 3);
        for (int i = 0; i < m_size; ++i) { // timing patterns, row 6 and column 6
            put(i, 6, i % 2 == 0);
            put(6, i, i % 2 == 0);
        }
        const std::vector<int> centres = qr_detail::alignmentCentres(version);
        for (int cy : centres)
            for (int cx : centres) {
                const bool nearFinder = (cx == 6 && cy == 6) || (cx == 6 && cy == m_size - 7) ||
                                        (cx == m_size - 7 && cy == 6);
                if (!nearFinder)
                    alignment(cx, cy);
            }
        // Format information areas (filled per mask later) and the dark module.
        for (int i = 0; i < 9; ++i) {
            reserve(8, i);
            reserve(i, 8);
        }
        for (int i = 0; i < 8; ++i) {
            reserve(m_size - 1 - i, 8);
            reserve(8, m_size - 1 - i);
        }
        put(8, m_size - 8, true);
        if (version >= 7) {
            const std::uint32_t bits = qr_detail::versionBits(version);
            for (int i = 0; i < 18; ++i) {
                const bool dark = ((bits >> i) & 1U) != 0;
                const int a = m_size - 11 + i % 3;
                const int b = i / 3;
                put(b, a, dark); // lower left: 6 columns x 3 rows
                put(a, b, dark); // upper right: 3 columns x 6 rows
            }
        }
    }

    int size() const { return m_size; }
    int version() const { return m_version; }

    const QrMatrix& symbol() const { return m_symbol; }
    const QrMatrix& reserved() const { return m_reserved; }

private:
    void put(int x, int y, bool dark) {
        m_symbol.set(x, y, dark);
        m_reserved.set(x, y, true);
    }
    void reserve(int x, int y) { m_reserved.set(x, y, true); }

    int m_version;
    int m_size;
    QrMatrix m_symbol;
    QrMatrix m_reserved;

    // A 7x7 finder centred on (cy, cx) with its light separator, clipped to the symbol.
    void finder(int cy, int cx) {
        for (int dy = -4; dy <= 4; ++dy)
            for (int dx = -4; dx <= 4; ++dx) {
                const int x = cx + dx;
                const int y = cy + dy;
                if (x < 0 || y < 0 || x >= m_size || y >= m_size)
                    continue;
                const int d = std::max(std::abs(dx), std::abs(dy));
                put(x, y, d != 2 && d != 4);
            }
    }
    void alignment(int cx, int cy) {
        for (int dy = -2; dy <= 2; ++dy)
            for (int dx = -2; dx <= 2; ++dx)
                put(cx + dx, cy + dy, std::max(std::abs(dx), std::abs(dy)) != 1);
    }
};

bool maskBit(int mask, int x, int y) {
    const int i = y; // the standard's i is the row, j the column
    const int j = x;
    switch (mask) {
    case 0:
        return (i + j) % 2 == 0;
    case 1:
        return i % 2 == 0;
    case 2:
        return j % 3 == 0;
    case 3:
        return (i + j) % 3 == 0;
    case 4:
        return (i / 2 + j / 3) % 2 == 0;
    case 5:
        return (i * j) % 2 + (i * j) % 3 == 0;
    case 6:
        return ((i * j) % 2 + (i * j) % 3) % 2 == 0;
    default:
        return ((i + j) % 2 + (i * j) % 3) % 2 == 0;
    }
}

void drawFormat(QrMatrix& m, EcLevel level, int mask) {
    const std::uint32_t bits = qr_detail::formatBits(level, mask);
    const int n = m.size();
    auto bit = [&](int i) { return ((bits >> i) & 1U) != 0; };
    // Around the upper-left finder: bits 0..7 down column 8 (skipping the timing row), bits 8..14
    // along row 8 leftwards (skipping the timing column).
    for (int i = 0; i <= 5; ++i)
        m.set(8, i, bit(i));
    m.set(8, 7, bit(6));
    m.set(8, 8, bit(7));
    m.set(7, 8, bit(8));
    for (int i = 9; i < 15; ++i)
        m.set(14 - i, 8, bit(i));
    // The copy: bits 0..7 along row 8 from the right edge, bits 8..14 down column 8 at the bottom.
    for (int i = 0; i < 8; ++i)
        m.set(n - 1 - i, 8, bit(i));
    for (int i = 8; i < 15; ++i)
        m.set(8, n - 15 + i, bit(i));
}

// The final codeword sequence: data and error correction blocks, interleaved (§7.6).
std::vector<std::uint8_t> interleave(const std::vector<std::uint8_t>& data, int version,
                                     EcLevel level) {
    const int blocks = blockCount(version, level);
    const int ec = ecPerBlock(version, level);
    const int total = static_cast<int>(data.size());
    const int shortLen = total / blocks;
    const int longBlocks = total % blocks; // the last blocks carry one more data codeword
    std::vector<std::vector<std::uint8_t>> dataBlocks;
    std::vector<std::vector<std::uint8_t>> ecBlocks;
    std::size_t pos = 0;
    for (int b = 0; b < blocks; ++b) {
        const int len = shortLen + (b >= blocks - longBlocks ? 1 : 0);
        std::vector<std::uint8_t> block(data.begin() + static_cast<std::ptrdiff_t>(pos),
                                        data.begin() + static_cast<std::ptrdiff_t>(pos) + len);
        pos += static_cast<std::size_t>(len);
        ecBlocks.push_back(qr_detail::reedSolomon(block, ec));
        dataBlocks.push_back(std::move(block));
    }
    std::vector<std::uint8_t> out;
    for (int i = 0; i <= shortLen; ++i)
        for (const auto& block : dataBlocks)
            if (static_cast<std::size_t>(i) < block.size())
                out.push_back(block[static_cast<std::size_t>(i)]);
    for (int i = 0; i < ec; ++i)
        for (const auto& block : ecBlocks)
            out.push_back(block[static_cast<std::size_t>(i)]);
    return out;
}

// Places the codewords in the zigzag order of §7.7.3 over the modules that are not reserved.
void placeCodewords(QrMatrix& m, const QrMatrix& reserved, const std::vector<std::uint8_t>& cw) {
    const int n = m.size();
    std::size_t bitIndex = 0;
    const std::size_t bitCount = cw.size() * 8;
    bool upward = true;
    for (int right = n - 1; right >= 1; right -= 2) {
        if (right == 6)
            right = 5; // the vertical timing pattern takes a whole column
        for (int k = 0; k < n; ++k) {
            const int y = upward ? n - 1 - k : k;
            for (int dx = 0; dx < 2; ++dx) {
                const int x = right - dx;
                if (reserved.at(x, y))
                    continue;
                bool dark = false; // remainder bits are 0
                if (bitIndex < bitCount) {
                    const std::uint8_t byte = cw[bitIndex / 8];
                    dark = ((byte >> (7 - bitIndex % 8)) & 1U) != 0;
                }
                ++bitIndex;
                m.set(x, y, dark);
            }
        }
        upward = !upward;
    }
}

void applyMask(QrMatrix& m, const QrMatrix& reserved, int mask) {
    for (int y = 0; y < m.size(); ++y)
        for (int x = 0; x < m.size(); ++x)
            if (!reserved.at(x, y) && maskBit(mask, x, y))
                m.set(x, y, !m.at(x, y));
}

Result<QrMatrix> build(std::string_view bytes, int version, EcLevel level,
                       std::optional<int> forcedMask) {
    std::vector<std::uint8_t> data = qr_detail::dataCodewords(bytes, version, level);
    if (data.empty())
        return domain::invalidInput("qr_too_long", "the text (" + std::to_string(bytes.size()) +
                                                       " bytes) does not fit a version " +
                                                       std::to_string(version) + " QR code");
    const Builder base(version);
    QrMatrix placed = base.symbol();
    placeCodewords(placed, base.reserved(), interleave(data, version, level));

    QrMatrix best;
    int bestPenalty = -1;
    for (int mask = 0; mask < 8; ++mask) {
        if (forcedMask && *forcedMask != mask)
            continue;
        QrMatrix candidate = placed;
        applyMask(candidate, base.reserved(), mask);
        drawFormat(candidate, level, mask);
        const int p = qr_detail::penalty(candidate);
        if (bestPenalty < 0 || p < bestPenalty) {
            bestPenalty = p;
            best = std::move(candidate);
        }
    }
    return best;
}

} // namespace

int qrByteCapacity(int version, EcLevel level) {
    if (version < kQrMinVersion || version > kQrMaxVersion)
        return 0;
    return (dataCodewordCount(version, level) * 8 - 4 - countBits(version)) / 8;
}

Result<QrMatrix> encodeQrAtVersion(std::string_view utf8, int version, EcLevel level) {
    if (version < kQrMinVersion || version > kQrMaxVersion)
        return domain::invalidInput("qr_bad_version",
                                    "QR version " + std::to_string(version) + " does not exist");
    return build(utf8, version, level, std::nullopt);
}

Result<QrMatrix> encodeQr(std::string_view utf8, EcLevel level) {
    for (int v = kQrMinVersion; v <= kQrMaxVersion; ++v)
        if (static_cast<int>(utf8.size()) <= qrByteCapacity(v, level))
            return build(utf8, v, level, std::nullopt);
    return domain::invalidInput("qr_too_long",
                                "the text (" + std::to_string(utf8.size()) +
                                    " bytes) is longer than a QR code holds (" +
                                    std::to_string(qrByteCapacity(kQrMaxVersion, level)) +
                                    " bytes at this error correction level)");
}

void paintQr(QPainter& painter, const QRectF& target, const QrMatrix& matrix) {
    const double side = std::min(target.width(), target.height());
    const int modules = matrix.size() + 2 * kQrQuietZone;
    const double unit = side / modules;
    const QPointF origin(target.center().x() - side / 2, target.center().y() - side / 2);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setPen(Qt::NoPen);
    painter.fillRect(QRectF(origin, QSizeF(side, side)), Qt::white);
    // Horizontal runs, so that neighbouring modules share edges without hairline seams.
    for (int y = 0; y < matrix.size(); ++y) {
        int x = 0;
        while (x < matrix.size()) {
            if (!matrix.at(x, y)) {
                ++x;
                continue;
            }
            int end = x;
            while (end < matrix.size() && matrix.at(end, y))
                ++end;
            painter.fillRect(QRectF(origin.x() + (x + kQrQuietZone) * unit,
                                    origin.y() + (y + kQrQuietZone) * unit, (end - x) * unit, unit),
                             Qt::black);
            x = end;
        }
    }
    painter.restore();
}

namespace qr_detail {

std::uint8_t gfExp(int n) {
    return gf().exp[static_cast<std::size_t>(((n % 255) + 255) % 255)];
}

std::uint8_t gfMultiply(std::uint8_t a, std::uint8_t b) {
    if (a == 0 || b == 0)
        return 0;
    const auto& t = gf();
    const int sum = t.log[a] + t.log[b]; // < 510: the exp table is doubled for it
    return t.exp[static_cast<std::size_t>(sum)];
}

std::vector<std::uint8_t> reedSolomon(std::span<const std::uint8_t> data, int ecCount) {
    const std::vector<std::uint8_t> g = generator(ecCount);
    // Polynomial division of data(x)·x^n by g(x); the remainder register holds n coefficients.
    std::vector<std::uint8_t> rem(static_cast<std::size_t>(ecCount), 0);
    for (std::uint8_t d : data) {
        const std::uint8_t factor = static_cast<std::uint8_t>(d ^ rem.front());
        rem.erase(rem.begin());
        rem.push_back(0);
        for (std::size_t i = 0; i < rem.size(); ++i)
            rem[i] ^= gfMultiply(g[i], factor);
    }
    return rem;
}

std::uint32_t formatBits(EcLevel level, int mask) {
    assert(mask >= 0 && mask < 8);
    // Table 12: L 01, M 00, Q 11, H 10.
    static constexpr std::array<std::uint32_t, 4> kIndicator{1, 0, 3, 2};
    const std::uint32_t data =
        (kIndicator[levelIndex(level)] << 3) | static_cast<std::uint32_t>(mask);
    std::uint32_t rem = data << 10;
    for (int bit = 14; bit >= 10; --bit)
        if (rem & (1U << bit))
            rem ^= 0x537U << (bit - 10); // x^10 + x^8 + x^5 + x^4 + x^2 + x + 1
    return ((data << 10) | rem) ^ 0x5412U;
}

std::uint32_t versionBits(int version) {
    assert(version >= 7 && version <= kQrMaxVersion);
    const std::uint32_t data = static_cast<std::uint32_t>(version);
    std::uint32_t rem = data << 12;
    for (int bit = 17; bit >= 12; --bit)
        if (rem & (1U << bit))
            rem ^= 0x1F25U << (bit - 12); // x^12+x^11+x^10+x^9+x^8+x^5+x^2+1
    return (data << 12) | rem;
}

int totalCodewords(int version) {
    // Every module that is not a function pattern carries data; count them and drop the
    // remainder bits.
    // Every module that is not a function pattern carries data; count them once per version and
    // drop the remainder bits.
    static const std::array<int, kQrMaxVersion> counts = [] {
        std::array<int, kQrMaxVersion> c{};
        for (int v = kQrMinVersion; v <= kQrMaxVersion; ++v) {
            const Builder b(v);
            int free = 0;
            for (int y = 0; y < b.size(); ++y)
                for (int x = 0; x < b.size(); ++x)
                    if (!b.reserved().at(x, y))
                        ++free;
            c[versionIndex(v)] = free / 8;
        }
        return c;
    }();
    return counts[versionIndex(version)];
}

std::vector<int> alignmentCentres(int version) {
    if (version < 2 || version > kQrMaxVersion)
        return {};
    std::vector<int> out;
    for (int c : kAlignment[static_cast<std::size_t>(version - 2)])
        if (c != 0)
            out.push_back(c);
    return out;
}

std::vector<std::uint8_t> dataCodewords(std::string_view bytes, int version, EcLevel level) {
    if (static_cast<int>(bytes.size()) > qrByteCapacity(version, level))
        return {};
    const std::size_t capacity = static_cast<std::size_t>(dataCodewordCount(version, level));
    std::vector<std::uint8_t> out;
    std::uint32_t acc = 0; // bit accumulator
    int accBits = 0;
    auto push = [&](std::uint32_t value, int bits) {
        for (int i = bits - 1; i >= 0; --i) {
            acc = (acc << 1) | ((value >> i) & 1U);
            if (++accBits == 8) {
                out.push_back(static_cast<std::uint8_t>(acc));
                acc = 0;
                accBits = 0;
            }
        }
    };
    push(0b0100, 4); // byte mode
    push(static_cast<std::uint32_t>(bytes.size()), countBits(version));
    for (char c : bytes)
        push(static_cast<std::uint8_t>(c), 8);
    // Terminator: up to four zero bits, as many as fit.
    const std::size_t usedBits = out.size() * 8 + static_cast<std::size_t>(accBits);
    const std::size_t terminator = std::min<std::size_t>(4, capacity * 8 - usedBits);
    push(0, static_cast<int>(terminator));
    if (accBits > 0)
        push(0, 8 - accBits);
    for (bool flip = false; out.size() < capacity; flip = !flip)
        out.push_back(flip ? 0x11 : 0xEC);
    return out;
}

int penalty(const QrMatrix& m) {
    const int n = m.size();
    int total = 0;
    // Rule 1: runs of five or more modules of one colour in a row or a column.
    for (int pass = 0; pass < 2; ++pass)
        for (int a = 0; a < n; ++a) {
            int run = 1;
            for (int b = 1; b <= n; ++b) {
                const bool same = b < n && (pass == 0 ? m.at(b, a) == m.at(b - 1, a)
                                                      : m.at(a, b) == m.at(a, b - 1));
                if (same) {
                    ++run;
                    continue;
                }
                if (run >= 5)
                    total += 3 + (run - 5);
                run = 1;
            }
        }
    // Rule 2: each 2x2 block of one colour.
    for (int y = 0; y + 1 < n; ++y)
        for (int x = 0; x + 1 < n; ++x) {
            const bool c = m.at(x, y);
            if (m.at(x + 1, y) == c && m.at(x, y + 1) == c && m.at(x + 1, y + 1) == c)
                total += 3;
        }
    // Rule 3: 1:1:3:1:1 finder-like patterns with four light modules on one side (the light
    // quiet zone counts as light).
    static constexpr std::array<bool, 7> kCore{true, false, true, true, true, false, true};
    auto dark = [&](bool rows, int line, int pos) {
        if (pos < 0 || pos >= n)
            return false;
        return rows ? m.at(pos, line) : m.at(line, pos);
    };
    for (int pass = 0; pass < 2; ++pass)
        for (int line = 0; line < n; ++line)
            for (int start = -4; start + 7 <= n + 4; ++start) {
                bool core = true;
                for (int k = 0; k < 7 && core; ++k)
                    core = dark(pass == 0, line, start + k) == kCore[static_cast<std::size_t>(k)];
                if (!core)
                    continue;
                bool lightBefore = true;
                bool lightAfter = true;
                for (int k = 1; k <= 4; ++k) {
                    lightBefore = lightBefore && !dark(pass == 0, line, start - k);
                    lightAfter = lightAfter && !dark(pass == 0, line, start + 6 + k);
                }
                if (lightBefore)
                    total += 40;
                if (lightAfter)
                    total += 40;
            }
    // Rule 4: 10 points for each full 5 % that the dark share deviates from 50 %.
    int darkCount = 0;
    for (int y = 0; y < n; ++y)
        for (int x = 0; x < n; ++x)
            darkCount += m.at(x, y) ? 1 : 0;
    const int cells = n * n;
    total += 10 * (std::abs(20 * darkCount - 10 * cells) / cells);
    return total;
}

Result<QrMatrix> encodeWithMask(std::string_view bytes, int version, EcLevel level, int mask) {
    return build(bytes, version, level, mask);
}

} // namespace qr_detail
} // namespace bianmin::print
