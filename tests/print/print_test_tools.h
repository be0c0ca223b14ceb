#pragma once
// Helpers of the printing tests: run the outside tools (zbarimg, pdftotext, pdffonts, pdfinfo,
// pdftoppm) and fail the test with a clear message when one is missing, and the artifacts folder
// in the build tree where the PDFs and PNGs stay for people to look at.
#include <filesystem>
#include <string>
#include <vector>

namespace bianmin::testing {

struct ToolRun {
    int exitCode = -1;
    std::string out;
    std::string err;
};

// Runs a program to completion; the test FAILS (not skips) when it cannot be started.
ToolRun runTool(const std::string& program, const std::vector<std::string>& args,
                const std::string& package);

// BIANMIN_ARTIFACTS_DIR/print, created if needed.
std::filesystem::path printArtifacts();

// What zbarimg reads from an image (its --raw output without the final newline).
std::string decodeQrImage(const std::filesystem::path& png);
// pdftotext -layout of the whole document (pages separated by form feeds).
std::string pdfText(const std::filesystem::path& pdf);
// The same with all white space removed, for matching text that wrapped across lines, and CJK
// radicals mapped back to ideographs (see unifyRadicals).
std::string pdfTextCompact(const std::filesystem::path& pdf);
std::string pdfFonts(const std::filesystem::path& pdf);
int pdfPageCount(const std::filesystem::path& pdf);
// Rasterizes one page (1-based) at a resolution with pdftoppm; returns the PNG path.
std::filesystem::path rasterizePage(const std::filesystem::path& pdf, int page, int dpi,
                                    const std::filesystem::path& outPrefix);
// Qt writes each embedded glyph's ToUnicode entry as the lowest code point the font maps to it,
// and Noto CJK maps radicals (U+2E80..U+2FDF) to the glyphs of common ideographs (车, 赤, 日 …),
// so text extracted from the PDF shows radicals there. This maps them back, using the fonts.
std::string unifyRadicals(const std::string& utf8);
// Removes all white space (ASCII and U+3000), to compare text regardless of line breaks.
std::string compact(const std::string& s);

} // namespace bianmin::testing
