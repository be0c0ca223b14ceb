#include "syncserver/console/xlsx.h"

#include <cstdint>
#include <cstdio>
#include <zlib.h>

namespace bianmin::syncd::console {

namespace {

void put16(std::string& out, std::uint16_t v) {
    out += static_cast<char>(v & 0xFF);
    out += static_cast<char>((v >> 8) & 0xFF);
}

void put32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i)
        out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

std::string escapeXml(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (const char ch : s) {
        switch (ch) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            // Control characters other than tab and newline are not allowed in XML 1.0.
            if (static_cast<unsigned char>(ch) >= 0x20 || ch == '\t' || ch == '\n')
                out += ch;
        }
    }
    return out;
}

// A1-style column letters: 0 → A, 25 → Z, 26 → AA.
std::string columnName(std::size_t index) {
    std::string out;
    ++index;
    while (index > 0) {
        const std::size_t rem = (index - 1) % 26;
        out.insert(out.begin(), static_cast<char>('A' + rem));
        index = (index - 1) / 26;
    }
    return out;
}

std::string sheetXml(const XlsxSheet& sheet) {
    std::string x =
        R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
        "\n"
        R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
        "<sheetData>";
    for (std::size_t r = 0; r < sheet.rows.size(); ++r) {
        x += "<row r=\"" + std::to_string(r + 1) + "\">";
        for (std::size_t c = 0; c < sheet.rows[r].size(); ++c) {
            const std::string ref = columnName(c) + std::to_string(r + 1);
            const char* style = r == 0 ? " s=\"1\"" : "";
            if (const auto* n = std::get_if<double>(&sheet.rows[r][c])) {
                char buf[40];
                std::snprintf(buf, sizeof buf, "%.10g", *n);
                x += "<c r=\"" + ref + "\"" + style + "><v>" + buf + "</v></c>";
            } else {
                x += "<c r=\"" + ref + "\"" + style + " t=\"inlineStr\"><is><t>" +
                     escapeXml(std::get<std::string>(sheet.rows[r][c])) + "</t></is></c>";
            }
        }
        x += "</row>";
    }
    return x + "</sheetData></worksheet>";
}

} // namespace

std::string writeStoredZip(const std::vector<ZipEntry>& entries) {
    std::string out;
    std::string central;
    // 1980-01-01 00:00 in MS-DOS date/time: the spreadsheet does not need real times.
    constexpr std::uint16_t kDosTime = 0;
    constexpr std::uint16_t kDosDate = (0 << 9) | (1 << 5) | 1;
    constexpr std::uint16_t kUtf8Names = 1 << 11;
    for (const auto& e : entries) {
        const auto crc = static_cast<std::uint32_t>(crc32(
            0L, reinterpret_cast<const Bytef*>(e.data.data()), static_cast<uInt>(e.data.size())));
        const auto size = static_cast<std::uint32_t>(e.data.size());
        const auto offset = static_cast<std::uint32_t>(out.size());
        // Local file header.
        put32(out, 0x04034b50);
        put16(out, 20); // version needed: 2.0
        put16(out, kUtf8Names);
        put16(out, 0); // stored
        put16(out, kDosTime);
        put16(out, kDosDate);
        put32(out, crc);
        put32(out, size);
        put32(out, size);
        put16(out, static_cast<std::uint16_t>(e.name.size()));
        put16(out, 0);
        out += e.name;
        out += e.data;
        // Central directory record.
        put32(central, 0x02014b50);
        put16(central, 20); // made by
        put16(central, 20); // needed
        put16(central, kUtf8Names);
        put16(central, 0);
        put16(central, kDosTime);
        put16(central, kDosDate);
        put32(central, crc);
        put32(central, size);
        put32(central, size);
        put16(central, static_cast<std::uint16_t>(e.name.size()));
        put16(central, 0); // extra
        put16(central, 0); // comment
        put16(central, 0); // disk
        put16(central, 0); // internal attributes
        put32(central, 0); // external attributes
        put32(central, offset);
        central += e.name;
    }
    const auto centralOffset = static_cast<std::uint32_t>(out.size());
    out += central;
    put32(out, 0x06054b50); // end of central directory
    put16(out, 0);
    put16(out, 0);
    put16(out, static_cast<std::uint16_t>(entries.size()));
    put16(out, static_cast<std::uint16_t>(entries.size()));
    put32(out, static_cast<std::uint32_t>(central.size()));
    put32(out, centralOffset);
    put16(out, 0);
    return out;
}

std::string writeXlsx(const std::vector<XlsxSheet>& sheets) {
    std::string types =
        R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
        "\n"
        R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
        R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
        R"(<Default Extension="xml" ContentType="application/xml"/>)"
        R"(<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>)"
        R"(<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>)";
    std::string workbook =
        R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
        "\n"
        R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
        R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>)";
    std::string rels =
        R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
        "\n"
        R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)";
    std::vector<ZipEntry> entries;
    for (std::size_t i = 0; i < sheets.size(); ++i) {
        const std::string n = std::to_string(i + 1);
        types += R"(<Override PartName="/xl/worksheets/sheet)";
        types += n;
        types +=
            R"(.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>)";
        workbook += "<sheet name=\"";
        workbook += escapeXml(sheets[i].name);
        workbook += "\" sheetId=\"";
        workbook += n;
        workbook += "\" r:id=\"rId";
        workbook += n;
        workbook += "\"/>";
        rels += "<Relationship Id=\"rId";
        rels += n;
        rels +=
            R"(" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet)";
        rels += n;
        rels += ".xml\"/>";
    }
    const std::string stylesId = std::to_string(sheets.size() + 1);
    rels +=
        "<Relationship Id=\"rId" + stylesId +
        R"(" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>)";
    types += "</Types>";
    workbook += "</sheets></workbook>";
    rels += "</Relationships>";
    const std::string styles =
        R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
        "\n"
        R"(<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
        R"(<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>)"
        R"(<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>)"
        R"(<fills count="2"><fill><patternFill patternType="none"/></fill>)"
        R"(<fill><patternFill patternType="gray125"/></fill></fills>)"
        R"(<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>)"
        R"(<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>)"
        R"(<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>)"
        R"(<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>)"
        R"(</styleSheet>)";
    const std::string rootRels =
        R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
        "\n"
        R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
        R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>)"
        R"(</Relationships>)";
    entries.push_back({"[Content_Types].xml", types});
    entries.push_back({"_rels/.rels", rootRels});
    entries.push_back({"xl/workbook.xml", workbook});
    entries.push_back({"xl/_rels/workbook.xml.rels", rels});
    entries.push_back({"xl/styles.xml", styles});
    for (std::size_t i = 0; i < sheets.size(); ++i)
        entries.push_back(
            {"xl/worksheets/sheet" + std::to_string(i + 1) + ".xml", sheetXml(sheets[i])});
    return writeStoredZip(entries);
}

} // namespace bianmin::syncd::console
