// The web console's files embedded in the program (console/assets.h): every file of console/web
// byte for byte, ECharts as vendor/echarts.min.js, content types, and nothing else.
#include "console/assets.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace {

std::string readFile(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

using bianmin::console::findAsset;

TEST_CASE("Every file of console/web is embedded byte for byte", "[console]") {
    const std::filesystem::path web = BIANMIN_CONSOLE_WEB_DIR;
    int files = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(web)) {
        if (!entry.is_regular_file())
            continue;
        const std::string name = entry.path().lexically_relative(web).generic_string();
        INFO(name);
        const auto* asset = findAsset(name);
        REQUIRE(asset != nullptr);
        CHECK(asset->body == readFile(entry.path()));
        ++files;
    }
    CHECK(files >= 10);
}

TEST_CASE("Assets carry their content type", "[console]") {
    REQUIRE(findAsset("index.html"));
    CHECK(findAsset("index.html")->contentType == "text/html; charset=utf-8");
    REQUIRE(findAsset("app.js"));
    CHECK(findAsset("app.js")->contentType == "text/javascript; charset=utf-8");
    REQUIRE(findAsset("style.css"));
    CHECK(findAsset("style.css")->contentType == "text/css; charset=utf-8");
    REQUIRE(findAsset("public/query.html"));
    REQUIRE(findAsset("public/catalog.html"));
}

TEST_CASE("ECharts is embedded as vendor/echarts.min.js", "[console]") {
    const auto* echarts = findAsset("vendor/echarts.min.js");
    REQUIRE(echarts != nullptr);
    CHECK(echarts->contentType == "text/javascript; charset=utf-8");
    CHECK(echarts->body == readFile(BIANMIN_ECHARTS_JS));
    CHECK(echarts->body.size() > 500'000);
}

TEST_CASE("Unknown paths find nothing", "[console]") {
    CHECK(findAsset("") == nullptr);
    CHECK(findAsset("nope.html") == nullptr);
    CHECK(findAsset("/index.html") == nullptr);
    CHECK(findAsset("../CMakeLists.txt") == nullptr);
    CHECK(findAsset("index.html/") == nullptr);
    CHECK(findAsset("INDEX.HTML") == nullptr);
}
