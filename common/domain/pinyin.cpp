#include "common/domain/pinyin.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <iconv.h>
#include <unordered_map>
#include <vector>

namespace bianmin::domain {
namespace {

// The first GB2312 level-1 code of each initial; a code below the next entry's belongs to this
// letter. No syllable starts with i, u or v.
struct Boundary {
    std::uint16_t code;
    char letter;
};
constexpr std::array<Boundary, 23> kBoundaries{{
    {0xB0A1, 'a'}, // 啊
    {0xB0C5, 'b'}, // 芭
    {0xB2C1, 'c'}, // 擦
    {0xB4EE, 'd'}, // 搭
    {0xB6EA, 'e'}, // 蛾
    {0xB7A2, 'f'}, // 发
    {0xB8C1, 'g'}, // 噶
    {0xB9FE, 'h'}, // 哈
    {0xBBF7, 'j'}, // 击
    {0xBFA6, 'k'}, // 喀
    {0xC0AC, 'l'}, // 垃
    {0xC2E8, 'm'}, // 妈
    {0xC4C3, 'n'}, // 拿
    {0xC5B6, 'o'}, // 哦
    {0xC5BE, 'p'}, // 啪
    {0xC6DA, 'q'}, // 期
    {0xC8BB, 'r'}, // 然
    {0xC8F6, 's'}, // 撒
    {0xCBFA, 't'}, // 塌
    {0xCDDA, 'w'}, // 挖
    {0xCEF4, 'x'}, // 昔
    {0xD1B9, 'y'}, // 压
    {0xD4D1, 'z'}, // 匝
}};
constexpr std::uint16_t kLevel1First = 0xB0A1;
constexpr std::uint16_t kLevel1Last = 0xD7F9; // 座; D7FA-D7FE are unassigned

// Characters the level-1 rule does not cover, by initial: level-2 hanzi and a few outside GB2312
// (place names of the demo organisation, words of the catalog, common government-service terms,
// frequent given-name characters).
struct Explicit {
    char letter;
    std::string_view chars; // UTF-8
};
constexpr std::array<Explicit, 23> kExplicit{{
    {'a', "坳庵岙嫒媪"},
    {'b', "殡塝褓"},
    {'c', "汊琛篪"},
    {'d', "癫耋埭垌垱氹惇骶疸"},
    {'e', "腭"},
    {'f', "畈"},
    {'g', "鳏痼佝鳜"},
    {'h', "蕙昊晗桦泓灏皓竑颌"},
    {'j', "矶琚珏婧婕槿炅瑾缙菁颉璟孑鲫"},
    {'k', "恺"},
    {'l', "垅殓瘘羸斓岚璐罹痨偻娌"},
    {'m', "殁耄沐淼茗旻鳗"},
    {'n', "垴楠秾鲶"},
    {'o', "瓯"},
    {'p', "蟠螃"},
    {'q', "圻耆祺杞淇绮骞麒襁"},
    {'r', "睿苒嵘濡镕"},
    {'s', "孀畲晟澍笙莘燊疝鳝"},
    {'t', "缇湉"},
    {'w', "诿婺圩炜薇塆"},
    {'x', "痫浔暄萱曦栩洵浠渲潇璇荀馨瑄鲟"},
    {'y', "驿垸妪鬻邕塬熠昱烨翊蓥薏莜妤怿昀橼沅煜滢漪纭聿胤鸢嬿彧祎殒谳瘿"},
    {'z', "梓柘禛赈谘侏妯"},
}};

// Words whose polyphonic character reads otherwise than GB2312 sorted it (调 diào, 重 zhòng, 行
// xíng, 长 cháng, 会 huì, 给 gěi): their initials, checked before the character-by-character rule.
struct Phrase {
    std::string_view word; // UTF-8
    std::string_view initials;
};
constexpr std::array<Phrase, 30> kPhrases{{
    {"调解", "tj"}, {"调整", "tz"}, {"调剂", "tj"}, {"调控", "tk"}, {"协调", "xt"}, {"空调", "kt"},
    {"重置", "cz"}, {"重新", "cx"}, {"重复", "cf"}, {"重建", "cj"}, {"重婚", "ch"}, {"重组", "cz"},
    {"银行", "yh"}, {"行业", "hy"}, {"会计", "kj"}, {"给付", "jf"}, {"供给", "gj"}, {"乡长", "xz"},
    {"村长", "cz"}, {"镇长", "zz"}, {"县长", "xz"}, {"市长", "sz"}, {"局长", "jz"}, {"科长", "kz"},
    {"所长", "sz"}, {"组长", "zz"}, {"家长", "jz"}, {"校长", "xz"}, {"院长", "yz"}, {"增长", "zz"},
}};

// Decodes one UTF-8 sequence at `pos`, advancing it; U+FFFD for a malformed sequence (one byte is
// skipped).
char32_t nextCodePoint(std::string_view s, std::size_t& pos) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const unsigned char b0 = byte(pos);
    std::size_t len = 0;
    char32_t cp = 0;
    if (b0 < 0x80) {
        ++pos;
        return b0;
    }
    if ((b0 & 0xE0U) == 0xC0U) {
        len = 2;
        cp = b0 & 0x1FU;
    } else if ((b0 & 0xF0U) == 0xE0U) {
        len = 3;
        cp = b0 & 0x0FU;
    } else if ((b0 & 0xF8U) == 0xF0U) {
        len = 4;
        cp = b0 & 0x07U;
    } else {
        ++pos;
        return U'\uFFFD';
    }
    if (pos + len > s.size()) {
        ++pos;
        return U'\uFFFD';
    }
    for (std::size_t i = 1; i < len; ++i) {
        const unsigned char b = byte(pos + i);
        if ((b & 0xC0U) != 0x80U) {
            ++pos;
            return U'\uFFFD';
        }
        cp = (cp << 6U) | (b & 0x3FU);
    }
    pos += len;
    return cp;
}

char letterOfLevel1(std::uint16_t code) {
    char letter = '\0';
    for (const auto& b : kBoundaries) {
        if (code < b.code)
            break;
        letter = b.letter;
    }
    return letter;
}

using Table = std::unordered_map<char32_t, char>;

// Every level-1 hanzi: its GB2312 code converted to a code point with iconv, one character at a
// time so that a code the converter rejects costs only itself.
void addLevel1(Table& table) {
    iconv_t cd = iconv_open("UTF-32LE", "GB2312");
    if (reinterpret_cast<std::intptr_t>(cd) == -1) // iconv_open's (iconv_t)-1
        return; // no gconv module: only the explicit table remains (the tests would fail)
    for (unsigned code = kLevel1First; code <= kLevel1Last; ++code) {
        const unsigned low = code & 0xFFU;
        if (low < 0xA1U || low > 0xFEU)
            continue;
        std::array<char, 2> in{static_cast<char>(code >> 8U), static_cast<char>(low)};
        std::array<char, 8> out{};
        char* inPtr = in.data();
        char* outPtr = out.data();
        std::size_t inLeft = in.size();
        std::size_t outLeft = out.size();
        if (iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) == static_cast<std::size_t>(-1) ||
            out.size() - outLeft != 4)
            continue;
        char32_t cp = 0;
        for (std::size_t i = 4; i-- > 0;)
            cp = (cp << 8U) | static_cast<unsigned char>(out[i]);
        table.emplace(cp, letterOfLevel1(static_cast<std::uint16_t>(code)));
    }
    iconv_close(cd);
}

