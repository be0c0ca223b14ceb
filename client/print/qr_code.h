#pragma once
// A QR code encoder written from ISO/IEC 18004:2015, for the lookup links printed on notices.
//
// Scope: byte mode only (the caller's UTF-8 text as it is, no ECI header: the common readers take
// byte-mode UTF-8 as UTF-8), error correction levels L/M/Q/H, versions 1 to 40, the smallest
// version that holds the text, and the mask with the lowest penalty under the four rules of
// §7.8.3. The symbol is a plain square of modules; the 4-module quiet zone is added by paintQr.
//
// Pipeline (the standard's steps): bit stream (mode 0100, count, bytes, terminator, pad bytes
// 0xEC/0x11) → split into blocks → Reed–Solomon over GF(2^8) with the polynomial x^8+x^4+x^3+x^2+1
// → interleave → place in the zigzag order around the function patterns → mask → format
// information (BCH(15,5) xor 101010000010010) and, from version 7, version information
// (BCH(18,6)).
//
// Threading: pure functions and plain values; use from any thread. paintQr needs the painter's
// thread, as any QPainter call does.
#include "common/domain/result.h"

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

class QPainter;
class QRectF;

namespace bianmin::print {

enum class EcLevel { L, M, Q, H };

class QrMatrix {
public:
    QrMatrix() = default;
    explicit QrMatrix(int size)
        : m_size(size)
        , m_dark(static_cast<std::size_t>(size * size), false) {}

    int size() const { return m_size; }
    int version() const { return (m_size - 17) / 4; }
    // x is the column, y the row, both from the top-left corner; true is a dark module.
    bool at(int x, int y) const { return m_dark[index(x, y)]; }
    void set(int x, int y, bool dark) { m_dark[index(x, y)] = dark; }

private:
    std::size_t index(int x, int y) const;
    int m_size = 0;
    std::vector<bool> m_dark;
};

inline constexpr int kQrMinVersion = 1;
inline constexpr int kQrMaxVersion = 40;
inline constexpr int kQrQuietZone = 4; // modules of light margin on each side

// Encodes the text in byte mode at the smallest version that holds it. Fails with "qr_too_long"
// when even version 40 cannot.
domain::Result<QrMatrix> encodeQr(std::string_view utf8, EcLevel level = EcLevel::M);
// The same at one given version (1..40); fails with "qr_too_long" when the text does not fit.
domain::Result<QrMatrix> encodeQrAtVersion(std::string_view utf8, int version,
                                           EcLevel level = EcLevel::M);

// How many bytes byte mode holds at a version and level (e.g. 14 at 1-M, 213 at 10-M).
int qrByteCapacity(int version, EcLevel level);

// Draws the symbol with its quiet zone into `target` (white background, black modules), centred
// and square: the side is the smaller of the target's width and height.
void paintQr(QPainter& painter, const QRectF& target, const QrMatrix& matrix);

// --- building blocks, exposed for the tests ---------------------------------------------------
namespace qr_detail {

// The Reed–Solomon error correction codewords of one block.
std::vector<std::uint8_t> reedSolomon(std::span<const std::uint8_t> data, int ecCount);
// Multiplication in GF(2^8) modulo x^8+x^4+x^3+x^2+1; and α^n.
std::uint8_t gfMultiply(std::uint8_t a, std::uint8_t b);
std::uint8_t gfExp(int n);
// The 15-bit format information (after the xor mask), bit 14 first.
std::uint32_t formatBits(EcLevel level, int mask);
// The 18-bit version information of versions 7..40.
std::uint32_t versionBits(int version);
// The data codewords (before error correction) of the text at a version, or empty if it does not
// fit.
std::vector<std::uint8_t> dataCodewords(std::string_view bytes, int version, EcLevel level);
// Total codewords of a version (data + error correction).
int totalCodewords(int version);
// Centre coordinates of the alignment patterns of a version (empty for version 1).
std::vector<int> alignmentCentres(int version);
// The penalty of a finished symbol under the four rules.
int penalty(const QrMatrix& m);
// Encodes with a forced mask (0..7), for tests that compare masks.
domain::Result<QrMatrix> encodeWithMask(std::string_view bytes, int version, EcLevel level,
                                        int mask);

} // namespace qr_detail
} // namespace bianmin::print
