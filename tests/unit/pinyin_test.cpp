// Pinyin initials and query matching: the GB2312 level-1 boundaries, the explicit table, the words
// with polyphonic characters, every item name of the demo catalog checked by hand, and the ranks
// the item pickers sort by.
#include "common/domain/pinyin.h"
#include "common/refdata/reference_files.h"

#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

using namespace bianmin::domain;

namespace {

// The code points of a valid UTF-8 string, each with its own UTF-8 text.
std::vector<std::pair<char32_t, std::string>> characters(std::string_view s) {
    std::vector<std::pair<char32_t, std::string>> out;
    std::size_t i = 0;
    while (i < s.size()) {
        const auto b0 = static_cast<unsigned char>(s[i]);
        const std::size_t len = b0 < 0x80 ? 1 : (b0 >> 5U) == 6 ? 2 : (b0 >> 4U) == 14 ? 3 : 4;
        char32_t cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1FU) : len == 3 ? (b0 & 0x0FU) : (b0 & 7U);
        for (std::size_t k = 1; k < len; ++k)
            cp = (cp << 6U) | (static_cast<unsigned char>(s[i + k]) & 0x3FU);
        out.emplace_back(cp, std::string(s.substr(i, len)));
        i += len;
    }
    return out;
}

bool isHanzi(char32_t cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF);
}

std::shared_ptr<const bianmin::refdata::ReferenceData> demo() {
    static const auto ref = [] {
        auto loaded = bianmin::refdata::loadReferenceData(
            bianmin::refdata::ReferencePaths::inDirectory(BIANMIN_RESOURCES_DIR));
        if (!loaded)
            FAIL(loaded.error().message);
        return *loaded;
    }();
    return ref;
}

} // namespace

TEST_CASE("pinyin: the examples of the brief", "[pinyin]") {
    CHECK(pinyinInitials("高龄补贴") == "glbt");
    CHECK(pinyinInitials("城乡低保申请") == "cxdbsq");
    CHECK(pinyinInitials("") == "");
}

TEST_CASE("pinyin: each letter's first and last level-1 character", "[pinyin]") {
    // The first character of each letter in GB2312 order and the one just before it.
    const std::vector<std::pair<std::string, char>> cases = {
        {"啊", 'a'}, {"澳", 'a'}, {"芭", 'b'}, {"怖", 'b'}, {"擦", 'c'}, {"错", 'c'}, {"搭", 'd'},
        {"堕", 'd'}, {"蛾", 'e'}, {"贰", 'e'}, {"发", 'f'}, {"咐", 'f'}, {"噶", 'g'}, {"过", 'g'},
        {"哈", 'h'}, {"祸", 'h'}, {"击", 'j'}, {"骏", 'j'}, {"喀", 'k'}, {"阔", 'k'}, {"垃", 'l'},
        {"络", 'l'}, {"妈", 'm'}, {"穆", 'm'}, {"拿", 'n'}, {"诺", 'n'}, {"哦", 'o'}, {"沤", 'o'},
        {"啪", 'p'}, {"瀑", 'p'}, {"期", 'q'}, {"群", 'q'}, {"然", 'r'}, {"弱", 'r'}, {"撒", 's'},
        {"所", 's'}, {"塌", 't'}, {"唾", 't'}, {"挖", 'w'}, {"误", 'w'}, {"昔", 'x'}, {"迅", 'x'},
        {"压", 'y'}, {"孕", 'y'}, {"匝", 'z'}, {"座", 'z'},
    };
    for (const auto& [ch, letter] : cases) {
        INFO(ch);
        CHECK(pinyinInitials(ch) == std::string(1, letter));
        CHECK(pinyinInitial(characters(ch).front().first) == letter);
    }
}

TEST_CASE("pinyin: level-2 and non-GB2312 characters come from the explicit table", "[pinyin]") {
    CHECK(pinyinInitials("惠民殡葬") == "hmbz"); // 殡 is level-2
    CHECK(pinyinInitials("蒲圻街道") == "pqjd"); // 圻
    CHECK(pinyinInitials("官塘驿镇") == "gtyz"); // 驿
    CHECK(pinyinInitials("茶庵岭镇") == "calz"); // 庵
    CHECK(pinyinInitials("鳏寡孤独") == "gggd"); // 鳏
    CHECK(pinyinInitials("耄耋老人") == "mdlr"); // 耄耋
    CHECK(pinyinInitials("赈灾款") == "zzk");    // 赈
    CHECK(pinyinInitials("塆") == "w");          // outside GB2312
    CHECK(pinyinInitials("龘") == "");           // unknown: dropped
    CHECK(pinyinInitial(U'A') == '\0');
}

