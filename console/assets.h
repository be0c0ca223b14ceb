#pragma once
// The files of the web console (console/web/) and ECharts, embedded in the program at build time
// (console/CMakeLists.txt, cmake/EmbedAssets.cmake), so that a deployed bianmin-syncd is one file.
#include <string_view>

namespace bianmin::console {

struct Asset {
    std::string_view contentType; // e.g. "text/html; charset=utf-8"
    std::string_view body;
};

// path relative to console/web, e.g. "index.html", "app.js", "public/query.html",
// "vendor/echarts.min.js"; nullptr when there is no such file.
const Asset* findAsset(std::string_view path);

} // namespace bianmin::console
