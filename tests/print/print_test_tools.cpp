#include "tests/print/print_test_tools.h"

#include <QFont>
#include <QProcess>
#include <QRawFont>
#include <QString>
#include <QStringList>
#include <catch2/catch.hpp>
#include <map>

namespace bianmin::testing {

ToolRun runTool(const std::string& program, const std::vector<std::string>& args,
                const std::string& package) {
    QProcess p;
    QStringList qargs;
    for (const auto& a : args)
        qargs << QString::fromStdString(a);
    p.start(QString::fromStdString(program), qargs);
    if (!p.waitForStarted(10'000))
        FAIL(program << " could not be started (is " << package << " installed? apt-get install "
                     << package << ")");
    if (!p.waitForFinished(120'000))
        FAIL(program << " did not finish within two minutes");
    ToolRun r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput().toStdString();
    r.err = p.readAllStandardError().toStdString();
    return r;
}

std::filesystem::path printArtifacts() {
    const std::filesystem::path dir = std::filesystem::path(BIANMIN_ARTIFACTS_DIR) / "print";
    std::filesystem::create_directories(dir);
    return dir;
}

std::string decodeQrImage(const std::filesystem::path& png) {
    const ToolRun r = runTool("zbarimg", {"--raw", "-q", png.string()}, "zbar-tools");
    INFO("zbarimg on " << png << ": " << r.err);
    REQUIRE(r.exitCode == 0);
    std::string s = r.out;
    if (!s.empty() && s.back() == '\n')
        s.pop_back();
    return s;
}

std::string pdfText(const std::filesystem::path& pdf) {
    const ToolRun r = runTool("pdftotext", {"-layout", pdf.string(), "-"}, "poppler-utils");
    INFO("pdftotext on " << pdf << ": " << r.err);
    REQUIRE(r.exitCode == 0);
    return r.out;
}

std::string compact(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f')
            continue;
        if (s.compare(i, 3, "\u3000") == 0) {
            i += 2;
            continue;
        }
        out.push_back(s[i]);
    }
    return out;
}

std::string unifyRadicals(const std::string& utf8) {
    // radical code point -> the unified ideograph drawn with the same glyph, over the faces the
    // notices use.
    static const std::map<char32_t, char32_t> kMap = [] {
        std::map<char32_t, char32_t> out;
        for (const char* family : {"Noto Serif CJK SC", "Noto Sans CJK SC"})
            for (bool bold : {false, true}) {
                QFont f(QString::fromLatin1(family));
                f.setBold(bold);
                const QRawFont raw = QRawFont::fromFont(f);
                auto glyphOf = [&](char32_t c) {
                    const auto g = raw.glyphIndexesForString(QString::fromUcs4(&c, 1));
                    return g.isEmpty() ? 0U : g.front();
                };
                std::map<quint32, char32_t> byGlyph;
                for (char32_t c = 0x4E00; c <= 0x9FFF; ++c)
                    if (const quint32 g = glyphOf(c); g != 0)
                        byGlyph.emplace(g, c);
                for (char32_t r = 0x2E80; r <= 0x2FDF; ++r)
                    if (const auto it = byGlyph.find(glyphOf(r)); it != byGlyph.end())
                        out.emplace(r, it->second);
            }
        return out;
    }();
    std::u32string text = QString::fromStdString(utf8).toStdU32String();
    for (char32_t& c : text)
        if (const auto it = kMap.find(c); it != kMap.end())
            c = it->second;
    return QString::fromStdU32String(text).toStdString();
}

std::string pdfTextCompact(const std::filesystem::path& pdf) {
    const ToolRun r = runTool("pdftotext", {"-raw", pdf.string(), "-"}, "poppler-utils");
    INFO("pdftotext on " << pdf << ": " << r.err);
    REQUIRE(r.exitCode == 0);
    return compact(unifyRadicals(r.out));
}

std::string pdfFonts(const std::filesystem::path& pdf) {
    const ToolRun r = runTool("pdffonts", {pdf.string()}, "poppler-utils");
    INFO("pdffonts on " << pdf << ": " << r.err);
    REQUIRE(r.exitCode == 0);
    return r.out;
}

int pdfPageCount(const std::filesystem::path& pdf) {
    const ToolRun r = runTool("pdfinfo", {pdf.string()}, "poppler-utils");
    INFO("pdfinfo on " << pdf << ": " << r.err);
    REQUIRE(r.exitCode == 0);
    const auto pos = r.out.find("Pages:");
    REQUIRE(pos != std::string::npos);
    return std::stoi(r.out.substr(pos + 6));
}

std::filesystem::path rasterizePage(const std::filesystem::path& pdf, int page, int dpi,
                                    const std::filesystem::path& outPrefix) {
    const std::string p = std::to_string(page);
    const ToolRun r = runTool("pdftoppm",
                              {"-r", std::to_string(dpi), "-png", "-f", p, "-l", p, "-singlefile",
                               pdf.string(), outPrefix.string()},
                              "poppler-utils");
    INFO("pdftoppm on " << pdf << ": " << r.err);
    REQUIRE(r.exitCode == 0);
    return std::filesystem::path(outPrefix.string() + ".png");
}

} // namespace bianmin::testing
