// The QR encoder: unit checks against the worked examples of ISO/IEC 18004 (Reed–Solomon
// codewords, format and version information), capacities and errors, and symbols of many sizes
// rendered to PNG and read back by zbar, which knows nothing of our code.
#include "client/print/qr_code.h"
#include "tests/print/print_test_tools.h"

#include <QImage>
#include <QPainter>
#include <bitset>
#include <catch2/catch.hpp>
#include <string>

using namespace bianmin::print;
using bianmin::testing::decodeQrImage;
using bianmin::testing::printArtifacts;

namespace {

std::filesystem::path renderPng(const QrMatrix& m, const std::string& name, int pxPerModule = 8) {
    const int side = (m.size() + 2 * kQrQuietZone) * pxPerModule;
    QImage img(side, side, QImage::Format_RGB32);
    img.fill(Qt::gray); // paintQr must paint its own white quiet zone
    {
        QPainter p(&img);
        paintQr(p, QRectF(0, 0, side, side), m);
    }
    const std::filesystem::path dir = printArtifacts() / "qr";
    std::filesystem::create_directories(dir);
    const std::filesystem::path file = dir / (name + ".png");
    REQUIRE(img.save(QString::fromStdString(file.string()), "PNG"));
    return file;
}

// Text of exactly n bytes, varied so the symbol is not trivially regular.
std::string filler(std::size_t n, const std::string& head) {
    std::string s = head;
    const std::string tail = "0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJKLMNOPQRSTUVWXYZ/";
    for (std::size_t i = 0; s.size() < n; ++i)
        s.push_back(tail[(i * 7) % tail.size()]);
    s.resize(n);
    return s;
}

void requireRoundTrip(const std::string& text, const std::string& name, int expectVersion = 0) {
    auto m = encodeQr(text);
    INFO(name << ": " << (m ? std::string() : m.error().message));
    REQUIRE(m.ok());
    if (expectVersion > 0)
        CHECK(m->version() == expectVersion);
    CHECK(m->size() == 4 * m->version() + 17);
    CHECK(decodeQrImage(renderPng(*m, name)) == text);
}

std::string bits(std::uint32_t v, std::size_t n) {
    return std::bitset<18>(v).to_string().substr(18 - n);
}

} // namespace

TEST_CASE("Reed-Solomon codewords match the worked example of the standard") {
    // ISO/IEC 18004 Annex I: "01234567" in numeric mode, version 1-M. The sixteen data codewords
    // and the ten error correction codewords the standard gives for them.
    const std::vector<std::uint8_t> data{0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11,
                                         0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11};
    const std::vector<std::uint8_t> expected{0xA5, 0x24, 0xD4, 0xC1, 0xED,
                                             0x36, 0xC7, 0x87, 0x2C, 0x55};
    CHECK(qr_detail::reedSolomon(data, 10) == expected);
}

TEST_CASE("a Reed-Solomon codeword has the generator's roots") {
    // c(x) = d(x)·x^n + r(x) is a multiple of g(x) = Π (x − α^i), so c(α^i) = 0 for i < n.
    std::vector<std::uint8_t> data;
    for (int i = 0; i < 40; ++i)
        data.push_back(static_cast<std::uint8_t>(i * 37 + 11));
    for (int n : {7, 10, 16, 22, 30}) {
        std::vector<std::uint8_t> cw = data;
        const auto ec = qr_detail::reedSolomon(data, n);
        REQUIRE(ec.size() == static_cast<std::size_t>(n));
        cw.insert(cw.end(), ec.begin(), ec.end());
        for (int i = 0; i < n; ++i) {
            std::uint8_t acc = 0; // Horner, highest power first
            for (std::uint8_t c : cw)
                acc =
                    static_cast<std::uint8_t>(qr_detail::gfMultiply(acc, qr_detail::gfExp(i)) ^ c);
            INFO("n = " << n << ", root α^" << i);
            CHECK(acc == 0);
        }
    }
}

TEST_CASE("format and version information follow the standard") {
    // Level M (00) with mask 000 has all-zero data and BCH bits, so it is the xor mask itself.
    CHECK(bits(qr_detail::formatBits(EcLevel::M, 0), 15) == "101010000010010");
    // The standard's example: level M, mask 101 → 00101 0011011100, masked 100000011001110.
    CHECK(bits(qr_detail::formatBits(EcLevel::M, 5), 15) == "100000011001110");
    // Annex D: version 7 → 000111 110010010100.
    CHECK(bits(qr_detail::versionBits(7), 18) == "000111110010010100");
    // BCH(15,5) corrects 3 errors: any two format words differ in at least 7 bits.
    std::vector<std::uint32_t> words;
    for (EcLevel l : {EcLevel::L, EcLevel::M, EcLevel::Q, EcLevel::H})
        for (int mask = 0; mask < 8; ++mask)
            words.push_back(qr_detail::formatBits(l, mask));
    for (std::size_t i = 0; i < words.size(); ++i)
        for (std::size_t j = i + 1; j < words.size(); ++j)
            CHECK(std::bitset<15>(words[i] ^ words[j]).count() >= 7);
    // BCH(18,6): any two version words differ in at least 8 bits.
    for (int a = 7; a <= 40; ++a)
        for (int b = a + 1; b <= 40; ++b)
            CHECK(std::bitset<18>(qr_detail::versionBits(a) ^ qr_detail::versionBits(b)).count() >=
                  8);
}

