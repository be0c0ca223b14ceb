#pragma once
// A minimal Office Open XML spreadsheet (.xlsx) writer for the console's exports: one or more
// sheets of plain cells (text or numbers), a bold header row, no formulas or styles beyond that.
// The package is a ZIP archive with stored (uncompressed) entries, written by hand after
// ECMA-376 Part 2 (Open Packaging Conventions) and the ZIP file format's local and central
// directory records; CRC-32 comes from zlib.
//
// Threading: pure functions.
#include <string>
#include <variant>
#include <vector>

namespace bianmin::syncd::console {

using XlsxCell = std::variant<std::string, double>;

struct XlsxSheet {
    std::string name;                        // at most 31 characters, none of []:*?/\ .
    std::vector<std::vector<XlsxCell>> rows; // the first row is the header (bold)
};

// The .xlsx file's bytes.
std::string writeXlsx(const std::vector<XlsxSheet>& sheets);

// A ZIP archive of stored entries (exposed for tests).
struct ZipEntry {
    std::string name;
    std::string data;
};
std::string writeStoredZip(const std::vector<ZipEntry>& entries);

} // namespace bianmin::syncd::console
