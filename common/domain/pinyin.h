#pragma once
// Pinyin initials of Chinese text, so that a clerk finds 高龄补贴申请 by typing "glbt", and the
// query matching the item pickers use.
//
// How the initials are found: the 3,755 level-1 hanzi of GB2312 (codes B0A1-D7F9) are ordered by
// pinyin, so the initial of one of them follows from where its GB2312 code falls among the first
// codes of each letter (啊 B0A1 a, 芭 B0C5 b, … 匝 D4D1 z). On first use the whole level-1 block is
// converted to Unicode once with glibc's iconv, giving a code point -> letter table. Level-2 hanzi
// (ordered by radical, not by sound) and characters outside GB2312 are not covered by that rule: an
// explicit table lists the ones item names, the demo organisation's place names and common
// government-service words use. A polyphonic level-1 character takes the reading GB2312 sorted it
// under (调 diào, 重 zhòng), except in a short list of words that read it otherwise (人民调解 tiáo,
// 密码重置 chóng): those words are matched whole before the character rule.
//
// Pure functions, safe to call from any thread (the table is built once, under the guard of a
// function-local static).
#include <optional>
#include <string>
#include <string_view>

namespace bianmin::domain {

// The lowercase pinyin initial of one Unicode code point, out of context (调 -> 'd'); '\0' for a
// character the tables do not know (and for anything that is not a hanzi).
char pinyinInitial(char32_t codePoint);

// Lowercase initials of every Chinese character of `utf8`, with ASCII letters (lowercased) and
// digits kept and everything else (punctuation, spaces, unknown characters, broken UTF-8) dropped:
// 城乡低保申请 -> "cxdbsq", 有线电视开户/过户 -> "yxdskhgh".
std::string pinyinInitials(std::string_view utf8);

// How well `query` matches an item: nullopt when it does not, else a rank, lower is better, for
// ordering a list of matches. The query is split at spaces; every part must match (case-insensitive
// for ASCII) one of: a substring of the name, a prefix or substring of the initials, a prefix or
// substring of the code with '-' and other punctuation ignored on both sides (mzj001 finds
// MZJ-001). Ranks: 0 a prefix of the initials or the name, or the whole code; 1 a prefix of the
// code; 2 a substring anywhere. A query of only spaces matches everything with rank 0.
std::optional<int> matchRank(const std::string& name, const std::string& initials,
                             const std::string& code, std::string_view query);

// True when matchRank() finds a match.
bool matchesQuery(const std::string& name, const std::string& initials, const std::string& code,
                  std::string_view query);

} // namespace bianmin::domain