TEST_CASE("pinyin: words with a polyphonic character take their own reading", "[pinyin]") {
    CHECK(pinyinInitials("人民调解") == "rmtj");
    CHECK(pinyinInitials("调查") == "dc"); // the GB2312 reading stays the default
    CHECK(pinyinInitials("密码重置") == "mmcz");
    CHECK(pinyinInitials("重度残疾") == "zdcj");
    CHECK(pinyinInitials("代收银行") == "dsyh");
    CHECK(pinyinInitials("行政给付") == "xzjf");
    CHECK(pinyinInitials("村长") == "cz");
}

TEST_CASE("pinyin: ASCII letters and digits are kept, punctuation dropped", "[pinyin]") {
    CHECK(pinyinInitials("有线电视开户/过户") == "yxdskhgh");
    CHECK(pinyinInitials("特困人员供养(五保)申请") == "tkrygywbsq");
    CHECK(pinyinInitials("惠民惠农财政补贴“一卡通”账户变更") == "hmhnczbtyktzhbg");
    CHECK(pinyinInitials("PDF导出2份") == "pdfdc2f");
    CHECK(pinyinInitials("居民身份证申领（换领、补领）") == "jmsfzslhlbl");
    CHECK(pinyinInitials("\xff\xfe高\xe9") == "g"); // broken UTF-8 is skipped
}

TEST_CASE("pinyin: every item name of the demo catalog, checked by hand", "[pinyin][catalog]") {
    // Written out by reading each name aloud, not computed.
    const std::map<std::string, std::string> expected = {
        {"零就业家庭认定", "ljyjtrd"},
        {"就业失业登记证办理", "jysydjzbl"},
        {"就业困难人员认定", "jyknryrd"},
        {"灵活就业人员养老保险参保登记", "lhjyryylbxcbdj"},
        {"城乡居民养老保险参保登记", "cxjmylbxcbdj"},
        {"社会保险参保暂停(封存)申请", "shbxcbztfcsq"},
        {"社会保险参保恢复(解封)申请", "shbxcbhfjfsq"},
        {"社会保障卡启用", "shbzkqy"},
        {"社会保障卡密码修改与重置", "shbzkmmxgycz"},
        {"社会保障卡注销", "shbzkzx"},
        {"社会保障卡应用状态查询", "shbzkyyztcx"},
        {"城乡居民养老保险待遇领取申请", "cxjmylbxdylqsq"},
        {"农村危房改造申请", "ncwfgzsq"},
        {"乡村建设规划许可", "xcjsghxk"},
        {"用水报装", "ysbz"},
        {"用电报装", "ydbz"},
        {"居住证明", "jzzm"},
        {"关系证明", "gxzm"},
        {"政审证明", "zszm"},
        {"户籍接收证明", "hjjszm"},
        {"居民身份证申领(换领、补领)", "jmsfzslhlbl"},
        {"耕地地力保护补贴申报", "gddlbhbtsb"},
        {"农机购置补贴申请", "njgzbtsq"},
        {"一孩生育登记", "yhsydj"},
        {"二孩生育登记", "ehsydj"},
        {"再生育子女审批", "zsyznsp"},
        {"独生子女父母光荣证审核", "dsznfmgrzsh"},
        {"流动人口婚育证明", "ldrkhyzm"},
        {"计生家庭奖励扶助对象申报", "jsjtjlfzdxsb"},
        {"计生家庭特别扶助对象申请", "jsjttbfzdxsq"},
        {"婚育情况证明", "hyqkzm"},
        {"死亡证明", "swzm"},
        {"独生子女父母奖励金申领", "dsznfmjljsl"},
        {"法律援助申请", "flyzsq"},
        {"法律援助咨询", "flyzzx"},
        {"人民调解", "rmtj"},
        {"农村宅基地申请", "nczjdsq"},
        {"宅基地使用权及房屋所有权首次登记", "zjdsyqjfwsyqscdj"},
        {"自然人代开增值税普通发票", "zrrdkzzsptfp"},
        {"个体工商户设立登记", "gtgshsldj"},
        {"有线电视开户/过户", "yxdskhgh"},
        {"公共租赁住房申请", "ggzlzfsq"},
        {"林木采伐许可", "lmcfxk"},
        {"残疾人证申领", "cjrzsl"},
        {"残疾人两项补贴申请", "cjrlxbtsq"},
        {"残疾人辅助器具适配申请", "cjrfzqjspsq"},
        {"高龄补贴申请", "glbtsq"},
        {"家庭生活困难证明", "jtshknzm"},
        {"医疗救助申请", "yljzsq"},
        {"临时救助申请", "lsjzsq"},
        {"特困人员供养(五保)申请", "tkrygywbsq"},
        {"城乡低保申请", "cxdbsq"},
        {"老年证办理", "lnzbl"},
        {"惠民殡葬补助申请", "hmbzbzsq"},
        {"孤儿基本生活费申请", "gejbshfsq"},
        {"优抚对象定期抚恤金申请", "yfdxdqfxjsq"},
        {"灾民救助款领取", "zmjzklq"},
        {"机动渔船油价补贴申报", "jdycyjbtsb"},
        {"城乡居民基本医疗保险参保登记", "cxjmjbylbxcbdj"},
        {"惠民惠农财政补贴“一卡通”账户变更", "hmhnczbtyktzhbg"},
    };
    const auto ref = demo();
    std::set<std::string> seen;
    for (const auto* item : ref->catalog.latestItems()) {
        INFO(item->id << " " << item->name);
        const auto it = expected.find(item->name);
        // A new item added to the demo catalog needs its initials written out here.
        REQUIRE(it != expected.end());
        CHECK(pinyinInitials(item->name) == it->second);
        seen.insert(item->name);
    }
    CHECK(seen.size() == expected.size());
}

