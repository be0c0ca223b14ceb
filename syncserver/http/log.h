#pragma once
// JSON-lines logging: one object per line with a timestamp, a level, a message and fields such as
// the request id. Thread-safe.
#include <cstdio>
#include <initializer_list>
#include <mutex>
#include <string>
#include <utility>

namespace bianmin::syncd {

class Logger {
public:
    explicit Logger(std::FILE* out = stderr)
        : m_out(out) {}
    void setQuiet(bool quiet) { m_quiet = quiet; }
    using Fields = std::initializer_list<std::pair<const char*, std::string>>;
    void info(const std::string& msg, Fields fields = {}) { write("info", msg, fields); }
    void warn(const std::string& msg, Fields fields = {}) { write("warn", msg, fields); }
    void error(const std::string& msg, Fields fields = {}) { write("error", msg, fields); }

private:
    void write(const char* level, const std::string& msg, Fields fields);
    std::FILE* m_out;
    std::mutex m_mutex;
    bool m_quiet = false;
};

} // namespace bianmin::syncd
