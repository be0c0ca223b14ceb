#pragma once
// Small command-line helpers shared by bianmin-sim and bianmin-testclient: a failure ends the
// program with one line on the error stream and exit code 1.
#include "common/domain/result.h"

#include <string>

namespace bianmin::sim {

// The program's name for its error lines (set once in main).
inline std::string& programName() {
    static std::string name = "bianmin";
    return name;
}

[[noreturn]] void die(const std::string& message);

// The value, or the program ends with "<what>: <the error's message>".
template <typename T>
T must(domain::Result<T> r, const std::string& what) {
    if (!r)
        die(what + ": " + r.error().message);
    return std::move(*r);
}
void must(const domain::Status& s, const std::string& what);

} // namespace bianmin::sim