TEST_CASE("codeword counts and byte capacities are those of the standard's tables") {
    CHECK(qr_detail::totalCodewords(1) == 26);
    CHECK(qr_detail::totalCodewords(7) == 196);
    CHECK(qr_detail::totalCodewords(10) == 346);
    CHECK(qr_detail::totalCodewords(40) == 3706);
    CHECK(qrByteCapacity(1, EcLevel::M) == 14);
    CHECK(qrByteCapacity(1, EcLevel::L) == 17);
    CHECK(qrByteCapacity(1, EcLevel::H) == 7);
    CHECK(qrByteCapacity(2, EcLevel::M) == 26);
    CHECK(qrByteCapacity(5, EcLevel::M) == 84);
    CHECK(qrByteCapacity(7, EcLevel::M) == 122);
    CHECK(qrByteCapacity(10, EcLevel::M) == 213);
    CHECK(qrByteCapacity(40, EcLevel::L) == 2953);
    CHECK(qrByteCapacity(40, EcLevel::M) == 2331);
    CHECK(qrByteCapacity(40, EcLevel::H) == 1273);
    // The alignment table ends at the right place: the last centre is 7 modules from the edge.
    for (int v = 2; v <= 40; ++v)
        CHECK(qr_detail::alignmentCentres(v).back() == 4 * v + 10);
    // Data codewords of "01234567"-sized byte text fill the block exactly with pad bytes.
    const auto dc = qr_detail::dataCodewords("AB", 1, EcLevel::M);
    REQUIRE(dc.size() == 16);
    CHECK(dc[0] == 0x40); // 0100 + count 0000 0010
    CHECK(dc[1] == 0x24);
    CHECK(dc[2] == 0x14); // 'A' 0x41, 'B' 0x42 shifted by four bits
    CHECK(dc[3] == 0x20); // … then the terminator
    CHECK(dc[4] == 0xEC);
    CHECK(dc[5] == 0x11);
}

TEST_CASE("too long a text is an error, not an exception") {
    const std::string tooLong(static_cast<std::size_t>(qrByteCapacity(40, EcLevel::M)) + 1, 'x');
    const auto r = encodeQr(tooLong);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "qr_too_long");
    CHECK(encodeQr(std::string(2331, 'x')).ok());
    const auto small = encodeQrAtVersion(std::string(15, 'x'), 1);
    REQUIRE_FALSE(small.ok());
    CHECK(small.error().code == "qr_too_long");
    CHECK_FALSE(encodeQrAtVersion("x", 41).ok());
}

TEST_CASE("the chosen mask has the lowest penalty of the eight") {
    const std::string text = "https://zwfw.chibi.gov.cn/q?n=L421281909001-20261123-0001";
    const auto chosen = encodeQr(text);
    REQUIRE(chosen.ok());
    int lowest = -1;
    for (int mask = 0; mask < 8; ++mask) {
        const auto m = qr_detail::encodeWithMask(text, chosen->version(), EcLevel::M, mask);
        REQUIRE(m.ok());
        const int p = qr_detail::penalty(*m);
        lowest = lowest < 0 ? p : std::min(lowest, p);
        // Every mask gives a readable symbol.
        CHECK(decodeQrImage(renderPng(*m, "mask-" + std::to_string(mask))) == text);
    }
    CHECK(qr_detail::penalty(*chosen) == lowest);
}

TEST_CASE("zbar reads our symbols back") {
    requireRoundTrip("https://zwfw.chibi.gov.cn/q", "short-url");
    const std::string longUrl =
        "https://zwfw.chibi.gov.cn/bianmin/progress?case=L421281909001-20261123-0001"
        "&item=%E9%AB%98%E9%BE%84%E8%A1%A5%E8%B4%B4&site=%E8%BD%A6%E5%9F%A0%E9%95%87";
    REQUIRE(longUrl.size() >= 140);
    requireRoundTrip(longUrl, "url-percent-encoded");
    requireRoundTrip("赤壁市车埠镇便民服务大厅：您的高龄补贴申请已受理，办件编号"
                     "L421281909001-20261123-0001，请凭查询密码查询办理进度。",
                     "utf8-chinese");
}

TEST_CASE("texts at the exact byte capacity of versions 1, 2, 5, 7 and 10 (level M)") {
    for (int v : {1, 2, 5, 7, 10}) {
        const int cap = qrByteCapacity(v, EcLevel::M);
        const std::string text = filler(static_cast<std::size_t>(cap), "https://zwfw.cn/");
        requireRoundTrip(text, "capacity-v" + std::to_string(v), v);
        // One byte more needs the next version.
        const auto bigger = encodeQr(text + "x");
        REQUIRE(bigger.ok());
        CHECK(bigger->version() == v + 1);
    }
}

TEST_CASE("every version at every level reads back") {
    const std::pair<EcLevel, const char*> levels[] = {
        {EcLevel::L, "L"}, {EcLevel::M, "M"}, {EcLevel::Q, "Q"}, {EcLevel::H, "H"}};
    for (const auto& [level, name] : levels)
        for (int v = 1; v <= 40; ++v) {
            const std::string text = filler(static_cast<std::size_t>(qrByteCapacity(v, level)),
                                            std::string(name) + std::to_string(v) + ":");
            const auto m = encodeQrAtVersion(text, v, level);
            INFO("version " << v << "-" << name);
            REQUIRE(m.ok());
            const int px = v <= 20 ? 4 : 3;
            CHECK(decodeQrImage(
                      renderPng(*m, std::string("sweep-") + name + std::to_string(v), px)) == text);
        }
}