const Table& initialsTable() {
    static const Table table = [] {
        Table t;
        t.reserve(4096);
        addLevel1(t);
        for (const auto& e : kExplicit) {
            std::size_t pos = 0;
            while (pos < e.chars.size())
                t[nextCodePoint(e.chars, pos)] = e.letter; // overrides a level-1 reading
        }
        return t;
    }();
    return table;
}

char asciiLower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool isAsciiAlnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::string lowered(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), asciiLower);
    return out;
}

// Letters and digits only, lowercased: "MZJ-001" -> "mzj001".
std::string normalizedCode(std::string_view s) {
    std::string out;
    for (const char c : s)
        if (isAsciiAlnum(c))
            out += asciiLower(c);
    return out;
}

// The query's parts, split at ASCII white space and the ideographic space U+3000.
std::vector<std::string> queryParts(std::string_view query) {
    std::vector<std::string> parts;
    std::string cur;
    std::size_t pos = 0;
    while (pos < query.size()) {
        const std::size_t start = pos;
        const char32_t cp = nextCodePoint(query, pos);
        if (cp == U' ' || cp == U'\t' || cp == U'\n' || cp == U'\r' || cp == U'\u3000') {
            if (!cur.empty())
                parts.push_back(std::move(cur));
            cur.clear();
        } else {
            cur.append(query.substr(start, pos - start));
        }
    }
    if (!cur.empty())
        parts.push_back(std::move(cur));
    return parts;
}

std::optional<int> partRank(const std::string& name, const std::string& initials,
                            const std::string& code, const std::string& part) {
    const std::string p = lowered(part);
    const std::string pCode = normalizedCode(part);
    const bool initialsPrefix = initials.starts_with(p);
    const bool namePrefix = name.starts_with(p);
    if (initialsPrefix || namePrefix || (!pCode.empty() && code == pCode))
        return 0;
    if (!pCode.empty() && code.starts_with(pCode))
        return 1;
    if (name.find(p) != std::string::npos || initials.find(p) != std::string::npos ||
        (!pCode.empty() && code.find(pCode) != std::string::npos))
        return 2;
    return std::nullopt;
}

} // namespace

char pinyinInitial(char32_t codePoint) {
    const Table& t = initialsTable();
    const auto it = t.find(codePoint);
    return it == t.end() ? '\0' : it->second;
}

std::string pinyinInitials(std::string_view utf8) {
    std::string out;
    std::size_t pos = 0;
    while (pos < utf8.size()) {
        const std::string_view rest = utf8.substr(pos);
        const auto phrase = std::find_if(kPhrases.begin(), kPhrases.end(),
                                         [&](const Phrase& p) { return rest.starts_with(p.word); });
        if (phrase != kPhrases.end()) {
            out += phrase->initials;
            pos += phrase->word.size();
            continue;
        }
        const char32_t cp = nextCodePoint(utf8, pos);
        if (cp < 0x80) {
            const char c = static_cast<char>(cp);
            if (isAsciiAlnum(c))
                out += asciiLower(c);
        } else if (const char letter = pinyinInitial(cp); letter != '\0') {
            out += letter;
        }
    }
    return out;
}

std::optional<int> matchRank(const std::string& name, const std::string& initials,
                             const std::string& code, std::string_view query) {
    const std::vector<std::string> parts = queryParts(query);
    const std::string lowName = lowered(name);
    const std::string lowInitials = lowered(initials);
    const std::string normCode = normalizedCode(code);
    int worst = 0;
    for (const auto& part : parts) {
        const auto r = partRank(lowName, lowInitials, normCode, part);
        if (!r)
            return std::nullopt;
        worst = std::max(worst, *r);
    }
    return worst;
}

bool matchesQuery(const std::string& name, const std::string& initials, const std::string& code,
                  std::string_view query) {
    return matchRank(name, initials, code, query).has_value();
}

} // namespace bianmin::domain