TEST_CASE("pinyin: no character of any item name or place name maps to nothing", "[pinyin]") {
    const auto ref = demo();
    std::vector<std::string> texts;
    for (const auto* item : ref->catalog.latestItems()) {
        texts.push_back(item->name);
        texts.push_back(item->variant);
        texts.push_back(item->department);
        texts.push_back(item->window);
    }
    for (const auto& site : ref->org.sites())
        texts.push_back(site.name);
    for (const auto& text : texts)
        for (const auto& [cp, ch] : characters(text))
            if (isHanzi(cp)) {
                INFO(text << ": " << ch);
                CHECK(pinyinInitial(cp) != '\0');
            }
}

TEST_CASE("pinyin: matchesQuery by name, initials or code", "[pinyin][match]") {
    const std::string name = "高龄补贴申请";
    const std::string initials = pinyinInitials(name);
    const std::string code = "MZJ-001";
    CHECK(matchesQuery(name, initials, code, ""));
    CHECK(matchesQuery(name, initials, code, "   "));
    CHECK(matchesQuery(name, initials, code, "高龄"));
    CHECK(matchesQuery(name, initials, code, "补贴"));       // name substring
    CHECK(matchesQuery(name, initials, code, "gl"));         // initials prefix
    CHECK(matchesQuery(name, initials, code, "GLBT"));       // case-insensitive
    CHECK(matchesQuery(name, initials, code, "btsq"));       // initials substring
    CHECK(matchesQuery(name, initials, code, "MZJ-001"));    // code
    CHECK(matchesQuery(name, initials, code, "mzj001"));     // punctuation ignored
    CHECK(matchesQuery(name, initials, code, "mzj"));        // code prefix
    CHECK(matchesQuery(name, initials, code, "gl 补贴"));    // every part matches
    CHECK(matchesQuery(name, initials, code, "gl\u3000sq")); // ideographic space
    CHECK_FALSE(matchesQuery(name, initials, code, "低保"));
    CHECK_FALSE(matchesQuery(name, initials, code, "cx"));
    CHECK_FALSE(matchesQuery(name, initials, code, "gl 低保")); // one part fails
    CHECK_FALSE(matchesQuery(name, initials, code, "rsj"));
}

TEST_CASE("pinyin: matchRank puts prefixes before substrings", "[pinyin][match]") {
    const auto rank = [](const std::string& name, const std::string& code, std::string_view q) {
        return matchRank(name, pinyinInitials(name), code, q);
    };
    CHECK(rank("高龄补贴申请", "MZJ-001", "gl") == 0);
    CHECK(rank("高龄补贴申请", "MZJ-001", "高龄") == 0);
    CHECK(rank("高龄补贴申请", "MZJ-001", "mzj-001") == 0);
    CHECK(rank("高龄补贴申请", "MZJ-001", "mzj") == 1);
    CHECK(rank("高龄补贴申请", "MZJ-001", "bt") == 2);
    CHECK(rank("高龄补贴申请", "MZJ-001", "gl bt") == 2); // the worst part counts
    CHECK(rank("高龄补贴申请", "MZJ-001", "001") == 2);
    CHECK_FALSE(rank("高龄补贴申请", "MZJ-001", "xyz").has_value());
}

TEST_CASE("pinyin: 'gl' finds 高龄补贴申请 first in the demo catalog", "[pinyin][match]") {
    const auto ref = demo();
    std::string best;
    int bestRank = 99;
    for (const auto* item : ref->catalog.latestItems()) {
        const auto r = matchRank(item->name, pinyinInitials(item->name), item->basicCode, "gl");
        if (r && *r < bestRank) {
            bestRank = *r;
            best = item->name;
        }
    }
    CHECK(best == "高龄补贴申请");
    CHECK(bestRank == 0);
}
